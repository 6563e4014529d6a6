import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FeedbackRecord, QueryLogRecord } from '../../src/analytics/types.js';
import type { Db } from '../../src/db/client.js';

/** A query-log record with sensible defaults; tests override what they are about. */
export function queryRecord(overrides: Partial<QueryLogRecord> = {}): QueryLogRecord {
  return {
    id: randomUUID(),
    createdAt: new Date('2026-11-10T03:00:00Z'),
    channel: 'web',
    chatType: 'private',
    userKey: 'user-a',
    text: 'bolehkah asn like postingan calon?',
    normalized: 'boleh asn like posting calon',
    status: 'answered',
    entryId: 'medsos-like-komentar-share',
    score: 0.9,
    candidates: [{ entryId: 'medsos-like-komentar-share', score: 0.9 }],
    latencyMs: 1.5,
    knowledgeVersion: 'test',
    ...overrides,
  };
}

export function feedbackRecord(overrides: Partial<FeedbackRecord> & { queryId: string }): FeedbackRecord {
  return {
    id: randomUUID(),
    createdAt: new Date('2026-11-10T03:01:00Z'),
    channel: 'web',
    userKey: 'user-a',
    entryId: null,
    rating: -1,
    ...overrides,
  };
}

/** Rows of a raw SQL query on either driver (postgres.js returns an array, PGlite `{ rows }`). */
export async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Every value of every column of every public table, as text: for "this never reaches the database" checks. */
export async function databaseDump(db: Db): Promise<string> {
  const tables = await rowsOf<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await rowsOf<{ row: string }>(db, sql`select t::text as row from ${sql.identifier(table_name)} t`);
    parts.push(...rows.map((r) => `${table_name}: ${r.row}`));
  }
  return parts.join('\n');
}
