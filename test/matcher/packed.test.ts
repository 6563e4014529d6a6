import { describe, expect, it } from 'vitest';
import { IntBuffer, invert, norms, sumPostings, type Packed } from '../../src/matcher/packed.js';

describe('IntBuffer', () => {
  it('keeps every value in order while it grows past its first capacity', () => {
    const buffer = new IntBuffer();
    for (let i = 0; i < 5000; i++) buffer.push(i * 3);
    expect(buffer.length).toBe(5000);
    expect(buffer.at(4999)).toBe(14997);
    expect(Array.from(buffer.view().subarray(0, 4))).toEqual([0, 3, 6, 9]);
  });

  it('finds a value only at or after the given position', () => {
    const buffer = new IntBuffer();
    [5, 8, 2].forEach((v) => buffer.push(v));
    expect(buffer.includesFrom(0, 5)).toBe(true);
    expect(buffer.includesFrom(1, 5)).toBe(false);
    expect(buffer.includesFrom(1, 2)).toBe(true);
  });
});

describe('packed vectors', () => {
  // item 0: {feature 1: 3, feature 2: 4}; item 1: {feature 2: 1}
  const packed: Packed = { start: Int32Array.from([0, 2, 3]), ids: Int32Array.from([1, 2, 2]), weights: Float64Array.from([3, 4, 1]) };

  it('computes each item’s Euclidean norm', () => {
    expect(Array.from(norms(packed))).toEqual([5, 1]);
  });

  it('inverts items into postings per feature', () => {
    const postings = invert(packed, 3);
    expect(Array.from(postings.start)).toEqual([0, 0, 1, 3]);
    expect(Array.from(postings.ids)).toEqual([0, 0, 1]);
    expect(Array.from(postings.weights)).toEqual([3, 4, 1]);
  });

  it('sums a query over the postings, listing each item reached once', () => {
    const postings = invert(packed, 3);
    const sums = new Float64Array(2);
    const touched = new Int32Array(2);
    const count = sumPostings(postings, new Map([[2, 10], [1, 1]]), sums, touched);
    expect(Array.from(touched.subarray(0, count)).sort()).toEqual([0, 1]);
    expect(Array.from(sums)).toEqual([4 * 10 + 3 * 1, 1 * 10]);
  });
});
