import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function waitUntilReady(url: string, exit: Promise<unknown>): Promise<void> {
  let exited = false;
  void exit.then(() => (exited = true));
  for (let i = 0; i < 300 && !exited; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

describe('the server process', () => {
  it('starts on an empty data dir, refuses a second process on it, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'netra-proc-'));
    const port = await freePort();
    const first = startProcess({ DATA_DIR: dataDir, PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(url, first.exit);
      // The secret was generated and stored on first run, with a warning.
      expect(existsSync(join(dataDir, 'user-key-secret'))).toBe(true);
      expect(first.output()).toMatch(/USER_KEY_SECRET is not set/);

      const second = startProcess({ DATA_DIR: dataDir, PORT: String(await freePort()) });
      expect(await second.exit).toBe(1);
      expect(second.output()).toMatch(new RegExp(`in use by process ${first.child.pid}`));

      // Requests in flight when SIGTERM arrives still get their answers; ones it had not started yet are
      // refused (connection refused, or 503 with `Connection: close` on an open connection), never dropped.
      const inFlight = Array.from({ length: 20 }, () =>
        fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'boleh like postingan paslon?' }) }),
      );
      // Signal once the server is answering them, so some are surely in flight (a fixed pause races a busy machine).
      await Promise.race(inFlight);
      first.child.kill('SIGTERM');
      const statuses = await Promise.all(inFlight.map((p) => p.then((r) => r.status, () => 'refused')));
      expect(statuses.filter((s) => s !== 200 && s !== 503 && s !== 'refused')).toEqual([]);
      expect(statuses).toContain(200);
      expect(await first.exit).toBe(0);
      expect(first.output()).toMatch(/stopped/);
      expect(existsSync(join(dataDir, 'netra.lock'))).toBe(false);

      // The embedded database was closed cleanly: a new process opens it and knows the knowledge.
      const again = startProcess({ DATA_DIR: dataDir, PORT: String(port) });
      await waitUntilReady(url, again.exit);
      expect(again.output()).toMatch(/"unchanged":\d+/);
      again.child.kill('SIGINT');
      expect(await again.exit).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
    }
  }, 120_000);

  it('exits with a message naming the variable when the configuration is invalid', async () => {
    const proc = startProcess({ PORT: 'banyak' });
    expect(await proc.exit).toBe(1);
    expect(proc.output()).toMatch(/Invalid configuration:\n\s+PORT/);
  });
});
