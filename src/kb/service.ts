import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { buildMatcher, loadMatcherData } from '../matcher/index.js';
import { loadCategories } from './categories.js';
import { formatProblem, loadKnowledgeDir } from './load.js';
import { importKnowledgeFiles, loadLiveEntries } from './repository.js';
import { buildSnapshot, type KnowledgeSnapshot } from './snapshot.js';
import type { KnowledgeEntry } from './types.js';

/** Builds snapshots from entries plus the file-based data (texts, categories, lexicon). */
export interface KnowledgeSources {
  snapshotFrom(entries: KnowledgeEntry[]): KnowledgeSnapshot;
}

/**
 * Start-up: imports new or changed knowledge files into the database, then builds the live snapshot
 * from the database (the live copy admins edit). Invalid files are logged and skipped, never fatal.
 */
export async function syncKnowledge(db: Db, dir: string, log: Logger): Promise<{ sources: KnowledgeSources; snapshot: KnowledgeSnapshot }> {
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
  const sources = await knowledgeSources(dir, loaded.texts);
  const live = await loadLiveEntries(db);
  const snapshot = sources.snapshotFrom(live.map((l) => l.entry));
  log.info({ entries: snapshot.entries.size, version: snapshot.version }, 'knowledge loaded');
  return { sources, snapshot };
}

/** Reads categories and matcher data once; the returned builder is pure. `texts` come from `loadKnowledgeDir`. */
export async function knowledgeSources(dir: string, texts: Record<string, string>): Promise<KnowledgeSources> {
  const [categories, matcherData] = await Promise.all([loadCategories(dir), loadMatcherData(dir)]);
  const build = (entries: KnowledgeEntry[]) => buildMatcher(entries, matcherData);
  return { snapshotFrom: (entries) => buildSnapshot({ entries, texts, categories, buildMatcher: build }) };
}
