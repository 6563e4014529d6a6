import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { freePort, spawnTs, stopProcess, waitUntilReady, type Spawned } from './processes.js';

const TOKEN = 'replica-test-admin-token-0123456789';
const NEW_PHRASING = 'pns ikut senam pagi yang diadakan tim sukses boleh?';
const TARGET = 'tim-sukses-relawan-konsultan';

/** Two Netra processes on one real Postgres database: a publish on one is live on the other within 2 s. */
describe.skipIf(!process.env.TEST_DATABASE_URL)('live publish across two processes (Postgres)', () => {
  let db: TestDatabase;
  const servers: { proc: Spawned; url: string }[] = [];
  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const proc = spawnTs('src/main.ts', [], {
        DATABASE_URL: db.url!,
        PORT: String(port),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'netra-replica-')),
        ADMIN_TOKEN: TOKEN,
      });
      servers.push({ proc, url: `http://127.0.0.1:${port}` });
    }
    await Promise.all(servers.map((s) => waitUntilReady(s.url, s.proc, 240_000)));
  }, 300_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => stopProcess(s.proc)));
    await db?.cleanup();
  }, 60_000);

  const ask = async (url: string) =>
    (await (
      await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: NEW_PHRASING }) })
    ).json()) as { status: string; entry: { id: string } | null };

  it('an edit made through one process is answered by the other within 2 seconds', async () => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    expect((await ask(b.url)).status).not.toBe('answered');
    const res = await fetch(`${a.url}/api/admin/phrasings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ entryId: TARGET, text: NEW_PHRASING }),
    });
    expect(res.status).toBe(201);
    // A answers once its own rebuild is in; B heard the notification when A's rebuild started.
    const deadline = Date.now() + 2000;
    let answer = await ask(b.url);
    while (answer.entry?.id !== TARGET && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      answer = await ask(b.url);
    }
    expect(answer).toMatchObject({ status: 'answered', entry: { id: TARGET } });
    expect(b.proc.output()).toMatch(/"reason":"notification"[^\n]*knowledge published: new snapshot live/);
  }, 120_000);
});
