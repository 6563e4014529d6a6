import type { KnowledgeEntry } from '../kb/types.js';

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

/** A built, immutable matcher. Pure: no I/O, no clock, no globals. Rebuilt (not mutated) when knowledge changes. */
export interface Matcher {
  match(text: string): MatchResult;
  /** Normalise text as the matcher does (lower-case, slang, stems…), for logs and reports. */
  normalize(text: string): string;
}
