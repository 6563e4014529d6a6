import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN_FILE, readLocalAdmin } from '../../src/admin/auth/local-admin.js';
import { openDatabase } from '../../src/db/client.js';
import { auditLog } from '../../src/db/schema.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { KNOWLEDGE_DIR } from '../helpers/knowledge.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Generous bounds: this machine is shared and a cold `tsx` start can take many seconds. */
const COMMAND_TIMEOUT_MS = 120_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runAdmin(args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`admin ${args.join(' ')} did not finish in ${COMMAND_TIMEOUT_MS} ms`));
    }, COMMAND_TIMEOUT_MS);
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!;

async function auditRows(dataDir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await database.db.select().from(auditLog).orderBy(auditLog.id);
  } finally {
    await database.close();
  }
}

describe('npm run admin on a fresh data directory (no server)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'netra-admin-cli-'));
  const env = { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '3999' };

  it('creates the database, adds users (password from stdin, or a one-time link), tokens, and audits every action as cli', async () => {
    const password = 'sandi-dari-stdin-123';
    const first = await runAdmin(['user', 'add', '--email', 'Ani@Contoh.go.id', '--name', 'Ani', '--role', 'admin', '--password-stdin'], env, `${password}\n`);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Akun dibuat: Ani <ani@contoh.go.id> (Admin)');
    expect(first.stdout + first.stderr).not.toContain(password);

    const second = await runAdmin(['user', 'add', '--email', 'budi@contoh.go.id', '--name', 'Budi', '--role', 'editor'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(lastLine(second.stdout)).toMatch(/^http:\/\/127\.0\.0\.1:3999\/admin\/set-password\?token=[\w-]{43}$/);

    const token = await runAdmin(['token', 'create', '--name', 'ekspor laporan', '--role', 'reviewer'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(lastLine(token.stdout)).toMatch(/^netra_[\w-]{43}$/);

    const refused = await runAdmin(['user', 'role', 'tidak-ada@contoh.go.id', 'admin'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('tidak ditemukan');
    const usage = await runAdmin(['user', 'role', 'budi@contoh.go.id', 'raja'], env);
    expect(usage.code).toBe(2);

    const rows = await auditRows(dataDir);
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([
      ['user.create', 'cli'],
      ['user.create', 'cli'],
      ['token.create', 'cli'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(password);
    expect(existsSync(join(dataDir, 'netra.lock'))).toBe(false);
  }, 600_000);
});

describe('npm run admin while `npm start` holds the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'netra-admin-cli-held-'));
  const env = { DATA_DIR: dataDir };
  let server: ChildProcess;
  let serverOutput = '';

  beforeAll(async () => {
    server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_DIR, USER_KEY_SECRET: 'test-secret-0123456789abcdef', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => (serverOutput += String(d)));
    server.stderr!.on('data', (d) => (serverOutput += String(d)));
    const deadline = Date.now() + 240_000;
    while (!readLocalAdmin(dataDir)) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`server did not start:\n${serverOutput}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 300_000);
  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
  }, 60_000);

  it('publishes its address and a local token in a file only its owner can read', () => {
    expect(statSync(join(dataDir, LOCAL_ADMIN_FILE)).mode & 0o777).toBe(0o600);
  });

  it('goes through the server: the new account logs in on that server, changes are audited as cli, the lock stays with the server', async () => {
    const password = 'sandi-lewat-server-123';
    const add = await runAdmin(['user', 'add', '--email', 'dewi@contoh.go.id', '--name', 'Dewi', '--role', 'reviewer', '--password-stdin'], env, password);
    expect(add.code, add.stderr).toBe(0);
    const { url } = readLocalAdmin(dataDir)!;
    const login = await fetch(`${url}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: 'dewi@contoh.go.id', password }), redirect: 'manual' });
    expect(login.status).toBe(303);

    const link = await runAdmin(['user', 'add', '--email', 'eko@contoh.go.id', '--name', 'Eko', '--role', 'editor'], env);
    expect(link.code, link.stderr).toBe(0);
    expect(lastLine(link.stdout)).toMatch(new RegExp(`^${url.replace(/[.]/g, '\\.')}/admin/set-password\\?token=`));

    const token = await runAdmin(['token', 'create', '--name', 'skrip', '--role', 'editor'], env);
    expect(token.code, token.stderr).toBe(0);
    const id = /id ([0-9a-f-]{36})/.exec(token.stdout)![1]!;
    const revoke = await runAdmin(['token', 'revoke', id], env);
    expect(revoke.code, revoke.stderr).toBe(0);
    const disable = await runAdmin(['user', 'disable', 'dewi@contoh.go.id'], env);
    expect(disable.code, disable.stderr).toBe(0);
    const list = await runAdmin(['user', 'list'], env);
    expect(list.stdout).toMatch(/dewi@contoh\.go\.id\tDewi\tPeninjau \(pimpinan\)\tnonaktif/);
    expect(existsSync(join(dataDir, 'netra.lock'))).toBe(true);
    expect(serverOutput).not.toContain(password);

    // Stop the server; the CLI then opens the database itself and finds every change, audited as cli.
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
    expect(existsSync(join(dataDir, LOCAL_ADMIN_FILE))).toBe(false);
    const rows = (await auditRows(dataDir)).filter((r) => r.actorId === 'cli').map((r) => r.action);
    expect(rows).toEqual(['user.create', 'user.create', 'token.create', 'token.revoke', 'user.disable']);
  }, 900_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('npm run admin with DATABASE_URL', () => {
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = await openTestDatabase('postgres');
  });
  afterAll(() => pg.cleanup());

  it('works on Postgres directly (any number of processes may share it) and audits as cli', async () => {
    const env = { DATABASE_URL: pg.url! };
    const add = await runAdmin(['user', 'add', '--email', 'fajar@contoh.go.id', '--name', 'Fajar', '--role', 'editor', '--password-stdin'], env, 'sandi-postgres-123');
    expect(add.code, add.stderr).toBe(0);
    const role = await runAdmin(['user', 'role', 'fajar@contoh.go.id', 'reviewer'], env);
    expect(role.code, role.stderr).toBe(0);
    const rows = await pg.database.db.select().from(auditLog).orderBy(auditLog.id);
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([
      ['user.create', 'cli'],
      ['user.role', 'cli'],
    ]);
    expect(rows[1]!.before).toMatchObject({ role: 'editor' });
    expect(rows[1]!.after).toMatchObject({ role: 'reviewer' });
  }, 300_000);
});
