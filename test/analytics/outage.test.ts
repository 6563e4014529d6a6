import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createQueryLogWriter, type QueryLogWriter } from '../../src/analytics/writer.js';
import { webChannel } from '../../src/channels/web.js';
import { createCore } from '../../src/core/handle.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { queryLog } from '../../src/db/schema.js';
import { createApp } from '../../src/server.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { realKnowledgeSnapshot } from '../helpers/knowledge.js';
import { memoryLogger } from '../helpers/logger.js';
import { TcpProxy } from './tcp-proxy.js';

const QUESTIONS = [
  'bolehkah asn like postingan calon bupati?',
  'asn boleh jadi saksi paslon?',
  'kapan gaji ke-13 cair?',
  '/start',
  'boleh foto dengan caleg?',
  'halo',
];

describe.skipIf(!process.env.TEST_DATABASE_URL)('query log during a database outage (Postgres behind a TCP proxy)', () => {
  let testDb: TestDatabase;
  let proxy: TcpProxy;
  let netraDb: Database;
  let writer: QueryLogWriter;
  let spoolDir: string;
  const logs = memoryLogger();

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres');
    const direct = new URL(testDb.url!);
    proxy = new TcpProxy(direct.hostname, Number(direct.port || 5432));
    const port = await proxy.start();
    const viaProxy = new URL(testDb.url!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(port);
    netraDb = await openDatabase({ kind: 'postgres', url: viaProxy.toString(), maxConnections: 4 });
    spoolDir = mkdtempSync(join(tmpdir(), 'netra-outage-spool-'));
    writer = createQueryLogWriter({
      db: netraDb.db,
      spoolDir,
      log: logs.log,
      flushIntervalMs: 20,
      batchSize: 25,
      maxBufferRows: 40,
      spoolAfterMs: 100,
      retryInitialMs: 20,
      retryMaxMs: 200,
    });
    writer.start();
  });

  afterAll(async () => {
    await writer?.stop();
    await netraDb?.close();
    await proxy?.close();
    await testDb?.cleanup();
  });

  it('keeps replying while the connection is cut, and afterwards holds every query exactly once', async () => {
    const knowledge = await realKnowledgeSnapshot();
    const core = createCore({ knowledge: () => knowledge, log: writer });
    const app = createApp({ log: logs.log, readiness: [], routes: [webChannel({ core, userKeySecret: 'outage-test-secret-0123456789', log: logs.log, secureCookies: false })] });

    const queryIds: string[] = [];
    const statuses: number[] = [];
    let sawOutage = false;
    let stop = false;
    const traffic = (async () => {
      for (let i = 0; !stop; i++) {
        const res = await app.request('/api/ask', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: `netra_visitor=${randomUUID()}` },
          body: JSON.stringify({ text: QUESTIONS[i % QUESTIONS.length] }),
        });
        statuses.push(res.status);
        queryIds.push(((await res.json()) as { queryId: string }).queryId);
        if (!writer.stats().databaseReachable) sawOutage = true;
        // Yield to timers and sockets between requests, as a real server would.
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const untilReplies = (n: number) => vi.waitFor(() => expect(queryIds.length).toBeGreaterThanOrEqual(n), { timeout: 60_000, interval: 5 });

    await untilReplies(100);
    await vi.waitFor(() => expect(writer.stats().written).toBeGreaterThan(0), { timeout: 10_000 });
    const connectionsBefore = proxy.connections;

    // Mid-traffic: every connection to Postgres is dropped and new ones are refused.
    await proxy.cut();
    const atCut = queryIds.length;
    await untilReplies(atCut + 300);
    await vi.waitFor(() => expect(writer.stats().spooled).toBeGreaterThan(0), { timeout: 30_000 });
    await untilReplies(queryIds.length + 100);
    expect(readdirSync(spoolDir).some((f) => f.startsWith('querylog-'))).toBe(true);

    await proxy.restore();
    await untilReplies(queryIds.length + 100);
    stop = true;
    await traffic;

    // Replies never stopped: every request got a reply with its own query id.
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(new Set(queryIds).size).toBe(queryIds.length);
    expect(sawOutage).toBe(true);

    // The writer catches up by itself (memory first, then the spool), without being told to.
    await vi.waitFor(
      () => {
        const stats = writer.stats();
        expect(stats.pending).toBe(0);
        expect(stats.spoolPending).toBe(false);
        expect(stats.databaseReachable).toBe(true);
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(proxy.connections).toBeGreaterThan(connectionsBefore);
    expect(readdirSync(spoolDir)).toEqual([]);

    // Checked over a direct connection, not through the proxy.
    const rows = await testDb.database.db.select({ id: queryLog.id }).from(queryLog);
    expect(rows).toHaveLength(queryIds.length);
    expect(rows.map((r) => r.id).sort()).toEqual([...queryIds].sort());

    const text = logs.text();
    expect(text).toMatch(/database write failed; retrying/);
    expect(text).toMatch(/spooling rows to disk/);
    expect(text).toMatch(/replayed spool segment/);
    // Log lines describe the failure, never the questions or the query parameters.
    expect(text).not.toContain('bolehkah asn like postingan');
    expect(text).not.toContain('params:');
  });
});
