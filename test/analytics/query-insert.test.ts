import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { insertQueryRecords, rebuildRollups } from '../../src/analytics/query-insert.js';
import type { Db } from '../../src/db/client.js';
import { queryLog } from '../../src/db/schema.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { queryRecord, rowsOf } from './records.js';

const opened: TestDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.cleanup();
});

async function testDatabase(driver: 'pglite' | 'postgres'): Promise<Db> {
  const database = await openTestDatabase(driver);
  opened.push(database);
  return database.database.db;
}

interface Rollups {
  hourly: { hour: string; channel: string; status: string; low_confidence: boolean; count: number }[];
  daily: { day: string; channel: string; entry_id: string; count: number }[];
}

/** Both rollups as stored. */
async function rollup(db: Db): Promise<Rollups> {
  return {
    hourly: await rowsOf(
      db,
      sql`select to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24') as hour, channel, status, low_confidence, count
          from query_log_hourly order by 1, 2, 3, 4`,
    ),
    daily: await rowsOf(
      db,
      sql`select to_char(day at time zone 'UTC', 'YYYY-MM-DD"T"HH24') as day, channel, entry_id, count
          from query_log_entry_daily order by 1, 2, 3`,
    ),
  };
}

/** The same groupings counted from the rows themselves: what the rollups must always equal. */
async function rawCounts(db: Db): Promise<Rollups> {
  return {
    hourly: await rowsOf(
      db,
      sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24') as hour, channel, status,
                 status = 'answered' and score < 0.5 as low_confidence, count(*)::int as count
          from query_log group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
    ),
    daily: await rowsOf(
      db,
      sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"00') as day, channel, entry_id, count(*)::int as count
          from query_log where status = 'answered' and entry_id is not null group by 1, 2, 3 order by 1, 2, 3`,
    ),
  };
}

const total = (rows: { count: number }[]) => rows.reduce((s, r) => s + r.count, 0);

/** A mix of hours, channels, statuses, entries and scores, with several rows per rollup bucket. */
function mixedRecords(n: number) {
  const statuses = ['answered', 'answered', 'clarify', 'fallback', 'command'] as const;
  const channels = ['telegram', 'whatsapp', 'web'] as const;
  return Array.from({ length: n }, (_, i) => {
    const status = statuses[i % statuses.length]!;
    return queryRecord({
      // Hours either side of midnight WIB (17:00 UTC) and of midnight UTC, minutes spread inside each hour.
      createdAt: new Date(Date.UTC(2026, 10, 3, 15 + (i % 11), (i * 7) % 60, i % 60, i % 1000)),
      channel: channels[i % channels.length]!,
      status,
      entryId: status === 'answered' ? (i % 3 === 0 ? 'medsos-like' : 'saksi-tps') : null,
      score: status === 'answered' ? (i % 4 === 0 ? 0.42 : 0.8) : 0.1,
      text: `pertanyaan ${i} dengan 'kutip', "ganda", \\ garis miring dan emoji 👍`,
      normalized: i % 10 === 0 ? '' : `pertanyaan ${i}`,
      candidates: i % 2 === 0 ? [{ entryId: 'medsos-like', score: 0.8 }] : [],
    });
  });
}

describe.each(TEST_DRIVERS)('query-log insert with its hourly rollup (%s)', (driver) => {
  it('stores every field as drizzle would, and the rollup equals the raw counts', async () => {
    const db = await testDatabase(driver);
    const records = mixedRecords(120);
    await insertQueryRecords(db, records.slice(0, 70));
    await insertQueryRecords(db, records.slice(70));

    const stored = await db.select().from(queryLog);
    expect(stored).toHaveLength(120);
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const record of records) expect(byId.get(record.id)).toEqual(record);

    const counted = await rollup(db);
    expect(counted).toEqual(await rawCounts(db));
    expect(total(counted.hourly)).toBe(120);
    expect(total(counted.daily)).toBe(48); // answered: 2 of every 5
    expect(new Set(counted.daily.map((r) => r.day)).size).toBe(2); // both sides of midnight UTC
    expect(counted.hourly.some((r) => r.low_confidence && r.status === 'answered')).toBe(true);
    expect(counted.hourly.every((r) => r.status === 'answered' || !r.low_confidence)).toBe(true);
  });

  it('never counts a replayed row twice, nor a row repeated inside one batch', async () => {
    const db = await testDatabase(driver);
    const records = mixedRecords(60);
    await insertQueryRecords(db, records);
    const once = await rollup(db);

    // The spool replays a whole batch whose insert had in fact succeeded.
    await insertQueryRecords(db, records);
    expect(await rollup(db)).toEqual(once);

    // A replayed batch mixing rows already stored, new rows, and a new row given twice.
    const fresh = mixedRecords(10);
    await insertQueryRecords(db, [...records.slice(0, 20), ...fresh, fresh[0]!, records[5]!]);
    const [logged] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from query_log`);
    expect(logged!.n).toBe(70);
    expect(await rollup(db)).toEqual(await rawCounts(db));
    expect(total((await rollup(db)).hourly)).toBe(70);
  });

  it('adds nothing to the rollup when the batch is rejected', async () => {
    const db = await testDatabase(driver);
    await insertQueryRecords(db, mixedRecords(5));
    const before = await rollup(db);
    await expect(insertQueryRecords(db, [...mixedRecords(3), queryRecord({ id: 'not-a-uuid' })])).rejects.toThrow();
    expect(await rollup(db)).toEqual(before);
  });

  it('rebuilds the rollup from rows loaded without the writer', async () => {
    const db = await testDatabase(driver);
    await insertQueryRecords(db, mixedRecords(40));
    await db.insert(queryLog).values(mixedRecords(25)); // a bulk load that bypasses the rollup
    expect((await rollup(db)).hourly).not.toEqual((await rawCounts(db)).hourly);
    await rebuildRollups(db);
    expect(await rollup(db)).toEqual(await rawCounts(db));
  });
});
