import { describe, expect, it } from 'vitest';
import { buildCharView } from '../../src/matcher/char-view.js';

// Entry 0: posting campaign material; entry 1: attending a campaign; entry 2: photos with a candidate.
const phrasings: string[][][] = [
  [
    ['posting', 'status', 'dukung', 'calon'],
    ['unggah', 'foto', 'kampanye', 'media', 'sosial'],
  ],
  [
    ['hadir', 'kampanye', 'terbuka'],
    ['datang', 'rapat', 'umum', 'calon'],
  ],
  [['foto', 'bersama', 'calon', 'bupati']],
];
const termEntries = new Map<string, number>();
for (const entry of phrasings) for (const term of new Set(entry.flat())) termEntries.set(term, (termEntries.get(term) ?? 0) + 1);
const view = buildCharView((e) => phrasings[e] ?? [], termEntries, phrasings.length);

describe('the character view', () => {
  it('gives 1 for a phrasing itself and 0 for words sharing no fragment with the entry', () => {
    expect(view.similarity(['hadir', 'kampanye', 'terbuka'], 1)).toBeCloseTo(1, 6);
    expect(view.similarity(['xyzq'], 1)).toBe(0);
    expect(view.similarity([], 0)).toBe(0);
  });

  it('still recognises words spelt differently from the phrasings (typos, run-on and regional forms)', () => {
    // "hadirr kampanyee terbukaa": the word index knows none of these forms, the fragments still match.
    const typed = ['hadirr', 'kampanyee', 'terbukaa'];
    expect(view.similarity(typed, 1)).toBeGreaterThan(0.5);
    expect(view.similarity(typed, 1)).toBeGreaterThan(view.similarity(typed, 0));
    expect(view.best(typed, [0, 1, 2])?.entry).toBe(1);
  });

  it('only ranks the entries it is given, best similarity first', () => {
    const question = ['foto', 'bareng', 'calon', 'bupati'];
    expect(view.best(question, [0, 1, 2])?.entry).toBe(2);
    const [zero, one] = [view.similarity(question, 0), view.similarity(question, 1)];
    expect(view.best(question, [0, 1])).toEqual(zero >= one ? { entry: 0, similarity: zero } : { entry: 1, similarity: one });
    expect(view.best(question, [])).toBeUndefined();
  });

  it('answers the same for a question asked again (the scratch space is cleared between questions)', () => {
    const first = view.similarity(['posting', 'kampanye'], 0);
    view.similarity(['datang', 'rapat', 'umum'], 1);
    expect(view.similarity(['posting', 'kampanye'], 0)).toBe(first);
  });
});
