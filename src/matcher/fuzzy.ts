/**
 * Typo repair against the index vocabulary: a question word the index has never seen is replaced by
 * the closest indexed word within a small edit distance ("kampnye" → "kampanye", "pilkda" → "pilkada").
 * Words are bucketed by first letter and length, since typos rarely hit the first letter.
 */

export interface Correction {
  term: string;
  distance: number;
}

export interface Speller {
  correct(word: string): Correction | undefined;
}

const MIN_LENGTH = 4;
const MIN_SUBSTITUTION_LENGTH = 6;

/** Memo of per-word work. Bounded: a long-running bot sees an endless stream of new words. */
export function remember<V>(cache: Map<string, V>, key: string, value: V, limit = 20_000): void {
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
}

export function maxDistanceFor(length: number): number {
  return length >= 7 ? 2 : length >= MIN_LENGTH ? 1 : 0;
}

export function createSpeller(vocabulary: Iterable<string>, frequency: (term: string) => number): Speller {
  const buckets = new Map<string, string[]>();
  for (const term of vocabulary) {
    if (term.length < MIN_LENGTH - 1 || /[\s\d]/.test(term)) continue;
    const key = bucketKey(term[0] ?? '', term.length);
    const list = buckets.get(key);
    if (list) list.push(term);
    else buckets.set(key, [term]);
  }
  const cache = new Map<string, Correction | null>();
  const distance = createDistance();

  const correct = (word: string): Correction | undefined => {
    const cached = cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    const limit = maxDistanceFor(word.length);
    let best: Correction | undefined;
    let bestFrequency = -1;
    if (limit > 0 && !/\d/.test(word)) {
      for (let len = word.length - limit; len <= word.length + limit; len++) {
        for (const term of buckets.get(bucketKey(word[0] ?? '', len)) ?? []) {
          const d = distance(word, term, best ? Math.min(best.distance, limit) : limit);
          if (d === undefined) continue;
          // Same length means a substituted letter, which turns one real word into another (layar → layat)
          // far more often than a missing or doubled letter does; only trust it in longer words.
          if (term.length === word.length && word.length < MIN_SUBSTITUTION_LENGTH && !isTransposition(word, term)) continue;
          const f = frequency(term);
          if (!best || d < best.distance || (d === best.distance && f > bestFrequency)) {
            best = { term, distance: d };
            bestFrequency = f;
          }
        }
      }
    }
    remember(cache, word, best ?? null);
    return best;
  };
  return { correct };
}

function bucketKey(first: string, length: number): string {
  return `${first}${length}`;
}

const MAX_WORD = 64;

export type Distance = (a: string, b: string, limit: number) => number | undefined;

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), or undefined above
 * `limit`. Each instance works in its own three preallocated rows: it runs for every candidate of
 * every unknown word, so it should not allocate.
 */
export function createDistance(): Distance {
  const rows = [new Int32Array(MAX_WORD + 1), new Int32Array(MAX_WORD + 1), new Int32Array(MAX_WORD + 1)] as const;
  return (a, b, limit) => boundedDistance(a, b, limit, rows);
}

function boundedDistance(
  a: string,
  b: string,
  limit: number,
  rows: readonly [Int32Array, Int32Array, Int32Array],
): number | undefined {
  if (Math.abs(a.length - b.length) > limit) return undefined;
  if (a.length > MAX_WORD || b.length > MAX_WORD) return a === b ? 0 : undefined;
  const n = b.length;
  let [prevPrev, prev, current] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, (prevPrev[j - 2] ?? 0) + 1);
      }
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return undefined;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  const d = prev[n] ?? limit + 1;
  return d <= limit ? d : undefined;
}

function isTransposition(a: string, b: string): boolean {
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === (diff[0] ?? 0) + 1 && a[diff[0] ?? 0] === b[diff[1] ?? 0] && a[diff[1] ?? 0] === b[diff[0] ?? 0];
}
