import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Spool } from '../../src/analytics/spool.js';
import { createQueryLogWriter, type QueryLogWriter } from '../../src/analytics/writer.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { queryLog } from '../../src/db/schema.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { memoryLogger } from '../helpers/logger.js';
import { queryRecord } from './records.js';
import { TcpProxy } from './tcp-proxy.js';

describe.skipIf(!process.env.TEST_DATABASE_URL)('query log while an insert hangs on a silent connection', () => {
  let testDb: TestDatabase;
  let proxy: TcpProxy;
  let database: Database;
  let writer: QueryLogWriter;

  afterAll(async () => {
    await writer?.stop();
    await proxy?.close();
    await database?.close().catch(() => undefined);
    await testDb?.cleanup();
  });

  it('puts the rows on disk while the insert is still hanging, and the database gets each row once afterwards', async () => {
    testDb = await openTestDatabase('postgres');
    const target = new URL(testDb.url!);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const url = new URL(testDb.url!);
    url.hostname = '127.0.0.1';
    url.port = String(await proxy.start());
    database = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 1 });
    const spoolDir = mkdtempSync(join(tmpdir(), 'netra-hanging-'));
    // An insert deadline far longer than the test: only the durability tick can save these rows in time.
    writer = createQueryLogWriter({ db: database.db, spoolDir, log: memoryLogger().log, flushIntervalMs: 20, spoolAfterMs: 100, durabilityTickMs: 20, insertTimeoutMs: 600_000 });
    writer.start();
    writer.logQuery(queryRecord());
    await vi.waitFor(() => expect(writer.stats().written).toBe(1), { timeout: 20_000 });

    proxy.silence();
    const records = Array.from({ length: 20 }, (_, i) => queryRecord({ text: `pertanyaan ${i}` }));
    for (const record of records) writer.logQuery(record);
    const spooledBefore = writer.stats().spooled; // the first row may have been spooled too, on a slow machine
    await vi.waitFor(() => expect(writer.stats().spooled).toBe(spooledBefore + 20), { timeout: 20_000 });
    // The insert has neither failed nor finished: the disk copy did not wait for it.
    expect(writer.stats()).toMatchObject({ failures: 0, written: 1, spoolPending: true });
    expect(new Spool(spoolDir).usage().spoolBytes).toBeGreaterThan(0);

    // The silent connection is dropped and the database comes back: the hung insert fails, the spool is replayed.
    await proxy.cut();
    await proxy.restore();
    await vi.waitFor(() => expect(writer.stats()).toMatchObject({ spoolPending: false, pending: 0 }), { timeout: 30_000 });
    const ids = (await testDb.database.db.select({ id: queryLog.id }).from(queryLog)).map((r) => r.id);
    expect(ids).toHaveLength(21);
    for (const record of records) expect(ids).toContain(record.id);
  }, 90_000);
});
