import type { KnowledgeEntry } from '../kb/types.js';
import type { Thresholds } from './data.js';

export type MatchStatus = 'answered' | 'clarify' | 'fallback';

export interface MatchCandidate {
  entryId: string;
  /** Calibrated confidence in [0, 1]. */
  score: number;
  /** The entry phrasing (question, title or keyword) that matched best. */
  matchedPhrase: string;
}

export interface MatchResult {
  status: MatchStatus;
  /** The chosen entry when `status` is `answered`, otherwise null. */
  entry: KnowledgeEntry | null;
  /** For `clarify`: up to 3 candidate entries, best first. Empty otherwise. */
  suggestions: KnowledgeEntry[];
  /** Confidence of the best candidate in [0, 1] (0 when nothing matched). */
  score: number;
  /** The top candidates (up to 3) with their scores, for logging and admin test tools. */
  candidates: MatchCandidate[];
  /** The normalised form of the question, as the matcher saw it. */
  normalized: string;
}

export interface ExplainedCandidate {
  entryId: string;
  title: string;
  category: string;
  verdict: string;
  score: number;
  /** The two parts of the score: similarity to the entry's texts, and the classifier's probability. */
  retrieval: number;
  probability: number;
  matchedPhrase: string;
}

/** What the matcher did with a question and why: the console's test pane shows it. */
export interface Explanation {
  text: string;
  normalized: string;
  status: MatchStatus;
  /** The answered entry, null unless answered. */
  entryId: string | null;
  suggestions: string[];
  score: number;
  /** Best score minus the runner-up's. */
  lead: number;
  /** An election word and a conduct word both present (the stricter in-domain thresholds apply). */
  inDomain: boolean;
  electionWord: boolean;
  runnerUpIsNeighbour: boolean;
  /** The character view also ranks the best entry first: the laxer agreed thresholds may apply. */
  viewsAgree: boolean;
  /** The runner-up carries the best entry's verdict (the agreed thresholds need it). */
  runnerUpSharesVerdict: boolean;
  /** The thresholds that applied to this question. */
  applied: { answer: number; clarify: number; margin: number };
  thresholds: Thresholds;
  candidates: ExplainedCandidate[];
}

/** A built, immutable matcher. Pure: no I/O, no clock, no globals. Rebuilt (not mutated) when knowledge changes. */
export interface Matcher {
  match(text: string): MatchResult;
  /** The same decision as `match`, with the scores, thresholds and candidates behind it. */
  explain(text: string): Explanation;
  /** Normalise text as the matcher does (lower-case, slang, stems…), for logs and reports. */
  normalize(text: string): string;
}
