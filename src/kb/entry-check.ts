import { z } from 'zod';
import { categoriesSchema } from './categories.js';
import { answerProblems, crossCheckEntries, duplicateQuestionIndexes } from './parse.js';
import { frontMatterSchema } from './schema.js';
import { REQUIRED_TEXTS, type CategoryInfo } from './snapshot.js';
import type { KnowledgeEntry } from './types.js';

/**
 * Validation for the editor: the rules of `npm run kb -- validate` (the same zod schema and checks from
 * parse.ts), reported per field so a page can show each problem next to the field that is wrong. Pure.
 */

/** One problem; `field` is a dotted path into the entry: `title`, `questions.2`, `sources.0.url`, `answer`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** Zod's messages in Indonesian, for this parse only (the rest of the app keeps its own messages). */
const indonesian = { error: z.locales.id().localeError };
const CROSS_CHECK_PATH = '(entri ini)';

export interface EntryContext {
  /** The other live entries (not this one): related ids must exist, questions must not be shared. */
  others: KnowledgeEntry[];
  /** Live categories: an entry's category must be one of them (what the folder rule checks for files). */
  categories: CategoryInfo[];
}

export function checkEntry(input: unknown, context: EntryContext): Checked<KnowledgeEntry> {
  const { answer: rawAnswer, ...frontMatter } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const answer = typeof rawAnswer === 'string' ? rawAnswer.trim() : '';
  if (typeof rawAnswer !== 'string') problems.push({ field: 'answer', message: 'jawaban wajib diisi' });
  else for (const message of answerProblems(answer)) problems.push({ field: 'answer', message });

  const parsed = frontMatterSchema.safeParse(frontMatter, indonesian);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // An unknown field is reported by zod on the object itself; name the keys instead.
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) {
        const field = [...issue.path, ...(key ? [key] : [])].join('.') || 'entry';
        problems.push({ field, message: issue.message });
      }
    }
    return { ok: false, problems };
  }
  const entry: KnowledgeEntry = { ...parsed.data, answer };
  for (const i of duplicateQuestionIndexes(entry.questions)) {
    problems.push({ field: `questions.${i}`, message: `pertanyaan ganda: "${entry.questions[i]}"` });
  }
  if (!context.categories.some((c) => c.id === entry.category)) {
    problems.push({ field: 'category', message: `kategori "${entry.category}" tidak ada di daftar kategori` });
  }
  const files = [...context.others, entry].map((e) => ({ path: e === entry ? CROSS_CHECK_PATH : e.id, entry: e }));
  for (const problem of crossCheckEntries(files)) {
    if (problem.path === CROSS_CHECK_PATH) problems.push({ field: problem.field ?? 'entry', message: problem.message });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: entry };
}

/** A chat text: one of the required names, not empty. */
export function checkText(name: string, text: unknown): Checked<string> {
  if (!(REQUIRED_TEXTS as readonly string[]).includes(name)) return { ok: false, problems: [{ field: 'name', message: `teks "${name}" tidak dikenal` }] };
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, problems: [{ field: 'text', message: 'teks tidak boleh kosong' }] };
  if (text.length > 4000) return { ok: false, problems: [{ field: 'text', message: `teks ${text.length} karakter, maksimal 4000` }] };
  return { ok: true, value: text.trim() };
}

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The category list: the categories.yaml schema, kebab-case unique ids, and no category that live entries still use may go. */
export function checkCategories(input: unknown, entries: KnowledgeEntry[]): Checked<CategoryInfo[]> {
  const parsed = categoriesSchema.safeParse(input, indonesian);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ field: ['categories', ...i.path].join('.'), message: i.message })) };
  }
  const problems: FieldProblem[] = [];
  const categories = parsed.data.map((c) => ({ id: c.id.trim(), title: c.title.trim() }));
  categories.forEach((c, i) => {
    if (!kebab.test(c.id)) problems.push({ field: `categories.${i}.id`, message: 'harus kebab-case (huruf kecil, angka, tanda -)' });
    if (c.title === '') problems.push({ field: `categories.${i}.title`, message: 'tidak boleh kosong' });
    if (categories.findIndex((o) => o.id === c.id) !== i) problems.push({ field: `categories.${i}.id`, message: `id "${c.id}" ganda` });
  });
  const kept = new Set(categories.map((c) => c.id));
  for (const used of [...new Set(entries.map((e) => e.category))].sort()) {
    if (!kept.has(used)) problems.push({ field: 'categories', message: `kategori "${used}" masih dipakai oleh entri; pindahkan atau arsipkan entrinya dulu` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: categories };
}
