import { afterEach, describe, expect, it, vi } from 'vitest';
import { eraseOldTexts, startRetentionJob } from '../../src/analytics/retention.js';
import { summaryReport, topicsReport, unansweredReport } from '../../src/analytics/reports.js';
import { queryLog } from '../../src/db/schema.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { memoryLogger } from '../helpers/logger.js';
import { queryRecord } from './records.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-11-30T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

const opened: TestDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.cleanup();
});

describe.each(TEST_DRIVERS)('retention (%s)', (driver) => {
  it('erases the texts of old questions and keeps every row, so counts survive', async () => {
    const database = await openTestDatabase(driver);
    opened.push(database);
    const db = database.database.db;
    const old = Array.from({ length: 12 }, (_, i) =>
      queryRecord({ createdAt: daysAgo(200 + i), status: i % 2 ? 'answered' : 'fallback', entryId: i % 2 ? 'medsos-like' : null, text: `lama ${i}`, normalized: `lama ${i}` }),
    );
    const recent = Array.from({ length: 3 }, (_, i) => queryRecord({ createdAt: daysAgo(10 + i), text: `baru ${i}`, normalized: `baru ${i}` }));
    await db.insert(queryLog).values([...old, ...recent]);
    const period = { from: daysAgo(400), to: NOW };
    const before = { summary: await summaryReport(db, period), topics: await topicsReport(db, period) };

    const erased = await eraseOldTexts(db, daysAgo(180));
    expect(erased).toBe(12);

    const rows = await db.select().from(queryLog);
    expect(rows).toHaveLength(15);
    for (const row of rows) {
      const isOld = row.createdAt < daysAgo(180);
      expect(row.text === null && row.normalized === null).toBe(isOld);
      expect(row.status).toBeTruthy();
    }
    // The reports count the same questions; only the texts are gone.
    expect(await summaryReport(db, period)).toEqual(before.summary);
    expect(await topicsReport(db, period)).toEqual(before.topics);
    const unanswered = await unansweredReport(db, period);
    expect(unanswered).toMatchObject({ total: 6, erased: 6, groups: [] });

    // Running again finds nothing left to erase.
    expect(await eraseOldTexts(db, daysAgo(180))).toBe(0);
  });
});

describe('retention job', () => {
  it('runs shortly after start and then on its interval, without blocking start-up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const database = await openTestDatabase('pglite');
    opened.push(database);
    const db = database.database.db;
    try {
      await db.insert(queryLog).values([queryRecord({ createdAt: daysAgo(181), text: 'lama' }), queryRecord({ createdAt: daysAgo(1), text: 'baru' })]);
      const logs = memoryLogger();
      const stop = startRetentionJob({ db, retentionDays: 180, log: logs.log, firstRunDelayMs: 1_000, intervalMs: DAY, now: () => NOW });
      expect(logs.lines).toHaveLength(0);

      await vi.advanceTimersByTimeAsync(1_000);
      await vi.waitFor(() => expect(logs.lines.some((l) => l.msg === 'retention: erased old question texts')).toBe(true));
      const texts = (await db.select({ text: queryLog.text }).from(queryLog)).map((r) => r.text).sort();
      expect(texts).toEqual(['baru', null]);

      await db.insert(queryLog).values(queryRecord({ createdAt: daysAgo(365), text: 'sangat lama' }));
      await vi.advanceTimersByTimeAsync(DAY);
      await vi.waitFor(async () => expect((await db.select({ text: queryLog.text }).from(queryLog)).filter((r) => r.text !== null)).toHaveLength(1));
      stop();
      expect(logs.lines.filter((l) => l.msg === 'retention: erased old question texts').map((l) => l.erased)).toEqual([1, 1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs a failure and keeps the service up when the database is gone', async () => {
    const database = await openTestDatabase('pglite');
    const logs = memoryLogger();
    await database.cleanup();
    const stop = startRetentionJob({ db: database.database.db, retentionDays: 180, log: logs.log, firstRunDelayMs: 0 });
    await vi.waitFor(() => expect(logs.lines.some((l) => l.msg === 'retention: could not erase old question texts')).toBe(true));
    stop();
  });
});
