import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const METRICS_TOKEN = 'metrics-token-from-dotenv-0123';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the production build', () => {
  it('compiles to dist/ with its assets, and `node dist/main.js` starts, reads .env, answers and stops cleanly', async () => {
    await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: ROOT });
    for (const asset of ['main.js', 'channels/web-page.html', 'channels/web-assets/chat.js', 'channels/web-assets/chat.css', 'admin/assets/admin.css']) {
      expect(existsSync(join(ROOT, 'dist', asset)), asset).toBe(true);
    }

    // Started from another directory with only a .env there: every setting below comes from that file.
    const workDir = mkdtempSync(join(tmpdir(), 'netra-prod-'));
    const port = await freePort();
    writeFileSync(
      join(workDir, '.env'),
      [`PORT=${port}`, `DATA_DIR=${join(workDir, 'data')}`, `KNOWLEDGE_DIR=${join(ROOT, 'knowledge')}`, `METRICS_TOKEN=${METRICS_TOKEN}`, 'USER_KEY_SECRET=prod-build-test-secret-0123456789', 'LOG_LEVEL=info'].join('\n'),
    );
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd: workDir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      // Generous: a cold start (migrations, knowledge import) on a busy shared machine can take minutes.
      let healthy = false;
      for (const deadline = Date.now() + 300_000; Date.now() < deadline && !healthy && child.exitCode === null; ) {
        healthy = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
        if (!healthy) await new Promise((r) => setTimeout(r, 100));
      }
      expect(healthy, output).toBe(true);
      const asked = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'bolehkah asn like postingan calon?' }) });
      expect(await asked.json()).toMatchObject({ status: 'answered' });
      expect((await fetch(`${url}/assets/chat.js`)).status).toBe(200);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  }, 600_000);
});
