import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueDigests, startDigestScheduler, type DigestDeps } from '../../src/analytics/digest-scheduler.js';
import { dueDigestWeek, isoWeekKey, weekOf } from '../../src/analytics/digest.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { FakeBotApi } from '../channels/telegram/fake-bot-api.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { memoryLogger } from '../helpers/logger.js';
import { seedDashboard } from './dashboard-fixture.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = '123456:TEST-digest-token';
const CHATS = ['-1001234567890', '777000'];
/** 07.00 WIB on Monday 9 November 2026 is 00.00 UTC. */
const wib = (local: string) => new Date(`${local}+07:00`);

describe('which week a digest reports', () => {
  it('is last Monday–Sunday from Monday 07.00 WIB, for the rest of the week', () => {
    expect(dueDigestWeek(wib('2026-11-09T06:59:59'))).toBeNull();
    expect(dueDigestWeek(wib('2026-11-09T07:00:00'))).toEqual({ key: '2026-W45', firstDay: '2026-11-02', lastDay: '2026-11-08' });
    expect(dueDigestWeek(wib('2026-11-15T23:59:00'))?.key).toBe('2026-W45');
    expect(dueDigestWeek(wib('2026-11-16T07:00:00'))?.key).toBe('2026-W46');
  });

  it('names ISO weeks across the turn of the year', () => {
    expect(isoWeekKey('2026-12-28')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-03')).toBe('2026-W53');
    expect(isoWeekKey('2025-12-29')).toBe('2026-W01');
    expect(weekOf('2026-11-04')).toEqual({ key: '2026-W45', firstDay: '2026-11-02', lastDay: '2026-11-08' });
  });
});

describe.each(TEST_DRIVERS)('weekly digest across two replicas sharing one database (%s)', (driver) => {
  let database: TestDatabase;
  let second: Database;
  let bot: FakeBotApi;
  let clock = wib('2026-11-09T06:00:00');
  const replicas: DigestDeps[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    await seedDashboard(database.database.db);
    // On Postgres the second replica has its own connection pool; PGlite has one in-process database.
    second = database.url ? await openDatabase({ kind: 'postgres', url: database.url }) : database.database;
    bot = await new FakeBotApi().start();
    for (const db of [database.database.db, second.db]) {
      replicas.push({ db, api: new Api(TOKEN, { apiRoot: bot.url }), chatIds: CHATS, publicBaseUrl: 'https://netra.contoh.go.id', log: memoryLogger().log, now: () => clock });
    }
  }, 180_000);
  afterAll(async () => {
    await bot.stop();
    if (second !== database.database) await second.close();
    await database.cleanup();
  });

  const bothCheck = () => Promise.all(replicas.map((r) => sendDueDigests(r)));

  it('sends nothing before Monday 07.00 WIB', async () => {
    expect(await bothCheck()).toEqual([[], []]);
    expect(bot.callsTo('sendMessage')).toHaveLength(0);
  });

  it('sends last week’s digest once per chat when both replicas check at the same time', async () => {
    clock = wib('2026-11-09T07:00:00');
    const sent = await bothCheck();
    expect(sent.flat().sort()).toEqual([...CHATS].sort());
    const messages = bot.callsTo('sendMessage');
    expect(messages.map((m) => String(m.payload.chat_id)).sort()).toEqual([...CHATS].sort());
    const text = String(messages[0]!.payload.text);
    expect(text).toContain('Laporan mingguan Netra: 2 November 2026 s.d. 8 November 2026');
    expect(text).toContain('Pertanyaan: 8 (+300% dari minggu sebelumnya)');
    expect(text).toContain('1. Menyukai unggahan calon: 3');
    expect(text).toContain('(kelompok kecil, teks disembunyikan)');
    expect(text).not.toContain('suami');
    expect(text).toContain('Laporan lengkap: https://netra.contoh.go.id/admin/reports?from=2026-11-02&to=2026-11-08');

    clock = wib('2026-11-10T12:00:00');
    expect(await bothCheck()).toEqual([[], []]);
    expect(bot.callsTo('sendMessage')).toHaveLength(2);
  });

  it('retries a chat whose send failed, and a replica started on Monday 09.00 sends what is still due', async () => {
    clock = wib('2026-11-16T09:00:00');
    bot.failNext('sendMessage', { status: 500 });
    // One replica alone here: with both, the other may take over the failed chat in the same round.
    const first = await sendDueDigests(replicas[0]!);
    expect(first).toHaveLength(1);
    expect(bot.callsTo('sendMessage').filter((c) => c.status === 200)).toHaveLength(3);

    const stop = startDigestScheduler({ ...replicas[1]!, intervalMs: 60_000 });
    await stop();
    const delivered = bot.callsTo('sendMessage').filter((c) => c.status === 200);
    expect(delivered).toHaveLength(4);
    expect(delivered.slice(2).map((m) => String(m.payload.chat_id)).sort()).toEqual([...CHATS].sort());
    expect(String(delivered[3]!.payload.text)).toContain('9 November 2026 s.d. 15 November 2026');
  });
});

describe('npm run report -- digest --dry-run', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'netra-digest-cli-'));
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await runMigrations(database);
    await seedDashboard(database.db);
    await database.close();
  });

  it('prints the digest of the chosen week without sending it', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', 'digest', '--dry-run', '--week', '2026-11-04'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://netra.contoh.go.id' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += String(d)));
      child.stderr.on('data', (d) => (err += String(d)));
      child.on('exit', (exit) => resolve({ code: exit, stdout: out, stderr: err }));
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Laporan mingguan Netra: 2 November 2026 s.d. 8 November 2026');
    expect(stdout).toContain('Topik terbanyak:');
    expect(stdout).toContain('Laporan lengkap: https://netra.contoh.go.id/admin/reports?from=2026-11-02&to=2026-11-08');
  }, 60_000);

  it('refuses to run without --dry-run', async () => {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', 'digest'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir }, stdio: 'ignore' });
      child.on('exit', resolve);
    });
    expect(code).toBe(2);
  }, 60_000);
});
