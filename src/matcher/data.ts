import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * The editable language data the matcher is built from (`knowledge/lexicon/`). Admins extend these
 * files without touching code; `knowledge/lexicon/README.md` documents each format.
 */
export interface MatcherData {
  /** Surface word or phrase (space-separated, lower-case) → the formal words it stands for. */
  slang: ReadonlyMap<string, readonly string[]>;
  /** Stem → canonical stem, applied after stemming so that inflected forms share one index term. */
  synonyms: ReadonlyMap<string, string>;
  /** Words that carry no meaning for matching. Verdict words (boleh, tidak, …) must not be here. */
  stopwords: ReadonlySet<string>;
  /** Root words the stemmer accepts as a result; a word listed here is never stemmed further. */
  roots: ReadonlySet<string>;
  /** Words that show a question is about elections or politics (first half of the domain signal). */
  electionWords: ReadonlySet<string>;
  /** Words that show a question is about a civil servant's conduct (second half of the domain signal). */
  conductWords: ReadonlySet<string>;
  thresholds: Thresholds;
}

export const thresholdsSchema = z.strictObject({
  /** Minimum score to answer a question that carries the domain signal (an election word and a conduct word). */
  answer: z.number().min(0).max(1),
  /** Minimum gap between the best and the second-best entry to answer without asking (runner-up in another category). */
  margin: z.number().min(0).max(1),
  /** The same gap when the runner-up is in the best entry's category (a neighbouring topic). */
  marginNeighbour: z.number().min(0).max(1),
  /** Minimum score to offer choices instead of falling back. */
  clarify: z.number().min(0).max(1),
  /** Answer threshold for questions without the full domain signal. */
  answerOffDomain: z.number().min(0).max(1),
  /** Clarify threshold for questions without the full domain signal. */
  clarifyOffDomain: z.number().min(0).max(1),
  /** A candidate is offered as a clarify suggestion when its score is at least this share of the best. */
  suggestionRatio: z.number().min(0).max(1),
  /**
   * Answer threshold (domain signal present) when the word ranker and the character view name the same
   * best entry and the runner-up carries the same verdict; absent: `answer`.
   */
  answerAgreed: z.number().min(0).max(1).optional(),
  /** The lead needed in that case; absent: `margin` / `marginNeighbour`. */
  marginAgreed: z.number().min(0).max(1).optional(),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;

export interface DataProblem {
  path: string;
  line: number;
  message: string;
}

export class MatcherDataError extends Error {
  constructor(readonly problems: DataProblem[]) {
    super(`data leksikon tidak valid:\n${problems.map((p) => `${p.path}:${p.line}: ${p.message}`).join('\n')}`);
    this.name = 'MatcherDataError';
  }
}

/** The files of `knowledge/lexicon/`, by role. */
export const LEXICON_FILES = {
  slang: 'slang.txt',
  synonyms: 'synonyms.txt',
  stopwords: 'stopwords.txt',
  roots: 'roots.txt',
  electionWords: 'election-words.txt',
  conductWords: 'conduct-words.txt',
  thresholds: 'thresholds.yaml',
} as const;

export type LexiconTexts = Record<keyof typeof LEXICON_FILES, string>;

/** Reads `<knowledgeDir>/lexicon/*`. The only I/O of the matcher. Throws MatcherDataError naming file and line. */
export async function loadMatcherData(knowledgeDir: string): Promise<MatcherData> {
  const dir = join(knowledgeDir, 'lexicon');
  const texts = {} as LexiconTexts;
  for (const [role, name] of Object.entries(LEXICON_FILES) as [keyof LexiconTexts, string][]) {
    texts[role] = await readFile(join(dir, name), 'utf8');
  }
  return parseMatcherData(texts, 'lexicon/');
}

/** Parses and validates the lexicon file contents. Pure. */
export function parseMatcherData(texts: LexiconTexts, pathPrefix = ''): MatcherData {
  const problems: DataProblem[] = [];
  const path = (role: keyof LexiconTexts) => pathPrefix + LEXICON_FILES[role];

  const slang = parseMapping(path('slang'), texts.slang, problems, { multiWordKeys: true });
  const synonymLines = parseMapping(path('synonyms'), texts.synonyms, problems, { multiWordKeys: false });
  const synonyms = new Map<string, string>();
  for (const [key, value] of synonymLines) {
    // parseMapping has already checked the single-word shape of synonym lines.
    synonyms.set(key, value[0] ?? key);
  }
  const stopwords = parseWordList(path('stopwords'), texts.stopwords, problems);
  const roots = parseWordList(path('roots'), texts.roots, problems);
  const electionWords = parseWordList(path('electionWords'), texts.electionWords, problems);
  const conductWords = parseWordList(path('conductWords'), texts.conductWords, problems);
  for (const [word, line] of stopwords) {
    for (const role of ['electionWords', 'conductWords'] as const) {
      const list = role === 'electionWords' ? electionWords : conductWords;
      if (list.has(word)) problems.push({ path: path('stopwords'), line, message: `"${word}" juga ada di ${LEXICON_FILES[role]}` });
    }
  }
  const thresholds = parseThresholds(path('thresholds'), texts.thresholds, problems);

  if (problems.length > 0 || !thresholds) throw new MatcherDataError(problems);
  return {
    slang,
    synonyms,
    stopwords: new Set(stopwords.keys()),
    roots: new Set(roots.keys()),
    electionWords: new Set(electionWords.keys()),
    conductWords: new Set(conductWords.keys()),
    thresholds,
  };
}

const WORD = /^[a-z0-9]+$/;
const wordSchema = z.string().regex(WORD, 'hanya huruf kecil dan angka');
const phraseSchema = z.string().regex(/^[a-z0-9]+( [a-z0-9]+)*$/, 'hanya huruf kecil, angka dan spasi');

/** Lines of the form `variant, variant = target words`; `#` starts a comment. */
function parseMapping(
  path: string,
  text: string,
  problems: DataProblem[],
  options: { multiWordKeys: boolean },
): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  const definedAt = new Map<string, number>();
  for (const { line, content } of contentLines(text)) {
    const report = (message: string) => problems.push({ path, line, message });
    const parts = content.split('=');
    if (parts.length !== 2) {
      report('baris harus berbentuk "varian, varian = kata baku"');
      continue;
    }
    const variants = (parts[0] ?? '').split(',').map((v) => v.trim().replace(/\s+/g, ' '));
    const target = (parts[1] ?? '').trim().split(/\s+/).filter((w) => w.length > 0);
    const keySchema = options.multiWordKeys ? phraseSchema : wordSchema;
    const bad = [
      ...variants.map((v) => [v, keySchema.safeParse(v)] as const),
      ...target.map((w) => [w, wordSchema.safeParse(w)] as const),
    ].filter(([, r]) => !r.success);
    for (const [value, result] of bad) report(`"${value}": ${result.error?.issues[0]?.message ?? 'tidak valid'}`);
    if (target.length === 0) report('ruas kanan "=" kosong');
    if (!options.multiWordKeys && target.length > 1) report('sinonim: ruas kanan harus satu kata');
    if (bad.length > 0 || target.length === 0 || (!options.multiWordKeys && target.length > 1)) continue;
    for (const variant of variants) {
      const earlier = definedAt.get(variant);
      if (earlier !== undefined) {
        report(`"${variant}" sudah didefinisikan di baris ${earlier}`);
        continue;
      }
      definedAt.set(variant, line);
      map.set(variant, target);
    }
  }
  return map;
}

/** Whitespace-separated words; `#` starts a comment. Returns word → line of first definition. */
function parseWordList(path: string, text: string, problems: DataProblem[]): Map<string, number> {
  const words = new Map<string, number>();
  for (const { line, content } of contentLines(text)) {
    for (const word of content.split(/[\s,]+/).filter((w) => w.length > 0)) {
      if (!WORD.test(word)) problems.push({ path, line, message: `"${word}": hanya huruf kecil dan angka` });
      else if (!words.has(word)) words.set(word, line);
    }
  }
  return words;
}

function parseThresholds(path: string, text: string, problems: DataProblem[]): Thresholds | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({ path, line: lineCounter.linePos(error.pos[0]).line, message: `YAML tidak valid: ${error.message.split('\n')[0]}` });
    }
    return null;
  }
  const result = thresholdsSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const key = issue.path[0];
    const lineOfKey = typeof key === 'string' ? text.split('\n').findIndex((l) => l.startsWith(`${key}:`)) + 1 : 0;
    problems.push({ path, line: lineOfKey > 0 ? lineOfKey : 1, message: `${issue.path.join('.') || 'thresholds'}: ${issue.message}` });
  }
  return null;
}

function contentLines(text: string): { line: number; content: string }[] {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ line: i + 1, content: raw.replace(/#.*$/, '').trim().toLowerCase() }))
    .filter((l) => l.content.length > 0);
}
