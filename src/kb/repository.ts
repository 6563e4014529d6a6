import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { kbAudit, kbEntries, kbEntryVersions } from '../db/schema.js';
import type { KnowledgeFile } from './load.js';
import type { KnowledgeEntry } from './types.js';

export interface ImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Entries whose file changed but which an admin edited in the database since the last import. */
  keptDatabaseEdits: string[];
}

/** Same key on every replica: two processes importing at once take turns. */
const IMPORT_LOCK_KEY = 7_242_002;

/**
 * Imports knowledge files as new versions. Unchanged files (same content hash) write nothing, and an
 * entry edited in the database since its last import is never overwritten by a file.
 */
export async function importKnowledgeFiles(db: Db, files: KnowledgeFile[]): Promise<ImportResult> {
  const result: ImportResult = { created: [], updated: [], unchanged: [], keptDatabaseEdits: [] };
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
    const rows = await tx.select().from(kbEntries);
    const existing = new Map(rows.map((r) => [r.id, r]));
    for (const file of files) {
      const id = file.entry.id;
      const row = existing.get(id);
      if (row && row.importedFileHash === file.contentHash) {
        result.unchanged.push(id);
        continue;
      }
      if (row && row.importedVersion !== row.currentVersion) {
        result.keptDatabaseEdits.push(id);
        continue;
      }
      const version = (row?.currentVersion ?? 0) + 1;
      const author = `import:${file.path}`;
      await tx.insert(kbEntryVersions).values({ entryId: id, version, data: file.entry, sourceText: file.rawText, author });
      if (row) {
        await tx
          .update(kbEntries)
          .set({ currentVersion: version, importedVersion: version, importedFileHash: file.contentHash, updatedAt: new Date() })
          .where(eq(kbEntries.id, id));
      } else {
        await tx.insert(kbEntries).values({ id, currentVersion: version, importedVersion: version, importedFileHash: file.contentHash });
      }
      await tx.insert(kbAudit).values({ actor: author, action: row ? 'import-update' : 'import-create', entryId: id, detail: { version } });
      (row ? result.updated : result.created).push(id);
    }
  });
  return result;
}

export interface LiveEntry {
  entry: KnowledgeEntry;
  version: number;
  sourceText: string | null;
}

/** The live version of every entry that is not archived: what the bot answers with. */
export async function loadLiveEntries(db: Db): Promise<LiveEntry[]> {
  const rows = await db
    .select({ data: kbEntryVersions.data, version: kbEntryVersions.version, sourceText: kbEntryVersions.sourceText })
    .from(kbEntries)
    .innerJoin(kbEntryVersions, and(eq(kbEntryVersions.entryId, kbEntries.id), eq(kbEntryVersions.version, kbEntries.currentVersion)))
    .where(isNull(kbEntries.archivedAt))
    .orderBy(kbEntries.id);
  return rows.map((r) => ({ entry: withSourceKinds(r.data), version: r.version, sourceText: r.sourceText }));
}

/** Where an entry's file lives: `<category>/<id>.md`. */
export interface EntryFileRef {
  id: string;
  category: string;
}

/** Archived entries with the category of their last version: `kb export` removes their files. */
export async function loadArchivedEntries(db: Db): Promise<EntryFileRef[]> {
  const rows = await db
    .select({ id: kbEntries.id, data: kbEntryVersions.data })
    .from(kbEntries)
    .innerJoin(kbEntryVersions, and(eq(kbEntryVersions.entryId, kbEntries.id), eq(kbEntryVersions.version, kbEntries.currentVersion)))
    .where(isNotNull(kbEntries.archivedAt))
    .orderBy(kbEntries.id);
  return rows.map((r) => ({ id: r.id, category: r.data.category }));
}

/** Versions stored before sources had a kind keep showing them as before: under "Dasar hukum". */
function withSourceKinds(entry: KnowledgeEntry): KnowledgeEntry {
  return { ...entry, sources: entry.sources.map((s) => ({ ...s, kind: s.kind ?? 'regulation' })) };
}
