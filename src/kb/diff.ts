import { diffArrays } from 'diff';
import type { CategoryInfo } from './snapshot.js';
import type { KnowledgeEntry, LegalSource } from './types.js';

/** Readable differences between two versions, field by field, with line diffs for the answer and the lists. Pure. */

export interface LineOp {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export type FieldChange =
  | { field: string; label: string; kind: 'value'; before: string; after: string }
  | { field: string; label: string; kind: 'lines'; lines: LineOp[] };

/** How the console names each field of an entry. */
export const ENTRY_FIELD_LABELS: Record<keyof KnowledgeEntry, string> = {
  id: 'ID',
  title: 'Judul',
  distinction: 'Pembeda',
  category: 'Kategori',
  verdict: 'Kesimpulan',
  questions: 'Pertanyaan',
  keywords: 'Kata kunci',
  sources: 'Sumber',
  related: 'Topik terkait',
  reviewed: 'Terakhir ditinjau',
  answer: 'Jawaban',
};

const SCALAR_FIELDS = ['id', 'title', 'distinction', 'category', 'verdict', 'reviewed'] as const;
const LIST_FIELDS = ['questions', 'keywords', 'related'] as const;

/** A line diff of two lists of lines (items, or the lines of a text). */
export function lineDiff(before: string[], after: string[]): LineOp[] {
  return diffArrays(before, after).flatMap((part) =>
    part.value.map((text) => ({ op: part.added ? 'added' : part.removed ? 'removed' : 'same', text }) as LineOp),
  );
}

export function sourceLine(source: LegalSource): string {
  const kind = source.kind === 'regulation' ? ' [peraturan]' : source.kind === 'reference' ? ' [rujukan]' : '';
  return `${source.title}, ${source.ref}${source.url ? ` — ${source.url}` : ''}${kind}`;
}

const textLines = (text: string) => (text === '' ? [] : text.split('\n'));

/** The fields that differ between two versions of an entry (`before` null: everything is new). */
export function diffEntries(before: KnowledgeEntry | null, after: KnowledgeEntry): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of SCALAR_FIELDS) {
    const a = before?.[field] ?? '';
    const b = after[field] ?? '';
    if (a !== b) changes.push({ field, label: ENTRY_FIELD_LABELS[field], kind: 'value', before: a, after: b });
  }
  const lists: [keyof KnowledgeEntry, string[], string[]][] = [
    ...LIST_FIELDS.map((f): [keyof KnowledgeEntry, string[], string[]] => [f, before?.[f] ?? [], after[f]]),
    ['sources', (before?.sources ?? []).map(sourceLine), after.sources.map(sourceLine)],
    ['answer', textLines(before?.answer ?? ''), textLines(after.answer)],
  ];
  for (const [field, a, b] of lists) {
    if (a.length === b.length && a.every((line, i) => line === b[i])) continue;
    changes.push({ field, label: ENTRY_FIELD_LABELS[field], kind: 'lines', lines: lineDiff(a, b) });
  }
  // The documented field order, as on the entry page.
  const order = Object.keys(ENTRY_FIELD_LABELS);
  return changes.sort((x, y) => order.indexOf(x.field) - order.indexOf(y.field));
}

/** A chat text's change, as one line diff (empty when unchanged). */
export function diffText(before: string | null, after: string): FieldChange[] {
  if (before === after) return [];
  return [{ field: 'text', label: 'Teks', kind: 'lines', lines: lineDiff(textLines(before ?? ''), textLines(after)) }];
}

export function diffCategories(before: CategoryInfo[] | null, after: CategoryInfo[]): FieldChange[] {
  const line = (c: CategoryInfo) => `${c.id} — ${c.title}`;
  const a = (before ?? []).map(line);
  const b = after.map(line);
  if (a.length === b.length && a.every((l, i) => l === b[i])) return [];
  return [{ field: 'categories', label: 'Kategori', kind: 'lines', lines: lineDiff(a, b) }];
}
