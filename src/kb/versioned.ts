import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../admin/audit.js';
import type { Role } from '../admin/types.js';
import type { Db } from '../db/client.js';
import { kbDocuments, kbDocumentVersions, kbEntries, kbEntryVersions, kbProposals } from '../db/schema.js';
import type { Checked, FieldProblem } from './entry-check.js';
import type { KnowledgeEntry } from './types.js';

/**
 * The editing workflow shared by entries, chat texts and categories: every save is a new version;
 * an admin's save publishes at once, an editor's becomes a proposal; a save based on a stale version
 * is a conflict naming who changed it and when. The head row is locked (SELECT … FOR UPDATE) for the
 * whole check-and-write, so two saves of the same version can never both win.
 */

/** Who saves: a console user or API token (see src/admin/types.ts). */
export interface Author {
  id: string;
  name: string;
  role: Role;
}

export type Executor = Pick<Db, 'select' | 'insert' | 'update' | 'execute'>;

export interface Head<T> {
  version: number;
  data: T;
  /** Who wrote the current version, and when. */
  author: string;
  at: Date;
}

export type SaveResult<T> =
  | { status: 'published'; target: string; version: number; value: T }
  | { status: 'proposed'; target: string; proposalId: string }
  | { status: 'conflict'; target: string; currentVersion: number; changedBy: string; changedAt: Date; message: string }
  | { status: 'invalid'; problems: FieldProblem[] }
  | { status: 'not-found'; target: string };

/** One versioned thing: an entry (`entry:<id>`), a chat text (`text:<name>`), or the category list (`categories`). */
export interface Target<T> {
  key: string;
  /** Locks the head row for the rest of the transaction; null when it does not exist yet. */
  lock(tx: Executor): Promise<Head<T> | null>;
  /** Writes version `version` and points the head at it (version 1 creates the head). */
  write(tx: Executor, version: number, data: T, author: string): Promise<void>;
  /** Validates against the live state, inside the same transaction. */
  check(tx: Executor, data: unknown): Promise<Checked<T>>;
}

export function conflictMessage(changedBy: string, changedAt: Date): string {
  return `Sudah diubah oleh ${changedBy} pada ${formatJakarta(changedAt)} sejak Anda mulai menyunting. Muat ulang untuk melihat perubahannya, lalu simpan lagi.`;
}

/** Times shown to admins are in WIB (Asia/Jakarta), the time zone the staff work in. */
export function formatJakarta(at: Date): string {
  return new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(at) + ' WIB';
}

/**
 * Saves `data` based on `baseVersion` (0: creating something new). Call inside a transaction.
 * Admins publish; editors (and anyone who is not an admin) propose.
 */
export async function saveVersioned<T>(tx: Executor, actor: Author, target: Target<T>, data: unknown, baseVersion: number): Promise<SaveResult<T>> {
  const checked = await target.check(tx, data);
  if (!checked.ok) return { status: 'invalid', problems: checked.problems };
  const head = await target.lock(tx);
  const stale = staleResult(target.key, head, baseVersion);
  if (stale) return stale;
  if (actor.role !== 'admin') {
    const proposalId = randomUUID();
    await tx.insert(kbProposals).values({
      id: proposalId,
      target: target.key,
      baseVersion,
      data: checked.value,
      authorId: actor.id,
      authorName: actor.name,
    });
    await recordAudit(tx, actor, { action: 'proposal.create', target: target.key, before: head?.data ?? null, after: { proposalId, baseVersion, data: checked.value } });
    return { status: 'proposed', target: target.key, proposalId };
  }
  return publishChecked(tx, actor, target, head, checked.value, actor.name, 'save');
}

/** Writes an already validated, not stale value as the next version, with its audit row. */
export async function publishChecked<T>(
  tx: Executor,
  actor: Author,
  target: Target<T>,
  head: Head<T> | null,
  value: T,
  author: string,
  verb: string,
): Promise<SaveResult<T>> {
  const version = (head?.version ?? 0) + 1;
  await target.write(tx, version, value, author);
  const kind = target.key.split(':')[0];
  await recordAudit(tx, actor, { action: `${kind}.${verb}`, target: target.key, before: head ? { version: head.version, data: head.data } : null, after: { version, data: value } });
  return { status: 'published', target: target.key, version, value };
}

export function staleResult<T>(key: string, head: Head<T> | null, baseVersion: number): SaveResult<T> | null {
  if (baseVersion === 0 && head) {
    return { status: 'conflict', target: key, currentVersion: head.version, changedBy: head.author, changedAt: head.at, message: `Sudah ada dengan nama ini (dibuat oleh ${head.author}). Pilih id lain.` };
  }
  if (baseVersion > 0 && !head) return { status: 'not-found', target: key };
  if (head && head.version !== baseVersion) {
    return { status: 'conflict', target: key, currentVersion: head.version, changedBy: head.author, changedAt: head.at, message: conflictMessage(head.author, head.at) };
  }
  return null;
}

// ── Targets ──────────────────────────────────────────────────────────────────────────────────────

export function entryTarget(id: string, check: (tx: Executor, data: unknown) => Promise<Checked<KnowledgeEntry>>): Target<KnowledgeEntry> {
  return {
    key: `entry:${id}`,
    async lock(tx) {
      await lockKey(tx, `entry:${id}`);
      const [row] = await tx
        .select({ version: kbEntries.currentVersion, data: kbEntryVersions.data, author: kbEntryVersions.author, at: kbEntryVersions.createdAt })
        .from(kbEntries)
        .innerJoin(kbEntryVersions, and(eq(kbEntryVersions.entryId, kbEntries.id), eq(kbEntryVersions.version, kbEntries.currentVersion)))
        .where(eq(kbEntries.id, id))
        .for('update', { of: kbEntries });
      return row ?? null;
    },
    async write(tx, version, data, author) {
      await tx.insert(kbEntryVersions).values({ entryId: id, version, data, author });
      if (version === 1) await tx.insert(kbEntries).values({ id, currentVersion: 1 });
      else await tx.update(kbEntries).set({ currentVersion: version, updatedAt: new Date() }).where(eq(kbEntries.id, id));
    },
    check,
  };
}

export function documentTarget<T>(key: string, check: (tx: Executor, data: unknown) => Promise<Checked<T>>): Target<T> {
  return {
    key,
    async lock(tx) {
      await lockKey(tx, key);
      const [row] = await tx
        .select({ version: kbDocuments.currentVersion, data: kbDocumentVersions.data, author: kbDocumentVersions.author, at: kbDocumentVersions.createdAt })
        .from(kbDocuments)
        .innerJoin(kbDocumentVersions, and(eq(kbDocumentVersions.key, kbDocuments.key), eq(kbDocumentVersions.version, kbDocuments.currentVersion)))
        .where(eq(kbDocuments.key, key))
        .for('update', { of: kbDocuments });
      return row ? { ...row, data: row.data as T } : null;
    },
    async write(tx, version, data, author) {
      await tx.insert(kbDocumentVersions).values({ key, version, data, author });
      if (version === 1) await tx.insert(kbDocuments).values({ key, currentVersion: 1 });
      else await tx.update(kbDocuments).set({ currentVersion: version, updatedAt: new Date() }).where(eq(kbDocuments.key, key));
    },
    check,
  };
}

/** Row locks cannot lock a row that does not exist yet: two creations of one id take turns on this instead. */
async function lockKey(tx: Executor, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** Live (not archived) entries other than `exceptId`: the context cross-checks run against. */
export async function liveEntriesExcept(tx: Executor, exceptId: string): Promise<KnowledgeEntry[]> {
  const rows = await tx
    .select({ data: kbEntryVersions.data })
    .from(kbEntries)
    .innerJoin(kbEntryVersions, and(eq(kbEntryVersions.entryId, kbEntries.id), eq(kbEntryVersions.version, kbEntries.currentVersion)))
    .where(isNull(kbEntries.archivedAt));
  return rows.map((r) => r.data).filter((e) => e.id !== exceptId);
}
