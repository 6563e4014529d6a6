import type { KnowledgeEntry } from '../kb/types.js';
import type { MatcherData, Thresholds } from './data.js';
import { buildCharView } from './char-view.js';
import { createNormalizer, type Analysis } from './normalize.js';
import { buildScoringIndex, DEFAULT_WEIGHTS, type Scored, type ScoringWeights } from './scorer.js';
import type { Explanation, MatchCandidate, Matcher, MatchResult, MatchStatus } from './types.js';

export { loadMatcherData, parseMatcherData, MatcherDataError, type MatcherData, type Thresholds } from './data.js';
export type { Matcher, MatchResult, MatchCandidate, MatchStatus, Explanation, ExplainedCandidate } from './types.js';

const MAX_CANDIDATES = 3;
/** Candidates the character view re-reads: the word ranker's top few (agreement is only asked about its best). */
const AGREEMENT_CANDIDATES = 3;
/** Candidates an explanation lists: more than the clarify choices, so an admin sees who came close. */
const EXPLAIN_CANDIDATES = 8;

/**
 * The expensive, transferable parts of a matcher build, computed in a worker thread: the classifier's
 * weights (most of the build time) and every entry text's terms. `buildMatcher` given them skips both.
 */
export interface MatcherParts {
  classifierWeights: Float32Array | null;
  analyses: Map<string, string[]>;
}

/** `normalizer.analyse` that keeps each text's terms in `analyses` and reuses them. */
function remembering(normalizer: { analyse(text: string): Analysis }, analyses: Map<string, string[]>): (text: string) => Analysis {
  return (text) => {
    let terms = analyses.get(text);
    if (!terms) {
      terms = normalizer.analyse(text).terms;
      analyses.set(text, terms);
    }
    return { terms };
  };
}

/** Computes the parts `buildMatcher` would otherwise compute itself (same entries and lexicon, same result). */
export function buildMatcherParts(entries: KnowledgeEntry[], data: MatcherData, weights: ScoringWeights = DEFAULT_WEIGHTS): MatcherParts {
  const analyses = new Map<string, string[]>();
  const index = buildScoringIndex(entries, remembering(createNormalizer(data), analyses), weights);
  return { classifierWeights: index.classifierWeights, analyses };
}

/**
 * Builds an immutable matcher from the entries and the lexicon. Pure: the same input always gives a
 * matcher that answers the same way; rebuild it when the knowledge changes.
 */
export function buildMatcher(
  entries: KnowledgeEntry[],
  data: MatcherData,
  weights: ScoringWeights = DEFAULT_WEIGHTS,
  parts?: MatcherParts,
): Matcher {
  const ranker = buildRanker(entries, data, weights, parts);
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
  const explain = (text: string): Explanation => explainRanking(text, ranker, data.thresholds);
  return Object.freeze({ match, explain, normalize: ranker.normalize });
}

/** Everything the decision was based on, for the console's test pane (kept apart from `match`, which stays lean). */
function explainRanking(text: string, ranker: Ranker, t: Thresholds): Explanation {
  const ranking = ranker.rank(text);
  const decision = decide(ranking, t);
  const [best, second] = ranking.ranked;
  const entryOf = (s: Scored) => ranker.entries[s.entry] as KnowledgeEntry;
  return {
    text,
    normalized: ranking.analysis.terms.join(' '),
    status: decision.status,
    entryId: decision.status === 'answered' && best ? entryOf(best).id : null,
    suggestions: decision.suggestions.map((s) => entryOf(s).id),
    score: round(best?.score ?? 0),
    lead: round((best?.score ?? 0) - (second?.score ?? 0)),
    inDomain: ranking.inDomain,
    electionWord: ranking.electionWord,
    runnerUpIsNeighbour: ranking.runnerUpIsNeighbour,
    viewsAgree: ranking.viewsAgree,
    runnerUpSharesVerdict: ranking.runnerUpSharesVerdict,
    applied: { ...answerRule(ranking, t), clarify: ranking.inDomain ? t.clarify : t.clarifyOffDomain },
    thresholds: t,
    candidates: ranking.ranked.slice(0, EXPLAIN_CANDIDATES).map((s) => {
      const entry = entryOf(s);
      return {
        entryId: entry.id,
        title: entry.title,
        category: entry.category,
        verdict: entry.verdict,
        score: round(s.score),
        retrieval: round(s.retrieval),
        probability: round(s.probability),
        matchedPhrase: ranker.phrase(s),
      };
    }),
  };
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
  /** Whether the character view, among the top candidates, also ranks the best entry first (an independent second reading). */
  viewsAgree: boolean;
  /**
   * Whether the runner-up carries the best entry's ruling (dilarang, boleh, bersyarat): a mix-up between
   * them still gives the right verdict. Two `informasi` entries never count: they share no ruling, only
   * a label, and mixing them up gives wrong information.
   */
  runnerUpSharesVerdict: boolean;
}

export interface Ranker {
  entries: readonly KnowledgeEntry[];
  rank(text: string): Ranking;
  /** The phrasing of the entry that matched best. */
  phrase(scored: Scored): string;
  normalize(text: string): string;
}

/** The scoring half of the matcher, without the thresholds: used by the matcher and by threshold calibration. */
export function buildRanker(
  entries: KnowledgeEntry[],
  data: MatcherData,
  weights: ScoringWeights = DEFAULT_WEIGHTS,
  parts?: MatcherParts,
): Ranker {
  const frozen = entries.map((e) => Object.freeze({ ...e }));
  const normalizer = createNormalizer(data);
  // Entry texts are analysed once and shared by the word index and the character view.
  const analyseEntryText = remembering(normalizer, parts?.analyses ?? new Map<string, string[]>());
  const index = buildScoringIndex(frozen, analyseEntryText, weights, parts ? { classifierWeights: parts.classifierWeights } : undefined);
  const phrasingsOf: string[][] = frozen.map(() => []);
  for (const p of index.phrasings) phrasingsOf[p.entry]?.push(p.text);
  const charView = buildCharView((e) => (phrasingsOf[e] ?? []).map((text) => analyseEntryText(text).terms), index.termFrequencies(), frozen.length);
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
    const charBest = charView.best(analysis.terms, ranked.slice(0, AGREEMENT_CANDIDATES).map((s) => s.entry));
    const viewsAgree = best !== undefined && charBest?.entry === best.entry;
    const bestVerdict = best ? frozen[best.entry]?.verdict : undefined;
    const runnerUpSharesVerdict = second !== undefined && bestVerdict !== 'informasi' && bestVerdict === frozen[second.entry]?.verdict;
    return { analysis, ranked, inDomain, electionWord, runnerUpIsNeighbour, runnerUpSharesVerdict, viewsAgree };
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
export type DecisionInput = Pick<Ranking, 'ranked' | 'inDomain' | 'electionWord' | 'runnerUpIsNeighbour' | 'viewsAgree' | 'runnerUpSharesVerdict'>;

export function decide(ranking: DecisionInput, t: Thresholds): Decision {
  const { ranked, inDomain, electionWord } = ranking;
  const best = ranked[0];
  if (!best) return { status: 'fallback', suggestions: [] };
  if (!inDomain && !electionWord && best.score < t.answerOffDomain) return { status: 'fallback', suggestions: [] };
  const second = ranked[1]?.score ?? 0;
  const { answer: answerAt, margin } = answerRule(ranking, t);
  const clarifyAt = inDomain ? t.clarify : t.clarifyOffDomain;
  if (best.score >= answerAt && best.score - second >= margin) return { status: 'answered', suggestions: [] };
  if (best.score < clarifyAt) return { status: 'fallback', suggestions: [] };
  const suggestions = ranked.slice(0, MAX_CANDIDATES).filter((s) => s.score >= best.score * t.suggestionRatio);
  return { status: 'clarify', suggestions };
}

/**
 * The answer threshold and lead that apply to a question. The agreed thresholds apply, when laxer, only
 * to a question with the domain signal whose two readings (words and character fragments) name the
 * same best entry, and whose runner-up carries the same verdict: agreement is evidence the lead does
 * not give, and should it still pick the neighbour, the user gets the right verdict and legal basis.
 * Where the runner-up's verdict differs, the decision is never bolder.
 */
export function answerRule(ranking: Pick<Ranking, 'inDomain' | 'runnerUpIsNeighbour' | 'viewsAgree' | 'runnerUpSharesVerdict'>, t: Thresholds): { answer: number; margin: number } {
  if (!ranking.inDomain) return { answer: t.answerOffDomain, margin: ranking.runnerUpIsNeighbour ? t.marginNeighbour : t.margin };
  const plain = { answer: t.answer, margin: ranking.runnerUpIsNeighbour ? t.marginNeighbour : t.margin };
  if (!ranking.viewsAgree || !ranking.runnerUpSharesVerdict) return plain;
  return { answer: Math.min(plain.answer, t.answerAgreed ?? plain.answer), margin: Math.min(plain.margin, t.marginAgreed ?? plain.margin) };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
