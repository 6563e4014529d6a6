import type { KnowledgeEntry } from '../../kb/types.js';
import type { FieldProblem } from '../../kb/entry-check.js';

/** Reading the entry page's HTML form into an entry draft, and grouping problems per field. Pure. */

type FormBody = Record<string, string | File | (string | File)[]>;

const one = (body: FormBody, name: string): string => {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
};

const many = (body: FormBody, name: string): string[] => {
  const value = body[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => (typeof v === 'string' ? v : ''));
};

/** One item per line; blank lines dropped. */
export const lines = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');

/** Keywords and related ids may be written one per line or separated by commas. */
const listOf = (text: string): string[] => lines(text.replace(/,/g, '\n'));

export function entryFromForm(body: FormBody): { entry: KnowledgeEntry; baseVersion: number } {
  const titles = many(body, 'source_title');
  const refs = many(body, 'source_ref');
  const urls = many(body, 'source_url');
  const kinds = many(body, 'source_kind');
  const sources = titles
    .map((title, i) => ({ title: title.trim(), ref: (refs[i] ?? '').trim(), url: (urls[i] ?? '').trim(), kind: kinds[i] ?? '' }))
    .filter((s) => s.title !== '' || s.ref !== '' || s.url !== '')
    // A source whose kind was left unset goes on without one: validation reports it next to the field.
    .map((s) => ({
      title: s.title,
      ref: s.ref,
      ...(s.url ? { url: s.url } : {}),
      ...(s.kind === 'regulation' || s.kind === 'reference' ? { kind: s.kind } : {}),
    }) as KnowledgeEntry['sources'][number]);
  const version = Number.parseInt(one(body, 'version'), 10);
  const distinction = one(body, 'distinction').trim();
  return {
    entry: {
      id: one(body, 'id').trim(),
      title: one(body, 'title').trim(),
      // Optional: a blank field means no label (the clarify reply then uses the title).
      ...(distinction ? { distinction } : {}),
      category: one(body, 'category').trim(),
      verdict: one(body, 'verdict') as KnowledgeEntry['verdict'],
      questions: lines(one(body, 'questions')),
      keywords: listOf(one(body, 'keywords')),
      sources,
      related: listOf(one(body, 'related')),
      reviewed: one(body, 'reviewed').trim(),
      answer: one(body, 'answer').replace(/\r\n/g, '\n'),
    },
    baseVersion: Number.isFinite(version) && version >= 0 ? version : 0,
  };
}

/** Problems for one form field: `questions` gets `questions` and `questions.3`; messages say which line. */
export function problemsFor(problems: FieldProblem[], field: string): string[] {
  return problems.flatMap((p) => {
    if (p.field === field) return [p.message];
    if (!p.field.startsWith(`${field}.`)) return [];
    const rest = p.field.slice(field.length + 1);
    const index = Number.parseInt(rest, 10);
    return Number.isFinite(index) && String(index) === rest ? [`baris ${index + 1}: ${p.message}`] : [p.message];
  });
}

/** Problems for one source row (`sources.2.url` → "Tautan: …"). */
export function sourceRowProblems(problems: FieldProblem[], index: number): string[] {
  const names: Record<string, string> = { title: 'Judul', ref: 'Rujukan pasal', url: 'Tautan', kind: 'Jenis' };
  return problems.flatMap((p) => {
    const match = /^sources\.(\d+)(?:\.(\w+))?$/.exec(p.field);
    if (!match || Number(match[1]) !== index) return [];
    return [match[2] ? `${names[match[2]] ?? match[2]}: ${p.message}` : p.message];
  });
}
