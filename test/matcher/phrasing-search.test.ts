import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import type { KnowledgeEntry } from '../../src/kb/types.js';
import { loadMatcherData } from '../../src/matcher/index.js';
import { createNormalizer, type Analysis } from '../../src/matcher/normalize.js';
import { buildScoringIndex, type ScoringIndex } from '../../src/matcher/scorer.js';

// The closest phrasing of each candidate is found by summing per-feature postings (small knowledge
// bases) or by walking each candidate's phrasings (large ones). Both must rank and score alike.
describe('phrasing search: postings and walk agree', () => {
  let bySearch: ScoringIndex;
  let byWalk: ScoringIndex;
  let analyse: (text: string) => Analysis;
  let questions: string[];

  beforeAll(async () => {
    const entries: KnowledgeEntry[] = (await loadKnowledgeDir('knowledge')).entries;
    const normalizer = createNormalizer(await loadMatcherData('knowledge'));
    analyse = (text) => normalizer.analyse(text);
    bySearch = buildScoringIndex(entries, analyse);
    byWalk = buildScoringIndex(entries, analyse, undefined, undefined, 0);
    const lines = (await readFile('test/fixtures/dev.jsonl', 'utf8')).split('\n').filter(Boolean);
    questions = lines.map((line) => (JSON.parse(line) as { text: string }).text);
  });

  it('gives every question the same candidates, scores and closest phrasings', () => {
    let compared = 0;
    for (const question of questions) {
      const a = bySearch.score(bySearch.featureOf(analyse(question)));
      const b = byWalk.score(byWalk.featureOf(analyse(question)));
      expect(a.map((s) => s.entry)).toEqual(b.map((s) => s.entry));
      a.forEach((s, i) => {
        expect(s.score).toBeCloseTo(b[i]!.score, 12);
        expect(s.phrasing).toBe(b[i]!.phrasing);
      });
      compared += a.length;
    }
    expect(compared).toBeGreaterThan(questions.length * 10);
  });
});
