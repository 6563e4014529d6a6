import { describe, expect, it } from 'vitest';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import { renderPlainText } from '../../src/core/render-plain.js';
import { formatSource, sourceBlocks } from '../../src/core/sources.js';
import type { Reply } from '../../src/core/types.js';
import { KNOWLEDGE_DIR } from '../helpers/knowledge.js';

describe('"Dasar hukum" and "Rujukan" blocks', () => {
  it('puts regulations first and references second, each in its own block', async () => {
    const { entries } = await loadKnowledgeDir(KNOWLEDGE_DIR);
    const entry = entries.find((e) => e.id === 'medsos-like-komentar-share')!;
    const blocks = sourceBlocks(entry.sources);
    expect(blocks.map((b) => b.heading)).toEqual(['Dasar hukum', 'Rujukan']);
    expect(blocks[0]!.sources.every((s) => s.kind === 'regulation')).toBe(true);
    expect(blocks[1]!.sources.every((s) => s.kind === 'reference' && s.url)).toBe(true);
  });

  it('renders both blocks in the plain-text channel, a reference with its link', async () => {
    const { entries } = await loadKnowledgeDir(KNOWLEDGE_DIR);
    const entry = entries.find((e) => e.id === 'medsos-like-komentar-share')!;
    const reply: Reply = {
      kind: 'answer',
      queryId: 'q',
      entry: { id: entry.id, title: entry.title, verdict: entry.verdict },
      answer: entry.answer,
      sources: entry.sources,
      related: [],
      disclaimer: 'Informasi umum.',
      score: 1,
      feedbackTag: 'tag',
    };
    const text = renderPlainText(reply);
    const basis = text.indexOf('\nDasar hukum:\n');
    const references = text.indexOf('\nRujukan:\n');
    expect(basis).toBeGreaterThan(text.indexOf(entry.answer));
    expect(references).toBeGreaterThan(basis);
    const reference = entry.sources.find((s) => s.kind === 'reference')!;
    expect(text.slice(references)).toContain(`- ${reference.title}, ${reference.ref}: ${reference.url}`);
    expect(text.slice(basis, references)).not.toContain('http');
  });

  it('never prints a link that is not http(s)', () => {
    expect(formatSource({ title: 'Halaman', ref: 'x', url: 'javascript:alert(1)', kind: 'reference' })).toBe('Halaman, x');
  });

  it('gives every entry at least one regulation under "Dasar hukum"', async () => {
    const { entries } = await loadKnowledgeDir(KNOWLEDGE_DIR);
    expect(entries.filter((e) => !e.sources.some((s) => s.kind === 'regulation')).map((e) => e.id)).toEqual([]);
  });
});
