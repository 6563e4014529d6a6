import { stringify } from 'yaml';
import type { KnowledgeEntry } from './types.js';

/**
 * Writes an entry in the knowledge file format, fields in the documented order. Used for entries
 * edited in the database; imported versions are exported from their original text instead.
 */
export function serializeEntry(entry: KnowledgeEntry): string {
  const frontMatter: Record<string, unknown> = {
    id: entry.id,
    title: entry.title,
    ...(entry.distinction ? { distinction: entry.distinction } : {}),
    category: entry.category,
    verdict: entry.verdict,
    questions: entry.questions,
    ...(entry.keywords.length > 0 ? { keywords: entry.keywords } : {}),
    sources: entry.sources.map((s) => ({ title: s.title, ref: s.ref, ...(s.url ? { url: s.url } : {}), kind: s.kind })),
    ...(entry.related.length > 0 ? { related: entry.related } : {}),
    reviewed: entry.reviewed,
  };
  const yaml = stringify(frontMatter, { lineWidth: 0, flowCollectionPadding: false });
  return `---\n${yaml}---\n${entry.answer.trim()}\n`;
}
