import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeSnapshot } from '../../../src/kb/snapshot.js';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { realKnowledgeSnapshot } from '../../helpers/knowledge.js';
import { eventually, FakeBotApi } from './fake-bot-api.js';
import { callbackUpdate, PERSON, textUpdate } from './fixtures.js';
import { startTelegramHarness } from './harness.js';

describe('Telegram long polling', () => {
  let testDb: TestDatabase;
  let kb: KnowledgeSnapshot;
  beforeAll(async () => {
    testDb = await openTestDatabase('pglite');
    kb = await realKnowledgeSnapshot();
  });
  afterAll(async () => {
    await testDb?.cleanup();
  });

  it('fetches updates with getUpdates, answers them, and stops cleanly', async () => {
    const fake = await new FakeBotApi().start();
    const h = await startTelegramHarness({ database: testDb.database, knowledge: kb, mode: 'polling', fake });
    try {
      expect(h.channel.routes).toBeUndefined();
      h.fake.pushUpdate(textUpdate('ASN boleh jadi KPPS?'));
      h.fake.pushUpdate(callbackUpdate('e:hak-pilih-asn'));
      await eventually(() => h.fake.callsTo('sendMessage').length === 2, 'two replies');

      const getUpdates = h.fake.callsTo('getUpdates')[0]!.payload;
      expect(getUpdates).toMatchObject({ allowed_updates: ['message', 'edited_message', 'callback_query'], timeout: 30 });
      const [first, second] = h.fake.callsTo('sendMessage');
      expect(first!.payload).toMatchObject({ chat_id: PERSON.id, parse_mode: 'HTML' });
      expect(String(second!.payload.text)).toContain('✅ Boleh');
      expect(h.fake.callsTo('answerCallbackQuery')).toHaveLength(1);
      expect(await (await h.app.request('/readyz')).json()).toMatchObject({ checks: [{ name: 'telegram', ok: true, detail: { mode: 'polling' } }] });

      // The next getUpdates confirms the handled ones: Telegram would not deliver them again.
      await eventually(() => h.fake.callsTo('getUpdates').some((c) => Number(c.payload.offset) > 0), 'offset confirmed');
    } finally {
      await h.stop();
    }
    expect(await h.channel.readiness!.check()).toMatchObject({ ok: false });
    await fake.stop();
  });

  it('refuses to start polling while a webhook is registered, and says how to fix it', async () => {
    const fake = await new FakeBotApi().start();
    fake.webhook = { url: 'https://netra.example.go.id/webhooks/telegram' };
    try {
      await expect(startTelegramHarness({ database: testDb.database, knowledge: kb, mode: 'polling', fake })).rejects.toThrow(
        /npm run telegram -- delete-webhook/,
      );
      expect(fake.callsTo('getUpdates')).toEqual([]);
    } finally {
      await fake.stop();
    }
  });

  it('fails start-up with a clear message, without the token, when Telegram rejects the token', async () => {
    const fake = await new FakeBotApi().start();
    fake.failNext('getMe', { status: 401 });
    try {
      const error = await startTelegramHarness({ database: testDb.database, knowledge: kb, mode: 'polling', fake }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toBe('Telegram getMe failed: Unauthorized');
    } finally {
      await fake.stop();
    }
  });
});
