import type { KnowledgeEntry } from '../kb/types.js';
import type { MatcherData, Thresholds } from './data.js';
import { createNormalizer, type Analysis } from './normalize.js';
import { buildScoringIndex, DEFAULT_WEIGHTS, type Scored, type ScoringWeights } from './scorer.js';
import type { MatchCandidate, Matcher, MatchResult, MatchStatus } from './types.js';

export { loadMatcherData, parseMatcherData, MatcherDataError, type MatcherData, type Thresholds } from './data.js';
export type { Matcher, MatchResult, MatchCandidate, MatchStatus } from './types.js';

const MAX_CANDIDATES = 3;

/**
 * Builds an immutable matcher from the entries and the lexicon. Pure: the same input always gives a
 * matcher that answers the same way; rebuild it when the knowledge changes.
 */
export function buildMatcher(entries: KnowledgeEntry[], data: MatcherData, weights: ScoringWeights = DEFAULT_WEIGHTS): Matcher {
  const ranker = buildRanker(entries, data, weights);
  const match = (text: string): MatchResult => {
    const ranking = ranker.rank(text);
    const decision = decide(ranking, data.thresholds);
    const top = ranking.ranked.slice(0, MAX_CANDIDATES);
    const candidates: MatchCandidate[] = top.map((s) => ({
      entryId: ranker.entries[s.entry]?.id ?? '',
      score: round(s.score),
      matchedPhrase: ranker.phrase(s),
    }));
    const entryAt = (s: Scored) => ranker.entries[s.entry] as KnowledgeEntry;
    return {
      status: decision.status,
      entry: decision.status === 'answered' && top[0] ? entryAt(top[0]) : null,
      suggestions: decision.suggestions.map(entryAt),
      score: round(top[0]?.score ?? 0),
      candidates,
      normalized: ranking.analysis.terms.join(' '),
    };
  };
  return Object.freeze({ match, normalize: ranker.normalize });
}

export interface Ranking {
  analysis: Analysis;
  /** Every entry that shares a feature with the question, best first. */
  ranked: Scored[];
  /** Whether the question mentions both an election word and a conduct word (knowledge/lexicon/*-words.txt). */
  inDomain: boolean;
  /** Whether the question mentions at least one election word (knowledge/lexicon/election-words.txt). */
  electionWord: boolean;
  /** Whether the runner-up is in the best entry's category: neighbouring topics need a clearer lead. */
  runnerUpIsNeighbour: boolean;
}

export interface Ranker {
  entries: readonly KnowledgeEntry[];
  rank(text: string): Ranking;
  /** The phrasing of the entry that matched best. */
  phrase(scored: Scored): string;
  normalize(text: string): string;
}

/** The scoring half of the matcher, without the thresholds: used by the matcher and by threshold calibration. */
export function buildRanker(entries: KnowledgeEntry[], data: MatcherData, weights: ScoringWeights = DEFAULT_WEIGHTS): Ranker {
  const frozen = entries.map((e) => Object.freeze({ ...e }));
  const normalizer = createNormalizer(data);
  const index = buildScoringIndex(frozen, normalizer.analyse, weights);
  const termsOf = (words: ReadonlySet<string>) => new Set([...words].flatMap((w) => normalizer.analyse(w).terms));
  const electionTerms = termsOf(data.electionWords);
  const conductTerms = termsOf(data.conductWords);

  const rank = (text: string): Ranking => {
    const analysis = normalizer.analyse(text);
    const features = index.featureOf(analysis);
    const terms = [...features.terms, ...analysis.terms];
    const electionWord = terms.some((t) => electionTerms.has(t));
    const inDomain = electionWord && terms.some((t) => conductTerms.has(t));
    const ranked = index.score(features);
    const [best, second] = ranked;
    const runnerUpIsNeighbour = best !== undefined && second !== undefined && frozen[best.entry]?.category === frozen[second.entry]?.category;
    return { analysis, ranked, inDomain, electionWord, runnerUpIsNeighbour };
  };
  return {
    entries: frozen,
    rank,
    phrase: (s) => index.phrasings[s.phrasing]?.text ?? frozen[s.entry]?.title ?? '',
    normalize: (text) => normalizer.analyse(text).terms.join(' '),
  };
}

interface Decision {
  status: MatchStatus;
  suggestions: Scored[];
}

/**
 * Answer when the best entry is good and clearly ahead; offer choices when it is middling or close; else fall back.
 * "Clearly ahead" depends on the runner-up: two topics of one category (like / share vs posting a status,
 * a spouse vs another relative running) are where a wrong verdict hides, so they need the larger
 * `marginNeighbour`; a runner-up from another category only needs `margin`.
 * A question without any election word (salary, leave, promotion, "where is my TPS"…) is not about neutrality
 * however its other words happen to score, so offering neutrality topics is pointless: it falls back unless
 * its best entry reaches the off-domain answer threshold.
 */
export function decide(ranking: Pick<Ranking, 'ranked' | 'inDomain' | 'electionWord' | 'runnerUpIsNeighbour'>, t: Thresholds): Decision {
  const { ranked, inDomain, electionWord } = ranking;
  const best = ranked[0];
  if (!best) return { status: 'fallback', suggestions: [] };
  if (!inDomain && !electionWord && best.score < t.answerOffDomain) return { status: 'fallback', suggestions: [] };
  const second = ranked[1]?.score ?? 0;
  const answerAt = inDomain ? t.answer : t.answerOffDomain;
  const clarifyAt = inDomain ? t.clarify : t.clarifyOffDomain;
  const margin = ranking.runnerUpIsNeighbour ? t.marginNeighbour : t.margin;
  if (best.score >= answerAt && best.score - second >= margin) return { status: 'answered', suggestions: [] };
  if (best.score < clarifyAt) return { status: 'fallback', suggestions: [] };
  const suggestions = ranked.slice(0, MAX_CANDIDATES).filter((s) => s.score >= best.score * t.suggestionRatio);
  return { status: 'clarify', suggestions };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
