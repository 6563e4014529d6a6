import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryLogWriter, type QueryLogWriter } from '../../src/analytics/writer.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { feedback, queryLog } from '../../src/db/schema.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { memoryLogger } from '../helpers/logger.js';
import { feedbackRecord, queryRecord } from './records.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const spoolDir = () => mkdtempSync(join(tmpdir(), 'netra-spool-'));
const spoolFiles = (dir: string) => readdirSync(dir).sort();

async function loggedIds(db: Db): Promise<string[]> {
  return (await db.select({ id: queryLog.id }).from(queryLog)).map((r) => r.id).sort();
}

/** A database that is gone: an in-memory PGlite that was opened and closed again. */
async function closedDatabase(): Promise<Db> {
  const database = await openDatabase({ kind: 'memory' });
  await database.close();
  return database.db;
}

const opened: TestDatabase[] = [];
const writers: QueryLogWriter[] = [];
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.stop();
  for (const database of opened.splice(0)) await database.cleanup();
});

async function testDatabase(driver: 'pglite' | 'postgres'): Promise<Db> {
  const database = await openTestDatabase(driver);
  opened.push(database);
  return database.database.db;
}

function writerFor(db: Db, dir: string, options: Partial<Parameters<typeof createQueryLogWriter>[0]> = {}) {
  const logs = memoryLogger();
  const writer = createQueryLogWriter({ db, spoolDir: dir, log: logs.log, flushIntervalMs: 20, retryInitialMs: 20, retryMaxMs: 100, ...options });
  writers.push(writer);
  return { writer, logs };
}

describe.each(TEST_DRIVERS)('query log writer on %s', (driver) => {
  it('writes every enqueued query and rating exactly once, in batches', async () => {
    const db = await testDatabase(driver);
    const { writer } = writerFor(db, spoolDir(), { batchSize: 7 });
    const records = Array.from({ length: 50 }, (_, i) => queryRecord({ text: `pertanyaan ${i}` }));
    for (const record of records) writer.logQuery(record);
    const ratings = records.slice(0, 5).map((r) => feedbackRecord({ queryId: r.id, rating: 1 }));
    for (const rating of ratings) writer.logFeedback(rating);
    await writer.flush();

    expect(await loggedIds(db)).toEqual(records.map((r) => r.id).sort());
    const stored = await db.select().from(feedback);
    expect(stored.map((f) => f.queryId).sort()).toEqual(ratings.map((r) => r.queryId).sort());

    // The same ids again (a replay) change nothing.
    for (const record of records) writer.logQuery(record);
    await writer.flush();
    expect(await loggedIds(db)).toHaveLength(50);
    expect(writer.stats()).toMatchObject({ pending: 0, enqueued: 105, databaseReachable: true });
  });

  it('stores every field the reports need', async () => {
    const db = await testDatabase(driver);
    const { writer } = writerFor(db, spoolDir());
    const record = queryRecord({
      channel: 'telegram',
      chatType: 'group',
      status: 'clarify',
      entryId: null,
      score: 0.31,
      candidates: [
        { entryId: 'a', score: 0.31 },
        { entryId: 'b', score: 0.3 },
      ],
      latencyMs: 2.25,
      knowledgeVersion: 'abc123',
    });
    writer.logQuery(record);
    await writer.flush();
    const [row] = await db.select().from(queryLog);
    expect(row).toMatchObject({
      id: record.id,
      channel: 'telegram',
      chatType: 'group',
      userKey: 'user-a',
      text: record.text,
      normalized: record.normalized,
      status: 'clarify',
      entryId: null,
      candidates: record.candidates,
      latencyMs: 2.25,
      knowledgeVersion: 'abc123',
    });
    expect(row!.score).toBeCloseTo(0.31, 5);
    expect(row!.createdAt.toISOString()).toBe(record.createdAt.toISOString());
  });

  it('keeps phone numbers, id numbers and e-mail addresses users type out of the log', async () => {
    const db = await testDatabase(driver);
    const { writer } = writerFor(db, spoolDir());
    writer.logQuery(
      queryRecord({
        text: 'saya pns nip 198703152010011002, hubungi 0812-3456-7890 atau budi.santoso@example.go.id, boleh ikut kampanye? (UU 27/2022)',
        normalized: 'pns nip 198703152010011002 hubung 081234567890 budi.santoso@example.go.id boleh ikut kampanye',
      }),
    );
    await writer.flush();
    const [row] = await db.select({ text: queryLog.text, normalized: queryLog.normalized }).from(queryLog);
    expect(row!.text).toBe('saya pns nip [nomor], hubungi [nomor] atau [email], boleh ikut kampanye? (UU 27/2022)');
    expect(row!.normalized).toBe('pns nip [nomor] hubung [nomor] [email] boleh ikut kampanye');
  });

  it('sets aside a row the database rejects, and still writes the rest of its batch', async () => {
    const db = await testDatabase(driver);
    const dir = spoolDir();
    const { writer, logs } = writerFor(db, dir);
    const good = Array.from({ length: 9 }, () => queryRecord());
    const bad = queryRecord({ id: 'not-a-uuid' });
    for (const record of [...good.slice(0, 4), bad, ...good.slice(4)]) writer.logQuery(record);
    await writer.flush();

    expect(await loggedIds(db)).toEqual(good.map((r) => r.id).sort());
    expect(writer.stats().rejected).toBe(1);
    const rejected = spoolFiles(dir).filter((f) => f.startsWith('rejected-'));
    expect(rejected).toHaveLength(1);
    expect(readFileSync(join(dir, rejected[0]!), 'utf8')).toContain('not-a-uuid');
    // The log line says what happened without the question text.
    expect(logs.text()).toMatch(/database rejected a row/);
    expect(logs.text()).not.toContain(bad.text);
  });
});

describe('query log writer without a database', () => {
  it('accepts rows on the reply path without throwing or waiting while the database is gone', async () => {
    const { writer } = writerFor(await closedDatabase(), spoolDir());
    writer.start();
    for (let i = 0; i < 20; i++) expect(() => writer.logQuery(queryRecord())).not.toThrow();
    expect(writer.stats().enqueued).toBe(20);
    await expect(writer.flush()).rejects.toThrow();
    expect(writer.stats().databaseReachable).toBe(false);
  });

  it('moves rows beyond the memory buffer to the spool, and a later run replays them exactly once', async () => {
    const dir = spoolDir();
    const { writer: first, logs } = writerFor(await closedDatabase(), dir, { maxBufferRows: 10, spoolAfterMs: 60_000 });
    first.start();
    const records = Array.from({ length: 35 }, (_, i) => queryRecord({ text: `pertanyaan ${i}` }));
    for (const record of records) first.logQuery(record);
    await vi.waitFor(() => expect(first.stats().pending).toBeLessThanOrEqual(10), { timeout: 10_000 });
    expect(first.stats().spooled).toBeGreaterThanOrEqual(25);
    await first.stop();
    expect(first.stats()).toMatchObject({ pending: 0, spooled: 35 });
    expect(logs.text()).not.toContain('pertanyaan 1');

    // The next run, with the database back, replays the spool on start and removes it.
    const db = await testDatabase('pglite');
    const { writer: second } = writerFor(db, dir);
    second.start();
    await vi.waitFor(async () => expect(await loggedIds(db)).toHaveLength(35), { timeout: 10_000 });
    await vi.waitFor(() => expect(spoolFiles(dir)).toEqual([]), { timeout: 10_000 });
    expect(await loggedIds(db)).toEqual(records.map((r) => r.id).sort());
    expect(second.stats().replayed).toBe(35);
  });

  it('spools what is still in memory when it stops while the database is down', async () => {
    const dir = spoolDir();
    const { writer } = writerFor(await closedDatabase(), dir, { spoolAfterMs: 60_000 });
    writer.start();
    const records = Array.from({ length: 5 }, () => queryRecord());
    for (const record of records) writer.logQuery(record);
    writer.logFeedback(feedbackRecord({ queryId: records[0]!.id }));
    await writer.stop();
    const lines = spoolFiles(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'));
    expect(lines).toHaveLength(6);
    // A row that arrives after stop (a straggling request) still goes to disk.
    writer.logQuery(queryRecord());
    expect(spoolFiles(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))).toHaveLength(7);
  });

  it('writes what is buffered to the database on shutdown', async () => {
    const db = await testDatabase('pglite');
    const dir = spoolDir();
    const { writer } = writerFor(db, dir, { flushIntervalMs: 60_000 });
    writer.start();
    const records = Array.from({ length: 12 }, () => queryRecord());
    for (const record of records) writer.logQuery(record);
    await writer.stop();
    expect(await loggedIds(db)).toEqual(records.map((r) => r.id).sort());
    expect(spoolFiles(dir)).toEqual([]);
  });
});

describe('spool replay after a crash', () => {
  it('recovers every row a killed process had spooled, once, even when some were already inserted and the last line is torn', async () => {
    const dir = spoolDir();
    const count = 40;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/analytics/fixtures/crash-writer.ts', dir, String(count), 'postgres://postgres@127.0.0.1:1/none'],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let errors = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (errors += String(d)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await vi.waitFor(() => expect(output, errors).toContain('\n'), { timeout: 20_000, interval: 50 });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const { ids } = JSON.parse(output) as { ids: string[] };

    const segments = spoolFiles(dir);
    expect(segments.length).toBeGreaterThan(0);
    // The crash tore a line in half while appending.
    appendFileSync(join(dir, segments.at(-1)!), '{"v":1,"kind":"query","record":{"id":"');

    // Before the crash some rows had reached the database after all.
    const db = await testDatabase('pglite');
    await db.insert(queryLog).values(ids.slice(0, 10).map((id) => queryRecord({ id })));

    const { writer, logs } = writerFor(db, dir);
    writer.start();
    await vi.waitFor(() => expect(writer.stats().spoolPending).toBe(false), { timeout: 10_000 });
    expect(await loggedIds(db)).toEqual([...ids].sort());
    const [{ n }] = (await db.select({ n: sql<number>`count(distinct ${queryLog.id})`.mapWith(Number) }).from(queryLog)) as [{ n: number }];
    expect(n).toBe(count);
    // Segments whose lines were all read are gone; the torn one is kept aside, not replayed again.
    expect(spoolFiles(dir).every((f) => f.endsWith('.rejected.jsonl'))).toBe(true);
    expect(spoolFiles(dir)).toHaveLength(1);
    expect(logs.text()).toMatch(/unreadable lines/);
  });
});
