import type { KnowledgeEntry } from '../kb/types.js';
import type { LabelledRanking } from './calibrate.js';
import { buildRanker, type MatcherData } from './index.js';

/**
 * Held-out phrasings: the entries' own questions, each scored by an index built without it. k-fold
 * rather than leave-one-out (one build per fold instead of one per phrasing): every phrasing is held
 * out exactly once, and the index it is scored by still holds the other (k-1)/k of its entry's
 * phrasings. These are questions the index has not seen, in the many styles the phrasings were
 * written in, so thresholds calibrated on them travel better than ones tuned on the dev set.
 */
export interface HeldOutCase extends LabelledRanking {
  text: string;
  expect: string;
}

/** Which fold a phrasing belongs to: spread by position so each entry loses about 1/k of its phrasings per fold. */
export function foldOf(entryIndex: number, questionIndex: number, k: number): number {
  return (entryIndex + questionIndex) % k;
}

export function entriesWithoutFold(entries: readonly KnowledgeEntry[], fold: number, k: number): KnowledgeEntry[] {
  return entries.map((entry, e) => ({ ...entry, questions: entry.questions.filter((_, q) => foldOf(e, q, k) !== fold) }));
}

export function rankHeldOutPhrasings(entries: readonly KnowledgeEntry[], data: MatcherData, k = 10): HeldOutCase[] {
  const cases: HeldOutCase[] = [];
  for (let fold = 0; fold < k; fold++) {
    const ranker = buildRanker(entriesWithoutFold(entries, fold, k), data);
    entries.forEach((entry, e) => {
      entry.questions.forEach((text, q) => {
        if (foldOf(e, q, k) === fold) cases.push({ text, expect: entry.id, ranking: ranker.rank(text) });
      });
    });
  }
  return cases;
}
