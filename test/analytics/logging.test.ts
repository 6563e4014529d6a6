import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createQueryLogWriter, type QueryLogWriter } from '../../src/analytics/writer.js';
import { webChannel } from '../../src/channels/web.js';
import { createCore, type Core } from '../../src/core/handle.js';
import { pseudonymousUserKey } from '../../src/core/pseudonym.js';
import type { Db } from '../../src/db/client.js';
import { feedback, queryLog } from '../../src/db/schema.js';
import type { KnowledgeSnapshot } from '../../src/kb/snapshot.js';
import { createApp } from '../../src/server.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { realKnowledgeSnapshot } from '../helpers/knowledge.js';
import { memoryLogger } from '../helpers/logger.js';
import { startTestNetra } from '../helpers/netra.js';
import { databaseDump } from './records.js';

const SECRET = 'logging-test-secret-0123456789';

describe.each(TEST_DRIVERS)('query logging through the web chat (%s)', (driver) => {
  let database: TestDatabase;
  let db: Db;
  let writer: QueryLogWriter;
  let core: Core;
  let app: Hono;
  let knowledge: KnowledgeSnapshot;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    db = database.database.db;
    const logs = memoryLogger();
    writer = createQueryLogWriter({ db, spoolDir: mkdtempSync(join(tmpdir(), 'netra-spool-')), log: logs.log });
    writer.start();
    knowledge = await realKnowledgeSnapshot();
    core = createCore({ knowledge: () => knowledge, log: writer });
    app = createApp({ log: logs.log, readiness: [], routes: [webChannel({ core, userKeySecret: SECRET, log: logs.log, secureCookies: false })] });
  });
  afterAll(async () => {
    await writer.stop();
    await database.cleanup();
  });

  const ask = (visitor: string, body: unknown) =>
    app.request('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `netra_visitor=${visitor}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('logs every handled message exactly once, and nothing for rejected requests', async () => {
    const visitor = randomUUID();
    const entryId = [...knowledge.entries.keys()][0]!;
    const handled: unknown[] = [
      { text: 'bolehkah asn like postingan calon bupati di instagram?' },
      { text: 'kapan gaji ke-13 PNS tahun ini cair?' },
      { text: 'asn boleh jadi saksi?' },
      { text: '/start' },
      { text: '/topik media-sosial' },
      { text: '/perintahaneh' },
      { text: 'halo min' },
      { text: '' },
      { text: '🙏🙏🙏' },
      { text: 'a\u0000b boleh kampanye?' },
      { text: `boleh ikut kampanye ${'panjang '.repeat(600)}` },
      { entryId },
      { entryId: 'entri-yang-tidak-ada' },
    ];
    const replies: { queryId: string; kind: string; status: string; entry: { id: string } | null }[] = [];
    for (const body of handled) {
      const res = await ask(visitor, body);
      expect(res.status).toBe(200);
      replies.push((await res.json()) as (typeof replies)[number]);
    }
    const queryIds = replies.map((r) => r.queryId);
    // Rejected before the core: not handled, so not logged.
    expect((await ask(visitor, '{"text": ')).status).toBe(400);
    expect((await ask(visitor, { text: 'x'.repeat(70 * 1024) })).status).toBe(413);
    expect((await ask(visitor, { nothing: true })).status).toBe(400);

    await writer.flush();
    const rows = await db.select().from(queryLog);
    expect(rows).toHaveLength(handled.length);
    expect(rows.map((r) => r.id).sort()).toEqual([...queryIds].sort());
    expect(new Set(queryIds).size).toBe(handled.length);

    // Each row records what the user was told.
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const reply of replies) {
      const row = byId.get(reply.queryId)!;
      expect(row).toMatchObject({ channel: 'web', chatType: 'private' });
      if (reply.kind === 'answer') expect(row).toMatchObject({ status: 'answered', entryId: reply.entry!.id });
      else expect(row.entryId).toBeNull();
      if (reply.kind === 'clarify' || reply.kind === 'fallback') expect(row.status).toBe(reply.kind);
      if (reply.kind === 'topics') expect(row.status).toBe('command');
    }
    const row = (i: number) => byId.get(queryIds[i]!)!;
    expect(row(0).normalized).not.toBe('');
    expect(row(3)).toMatchObject({ status: 'command', text: '/start' });
    expect(row(6).status).toBe('command');
    expect(row(7)).toMatchObject({ status: 'fallback', text: '' });
    expect(row(9).text).toBe('ab boleh kampanye?');
    expect(row(10).text!.length).toBeLessThanOrEqual(1000);
    expect(row(11)).toMatchObject({ status: 'answered', entryId, score: 1 });
    expect(row(12)).toMatchObject({ status: 'fallback', entryId: null });
    for (const row of rows) {
      expect(row.knowledgeVersion).toBe(knowledge.version);
      expect(row.userKey).toBe(pseudonymousUserKey(SECRET, 'web', visitor));
    }
  });

  it('links a 👍/👎 to the query it rates', async () => {
    const visitor = randomUUID();
    const answer = (await (await ask(visitor, { text: 'bolehkah asn like postingan calon?' })).json()) as { queryId: string; feedbackToken: string; entry: { id: string } };
    const res = await app.request('/api/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `netra_visitor=${visitor}` },
      body: JSON.stringify({ queryId: answer.queryId, feedbackToken: answer.feedbackToken, rating: 'down', entryId: answer.entry.id }),
    });
    expect(res.status).toBe(200);
    await writer.flush();
    const [query] = await db.select().from(queryLog).where(eq(queryLog.id, answer.queryId));
    const ratings = (await db.select().from(feedback)).filter((f) => f.queryId === answer.queryId);
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ queryId: query!.id, entryId: answer.entry.id, rating: -1, channel: 'web', userKey: query!.userKey });
  });

  it('never lets a raw platform user id, visitor id or phone number reach the database', async () => {
    const visitor = randomUUID();
    await ask(visitor, { text: 'nomor saya 0812 3456 7890, boleh asn kampanye?' });
    // Telegram and WhatsApp adapters hand the core pseudonymous keys; the typed text is redacted on the way in.
    const telegramId = 918273645;
    const whatsappJid = '6281398765432@s.whatsapp.net';
    core.handle({ channel: 'telegram', userKey: pseudonymousUserKey(SECRET, 'telegram', telegramId), chatType: 'group', text: 'wa saya +62 813-9876-5432' });
    core.handle({ channel: 'whatsapp', userKey: pseudonymousUserKey(SECRET, 'whatsapp', whatsappJid), chatType: 'private', text: 'email saya asn.jujur@kemen.go.id' });
    await writer.flush();

    const dump = await databaseDump(db);
    expect(dump).toContain('[nomor]');
    for (const secretValue of [visitor, String(telegramId), '6281398765432', '81398765432', '0812 3456 7890', '081234567890', 'asn.jujur@kemen.go.id']) {
      expect(dump).not.toContain(secretValue);
    }
  });
});

describe('the assembled server', () => {
  it('logs what its web chat handles through the writer main wires in, and flushes it on stop', async () => {
    const { netra, post } = await startTestNetra();
    try {
      const ids: string[] = [];
      for (const text of ['bolehkah asn like postingan calon?', '/start', 'halo']) {
        ids.push(((await (await post('/api/ask', { text })).json()) as { queryId: string }).queryId);
      }
      await vi.waitFor(async () => {
        const rows = await netra.database.db.select({ id: queryLog.id }).from(queryLog);
        expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
      });
    } finally {
      await netra.stop();
    }
  });
});
