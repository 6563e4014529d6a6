/**
 * A second, independent reading of a question: character n-grams (3 and 4 letters of each word, with
 * its edges) compared with each phrasing of a candidate entry. The word ranker sees stems and word
 * pairs; this view sees spelling fragments, so it errs differently (on typos, regional affixes, run-on
 * words). When both name the same best entry, that entry is right far more often than its score alone
 * says (on questions written apart from the team, about 97 % of the time), which lets the decision
 * answer with a smaller lead over the runner-up.
 *
 * It only ranks the few entries the word ranker put on top, so it costs a few dozen microseconds per
 * question; an entry's phrasing vectors are built the first time it is a candidate.
 */

const GRAM_SIZES = [3, 4] as const;

export interface CharView {
  /** The best cosine between the question's terms and any phrasing of the entry, in [0, 1]. */
  similarity(queryTerms: readonly string[], entry: number): number;
  /** Of the given entries (best word score first), the one the character view ranks highest, and its similarity. */
  best(queryTerms: readonly string[], entries: readonly number[]): { entry: number; similarity: number } | undefined;
}

function gramsOf(term: string): string[] {
  const padded = ` ${term} `;
  const out: string[] = [];
  for (const n of GRAM_SIZES) for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
  return out;
}

/**
 * @param phrasingTerms the terms of every phrasing (as the word index analysed them), by entry; asked
 *   for an entry the first time it is a candidate.
 * @param termFrequencies every term of the entries' texts with the number of entries that use it.
 */
export function buildCharView(
  phrasingTerms: (entry: number) => readonly (readonly string[])[],
  termFrequencies: Iterable<[term: string, entries: number]>,
  entryCount: number,
): CharView {
  // A gram's document frequency over entries, summed over the terms that contain it: no pass over the
  // phrasings, so building stays cheap on a large knowledge base (two terms of one entry sharing a
  // 3- or 4-letter fragment count it twice, which only lowers that fragment's weight a little).
  const gramIds = new Map<string, number>();
  const gramFrequency: number[] = [];
  const termGrams = new Map<string, number[]>();
  for (const [term, count] of termFrequencies) {
    const ids: number[] = [];
    for (const gram of gramsOf(term)) {
      let id = gramIds.get(gram);
      if (id === undefined) {
        id = gramFrequency.length;
        gramIds.set(gram, id);
        gramFrequency.push(0);
      }
      ids.push(id);
    }
    for (const id of new Set(ids)) gramFrequency[id] = (gramFrequency[id] ?? 0) + count;
    termGrams.set(term, ids);
  }
  const idf = Float64Array.from(gramFrequency, (df) => Math.log(1 + entryCount / Math.min(entryCount, Math.max(1, df))));
  // A question's words the entries do not use are split again each time, so user input never grows the map;
  // their fragments no entry has cannot match and are left out.
  const gramsOfTerm = (term: string): number[] => termGrams.get(term) ?? gramsOf(term).flatMap((g) => gramIds.get(g) ?? []);
  // Gram counts, then weights, of the text being vectorised, spread over gram ids; `touched` lists the
  // ids in use so only they are read and cleared. Reused between texts (matching is synchronous).
  const scratch = new Float64Array(gramFrequency.length);
  const touched = new Int32Array(gramFrequency.length);
  /** Spreads the normalised vector of `terms` into `scratch`; returns how many ids it touched. */
  const spread = (terms: readonly string[]): number => {
    let count = 0;
    for (const term of terms) {
      for (const id of gramsOfTerm(term)) {
        if (scratch[id] === 0) touched[count++] = id;
        scratch[id] = (scratch[id] ?? 0) + 1;
      }
    }
    let normSquared = 0;
    for (let i = 0; i < count; i++) {
      const id = touched[i] ?? 0;
      const w = (1 + Math.log(scratch[id] ?? 1)) * (idf[id] ?? 0);
      scratch[id] = w;
      normSquared += w * w;
    }
    const norm = Math.sqrt(normSquared) || 1;
    for (let i = 0; i < count; i++) {
      const id = touched[i] ?? 0;
      scratch[id] = (scratch[id] ?? 0) / norm;
    }
    return count;
  };
  const clear = (count: number) => {
    for (let i = 0; i < count; i++) scratch[touched[i] ?? 0] = 0;
  };

  /** An entry's phrasings, packed: phrasing k's grams are `ids`/`weights` from `start[k]` to `start[k + 1]`. */
  interface EntryVectors {
    start: Int32Array;
    ids: Int32Array;
    weights: Float64Array;
  }
  const entryVectors = new Map<number, EntryVectors>();
  const vectorsOf = (entry: number): EntryVectors => {
    let vectors = entryVectors.get(entry);
    if (!vectors) {
      const texts = phrasingTerms(entry);
      const start = new Int32Array(texts.length + 1);
      const ids: number[] = [];
      const weights: number[] = [];
      texts.forEach((terms, k) => {
        const count = spread(terms);
        for (let i = 0; i < count; i++) {
          const id = touched[i] ?? 0;
          ids.push(id);
          weights.push(scratch[id] ?? 0);
        }
        clear(count);
        start[k + 1] = ids.length;
      });
      vectors = { start, ids: Int32Array.from(ids), weights: Float64Array.from(weights) };
      entryVectors.set(entry, vectors);
    }
    return vectors;
  };

  // While a question is being compared, its vector stays in `scratch`; an entry's vectors are built
  // into a second scratch so that building one lazily never disturbs the question's.
  const bestCosine = (query: Float64Array, entry: number): number => {
    const { start, ids, weights } = vectorsOf(entry);
    let best = 0;
    for (let k = 0; k + 1 < start.length; k++) {
      let dot = 0;
      for (let i = start[k] ?? 0; i < (start[k + 1] ?? 0); i++) dot += (query[ids[i] ?? 0] ?? 0) * (weights[i] ?? 0);
      if (dot > best) best = dot;
    }
    return Math.min(1, best);
  };
  const query = new Float64Array(gramFrequency.length);
  const withQuery = <T>(queryTerms: readonly string[], run: () => T): T => {
    const count = spread(queryTerms);
    const ids = touched.slice(0, count);
    for (const id of ids) query[id] = scratch[id] ?? 0;
    clear(count);
    try {
      return run();
    } finally {
      for (const id of ids) query[id] = 0;
    }
  };

  return {
    similarity: (queryTerms, entry) => withQuery(queryTerms, () => bestCosine(query, entry)),
    best: (queryTerms, entries) =>
      withQuery(queryTerms, () => {
        let winner: { entry: number; similarity: number } | undefined;
        for (const entry of entries) {
          const similarity = bestCosine(query, entry);
          if (!winner || similarity > winner.similarity) winner = { entry, similarity };
        }
        return winner;
      }),
  };
}
