import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { buildMatcher, loadMatcherData } from '../matcher/index.js';
import { loadCategories } from './categories.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CATEGORIES_KEY, importDocuments, textKey, type DocumentFile } from './documents.js';
import { formatProblem, hashContent, loadKnowledgeDir } from './load.js';
import { type LiveKnowledge, loadLiveKnowledge } from './live.js';
import { importKnowledgeFiles } from './repository.js';
import { buildSnapshot, type KnowledgeSnapshot } from './snapshot.js';
import type { ChatTexts, KnowledgeEntry } from './types.js';

/** Builds snapshots from entries plus the file-based data (texts, categories, lexicon). */
export interface KnowledgeSources {
  snapshotFrom(entries: KnowledgeEntry[]): KnowledgeSnapshot;
}

/**
 * Start-up: imports new or changed knowledge files (entries, chat texts, categories) into the database,
 * then builds the live snapshot from the database (the live copy admins edit). Invalid files are
 * logged and skipped, never fatal; a file edited in the console since its last import keeps the console's version.
 */
export async function syncKnowledge(
  db: Db,
  dir: string,
  log: Logger,
): Promise<{ snapshot: KnowledgeSnapshot; snapshotFrom: (live: LiveKnowledge) => KnowledgeSnapshot }> {
  const loaded = await loadKnowledgeDir(dir);
  for (const problem of loaded.problems) log.warn({ problem: formatProblem(problem) }, 'invalid knowledge file skipped');
  const result = await importKnowledgeFiles(db, loaded.files);
  for (const id of result.keptDatabaseEdits) {
    log.warn({ entryId: id }, 'knowledge file changed, but the entry was edited in the database since its last import: kept the database version');
  }
  log.info(
    { created: result.created.length, updated: result.updated.length, unchanged: result.unchanged.length, keptDatabaseEdits: result.keptDatabaseEdits.length },
    'knowledge files imported',
  );
  const documents = await importDocuments(db, await documentFiles(dir, loaded.texts));
  for (const key of documents.keptDatabaseEdits) {
    log.warn({ key }, 'knowledge file changed, but it was edited in the console since its last import: kept the database version');
  }
  const snapshotFrom = await liveSnapshotBuilder(dir);
  const snapshot = snapshotFrom(await loadLiveKnowledge(db));
  log.info({ entries: snapshot.entries.size, version: snapshot.version }, 'knowledge loaded');
  return { snapshot, snapshotFrom };
}

/** Reads the matcher data (lexicon, still file-based) once; the returned builder is pure. */
export async function liveSnapshotBuilder(dir: string): Promise<(live: LiveKnowledge) => KnowledgeSnapshot> {
  const matcherData = await loadMatcherData(dir);
  return (live) => buildSnapshot({ ...live, buildMatcher: (entries) => buildMatcher(entries, matcherData) });
}

/** Chat texts and categories.yaml as importable documents. A category file that does not parse is logged by validate, not imported. */
export async function documentFiles(dir: string, texts: ChatTexts): Promise<DocumentFile[]> {
  const files: DocumentFile[] = Object.entries(texts).map(([name, text]) => ({ key: textKey(name), data: { text }, contentHash: hashContent(text), path: `texts/${name}.md` }));
  const raw = await readFile(join(dir, 'categories.yaml'), 'utf8').catch(() => null);
  if (raw !== null) files.push({ key: CATEGORIES_KEY, data: await loadCategories(dir), contentHash: hashContent(raw), path: 'categories.yaml' });
  return files;
}

/** Reads categories and matcher data once; the returned builder is pure. `texts` come from `loadKnowledgeDir`. */
export async function knowledgeSources(dir: string, texts: Record<string, string>): Promise<KnowledgeSources> {
  const [categories, matcherData] = await Promise.all([loadCategories(dir), loadMatcherData(dir)]);
  const build = (entries: KnowledgeEntry[]) => buildMatcher(entries, matcherData);
  return { snapshotFrom: (entries) => buildSnapshot({ entries, texts, categories, buildMatcher: build }) };
}
