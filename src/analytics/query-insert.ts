/**
 * Inserting query-log rows and keeping their counts (`query_log_hourly`, `query_log_entry_daily`) in
 * the same statement.
 *
 * The rollup must stay exactly equal to `count(*) … group by hour` of the log, whatever the writer
 * replays: only the rows the insert really added (`on conflict (id) do nothing returning …`) are
 * counted, so a replayed row or a duplicate inside a batch is never counted twice, and a failed
 * statement adds neither the rows nor their counts.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { QueryLogRecord } from './types.js';

/** Answers scored below this are "low-confidence" (the unanswered report's default threshold). */
export const LOW_CONFIDENCE_BELOW = 0.5;

/**
 * The rollups' groupings of query-log rows from `source` (a relation with query_log's columns), added
 * to what is already counted. Buckets are UTC hours and days whatever the session's time zone. Sorted,
 * so two writers upserting the same buckets lock them in the same order and never deadlock.
 */
function addToHourly(source: SQL): SQL {
  return sql`insert into query_log_hourly (hour, channel, status, low_confidence, count)
    select date_trunc('hour', created_at, 'UTC'), channel, status, status = 'answered' and score < ${sql.raw(String(LOW_CONFIDENCE_BELOW))}, count(*)
    from ${source}
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict (hour, channel, status, low_confidence) do update set count = query_log_hourly.count + excluded.count`;
}

function addToEntryDaily(source: SQL): SQL {
  return sql`insert into query_log_entry_daily (day, channel, entry_id, count)
    select date_trunc('day', created_at, 'UTC'), channel, entry_id, count(*)
    from ${source}
    where status = 'answered' and entry_id is not null
    group by 1, 2, 3
    order by 1, 2, 3
    on conflict (day, channel, entry_id) do update set count = query_log_entry_daily.count + excluded.count`;
}

/**
 * Inserts query-log records (ids already in the table are skipped) and adds the new ones to both
 * rollups, in one statement. One array parameter per column, unnested by the server: the statement's
 * text is the same for every batch size, and building it costs nothing per row.
 */
export async function insertQueryRecords(db: Db, records: readonly QueryLogRecord[]): Promise<void> {
  if (records.length === 0) return;
  const column = (pick: (r: QueryLogRecord) => string | null) => sql.param(records.map(pick));
  await db.execute(sql`with inserted as (
    insert into query_log (id, created_at, channel, chat_type, user_key, text, normalized, status, entry_id, score, candidates, latency_ms, knowledge_version)
    select id::uuid, created_at::timestamptz, channel, chat_type, user_key, text, normalized, status, entry_id, score::real, candidates::jsonb, latency_ms::real, knowledge_version
    from unnest(
      ${column((r) => r.id)}::text[], ${column((r) => r.createdAt.toISOString())}::text[], ${column((r) => r.channel)}::text[],
      ${column((r) => r.chatType)}::text[], ${column((r) => r.userKey)}::text[], ${column((r) => r.text)}::text[],
      ${column((r) => r.normalized)}::text[], ${column((r) => r.status)}::text[], ${column((r) => r.entryId)}::text[],
      ${column((r) => String(r.score))}::text[], ${column((r) => JSON.stringify(r.candidates))}::text[],
      ${column((r) => String(r.latencyMs))}::text[], ${column((r) => r.knowledgeVersion)}::text[]
    ) as r(id, created_at, channel, chat_type, user_key, text, normalized, status, entry_id, score, candidates, latency_ms, knowledge_version)
    on conflict (id) do nothing
    returning created_at, channel, status, entry_id, score
  ),
  hourly as (${addToHourly(sql`inserted`)})
  ${addToEntryDaily(sql`inserted`)}`);
}

/**
 * Recounts both rollups from the log: after a bulk load that bypassed the writer (COPY), or to
 * repair them. Migration 0004, which created the tables, ran the same groupings once for the rows it found.
 */
export async function rebuildRollups(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    // Writers wait meanwhile, so no row is inserted between the recount and its commit without being counted.
    await tx.execute(sql`lock table query_log in share mode`);
    await tx.execute(sql`delete from query_log_hourly`);
    await tx.execute(sql`delete from query_log_entry_daily`);
    await tx.execute(addToHourly(sql`query_log`));
    await tx.execute(addToEntryDaily(sql`query_log`));
  });
}
