import { describe, expect, it } from 'vitest';
import { strongest } from '../../src/matcher/scorer.js';

/** The reference: a full sort by score (highest first), then item. */
function bySort(items: number[], score: Float64Array, k: number): number[] {
  return [...items].sort((a, b) => (score[b] ?? 0) - (score[a] ?? 0) || a - b).slice(0, k);
}

describe('strongest', () => {
  it('keeps the k highest-scoring items, ties at the cut-off going to the lower item', () => {
    const score = Float64Array.from([0.5, 0.9, 0.5, 0.1, 0.5, 0.7]);
    const items = Int32Array.from([4, 0, 5, 2, 1, 3]);
    const kept = strongest(items, items.length, score, 3, new Float64Array(6));
    expect([...kept].sort()).toEqual([0, 1, 5]);
  });

  it('agrees with a full sort on many random cases', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 300);
      // Few distinct values, so that ties at the cut-off are common.
      const score = Float64Array.from({ length: n }, () => Math.floor(random() * 8) / 8);
      const items = Int32Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5);
      const count = 1 + Math.floor(random() * n);
      const k = 1 + Math.floor(random() * count);
      const kept = strongest(items, count, score, k, new Float64Array(n));
      expect([...kept].sort((a, b) => a - b)).toEqual(bySort([...items.subarray(0, count)], score, k).sort((a, b) => a - b));
    }
  });
});
