import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createApp } from '../../src/server.js';
import { TcpProxy } from '../analytics/tcp-proxy.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { memoryLogger } from '../helpers/logger.js';

describe.skipIf(!process.env.TEST_DATABASE_URL)('/readyz while the database is silent', () => {
  let testDb: TestDatabase;
  let proxy: TcpProxy;
  let database: Database;

  afterAll(async () => {
    await proxy?.close();
    await database?.close().catch(() => undefined);
    await testDb?.cleanup();
  });

  it('answers 503 naming the check that did not answer in time, instead of hanging with the connection', async () => {
    testDb = await openTestDatabase('postgres');
    const target = new URL(testDb.url!);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const url = new URL(testDb.url!);
    url.hostname = '127.0.0.1';
    url.port = String(await proxy.start());
    database = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 1 });
    const app = createApp({ log: memoryLogger().log, readiness: [{ name: 'database', check: async () => ({ ok: await database.ping() }) }], routes: [] });
    expect((await app.request('/readyz')).status).toBe(200);

    proxy.silence();
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ok: boolean; checks: { name: string; ok: boolean; detail?: string }[] };
    expect(body.checks[0]).toMatchObject({ name: 'database', ok: false });
    expect(body.checks[0]!.detail).toMatch(/took longer than 800 ms/);
  }, 60_000);

  it('answers 503 with Connection: close to new requests while the server drains', async () => {
    let draining = false;
    const app = createApp({ log: memoryLogger().log, readiness: [], routes: [], isDraining: () => draining });
    expect((await app.request('/healthz')).status).toBe(200);
    draining = true;
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(res.headers.get('connection')).toBe('close');
  });
});
