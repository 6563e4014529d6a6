import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR } from '../helpers/knowledge.js';
import { freePort, spawnTs, stopProcess, waitUntilReady, type Spawned } from './processes.js';

const NEW_PHRASING = 'pns ikut senam pagi yang diadakan tim sukses boleh?';
const TARGET = 'tim-sukses-relawan-konsultan';

/** `npm run kb -- …` as its own process, bounded: a hang fails the test instead of stalling it. */
async function kb(args: string[], env: Record<string, string>, ms = 180_000): Promise<{ code: number | null; out: string }> {
  const proc: Spawned = spawnTs('src/cli/kb.ts', args, env);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), ms);
  const code = await proc.exit;
  clearTimeout(timer);
  return { code, out: proc.output() };
}

function copyOfKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netra-knowledge-'));
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  return dir;
}

/** Every file under `dir` with its bytes, for byte-for-byte comparison. */
function snapshotOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (name.isFile()) files.set(join(name.parentPath, name.name).slice(dir.length), readFileSync(join(name.parentPath, name.name), 'latin1'));
  }
  return files;
}

describe('kb import / export (spawned processes, embedded database)', () => {
  it('on a fresh data directory: creates and migrates it, imports, and exports byte for byte', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'netra-kb-fresh-'));
    const env = { DATA_DIR: join(dataDir, 'never-started'), KNOWLEDGE_DIR };
    const imported = await kb(['import'], env);
    expect(imported.out).toMatch(/Baru: \d{2,}/);
    expect(imported.code).toBe(0);
    const out = copyOfKnowledge();
    const before = snapshotOf(out);
    const exported = await kb(['export', '--out', out], env);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/Ditulis: 0,/);
    expect(snapshotOf(out)).toEqual(before);
  }, 400_000);

  it('while a server holds the data directory: goes through the server; export follows a console edit, import still works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'netra-kb-held-'));
    const port = await freePort();
    const env = { DATA_DIR: dataDir, KNOWLEDGE_DIR };
    const server = spawnTs('src/main.ts', [], { ...env, PORT: String(port), ADMIN_TOKEN: 'kb-cli-test-admin-token-0123456789' });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(url, server, 240_000);
      const out = copyOfKnowledge();
      const before = snapshotOf(out);
      const unchanged = await kb(['export', '--out', out], env);
      expect(unchanged.code).toBe(0);
      expect(unchanged.out).toMatch(/Ditulis: 0,/);
      expect(snapshotOf(out)).toEqual(before);

      const added = await fetch(`${url}/api/admin/phrasings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer kb-cli-test-admin-token-0123456789' },
        body: JSON.stringify({ entryId: TARGET, text: NEW_PHRASING }),
      });
      expect(added.status).toBe(201);
      const changed = await kb(['export', '--out', out], env);
      expect(changed.out).toMatch(/Ditulis: 1,/);
      const after = snapshotOf(out);
      const differing = [...after.keys()].filter((k) => after.get(k) !== before.get(k));
      expect(differing).toHaveLength(1);
      expect(differing[0]).toMatch(new RegExp(`/${TARGET}\\.md$`));
      expect(after.get(differing[0]!)).toContain(NEW_PHRASING);

      // Importing the exported files changes nothing further (the edit came from the console).
      const imported = await kb(['import', '--dir', out], env);
      expect(imported.code).toBe(0);
      expect(imported.out).toMatch(/diperbarui: [01],/);
      expect(server.child.exitCode).toBeNull();
    } finally {
      await stopProcess(server);
    }
  }, 600_000);
});
