import type { KnowledgeEntry } from '../kb/types.js';
import { classifierFits, trainClassifier } from './classifier.js';
import { createSpeller } from './fuzzy.js';
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
  featureOf(query: Analysis): QueryFeatures;
  score(query: QueryFeatures): Scored[];
}

/** Sparse vectors stored back to back: item i owns ids/weights[start[i] .. start[i + 1]). */
interface Packed {
  start: Int32Array;
  ids: Int32Array;
  weights: Float64Array;
}

export function buildScoringIndex(
  entries: readonly KnowledgeEntry[],
  analyse: (text: string) => Analysis,
  weights: ScoringWeights = DEFAULT_WEIGHTS,
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

  const phrasings: Phrasing[] = [];
  const phrasingFeatures: number[][] = [];
  const firstPhrasing = new Int32Array(n + 1);
  // Per entry: its features, and in how many of its texts each occurs (keywords weigh more).
  const entryFeatures: number[][] = [];
  const entryCounts: number[][] = [];
  const entrySizes: number[] = [];
  const keywordFeatures: number[][] = [];
  const firstKeyword = new Int32Array(n + 1);
  // A text's features (terms and adjacent term pairs), each once, in order of appearance.
  const featuresOf = (text: string): number[] => {
    const features: number[] = [];
    const addOnce = (id: number) => {
      // Texts are short: a linear scan beats a set, and allocates nothing.
      if (!features.includes(id)) features.push(id);
    };
    let previous = -1;
    for (const term of analyse(text).terms) {
      const id = termIdOf(term);
      addOnce(id);
      if (previous >= 0 && previous !== id) addOnce(pairIdOf(previous, id));
      previous = id;
    }
    return features;
  };
  entries.forEach((entry, e) => {
    firstPhrasing[e] = phrasings.length;
    firstKeyword[e] = keywordFeatures.length;
    const occurrences: number[] = [];
    for (const text of [entry.title, ...entry.questions]) {
      const features = featuresOf(text);
      if (features.length === 0) continue;
      phrasings.push({ entry: e, text });
      phrasingFeatures.push(features);
      occurrences.push(...features);
    }
    // Keywords are single words: alone they would look like perfect one-word phrasings, so they only
    // strengthen the entry profile (and teach the classifier).
    const keywordOccurrences: number[] = [];
    for (const keyword of entry.keywords) {
      const features = featuresOf(keyword);
      if (features.length === 0) continue;
      keywordFeatures.push(features);
      keywordOccurrences.push(...features);
    }
    const counted = countOccurrences(occurrences, keywordOccurrences, weights.keyword);
    entryFeatures.push(counted.features);
    entryCounts.push(counted.counts);
    entrySizes.push(1 + entry.questions.length + weights.keyword * entry.keywords.length);
  });
  firstPhrasing[n] = phrasings.length;
  firstKeyword[n] = keywordFeatures.length;

  const featureCount = isBigram.length;
  const documentFrequency = new Int32Array(featureCount);
  for (const features of entryFeatures) for (const f of features) documentFrequency[f] = (documentFrequency[f] ?? 0) + 1;
  const featureWeight = new Float64Array(featureCount);
  for (let f = 0; f < featureCount; f++) {
    featureWeight[f] = Math.log(1 + n / (documentFrequency[f] || 1)) * (isBigram[f] ? weights.bigram : 1);
  }
  const unknownWeight = Math.log(1 + n) * weights.unknown;

  const profiles = packVectors(entryFeatures, (e, f, k) => {
    const share = Math.min(1, (entryCounts[e]?.[k] ?? 0) / (entrySizes[e] ?? 1));
    return (featureWeight[f] ?? 0) * Math.pow(share, weights.spread);
  });
  const profileNorm = norms(profiles);
  const profilePostings = invert(profiles, featureCount);

  // A phrasing's words weigh partly what they weigh in its entry: a word the entry uses throughout
  // counts more than one that appears once in passing (a role, a place, an example).
  // Phrasings come entry by entry, so each entry's profile is spread out by feature once, when its first
  // phrasing is packed, and cleared when the next entry's begins.
  const entryWeight = new Float64Array(featureCount);
  let loadedEntry = -1;
  const phrasingVectors = packVectors(phrasingFeatures, (p, f) => {
    const e = phrasings[p]?.entry ?? 0;
    if (e !== loadedEntry) {
      if (loadedEntry >= 0) for (let k = profiles.start[loadedEntry] ?? 0; k < (profiles.start[loadedEntry + 1] ?? 0); k++) entryWeight[profiles.ids[k] ?? 0] = 0;
      for (let k = profiles.start[e] ?? 0; k < (profiles.start[e + 1] ?? 0); k++) entryWeight[profiles.ids[k] ?? 0] = profiles.weights[k] ?? 0;
      loadedEntry = e;
    }
    return weights.local * (entryWeight[f] ?? 0) + (1 - weights.local) * (featureWeight[f] ?? 0);
  });
  const phrasingNorm = norms(phrasingVectors);

  const classifierValue = (f: number) => (isBigram[f] ? weights.classifierBigram : 1);
  // Training examples, entry by entry (phrasings, then keywords), built only when a classifier is trained.
  const training = () =>
    entries.flatMap((_, e) => [
      ...phrasingFeatures.slice(firstPhrasing[e], firstPhrasing[e + 1]).map((features) => ({ features, label: e })),
      ...keywordFeatures.slice(firstKeyword[e], firstKeyword[e + 1]).map((features) => ({ features, label: e })),
    ]);
  const classifier =
    weights.classifier > 0 && classifierFits(featureCount, n) ? trainClassifier(training(), featureCount, n, classifierValue) : undefined;
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
  const queryWeight = new Float64Array(featureCount);

  const score = (query: QueryFeatures): Scored[] => {
    const queryNorm = Math.sqrt(query.normSquared);
    if (queryNorm === 0 || query.known.size === 0) return [];
    let touchedCount = 0;
    for (const [f, qw] of query.known) {
      queryWeight[f] = qw;
      for (let i = profilePostings.start[f] ?? 0; i < (profilePostings.start[f + 1] ?? 0); i++) {
        const e = profilePostings.ids[i] ?? 0;
        if (profileDot[e] === 0) touched[touchedCount++] = e;
        profileDot[e] = (profileDot[e] ?? 0) + qw * (profilePostings.weights[i] ?? 0);
      }
    }
    const candidates = Array.from(touched.subarray(0, touchedCount), (e) => ({
      e,
      profile: (profileDot[e] ?? 0) / (queryNorm * (profileNorm[e] || 1)),
    }));
    for (const { e } of candidates) profileDot[e] = 0;
    if (candidates.length > MAX_CANDIDATES) {
      candidates.sort((a, b) => b.profile - a.profile || a.e - b.e);
      candidates.length = MAX_CANDIDATES;
    }

    const probability = classifier?.probabilities(query.present);
    const results: Scored[] = [];
    for (const { e, profile } of candidates) {
      let bestCos = 0;
      let bestPhrasing = -1;
      for (let p = firstPhrasing[e] ?? 0; p < (firstPhrasing[e + 1] ?? 0); p++) {
        let dot = 0;
        for (let i = phrasingVectors.start[p] ?? 0; i < (phrasingVectors.start[p + 1] ?? 0); i++) {
          dot += (queryWeight[phrasingVectors.ids[i] ?? 0] ?? 0) * (phrasingVectors.weights[i] ?? 0);
        }
        const cos = dot / (queryNorm * (phrasingNorm[p] || 1));
        if (cos > bestCos) {
          bestCos = cos;
          bestPhrasing = p;
        }
      }
      const retrieval = weights.phrasing * bestCos + (1 - weights.phrasing) * profile;
      const p = query.coverage * (probability?.[e] ?? 0);
      const s = (1 - classifierShare) * retrieval + classifierShare * p;
      results.push({ entry: e, score: Math.min(1, s), phrasing: bestPhrasing, retrieval, probability: p });
    }
    for (const f of query.known.keys()) queryWeight[f] = 0;
    return results.sort((a, b) => b.score - a.score || a.entry - b.entry);
  };

  return { phrasings, featureOf, score };
}

/** An entry's features with their counts: 1 per phrasing that has it, `keywordWeight` per keyword. */
function countOccurrences(phrasingIds: readonly number[], keywordIds: readonly number[], keywordWeight: number) {
  const sorted = Int32Array.from(phrasingIds).sort();
  const features: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    features.push(sorted[i] ?? 0);
    counts.push(j - i);
    i = j;
  }
  const keywordCounts = new Map<number, number>();
  for (const id of keywordIds) keywordCounts.set(id, (keywordCounts.get(id) ?? 0) + keywordWeight);
  features.forEach((id, k) => {
    const extra = keywordCounts.get(id);
    if (extra === undefined) return;
    counts[k] = (counts[k] ?? 0) + extra;
    keywordCounts.delete(id);
  });
  for (const [id, count] of keywordCounts) {
    features.push(id);
    counts.push(count);
  }
  return { features, counts };
}

/** Packs item i's features with their weights, `weightOf(i, feature, position)`, visiting items in order. */
function packVectors(
  features: readonly (readonly number[])[],
  weightOf: (item: number, feature: number, position: number) => number,
): Packed {
  const start = new Int32Array(features.length + 1);
  let total = 0;
  features.forEach((f, i) => {
    start[i] = total;
    total += f.length;
  });
  start[features.length] = total;
  const ids = new Int32Array(total);
  const weights = new Float64Array(total);
  let k = 0;
  features.forEach((f, item) => {
    f.forEach((feature, position) => {
      ids[k] = feature;
      weights[k++] = weightOf(item, feature, position);
    });
  });
  return { start, ids, weights };
}

function norms(packed: Packed): Float64Array {
  const out = new Float64Array(packed.start.length - 1);
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let k = packed.start[i] ?? 0; k < (packed.start[i + 1] ?? 0); k++) sum += (packed.weights[k] ?? 0) ** 2;
    out[i] = Math.sqrt(sum);
  }
  return out;
}

/** Item → (feature, weight) vectors turned into feature → (item, weight) postings. */
function invert(packed: Packed, featureCount: number): Packed {
  const start = new Int32Array(featureCount + 1);
  for (const f of packed.ids) start[f + 1] = (start[f + 1] ?? 0) + 1;
  for (let f = 0; f < featureCount; f++) start[f + 1] = (start[f + 1] ?? 0) + (start[f] ?? 0);
  const fill = start.slice(0, featureCount);
  const ids = new Int32Array(packed.ids.length);
  const weights = new Float64Array(packed.ids.length);
  for (let item = 0; item < packed.start.length - 1; item++) {
    for (let k = packed.start[item] ?? 0; k < (packed.start[item + 1] ?? 0); k++) {
      const f = packed.ids[k] ?? 0;
      const slot = fill[f] ?? 0;
      ids[slot] = item;
      weights[slot] = packed.weights[k] ?? 0;
      fill[f] = slot + 1;
    }
  }
  return { start, ids, weights };
}
