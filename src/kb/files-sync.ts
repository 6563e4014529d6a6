import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'yaml';
import type { Db } from '../db/client.js';
import { importDocuments, liveCategories, liveTexts } from './documents.js';
import { exportEntries } from './export.js';
import { loadKnowledgeDir, type LoadedKnowledge } from './load.js';
import { importKnowledgeFiles, loadArchivedEntries, loadLiveEntries, type EntryFileRef, type LiveEntry } from './repository.js';
import { documentFiles } from './service.js';
import type { CategoryInfo } from './snapshot.js';
import type { ChatTexts } from './types.js';

/** Everything `kb export` writes: live entries (with the file text they were imported from), texts, categories. */
export interface KnowledgeBundle {
  entries: LiveEntry[];
  texts: ChatTexts;
  categories: CategoryInfo[];
  /** Entries archived in the console, whose files are removed (absent from a server older than this field). */
  archived?: EntryFileRef[];
}

export async function liveBundle(db: Db): Promise<KnowledgeBundle> {
  const [entries, texts, categories, archived] = await Promise.all([loadLiveEntries(db), liveTexts(db), liveCategories(db), loadArchivedEntries(db)]);
  return { entries, texts, categories, archived };
}

export interface WriteResult {
  written: string[];
  unchanged: string[];
  removed: string[];
}

/**
 * Writes the bundle under `dir`. A file whose content already says the same is left byte for byte as it
 * is (an imported entry keeps its source text; a text file its trailing newline; categories.yaml its
 * comments and layout); only what changed in the console is written.
 */
export async function writeBundle(bundle: KnowledgeBundle, dir: string): Promise<WriteResult> {
  const result = await exportEntries(bundle.entries, dir, bundle.archived ?? []);
  const put = async (path: string, same: (current: string) => boolean, text: string) => {
    const full = join(dir, path);
    const current = await readFile(full, 'utf8').catch(() => null);
    if (current !== null && same(current)) {
      result.unchanged.push(path);
      return;
    }
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
    result.written.push(path);
  };
  for (const [name, text] of Object.entries(bundle.texts).sort(([a], [b]) => a.localeCompare(b))) {
    // Texts are stored trimmed (as loadKnowledgeDir reads them).
    await put(`texts/${name}.md`, (current) => current.trim() === text, `${text}\n`);
  }
  if (bundle.categories.length > 0) {
    await put('categories.yaml', (current) => sameCategories(current, bundle.categories), stringify(bundle.categories));
  }
  return result;
}

function sameCategories(yaml: string, categories: CategoryInfo[]): boolean {
  try {
    return isDeepStrictEqual(parse(yaml), categories);
  } catch {
    return false;
  }
}

export interface ImportSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
  keptDatabaseEdits: string[];
  documentsWritten: string[];
}

/** Files → database, as at start-up: new versions for new or changed entries, texts and categories. */
export async function importLoaded(db: Db, loaded: LoadedKnowledge, dir: string): Promise<ImportSummary> {
  const entries = await importKnowledgeFiles(db, loaded.files);
  const documents = await importDocuments(db, await documentFiles(dir, loaded.texts));
  return { ...entries, keptDatabaseEdits: [...entries.keptDatabaseEdits, ...documents.keptDatabaseEdits], documentsWritten: documents.written };
}

export async function importDirectory(db: Db, dir: string): Promise<ImportSummary | { problems: string[] }> {
  const loaded = await loadKnowledgeDir(dir);
  if (loaded.problems.length > 0) return { problems: loaded.problems.map((p) => `${p.path}:${p.line}: ${p.message}`) };
  return importLoaded(db, loaded, dir);
}
