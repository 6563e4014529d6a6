import { describe, expect, it } from 'vitest';
import { PairTable } from '../../src/matcher/pair-table.js';

describe('PairTable', () => {
  it('returns what was stored for a pair, and -1 for pairs never stored', () => {
    const table = new PairTable(4);
    table.add(3, 7, 42);
    table.add(7, 3, 43);
    expect(table.get(3, 7)).toBe(42);
    expect(table.get(7, 3)).toBe(43);
    expect(table.get(3, 3)).toBe(-1);
    expect(table.size).toBe(2);
  });

  it('keeps every pair while it grows far past its first capacity', () => {
    const table = new PairTable(2);
    for (let a = 0; a < 300; a++) for (let b = 0; b < 30; b++) table.add(a, b, a * 1000 + b);
    expect(table.size).toBe(9000);
    for (let a = 0; a < 300; a += 7) for (let b = 0; b < 30; b += 3) expect(table.get(a, b)).toBe(a * 1000 + b);
    expect(table.get(300, 0)).toBe(-1);
    expect(table.get(0, 30)).toBe(-1);
  });

  it('handles ids beyond 2^16 on both sides', () => {
    const table = new PairTable();
    table.add(1_000_000, 2_000_000, 7);
    expect(table.get(1_000_000, 2_000_000)).toBe(7);
    expect(table.get(2_000_000, 1_000_000)).toBe(-1);
  });
});
