import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import { parseCases } from '../../src/matcher/evaluate.js';

/**
 * The labelled sets measure understanding only while no entry phrasing is (close to) one of their
 * questions. Close: the same words, or at least 60 % of the words of the two taken together in common.
 */
const CLOSE = 0.6;

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

describe.each(['test/fixtures/dev.jsonl', 'test/fixtures/team-questions.jsonl', 'test/fixtures/blind-tune.jsonl', 'test/fixtures/blind-check.jsonl'])('%s', (file) => {
  it('shares no question with the entries’ phrasings', async () => {
    const { entries } = await loadKnowledgeDir('knowledge');
    const phrasings = entries.flatMap((e) => e.questions.map((q) => ({ id: e.id, q, words: words(q) })));
    const cases = parseCases(await readFile(file, 'utf8'), file);
    const close = cases.flatMap((c) => {
      const w = words(c.text);
      const hit = phrasings.find((p) => overlap(w, p.words) >= (w.size >= 4 ? CLOSE : 1));
      return hit ? [`${c.text} ≈ ${hit.id}: ${hit.q}`] : [];
    });
    expect(close).toEqual([]);
  });
});
