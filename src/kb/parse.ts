import { LineCounter, parseDocument, isMap, isScalar, type Node } from 'yaml';
import { frontMatterSchema, MAX_ANSWER_CHARS } from './schema.js';
import type { KnowledgeEntry } from './types.js';

export interface Problem {
  path: string;
  line: number;
  message: string;
  /** The entry field it concerns (`questions.2`, `sources.0.url`, `answer`), for editors that show it next to the field. */
  field?: string;
}

export interface ParsedFile {
  entry: KnowledgeEntry | null;
  problems: Problem[];
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/**
 * Parses one knowledge file (YAML front matter + Markdown answer). Pure: the caller reads the file.
 * Every problem carries the 1-based line it refers to, so editors can jump to it.
 */
export function parseKnowledgeFile(path: string, text: string): ParsedFile {
  const problems: Problem[] = [];
  const report = (line: number, message: string, field?: string) => problems.push({ path, line, message, ...(field ? { field } : {}) });

  const parts = FRONT_MATTER.exec(text);
  if (!parts) {
    report(1, 'file harus diawali front matter YAML di antara dua baris "---"');
    return { entry: null, problems };
  }
  const [, yamlText = '', body = ''] = parts;
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true });
  // Front matter starts on line 2 of the file (line 1 is "---").
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line + 1);
  for (const error of doc.errors) report(lineOf(error.pos[0]), `YAML tidak valid: ${error.message.split('\n')[0]}`);
  if (doc.errors.length > 0) return { entry: null, problems };

  const data: unknown = doc.toJS();
  const result = frontMatterSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const node = nodeAt(doc.contents, issue.path);
      const field = issue.path.join('.') || 'front matter';
      report(lineOf(node?.range?.[0]), `${field}: ${issue.message}`, issue.path.join('.') || undefined);
    }
    return { entry: null, problems };
  }

  const fm = result.data;
  const answer = body.trim();
  const bodyLine = yamlText.split('\n').length + 3;
  const expectedId = fileStem(path);
  if (fm.id !== expectedId) report(lineOf(nodeAt(doc.contents, ['id'])?.range?.[0]), `id "${fm.id}" harus sama dengan nama file "${expectedId}"`, 'id');
  const folder = parentFolder(path);
  if (folder !== undefined && folder !== fm.category) {
    report(lineOf(nodeAt(doc.contents, ['category'])?.range?.[0]), `category "${fm.category}" harus sama dengan folder "${folder}"`, 'category');
  }
  for (const message of answerProblems(answer)) report(bodyLine, message, 'answer');
  for (const i of duplicateQuestionIndexes(fm.questions)) {
    report(lineOf(nodeAt(doc.contents, ['questions', i])?.range?.[0]), `pertanyaan ganda: "${fm.questions[i]}"`, `questions.${i}`);
  }

  const entry: KnowledgeEntry = { ...fm, answer };
  return { entry, problems };
}

/** The answer body's rules: not empty, at most MAX_ANSWER_CHARS characters. `answer` is already trimmed. */
export function answerProblems(answer: string): string[] {
  if (answer.length === 0) return ['jawaban (isi setelah front matter) kosong'];
  if (answer.length > MAX_ANSWER_CHARS) return [`jawaban ${answer.length} karakter, maksimal ${MAX_ANSWER_CHARS}`];
  return [];
}

/** Indexes of questions that repeat an earlier one (compared case- and punctuation-insensitively). */
export function duplicateQuestionIndexes(questions: string[]): number[] {
  return questions.flatMap((q, i) => (questions.findIndex((other) => normalizeQuestion(other) === normalizeQuestion(q)) !== i ? [i] : []));
}

/** Checks that need every entry at once: unique ids, related ids that exist, questions not shared between entries. */
export function crossCheckEntries(files: { path: string; entry: KnowledgeEntry }[]): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map<string, string>();
  const questionOwner = new Map<string, string>();
  for (const { path, entry } of files) {
    const seen = byId.get(entry.id);
    if (seen) problems.push({ path, line: 2, message: `id "${entry.id}" sudah dipakai di ${seen}`, field: 'id' });
    else byId.set(entry.id, path);
  }
  for (const { path, entry } of files) {
    for (const rel of entry.related) {
      if (!byId.has(rel)) problems.push({ path, line: 1, message: `related: id "${rel}" tidak ada`, field: 'related' });
      if (rel === entry.id) problems.push({ path, line: 1, message: 'related: entri tidak boleh merujuk dirinya sendiri', field: 'related' });
    }
    for (const q of entry.questions) {
      const key = normalizeQuestion(q);
      const owner = questionOwner.get(key);
      if (owner && owner !== entry.id) problems.push({ path, line: 1, message: `pertanyaan "${q}" juga ada di entri ${owner}`, field: `questions.${entry.questions.indexOf(q)}` });
      else questionOwner.set(key, entry.id);
    }
  }
  return problems;
}

function normalizeQuestion(q: string): string {
  return q.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function fileStem(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.md$/, '');
}

function parentFolder(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

/** Finds the YAML node at a zod issue path, falling back to the nearest existing parent. */
function nodeAt(root: unknown, path: readonly PropertyKey[]): Node | undefined {
  let node = root as Node | undefined;
  for (const key of path) {
    if (!node) return undefined;
    if (isMap(node) || (node as { items?: unknown }).items) {
      const child = (node as unknown as { get(k: unknown, keep: true): Node | undefined }).get(key, true);
      if (!child) return node;
      node = child;
    } else if (isScalar(node)) {
      return node;
    }
  }
  return node;
}
