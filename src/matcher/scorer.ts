import type { KnowledgeEntry } from '../kb/types.js';
import { classifierFits, classifierFromWeights, trainClassifier } from './classifier.js';
import { createSpeller } from './fuzzy.js';
import { IntBuffer, invert, norms, sumPostings, type Packed } from './packed.js';
import { PairTable } from './pair-table.js';
import type { Analysis } from './normalize.js';

/**
 * Ranked retrieval over the entries. Every entry contributes several phrasings (title, questions) and
 * keywords. A question is compared with the entry as a whole (its profile) and with each of its
 * phrasings, using IDF-weighted stems and stem bigrams; both similarities are cosines. A classifier
 * trained on the same phrasings adds which words separate neighbouring entries. The blended score is
 * in [0, 1].
 *
 * Matching runs in two stages so that it stays fast on large knowledge bases: the entry profiles pick
 * up to `MAX_CANDIDATES` entries, and only their phrasings are compared one by one.
 */

export interface ScoringWeights {
  /** Share of the best single phrasing in the retrieval blend; the rest is the whole-entry profile. */
  phrasing: number;
  /** Weight of a bigram feature relative to its IDF (bigrams reward the right word pairs). */
  bigram: number;
  /** Exponent on the share of an entry's phrasings that contain a term (entry profile). */
  spread: number;
  /** Weight of keywords in the entry profile, as a number of phrasings. */
  keyword: number;
  /** How much a phrasing's word weights follow the entry profile (1) rather than plain IDF (0). */
  local: number;
  /** Share of the classifier's probability in the final score (0: retrieval only). */
  classifier: number;
  /** Feature value of a bigram for the classifier (unigrams are 1). */
  classifierBigram: number;
  /** Weight of a question word the index has never seen (it lowers every similarity). */
  unknown: number;
  /** Weight lost by a typo-corrected word, per edit. */
  typoPenalty: number;
}

export const DEFAULT_WEIGHTS: ScoringWeights = {
  phrasing: 0.6,
  bigram: 0.3,
  spread: 0.5,
  keyword: 2,
  local: 0.5,
  classifier: 0.25,
  classifierBigram: 0.5,
  unknown: 0.7,
  typoPenalty: 0.2,
};

/** Entries whose phrasings are compared one by one (all of them in a knowledge base this small). */
const MAX_CANDIDATES = 100;
/** Up to this many entries, phrasings are also reached through per-feature postings (see `bestPhrasings`). */
const SPARSE_PHRASINGS_UP_TO = 4 * MAX_CANDIDATES;

export interface Phrasing {
  entry: number;
  text: string;
}

export interface Scored {
  entry: number;
  score: number;
  /** Index of the best-matching phrasing, -1 when only keywords matched. */
  phrasing: number;
  /** The parts of the score: retrieval similarity and classifier probability (damped by coverage). */
  retrieval: number;
  probability: number;
}

export interface QueryFeatures {
  /** Feature id → query weight, for features the index knows. */
  known: Map<number, number>;
  /** Feature id → value for the classifier (1 for a word, less for a bigram or a repaired typo). */
  present: Map<number, number>;
  /** Squared norm of the query vector, unknown words included. */
  normSquared: number;
  /** Share of the query's weight carried by words the index knows (unknown words lower confidence). */
  coverage: number;
  /** Index terms the query contains (after typo repair), for the domain signal. */
  terms: string[];
}

export interface ScoringIndex {
  phrasings: readonly Phrasing[];
  /** The classifier's trained weights (null when none was trained): what a worker thread hands back. */
  classifierWeights: Float32Array | null;
  featureOf(query: Analysis): QueryFeatures;
  score(query: QueryFeatures): Scored[];
  /** Every term of the entries' texts with the number of entries that use it. */
  termFrequencies(): Iterable<[term: string, entries: number]>;
}

export function buildScoringIndex(
  entries: readonly KnowledgeEntry[],
  analyse: (text: string) => Analysis,
  weights: ScoringWeights = DEFAULT_WEIGHTS,
  pretrained?: { classifierWeights: Float32Array | null },
  /** Largest knowledge base that gets phrasing postings; tests set 0 to compare both ways of searching. */
  sparsePhrasingsUpTo = SPARSE_PHRASINGS_UP_TO,
): ScoringIndex {
  const n = entries.length;
  // Feature ids: terms and term pairs share one numbering. Pairs are keyed by their terms' ids, not by
  // joined strings, which keeps building an index over many thousands of phrasings cheap.
  const termIds = new Map<string, number>();
  const pairIds = new PairTable();
  const isBigram: boolean[] = [];
  const termIdOf = (term: string) => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = isBigram.length;
      termIds.set(term, id);
      isBigram.push(false);
    }
    return id;
  };
  const pairIdOf = (first: number, second: number) => {
    let id = pairIds.get(first, second);
    if (id === -1) {
      id = isBigram.length;
      pairIds.add(first, second, id);
      isBigram.push(true);
    }
    return id;
  };

  // Every text becomes its features (terms, then adjacent term pairs), each once, appended to one flat
  // buffer: the entries' phrasings (title first) to `phrasingIds`, their keywords to `keywordIds`.
  const phrasings: Phrasing[] = [];
  const phrasingIds = new IntBuffer();
  const phrasingStart = new IntBuffer();
  const firstPhrasing = new Int32Array(n + 1);
  const keywordIds = new IntBuffer();
  const keywordStart = new IntBuffer();
  const firstKeyword = new Int32Array(n + 1);
  const appendFeatures = (text: string, out: IntBuffer, starts: IntBuffer): boolean => {
    const from = out.length;
    let previous = -1;
    for (const term of analyse(text).terms) {
      const id = termIdOf(term);
      if (!out.includesFrom(from, id)) out.push(id);
      if (previous >= 0 && previous !== id) {
        const pair = pairIdOf(previous, id);
        if (!out.includesFrom(from, pair)) out.push(pair);
      }
      previous = id;
    }
    if (out.length === from) return false;
    starts.push(from);
    return true;
  };
  for (let e = 0; e < n; e++) {
    const entry = entries[e] as KnowledgeEntry;
    firstPhrasing[e] = phrasings.length;
    firstKeyword[e] = keywordStart.length;
    if (appendFeatures(entry.title, phrasingIds, phrasingStart)) phrasings.push({ entry: e, text: entry.title });
    for (const text of entry.questions) if (appendFeatures(text, phrasingIds, phrasingStart)) phrasings.push({ entry: e, text });
    // Keywords are single words: alone they would look like perfect one-word phrasings, so they only
    // strengthen the entry profile (and teach the classifier).
    for (const keyword of entry.keywords) appendFeatures(keyword, keywordIds, keywordStart);
  }
  firstPhrasing[n] = phrasings.length;
  firstKeyword[n] = keywordStart.length;
  phrasingStart.push(phrasingIds.length);
  keywordStart.push(keywordIds.length);

  const featureCount = isBigram.length;
  // Entry profiles: each feature of the entry with the share of its texts that have it (a keyword
  // counts `weights.keyword` times), counted with a per-feature stamp instead of a set per entry.
  const profileStart = new Int32Array(n + 1);
  const profileIds = new IntBuffer();
  // Per profile feature: how many of the entry's texts have it while the entry is counted, then that over the entry's size.
  const profileShares: number[] = [];
  const documentFrequency = new Int32Array(featureCount);
  const stamp = new Int32Array(featureCount).fill(-1);
  const slot = new Int32Array(featureCount);
  const countFeatures = (e: number, ids: IntBuffer, from: number, to: number, amount: number) => {
    for (let k = from; k < to; k++) {
      const f = ids.at(k);
      if (stamp[f] !== e) {
        stamp[f] = e;
        slot[f] = profileShares.length;
        profileIds.push(f);
        profileShares.push(amount);
        documentFrequency[f] = (documentFrequency[f] ?? 0) + 1;
      } else {
        const at = slot[f] ?? 0;
        profileShares[at] = (profileShares[at] ?? 0) + amount;
      }
    }
  };
  for (let e = 0; e < n; e++) {
    const entry = entries[e] as KnowledgeEntry;
    profileStart[e] = profileIds.length;
    const p0 = firstPhrasing[e] ?? 0;
    const p1 = firstPhrasing[e + 1] ?? 0;
    countFeatures(e, phrasingIds, phrasingStart.at(p0), phrasingStart.at(p1), 1);
    const k0 = firstKeyword[e] ?? 0;
    const k1 = firstKeyword[e + 1] ?? 0;
    countFeatures(e, keywordIds, keywordStart.at(k0), keywordStart.at(k1), weights.keyword);
    const size = 1 + entry.questions.length + weights.keyword * entry.keywords.length;
    for (let k = profileStart[e] ?? 0; k < profileShares.length; k++) profileShares[k] = Math.min(1, (profileShares[k] ?? 0) / size);
  }
  profileStart[n] = profileIds.length;

  const featureWeight = new Float64Array(featureCount);
  for (let f = 0; f < featureCount; f++) {
    featureWeight[f] = Math.log(1 + n / (documentFrequency[f] || 1)) * (isBigram[f] ? weights.bigram : 1);
  }
  const unknownWeight = Math.log(1 + n) * weights.unknown;

  const profiles: Packed = { start: profileStart, ids: profileIds.view(), weights: new Float64Array(profileIds.length) };
  for (let k = 0; k < profileIds.length; k++) {
    profiles.weights[k] = (featureWeight[profileIds.at(k)] ?? 0) * Math.pow(profileShares[k] ?? 0, weights.spread);
  }
  const profileNorm = norms(profiles);
  const profilePostings = invert(profiles, featureCount);

  // A phrasing's words weigh partly what they weigh in its entry: a word the entry uses throughout
  // counts more than one that appears once in passing (a role, a place, an example).
  const phrasingVectors: Packed = { start: phrasingStart.view(), ids: phrasingIds.view(), weights: new Float64Array(phrasingIds.length) };
  const entryWeight = new Float64Array(featureCount);
  for (let e = 0; e < n; e++) {
    for (let k = profileStart[e] ?? 0; k < (profileStart[e + 1] ?? 0); k++) entryWeight[profiles.ids[k] ?? 0] = profiles.weights[k] ?? 0;
    const from = phrasingStart.at(firstPhrasing[e] ?? 0);
    const to = phrasingStart.at(firstPhrasing[e + 1] ?? 0);
    for (let k = from; k < to; k++) {
      const f = phrasingIds.at(k);
      phrasingVectors.weights[k] = weights.local * (entryWeight[f] ?? 0) + (1 - weights.local) * (featureWeight[f] ?? 0);
    }
    for (let k = profileStart[e] ?? 0; k < (profileStart[e + 1] ?? 0); k++) entryWeight[profiles.ids[k] ?? 0] = 0;
  }
  const phrasingNorm = norms(phrasingVectors);
  // Feature → phrasings that have it: in a small knowledge base, where every entry is a candidate, the
  // question's features reach the phrasings that share a word faster than walking every phrasing (0.26 →
  // 0.09 ms per match on 59 entries). A large one compares few candidates, which the walk does better:
  // there the postings would only cost build time and memory.
  const phrasingPostings = n <= sparsePhrasingsUpTo ? invert(phrasingVectors, featureCount) : undefined;
  const phrasingEntry = Int32Array.from(phrasings, (p) => p.entry);

  const classifierValue = (f: number) => (isBigram[f] ? weights.classifierBigram : 1);
  // Training examples, entry by entry (phrasings, then keywords), built only when a classifier is trained.
  const examples = (ids: IntBuffer, starts: IntBuffer, first: Int32Array, e: number) =>
    Array.from({ length: (first[e + 1] ?? 0) - (first[e] ?? 0) }, (_, i) => {
      const item = (first[e] ?? 0) + i;
      return { features: Array.from(ids.view().subarray(starts.at(item), starts.at(item + 1))), label: e };
    });
  const training = () =>
    entries.flatMap((_, e) => [...examples(phrasingIds, phrasingStart, firstPhrasing, e), ...examples(keywordIds, keywordStart, firstKeyword, e)]);
  const wantsClassifier = weights.classifier > 0 && classifierFits(featureCount, n);
  const classifier = !wantsClassifier
    ? undefined
    : pretrained
      ? pretrainedClassifier(pretrained.classifierWeights, featureCount, n)
      : trainClassifier(training(), featureCount, n, classifierValue);
  const classifierShare = classifier ? weights.classifier : 0;

  const speller = createSpeller([...termIds.keys()], (term) => documentFrequency[termIds.get(term) ?? -1] ?? 0);

  const featureOf = (query: Analysis): QueryFeatures => {
    const known = new Map<number, number>();
    const present = new Map<number, number>();
    const terms: string[] = [];
    let normSquared = 0;
    let unknownSquared = 0;
    // Query term → the id of the index term it was read as (after typo repair), -1 when unknown.
    const repaired = new Map<string, number>();
    for (const term of query.terms) {
      if (repaired.has(term)) continue;
      let id = termIds.get(term);
      let factor = 1;
      let indexTerm = term;
      if (id === undefined) {
        const fix = speller.correct(term);
        if (fix) {
          indexTerm = fix.term;
          id = termIds.get(fix.term);
          factor = 1 - weights.typoPenalty * fix.distance;
        }
      }
      repaired.set(term, id ?? -1);
      if (id === undefined) {
        const w = /\d/.test(term) ? unknownWeight * 0.3 : unknownWeight;
        normSquared += w * w;
        unknownSquared += w * w;
        continue;
      }
      terms.push(indexTerm);
      const full = featureWeight[id] ?? 0;
      known.set(id, Math.max(known.get(id) ?? 0, full * factor));
      present.set(id, Math.max(present.get(id) ?? 0, factor));
      normSquared += full * full;
    }
    // Pairs are rebuilt from the typo-repaired terms, so that a pair still counts after a repair.
    for (let i = 1; i < query.terms.length; i++) {
      const first = repaired.get(query.terms[i - 1] ?? '') ?? -1;
      const second = repaired.get(query.terms[i] ?? '') ?? -1;
      if (first < 0 || second < 0 || first === second) continue;
      const id = pairIds.get(first, second);
      if (id === -1 || known.has(id)) continue;
      const w = featureWeight[id] ?? 0;
      known.set(id, w);
      present.set(id, classifierValue(id));
      normSquared += w * w;
    }
    const coverage = normSquared === 0 ? 0 : 1 - unknownSquared / normSquared;
    return { known, present, normSquared, coverage, terms };
  };

  // Scratch space reused by every query (matching is synchronous, so one query never sees another's
  // partial sums); it keeps the garbage collector, and with it the latency tail, quiet.
  const profileDot = new Float64Array(n);
  const touched = new Int32Array(n);
  const profileScore = new Float64Array(n);
  const selectScratch = new Float64Array(n);
  const queryWeight = new Float64Array(featureCount);
  const phrasingDot = new Float64Array(phrasings.length);
  const touchedPhrasings = new Int32Array(phrasings.length);
  const bestCos = new Float64Array(n);
  const bestPhrasing = new Int32Array(n).fill(-1);

  const score = (query: QueryFeatures): Scored[] => {
    const queryNorm = Math.sqrt(query.normSquared);
    if (queryNorm === 0 || query.known.size === 0) return [];
    for (const [f, qw] of query.known) queryWeight[f] = qw;
    const touchedCount = sumPostings(profilePostings, query.known, profileDot, touched);
    for (let i = 0; i < touchedCount; i++) {
      const e = touched[i] ?? 0;
      profileScore[e] = (profileDot[e] ?? 0) / (queryNorm * (profileNorm[e] || 1));
      profileDot[e] = 0;
    }
    const kept = touchedCount > MAX_CANDIDATES ? strongest(touched, touchedCount, profileScore, MAX_CANDIDATES, selectScratch) : touched.subarray(0, touchedCount);
    const candidates = Array.from(kept, (e) => ({ e, profile: profileScore[e] ?? 0 }));

    const probability = classifier?.probabilities(query.present);
    bestPhrasings(query, queryNorm, candidates);
    const results: Scored[] = [];
    for (const { e, profile } of candidates) {
      const retrieval = weights.phrasing * (bestCos[e] ?? 0) + (1 - weights.phrasing) * profile;
      const p = query.coverage * (probability?.[e] ?? 0);
      const s = (1 - classifierShare) * retrieval + classifierShare * p;
      results.push({ entry: e, score: Math.min(1, s), phrasing: bestPhrasing[e] ?? -1, retrieval, probability: p });
    }
    for (const f of query.known.keys()) queryWeight[f] = 0;
    return results.sort((a, b) => b.score - a.score || a.entry - b.entry);
  };

  /**
   * Each candidate's closest phrasing (cosine) into `bestCos` / `bestPhrasing`, found the cheaper of two
   * ways with the same result: walking every phrasing of every candidate (few candidates, as in a large
   * knowledge base), or summing the postings of the question's features (a small one, where every entry
   * is a candidate but most phrasings share no word with the question). Ties go to the earlier phrasing.
   */
  function bestPhrasings(query: QueryFeatures, queryNorm: number, candidates: readonly { e: number }[]): void {
    let walkCost = 0;
    for (const { e } of candidates) {
      bestCos[e] = 0;
      bestPhrasing[e] = -1;
      walkCost += phrasingStart.at(firstPhrasing[e + 1] ?? 0) - phrasingStart.at(firstPhrasing[e] ?? 0);
    }
    let postingCost = Infinity;
    if (phrasingPostings) {
      postingCost = 0;
      for (const f of query.known.keys()) postingCost += (phrasingPostings.start[f + 1] ?? 0) - (phrasingPostings.start[f] ?? 0);
    }
    if (walkCost <= postingCost || !phrasingPostings) {
      for (const { e } of candidates) {
        for (let p = firstPhrasing[e] ?? 0; p < (firstPhrasing[e + 1] ?? 0); p++) {
          let dot = 0;
          for (let i = phrasingVectors.start[p] ?? 0; i < (phrasingVectors.start[p + 1] ?? 0); i++) {
            dot += (queryWeight[phrasingVectors.ids[i] ?? 0] ?? 0) * (phrasingVectors.weights[i] ?? 0);
          }
          offer(e, p, dot / (queryNorm * (phrasingNorm[p] || 1)));
        }
      }
      return;
    }
    const touchedCount = sumPostings(phrasingPostings, query.known, phrasingDot, touchedPhrasings);
    // Entries not among the candidates are never read, so their phrasings may update freely.
    for (let i = 0; i < touchedCount; i++) {
      const p = touchedPhrasings[i] ?? 0;
      const e = phrasingEntry[p] ?? 0;
      const cos = (phrasingDot[p] ?? 0) / (queryNorm * (phrasingNorm[p] || 1));
      phrasingDot[p] = 0;
      if (cos > (bestCos[e] ?? 0) || (cos === bestCos[e] && cos > 0 && p < (bestPhrasing[e] ?? -1))) {
        bestCos[e] = cos;
        bestPhrasing[e] = p;
      }
    }
  }

  function offer(e: number, p: number, cos: number): void {
    if (cos > (bestCos[e] ?? 0)) {
      bestCos[e] = cos;
      bestPhrasing[e] = p;
    }
  }

  function* termFrequencies(): Iterable<[string, number]> {
    for (const [term, id] of termIds) yield [term, documentFrequency[id] ?? 0];
  }

  return { phrasings, classifierWeights: classifier?.weights ?? null, featureOf, score, termFrequencies };
}

/** Weights trained elsewhere for the same entries and lexicon; a size mismatch means they belong to another index. */
function pretrainedClassifier(trained: Float32Array | null, featureCount: number, classCount: number) {
  if (trained === null) return undefined;
  if (trained.length !== featureCount * classCount) throw new Error('pretrained classifier weights do not fit this index');
  return classifierFromWeights(trained, featureCount, classCount);
}

/**
 * The k items with the highest score, ties going to the lower item (the order a full sort by score,
 * then item, would give), in no particular order. On a large knowledge base most entries share some
 * word with a question; sorting thousands of candidate objects was half of the matching time, while a
 * native sort of the bare scores finds the cut-off score far faster.
 */
export function strongest(items: Int32Array, count: number, score: Float64Array, k: number, scratch: Float64Array): Int32Array {
  for (let i = 0; i < count; i++) scratch[i] = score[items[i] ?? 0] ?? 0;
  const sorted = scratch.subarray(0, count).sort();
  const cutoff = sorted[count - k] ?? 0;
  let above = 0;
  for (let i = count - k; i < count && (sorted[i] ?? 0) === cutoff; i++) above++;
  // `above` items tied at the cut-off score make it into the k; the rest of the k score higher.
  const out = new Int32Array(k);
  let filled = 0;
  const tied: number[] = [];
  for (let i = 0; i < count; i++) {
    const item = items[i] ?? 0;
    const s = score[item] ?? 0;
    if (s > cutoff) out[filled++] = item;
    else if (s === cutoff) tied.push(item);
  }
  tied.sort((a, b) => a - b);
  for (let i = 0; i < above; i++) out[filled++] = tied[i] ?? 0;
  return out;
}
