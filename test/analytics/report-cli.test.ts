import { serve, type ServerType } from '@hono/node-server';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/admin/auth/authenticate.js';
import { LOCAL_ADMIN_FILE, newLocalAdminToken, publishLocalAdmin } from '../../src/admin/auth/local-admin.js';
import { reportRoutes } from '../../src/analytics/routes.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { queryLog, queryLogHourly } from '../../src/db/schema.js';
import { createApp } from '../../src/server.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { memoryLogger } from '../helpers/logger.js';
import { queryRecord } from './records.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARGS = ['--from', '2026-11-01', '--to', '2026-11-30'];

/** Three questions in November (Jakarta time), one in December. */
const ROWS = () => [
  queryRecord({ createdAt: new Date('2026-11-02T03:00:00Z') }),
  queryRecord({ createdAt: new Date('2026-11-03T03:00:00Z'), channel: 'telegram' }),
  queryRecord({ createdAt: new Date('2026-11-30T16:59:00Z'), status: 'fallback', entryId: null, text: 'cuti, "kampanye"\nsuami?' }),
  queryRecord({ createdAt: new Date('2026-12-01T03:00:00Z') }),
];

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A data directory with a migrated embedded database holding ROWS, closed again (lock released). */
async function seededDataDir(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'netra-report-cli-'));
  const database = await openDatabase({ kind: 'pglite', dataDir });
  await runMigrations(database);
  await database.db.insert(queryLog).values(ROWS());
  await database.close();
  return dataDir;
}

describe('npm run report', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await seededDataDir();
  });

  it('opens the embedded database itself when no server holds it, and prints one JSON object', async () => {
    const { code, stdout, stderr } = await runCli([...ARGS, '--format', 'json'], { DATA_DIR: dataDir });
    expect(code, stderr).toBe(0);
    const reports = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(reports)).toEqual(['summary', 'topics', 'unanswered', 'feedback', 'volume']);
    expect(reports.summary!.questions).toBe(3);
    expect(existsSync(join(dataDir, 'netra.lock'))).toBe(false);
  });

  it('rebuild-rollups recounts the rollups from rows that bypassed the writer', async () => {
    const own = await seededDataDir();
    const { code, stdout, stderr } = await runCli(['rebuild-rollups'], { DATA_DIR: own });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Rekap laporan dihitung ulang');
    const database = await openDatabase({ kind: 'pglite', dataDir: own });
    try {
      const hours = await database.db.select().from(queryLogHourly);
      expect(hours.reduce((sum, h) => sum + h.count, 0)).toBe(ROWS().length);
      expect(hours.find((h) => h.status === 'fallback')?.count).toBe(1);
    } finally {
      await database.close();
    }
    expect((await runCli(['rebuild-rollups', '--oops'], { DATA_DIR: own })).code).toBe(2);
  });

  it('filters by channel', async () => {
    const { code, stdout } = await runCli([...ARGS, '--format', 'json', '--channel', 'telegram'], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { summary: { questions: number; channel: string } }).summary).toMatchObject({ questions: 1, channel: 'telegram' });
  });

  it('prints readable tables by default', async () => {
    const { code, stdout } = await runCli(ARGS, { DATA_DIR: dataDir });
    expect(code).toBe(0);
    expect(stdout).toContain('== Ringkasan ==');
    expect(stdout).toMatch(/Jumlah pertanyaan \(semua pesan tercatat\)\s+3/);
    expect(stdout).toContain('== Jumlah pesan per hari dan kanal (Asia/Jakarta) ==');
  });

  it('writes one CSV file per report for spreadsheets', async () => {
    const out = mkdtempSync(join(tmpdir(), 'netra-report-out-'));
    const { code, stdout } = await runCli([...ARGS, '--format', 'csv', '--out', out], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(5);
    expect(stdout).toContain('Ditulis:');
    const unanswered = readFileSync(join(out, files.find((f) => f.includes('unanswered'))!), 'utf8');
    expect(unanswered.startsWith('\uFEFFPertanyaan (bentuk normal),')).toBe(true);
    expect(unanswered).toContain('"cuti, ""kampanye""\nsuami?"');
  });

  it('explains bad arguments in Indonesian and exits with 2', async () => {
    const bad = await runCli(['--from', '1 November'], { DATA_DIR: dataDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Tanggal awal "1 November" tidak valid/);
    expect(bad.stderr).toContain('Pemakaian: npm run report');
    const unknown = await runCli(['--bulan', '11'], { DATA_DIR: dataDir });
    expect(unknown.code).toBe(2);
  });

  it('creates and migrates the database on a fresh data directory (before the first npm start)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'netra-report-empty-'));
    const { code, stdout, stderr } = await runCli([...ARGS, '--format', 'json', '--report', 'summary'], { DATA_DIR: empty });
    expect(code, stderr).toBe(0);
    expect((JSON.parse(stdout) as { summary: { questions: number } }).summary.questions).toBe(0);
    expect(existsSync(join(empty, 'pglite'))).toBe(true);
    expect(existsSync(join(empty, 'netra.lock'))).toBe(false);
  }, 180_000);

  describe('while a server holds the embedded database', () => {
    let database: Database;
    let server: ServerType;
    let port: number;
    let heldDir: string;

    let unpublish: () => void;
    beforeAll(async () => {
      heldDir = await seededDataDir();
      // Like the running server: it holds the data-directory lock, serves the report route and publishes
      // its address with a local admin token in the data directory.
      database = await openDatabase({ kind: 'pglite', dataDir: heldDir });
      const log = memoryLogger().log;
      const localAdminToken = newLocalAdminToken();
      const app = createApp({ log, readiness: [], routes: [reportRoutes({ db: database.db, log, authenticate: authenticate({ db: database.db, log, localAdminToken }) })] });
      server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      port = (server.address() as AddressInfo).port;
      unpublish = publishLocalAdmin(heldDir, { url: `http://127.0.0.1:${port}`, token: localAdminToken, pid: process.pid });
    });
    afterAll(async () => {
      unpublish();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    });

    it('goes through the server with its local token instead of opening the data directory', async () => {
      const { code, stdout, stderr } = await runCli([...ARGS, '--format', 'json'], { DATA_DIR: heldDir });
      expect(code, stderr).toBe(0);
      expect((JSON.parse(stdout) as { summary: { questions: number } }).summary.questions).toBe(3);
      // The server's lock is untouched, and the server still works on its database.
      expect(existsSync(join(heldDir, 'netra.lock'))).toBe(true);
      expect(await database.ping()).toBe(true);
    });

    it('says what to do when the server refuses or does not answer', async () => {
      const file = join(heldDir, LOCAL_ADMIN_FILE);
      const published = readFileSync(file, 'utf8');
      try {
        writeFileSync(file, JSON.stringify({ ...JSON.parse(published), token: 'local_token-yang-salah' }));
        const refused = await runCli(ARGS, { DATA_DIR: heldDir });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/menolak permintaan \(HTTP 401\)/);
        writeFileSync(file, JSON.stringify({ ...JSON.parse(published), url: 'http://127.0.0.1:1' }));
        const silent = await runCli(ARGS, { DATA_DIR: heldDir });
        expect(silent.code).toBe(1);
        expect(silent.stderr).toMatch(/memegang basis data, tetapi tidak menjawab/);
      } finally {
        writeFileSync(file, published);
      }
    });
  });

  describe.skipIf(!process.env.TEST_DATABASE_URL)('with DATABASE_URL', () => {
    let pg: TestDatabase;
    beforeAll(async () => {
      pg = await openTestDatabase('postgres');
      await pg.database.db.insert(queryLog).values(ROWS());
    });
    afterAll(async () => {
      await pg.cleanup();
    });

    it('reads Postgres directly', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'netra-report-pg-'));
      const { code, stdout, stderr } = await runCli([...ARGS, '--format', 'json'], { DATABASE_URL: pg.url!, DATA_DIR: empty });
      expect(code, stderr).toBe(0);
      expect((JSON.parse(stdout) as { summary: { questions: number } }).summary.questions).toBe(3);
    });
  });
});
