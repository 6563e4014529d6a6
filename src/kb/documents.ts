import { and, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { kbDocuments, kbDocumentVersions } from '../db/schema.js';
import { recordAudit } from '../admin/audit.js';
import type { CategoryInfo } from './snapshot.js';
import type { ChatTexts } from './types.js';
import type { Executor } from './versioned.js';

/**
 * Chat texts (`text:<name>`) and the category list (`categories`) live in the database as versioned
 * documents, imported from `knowledge/texts/*.md` and `knowledge/categories.yaml` like entries are.
 */

export const CATEGORIES_KEY = 'categories';
/** Same key on every replica (the entries' import uses 7_242_002). */
const DOCUMENT_IMPORT_LOCK_KEY = 7_242_003;
export const textKey = (name: string) => `text:${name}`;

export interface DocumentFile {
  key: string;
  data: unknown;
  /** SHA-256 of the file: an unchanged file writes nothing. */
  contentHash: string;
  path: string;
}

export interface DocumentImportResult {
  written: string[];
  unchanged: string[];
  /** Changed in the file, but edited in the console since the last import: the console's version stays. */
  keptDatabaseEdits: string[];
}

/** Imports texts and categories from files as new versions, with the same rules as `importKnowledgeFiles`. */
export async function importDocuments(db: Db, files: DocumentFile[]): Promise<DocumentImportResult> {
  const result: DocumentImportResult = { written: [], unchanged: [], keptDatabaseEdits: [] };
  await db.transaction(async (tx) => {
    // `for update` cannot lock rows that do not exist yet: replicas starting together take turns instead.
    await tx.execute(sql`select pg_advisory_xact_lock(${DOCUMENT_IMPORT_LOCK_KEY})`);
    const rows = await tx.select().from(kbDocuments).for('update');
    const existing = new Map(rows.map((r) => [r.key, r]));
    for (const file of files) {
      const row = existing.get(file.key);
      if (row && row.importedFileHash === file.contentHash) {
        result.unchanged.push(file.key);
        continue;
      }
      if (row && row.importedVersion !== row.currentVersion) {
        result.keptDatabaseEdits.push(file.key);
        continue;
      }
      const version = (row?.currentVersion ?? 0) + 1;
      const author = `import:${file.path}`;
      await tx.insert(kbDocumentVersions).values({ key: file.key, version, data: file.data, author });
      const head = { currentVersion: version, importedVersion: version, importedFileHash: file.contentHash, updatedAt: new Date() };
      await tx.insert(kbDocuments).values({ key: file.key, ...head }).onConflictDoUpdate({ target: kbDocuments.key, set: head });
      await recordAudit(tx, { id: 'import', name: author }, { action: row ? 'document.import-update' : 'document.import-create', target: file.key, after: { version } });
      result.written.push(file.key);
    }
  });
  return result;
}

export interface DocumentHead<T> {
  key: string;
  version: number;
  data: T;
  author: string;
  at: Date;
}

async function liveDocuments(db: Executor, where: ReturnType<typeof eq>): Promise<DocumentHead<unknown>[]> {
  const rows = await db
    .select({ key: kbDocuments.key, version: kbDocuments.currentVersion, data: kbDocumentVersions.data, author: kbDocumentVersions.author, at: kbDocumentVersions.createdAt })
    .from(kbDocuments)
    .innerJoin(kbDocumentVersions, and(eq(kbDocumentVersions.key, kbDocuments.key), eq(kbDocumentVersions.version, kbDocuments.currentVersion)))
    .where(where)
    .orderBy(kbDocuments.key);
  return rows;
}

/** The live chat texts, with their versions (for the texts page). */
export async function liveTextHeads(db: Executor): Promise<DocumentHead<string>[]> {
  const rows = await liveDocuments(db, like(kbDocuments.key, 'text:%'));
  return rows.map((r) => ({ ...r, key: r.key.slice('text:'.length), data: (r.data as { text: string }).text }));
}

/** One stored version of a document. */
export interface DocumentVersion {
  version: number;
  data: unknown;
  author: string;
  at: Date;
}

/** The newest `perKey` versions of each document, plus the one before them (what the oldest shown changed), newest first. */
export async function documentVersions(db: Executor, keys: string[], perKey: number): Promise<Map<string, DocumentVersion[]>> {
  const byKey = new Map<string, DocumentVersion[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return byKey;
  const rows = await db
    .select({ key: kbDocumentVersions.key, version: kbDocumentVersions.version, data: kbDocumentVersions.data, author: kbDocumentVersions.author, at: kbDocumentVersions.createdAt })
    .from(kbDocumentVersions)
    .innerJoin(kbDocuments, eq(kbDocuments.key, kbDocumentVersions.key))
    // Versions of a document are numbered 1, 2, … with no gaps: the newest perKey + 1 start here.
    .where(and(inArray(kbDocumentVersions.key, keys), sql`${kbDocumentVersions.version} > ${kbDocuments.currentVersion} - ${perKey + 1}`))
    .orderBy(kbDocumentVersions.key, desc(kbDocumentVersions.version));
  for (const { key, ...version } of rows) byKey.get(key)?.push(version);
  return byKey;
}

export async function liveTexts(db: Executor): Promise<ChatTexts> {
  return Object.fromEntries((await liveTextHeads(db)).map((h) => [h.key, h.data]));
}

export async function liveCategoriesHead(db: Executor): Promise<DocumentHead<CategoryInfo[]> | null> {
  const [row] = await liveDocuments(db, eq(kbDocuments.key, CATEGORIES_KEY));
  return row ? { ...row, data: row.data as CategoryInfo[] } : null;
}

export async function liveCategories(db: Executor): Promise<CategoryInfo[]> {
  return (await liveCategoriesHead(db))?.data ?? [];
}
