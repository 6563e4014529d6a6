import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { crossCheckEntries, parseKnowledgeFile, type Problem } from './parse.js';
import type { ChatTexts, KnowledgeEntry } from './types.js';

/** Folders under `knowledge/` that hold data other than entries. */
const NON_ENTRY_FOLDERS = new Set(['texts', 'lexicon']);

export interface KnowledgeFile {
  /** Path relative to the knowledge directory, with forward slashes. */
  path: string;
  entry: KnowledgeEntry;
  rawText: string;
  /** SHA-256 of the file's bytes: an import only writes a new version when this changes. */
  contentHash: string;
}

export interface LoadedKnowledge {
  files: KnowledgeFile[];
  entries: KnowledgeEntry[];
  texts: ChatTexts;
  problems: Problem[];
}

export function hashContent(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads and validates every entry and chat text under `dir`. Invalid files are reported, never thrown. */
export async function loadKnowledgeDir(dir: string): Promise<LoadedKnowledge> {
  const files: KnowledgeFile[] = [];
  const problems: Problem[] = [];
  const texts: ChatTexts = {};

  for (const category of await listDirs(dir)) {
    const folder = join(dir, category);
    for (const name of (await readdir(folder)).filter((n) => n.endsWith('.md')).sort()) {
      const fullPath = join(folder, name);
      const raw = await readFile(fullPath, 'utf8');
      if (category === 'texts') {
        texts[name.replace(/\.md$/, '')] = raw.trim();
        continue;
      }
      if (NON_ENTRY_FOLDERS.has(category)) continue;
      const path = relative(dir, fullPath).split('\\').join('/');
      const parsed = parseKnowledgeFile(path, raw);
      problems.push(...parsed.problems);
      if (parsed.entry) files.push({ path, entry: parsed.entry, rawText: raw, contentHash: hashContent(raw) });
    }
  }
  problems.push(...crossCheckEntries(files));
  return { files, entries: files.map((f) => f.entry), texts, problems };
}

async function listDirs(dir: string): Promise<string[]> {
  const items = await readdir(dir, { withFileTypes: true });
  return items.filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
}

export function formatProblem(p: Problem): string {
  return `${p.path}:${p.line}: ${p.message}`;
}
