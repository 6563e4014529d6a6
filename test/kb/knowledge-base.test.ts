import { appendFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateKnowledgeDir } from '../../src/kb/validate.js';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import { KNOWLEDGE_DIR } from '../helpers/knowledge.js';

const topics = readFileSync(new URL('../fixtures/topics.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => {
    const [id, category, verdict] = line.split('\t');
    return { id, category, verdict };
  });

describe('the real knowledge base', () => {
  it('validates without a single problem', async () => {
    const { problems, entryCount } = await validateKnowledgeDir(KNOWLEDGE_DIR);
    expect(problems).toEqual([]);
    expect(entryCount).toBeGreaterThanOrEqual(59);
  });

  it('has an entry for every required topic, with its category and verdict', async () => {
    const { entries } = await loadKnowledgeDir(KNOWLEDGE_DIR);
    const byId = new Map(entries.map((e) => [e.id, e]));
    const missing = topics.filter((t) => !byId.has(t.id!)).map((t) => t.id);
    expect(missing).toEqual([]);
    for (const topic of topics) expect({ id: topic.id, category: byId.get(topic.id!)?.category, verdict: byId.get(topic.id!)?.verdict }).toEqual(topic);
  });

  it('cites no revoked regulation as the legal basis', async () => {
    const { entries } = await loadKnowledgeDir(KNOWLEDGE_DIR);
    const revoked = /Nomor 5 Tahun 2014|Nomor 53 Tahun 2010|UU 5\/2014|PP 53\/2010/;
    const offenders = entries.flatMap((e) => e.sources.filter((s) => revoked.test(s.title)).map((s) => `${e.id}: ${s.title}`));
    expect(offenders).toEqual([]);
  });
});

describe('validating the matcher lexicon with the knowledge', () => {
  it('reports a broken lexicon line with its file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netra-lexicon-'));
    cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
    const lines = readFileSync(join(dir, 'lexicon/slang.txt'), 'utf8').split('\n').length;
    appendFileSync(join(dir, 'lexicon/slang.txt'), 'baris tanpa tanda sama dengan\n');
    const { problems } = await validateKnowledgeDir(dir);
    expect(problems).toEqual([expect.objectContaining({ path: join(dir, 'lexicon/slang.txt'), line: lines })]);
  });
});
