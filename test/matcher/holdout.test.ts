import { describe, expect, it } from 'vitest';
import { entriesWithoutFold, foldOf } from '../../src/matcher/holdout.js';
import type { KnowledgeEntry } from '../../src/kb/types.js';

const entry = (id: string, n: number): KnowledgeEntry => ({
  id,
  title: id,
  category: 'c',
  verdict: 'boleh',
  questions: Array.from({ length: n }, (_, i) => `${id} q${i}`),
  keywords: [],
  sources: [],
  related: [],
  reviewed: '2026-12-03',
  answer: 'a',
});

describe('held-out phrasings (k-fold)', () => {
  const entries = [entry('a', 7), entry('b', 6)];

  it('holds every phrasing out exactly once over the k folds', () => {
    const k = 4;
    const heldOut = new Map<string, number>();
    for (let fold = 0; fold < k; fold++) {
      const kept = new Set(entriesWithoutFold(entries, fold, k).flatMap((e) => e.questions));
      for (const q of entries.flatMap((e) => e.questions)) if (!kept.has(q)) heldOut.set(q, (heldOut.get(q) ?? 0) + 1);
    }
    expect(heldOut.size).toBe(13);
    expect([...heldOut.values()].every((n) => n === 1)).toBe(true);
  });

  it('leaves each entry most of its phrasings in every fold', () => {
    for (let fold = 0; fold < 10; fold++) {
      for (const e of entriesWithoutFold(entries, fold, 10)) expect(e.questions.length).toBeGreaterThanOrEqual(5);
    }
    expect(foldOf(1, 2, 10)).toBe(3);
  });
});
