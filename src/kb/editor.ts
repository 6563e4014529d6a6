import { and, count, desc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../admin/audit.js';
import type { Db } from '../db/client.js';
import { kbEntries, kbEntryVersions, kbProposals } from '../db/schema.js';
import { categoriesTarget, entryTargetFor, textTargetFor } from './targets.js';
import type { CategoryInfo } from './snapshot.js';
import type { KnowledgeEntry } from './types.js';
import { saveVersioned, type Author, type SaveResult } from './versioned.js';

export type { Author, SaveResult } from './versioned.js';
export type SaveEntryResult = SaveResult<KnowledgeEntry>;

/**
 * Saves a whole entry based on the version the author started from (`baseVersion`; 0 creates a new
 * entry). Validated with the `kb validate` rules, per field. An admin's save publishes a new version at
 * once; anyone else's becomes a pending proposal. A stale `baseVersion` is a conflict naming who changed
 * the entry and when; nothing is overwritten. Audited in the same transaction.
 *
 * The caller runs the publish hook (`AdminDeps.onPublished`) when the result is `published`.
 */
export async function saveEntry(db: Db, actor: Author, input: { entry: KnowledgeEntry; baseVersion: number }): Promise<SaveEntryResult> {
  const id = typeof input.entry?.id === 'string' ? input.entry.id : '';
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
    return { status: 'invalid', problems: [{ field: 'id', message: 'harus kebab-case (huruf kecil, angka, tanda -)' }] };
  }
  return db.transaction((tx) => saveVersioned(tx, actor, entryTargetFor(id), input.entry, input.baseVersion));
}

/** One-click revert: the content of `toVersion` saved as a new version (or proposed, for editors). */
export async function revertEntry(db: Db, actor: Author, input: { id: string; toVersion: number; baseVersion: number }): Promise<SaveEntryResult> {
  const old = await entryVersion(db, input.id, input.toVersion);
  if (!old) return { status: 'not-found', target: `entry:${input.id}` };
  return saveEntry(db, actor, { entry: old.entry, baseVersion: input.baseVersion });
}

export async function saveText(db: Db, actor: Author, input: { name: string; text: string; baseVersion: number }): Promise<SaveResult<{ text: string }>> {
  return db.transaction((tx) => saveVersioned(tx, actor, textTargetFor(input.name), { text: input.text }, input.baseVersion));
}

export async function saveCategories(db: Db, actor: Author, input: { categories: CategoryInfo[]; baseVersion: number }): Promise<SaveResult<CategoryInfo[]>> {
  return db.transaction((tx) => saveVersioned(tx, actor, categoriesTarget(), input.categories, input.baseVersion));
}

/** Archived entries stop answering and keep their history; unarchiving brings the same version back. Admins only. */
export async function setEntryArchived(db: Db, actor: Author, input: { id: string; archived: boolean }): Promise<'done' | 'not-found'> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(kbEntries).where(eq(kbEntries.id, input.id)).for('update');
    if (!row) return 'not-found';
    const archivedAt = input.archived ? (row.archivedAt ?? new Date()) : null;
    await tx.update(kbEntries).set({ archivedAt, updatedAt: new Date() }).where(eq(kbEntries.id, input.id));
    await recordAudit(tx, actor, {
      action: input.archived ? 'entry.archive' : 'entry.unarchive',
      target: `entry:${input.id}`,
      before: { archived: row.archivedAt !== null, version: row.currentVersion },
      after: { archived: input.archived, version: row.currentVersion },
    });
    return 'done';
  });
}

export interface EntryRecord {
  entry: KnowledgeEntry;
  version: number;
  /** Who wrote the current version, and when. */
  author: string;
  at: Date;
  archived: boolean;
  pendingProposals: number;
}

/** Every entry, archived ones included, with its current version and its pending proposal count. */
export async function listEntries(db: Db): Promise<EntryRecord[]> {
  const pending = db
    .select({ target: kbProposals.target, n: count().as('n') })
    .from(kbProposals)
    .where(eq(kbProposals.status, 'pending'))
    .groupBy(kbProposals.target)
    .as('pending');
  const rows = await db
    .select({
      entry: kbEntryVersions.data,
      version: kbEntries.currentVersion,
      author: kbEntryVersions.author,
      at: kbEntryVersions.createdAt,
      archivedAt: kbEntries.archivedAt,
      pending: pending.n,
    })
    .from(kbEntries)
    .innerJoin(kbEntryVersions, and(eq(kbEntryVersions.entryId, kbEntries.id), eq(kbEntryVersions.version, kbEntries.currentVersion)))
    .leftJoin(pending, eq(pending.target, sql`'entry:' || ${kbEntries.id}`))
    .orderBy(kbEntries.id);
  return rows.map((r) => ({ entry: r.entry, version: r.version, author: r.author, at: r.at, archived: r.archivedAt !== null, pendingProposals: Number(r.pending ?? 0) }));
}

export async function getEntry(db: Db, id: string): Promise<EntryRecord | null> {
  const [row] = await db
    .select({ entry: kbEntryVersions.data, version: kbEntries.currentVersion, author: kbEntryVersions.author, at: kbEntryVersions.createdAt, archivedAt: kbEntries.archivedAt })
    .from(kbEntries)
    .innerJoin(kbEntryVersions, and(eq(kbEntryVersions.entryId, kbEntries.id), eq(kbEntryVersions.version, kbEntries.currentVersion)))
    .where(eq(kbEntries.id, id));
  if (!row) return null;
  const [pending] = await db
    .select({ n: count() })
    .from(kbProposals)
    .where(and(eq(kbProposals.status, 'pending'), eq(kbProposals.target, `entry:${id}`)));
  return { entry: row.entry, version: row.version, author: row.author, at: row.at, archived: row.archivedAt !== null, pendingProposals: Number(pending?.n ?? 0) };
}

export interface VersionInfo {
  version: number;
  author: string;
  at: Date;
}

/** The versions of an entry, newest first. */
export async function entryHistory(db: Db, id: string): Promise<VersionInfo[]> {
  return db
    .select({ version: kbEntryVersions.version, author: kbEntryVersions.author, at: kbEntryVersions.createdAt })
    .from(kbEntryVersions)
    .where(eq(kbEntryVersions.entryId, id))
    .orderBy(desc(kbEntryVersions.version));
}

export async function entryVersion(db: Db, id: string, version: number): Promise<(VersionInfo & { entry: KnowledgeEntry }) | null> {
  const [row] = await db
    .select({ version: kbEntryVersions.version, author: kbEntryVersions.author, at: kbEntryVersions.createdAt, entry: kbEntryVersions.data })
    .from(kbEntryVersions)
    .where(and(eq(kbEntryVersions.entryId, id), eq(kbEntryVersions.version, version)));
  return row ?? null;
}
