import type { KnowledgeEntry } from '../kb/types.js';
import { trainClassifier } from './classifier.js';
import { createSpeller } from './fuzzy.js';
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
  const featureIds = new Map<string, number>();
  const isBigram: boolean[] = [];
  const idOf = (feature: string) => {
    let id = featureIds.get(feature);
    if (id === undefined) {
      id = isBigram.length;
      featureIds.set(feature, id);
      isBigram.push(feature.includes(' '));
    }
    return id;
  };

  const phrasings: Phrasing[] = [];
  const phrasingFeatures: number[][] = [];
  const firstPhrasing = new Int32Array(n + 1);
  const entryCounts: Map<number, number>[] = [];
  const entrySizes: number[] = [];
  const training: { features: number[]; label: number }[] = [];
  entries.forEach((entry, e) => {
    firstPhrasing[e] = phrasings.length;
    const counts = new Map<number, number>();
    const add = (text: string, weight: number, asPhrasing: boolean) => {
      const analysis = analyse(text);
      const unique = new Set<number>();
      for (const t of analysis.terms) unique.add(idOf(t));
      for (const b of analysis.bigrams) unique.add(idOf(b));
      if (unique.size === 0) return;
      const features = [...unique];
      training.push({ features, label: e });
      if (asPhrasing) {
        phrasings.push({ entry: e, text });
        phrasingFeatures.push(features);
      }
      for (const f of features) counts.set(f, (counts.get(f) ?? 0) + weight);
    };
    add(entry.title, 1, true);
    for (const q of entry.questions) add(q, 1, true);
    // Keywords are single words: alone they would look like perfect one-word phrasings, so they only
    // strengthen the entry profile (and teach the classifier).
    for (const k of entry.keywords) add(k, weights.keyword, false);
    entryCounts.push(counts);
    entrySizes.push(1 + entry.questions.length + weights.keyword * entry.keywords.length);
  });
  firstPhrasing[n] = phrasings.length;

  const featureCount = isBigram.length;
  const documentFrequency = new Int32Array(featureCount);
  for (const counts of entryCounts) for (const f of counts.keys()) documentFrequency[f] = (documentFrequency[f] ?? 0) + 1;
  const featureWeight = new Float64Array(featureCount);
  for (let f = 0; f < featureCount; f++) {
    featureWeight[f] = Math.log(1 + n / (documentFrequency[f] || 1)) * (isBigram[f] ? weights.bigram : 1);
  }
  const unknownWeight = Math.log(1 + n) * weights.unknown;

  const profileWeightOf = (e: number, f: number) =>
    (featureWeight[f] ?? 0) * Math.pow(Math.min(1, (entryCounts[e]?.get(f) ?? 0) / (entrySizes[e] ?? 1)), weights.spread);
  const profiles = pack(entryCounts.map((counts, e) => [...counts.keys()].map((f) => [f, profileWeightOf(e, f)] as const)));
  const profileNorm = norms(profiles);
  const profilePostings = invert(profiles, featureCount);

  // A phrasing's words weigh partly what they weigh in its entry: a word the entry uses throughout
  // counts more than one that appears once in passing (a role, a place, an example).
  const phrasingVectors = pack(
    phrasingFeatures.map((features, p) => {
      const e = phrasings[p]?.entry ?? 0;
      return features.map((f) => [f, weights.local * profileWeightOf(e, f) + (1 - weights.local) * (featureWeight[f] ?? 0)] as const);
    }),
  );
  const phrasingNorm = norms(phrasingVectors);

  const classifierValue = (f: number) => (isBigram[f] ? weights.classifierBigram : 1);
  const classifier = weights.classifier > 0 ? trainClassifier(training, featureCount, n, classifierValue) : undefined;
  const classifierShare = classifier ? weights.classifier : 0;

  const speller = createSpeller(
    [...featureIds.keys()].filter((f) => !f.includes(' ')),
    (term) => documentFrequency[featureIds.get(term) ?? -1] ?? 0,
  );

  const featureOf = (query: Analysis): QueryFeatures => {
    const known = new Map<number, number>();
    const present = new Map<number, number>();
    const terms: string[] = [];
    let normSquared = 0;
    let unknownSquared = 0;
    const repaired = new Map<string, string>();
    for (const term of query.terms) {
      if (repaired.has(term)) continue;
      let id = featureIds.get(term);
      let factor = 1;
      let indexTerm = term;
      if (id === undefined) {
        const fix = speller.correct(term);
        if (fix) {
          indexTerm = fix.term;
          id = featureIds.get(fix.term);
          factor = 1 - weights.typoPenalty * fix.distance;
        }
      }
      repaired.set(term, indexTerm);
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
    // Bigrams are rebuilt from the typo-repaired terms, so that a pair still counts after a repair.
    for (let i = 1; i < query.terms.length; i++) {
      const a = query.terms[i - 1] ?? '';
      const b = query.terms[i] ?? '';
      if (a === b) continue;
      const id = featureIds.get(`${repaired.get(a) ?? a} ${repaired.get(b) ?? b}`);
      if (id === undefined || known.has(id)) continue;
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

function pack(vectors: (readonly (readonly [number, number])[])[]): Packed {
  const start = new Int32Array(vectors.length + 1);
  let total = 0;
  vectors.forEach((v, i) => {
    start[i] = total;
    total += v.length;
  });
  start[vectors.length] = total;
  const ids = new Int32Array(total);
  const weights = new Float64Array(total);
  let k = 0;
  for (const v of vectors) {
    for (const [id, w] of v) {
      ids[k] = id;
      weights[k++] = w;
    }
  }
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
