import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueryLogWriter, type QueryLogWriter } from '../../src/analytics/writer.js';
import { webChannel, type AskResponse } from '../../src/channels/web.js';
import { FEEDBACK_NOT_ASKER_TEXT, FEEDBACK_THANKS_TEXT, takeTurn, rateByReaction } from '../../src/channels/whatsapp/conversation.js';
import { createNumberedContextStore } from '../../src/channels/whatsapp/numbered-context.js';
import { createCore, type Core } from '../../src/core/handle.js';
import type { Db } from '../../src/db/client.js';
import { feedback } from '../../src/db/schema.js';
import { createApp } from '../../src/server.js';
import { feedbackRecord, queryRecord } from '../analytics/records.js';
import { FAKE_BOT } from '../channels/telegram/fake-bot-api.js';
import { buttonsOf, startTelegramHarness, type TelegramHarness } from '../channels/telegram/harness.js';
import { callbackUpdate, GROUP_CHAT, groupTextUpdate, OTHER_PERSON, PERSON } from '../channels/telegram/fixtures.js';
import { createRateLimiter } from '../../src/channels/telegram/rate-limit.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { realKnowledgeSnapshot } from '../helpers/knowledge.js';
import { memoryLogger } from '../helpers/logger.js';

const QUESTION = 'bolehkah asn like postingan calon bupati di instagram?';

describe.each(TEST_DRIVERS)('feedback integrity: one rating per query per person, only by the asker (%s)', (driver) => {
  let database: TestDatabase;
  let db: Db;
  let writer: QueryLogWriter;
  let core: Core;
  let app: Hono;
  const logs = memoryLogger();

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    db = database.database.db;
    writer = createQueryLogWriter({ db, spoolDir: mkdtempSync(join(tmpdir(), 'netra-spool-')), log: logs.log });
    writer.start();
    const knowledge = await realKnowledgeSnapshot();
    core = createCore({ knowledge: () => knowledge, log: writer, feedbackSecret: 'feedback-test-secret-0123456789' });
    app = createApp({ log: logs.log, readiness: [], routes: [webChannel({ core, userKeySecret: 'feedback-test-secret-0123456789', log: logs.log, secureCookies: false })] });
  });
  afterAll(async () => {
    await writer.stop();
    await database.cleanup();
  });

  const post = (path: string, visitor: string, body: unknown) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `netra_visitor=${visitor}` }, body: JSON.stringify(body) });
  const ratingsOf = (queryId: string) => db.select().from(feedback).where(eq(feedback.queryId, queryId));

  it('web: 500 ratings of one answer by its asker leave one row, the last rating', async () => {
    const asker = randomUUID();
    const answer = (await (await post('/api/ask', asker, { text: QUESTION })).json()) as AskResponse;
    expect(answer.status).toBe('answered');
    expect(answer.feedbackToken).toMatch(/^[\w-]{8}$/);
    for (let i = 0; i < 500; i += 1) {
      const res = await post('/api/feedback', asker, { queryId: answer.queryId, feedbackToken: answer.feedbackToken, rating: i % 2 === 0 ? 'up' : 'down' });
      expect(res.status).toBe(200);
      // Spread over several writer batches, so replacing works across batches as well as within one.
      if (i % 100 === 99) await writer.flush();
    }
    await writer.flush();
    const rows = await ratingsOf(answer.queryId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rating).toBe(-1);
  });

  it('web: another visitor cannot rate someone else\'s answer, even with its token; a missing token is refused', async () => {
    const answer = (await (await post('/api/ask', randomUUID(), { text: QUESTION })).json()) as AskResponse;
    const stranger = randomUUID();
    const stolen = await post('/api/feedback', stranger, { queryId: answer.queryId, feedbackToken: answer.feedbackToken, rating: 'down' });
    expect(stolen.status).toBe(403);
    expect(await stolen.json()).toMatchObject({ error: 'not_asker', message: 'Hanya penanya yang dapat menilai jawaban ini.' });
    expect((await post('/api/feedback', stranger, { queryId: answer.queryId, rating: 'down' })).status).toBe(400);
    await writer.flush();
    expect(await ratingsOf(answer.queryId)).toEqual([]);
  });

  it('the database keeps the newest rating when an older one is replayed later (spool replay order)', async () => {
    const query = queryRecord();
    writer.logQuery(query);
    const newer = feedbackRecord({ queryId: query.id, rating: 1, createdAt: new Date('2026-11-10T03:05:00Z') });
    const older = feedbackRecord({ queryId: query.id, rating: -1, createdAt: new Date('2026-11-10T03:01:00Z') });
    writer.logFeedback(newer);
    await writer.flush();
    writer.logFeedback(older);
    await writer.flush();
    expect((await ratingsOf(query.id)).map((r) => [r.id, r.rating])).toEqual([[newer.id, 1]]);
  });

  it('WhatsApp: in a group only the asker\'s 👍/👎 counts, and a second one replaces the first', async () => {
    const contexts = createNumberedContextStore(db);
    const deps = { core, contexts, log: logs.log };
    const chatKey = `group-${randomUUID()}`;
    const asked = await takeTurn(deps, { userKey: 'wa-asker', chatKey, chatType: 'group', text: QUESTION });
    expect(asked.kind === 'reply' && asked.reply.kind).toBe('answer');
    const queryId = asked.kind === 'reply' ? asked.reply.queryId : '';

    expect(await takeTurn(deps, { userKey: 'wa-other', chatKey, chatType: 'group', text: '👍' })).toEqual({ kind: 'thanks', text: FEEDBACK_NOT_ASKER_TEXT });
    expect(await rateByReaction(deps, { userKey: 'wa-other', chatKey }, '👎')).toBe(false);
    expect(await takeTurn(deps, { userKey: 'wa-asker', chatKey, chatType: 'group', text: '👍' })).toEqual({ kind: 'thanks', text: FEEDBACK_THANKS_TEXT });
    expect(await rateByReaction(deps, { userKey: 'wa-asker', chatKey }, '👎')).toBe(true);
    await writer.flush();
    expect((await ratingsOf(queryId)).map((r) => [r.userKey, r.rating])).toEqual([['wa-asker', -1]]);
  });
});

describe('feedback integrity on Telegram (pglite)', () => {
  let database: TestDatabase;
  let h: TelegramHarness;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    h = await startTelegramHarness({ database: database.database, knowledge: await realKnowledgeSnapshot(), rateLimiter: createRateLimiter({ limit: 1_000, windowMs: 60_000 }) });
  });
  afterAll(async () => {
    await h?.stop();
    await database?.cleanup();
  });

  it('in a group, another member pressing 👍 on the asker\'s answer is refused; the asker\'s press counts once', async () => {
    await h.post(groupTextUpdate(`@${FAKE_BOT.username} ${QUESTION}`));
    const sent = h.fake.callsTo('sendMessage').at(-1)!.payload;
    const up = buttonsOf(sent).find((b) => b.text.startsWith('👍'));
    expect(up).toBeDefined();
    const queryId = up!.data.split(':')[2]!;

    h.fake.reset();
    await h.post(callbackUpdate(up!.data, { from: { ...OTHER_PERSON, last_name: '' }, chat: GROUP_CHAT }));
    expect(h.fake.replies()[0]!.payload).toMatchObject({ text: 'Hanya penanya yang dapat menilai jawaban ini.' });
    await h.post(callbackUpdate(up!.data, { from: PERSON, chat: GROUP_CHAT }));
    await h.post(callbackUpdate(up!.data, { from: PERSON, chat: GROUP_CHAT }));
    await h.writer.flush();
    const rows = await database.database.db.select().from(feedback).where(eq(feedback.queryId, queryId));
    expect(rows).toHaveLength(1);
  });
});
