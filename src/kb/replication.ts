import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';

/** Postgres channel every Netra process listens on; a publish notifies it. */
export const KNOWLEDGE_CHANNEL = 'netra_knowledge';

/**
 * A cheap stamp of what is live: changes whenever an entry, chat text or the categories get a new
 * current version, or an entry is added, archived or restored. Compared every few seconds as the
 * safety net for a lost notification.
 */
export async function knowledgeStamp(db: Db): Promise<string> {
  const result = await db.execute(sql`
    select md5(
      coalesce((select string_agg(id || ':' || current_version || ':' || (archived_at is null), ',' order by id) from kb_entries), '') || '|' ||
      coalesce((select string_agg(key || ':' || current_version, ',' order by key) from kb_documents), '')
    ) as stamp`);
  return rowsOf<{ stamp: string }>(result)[0]?.stamp ?? '';
}

/** Tells the other processes on this database that the live knowledge changed. */
export async function notifyKnowledgeChanged(db: Db): Promise<void> {
  await db.execute(sql`select pg_notify(${KNOWLEDGE_CHANNEL}, '')`);
}

/**
 * Calls `onChange` on every notification. On Postgres, postgres.js keeps a dedicated connection for it
 * and re-listens after a reconnect (`onChange` runs then too: changes may have been missed meanwhile).
 * PGlite is one process, so there is nobody else to hear; listening there is harmless and cheap.
 */
export async function listenForKnowledge(database: Database, onChange: () => void): Promise<() => Promise<void>> {
  if (database.postgres) {
    const subscription = await database.postgres.listen(KNOWLEDGE_CHANNEL, () => onChange(), () => onChange());
    return () => subscription.unlisten();
  }
  if (database.pglite) return database.pglite.listen(KNOWLEDGE_CHANNEL, () => onChange());
  return async () => {};
}
