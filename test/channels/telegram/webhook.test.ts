import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inboundKey } from '../../../src/channels/inbound-dedup.js';
import { createRateLimiter } from '../../../src/channels/telegram/rate-limit.js';
import { pseudonymousUserKey } from '../../../src/core/pseudonym.js';
import { feedback, inboundDedup, queryLog } from '../../../src/db/schema.js';
import type { KnowledgeSnapshot } from '../../../src/kb/snapshot.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../../helpers/database.js';
import { realKnowledgeSnapshot } from '../../helpers/knowledge.js';
import { FAKE_BOT } from './fake-bot-api.js';
import {
  callbackUpdate,
  channelPostUpdate,
  editedTextUpdate,
  GROUP_CHAT,
  groupTextUpdate,
  locationUpdate,
  newMembersUpdate,
  PERSON,
  photoUpdate,
  pollAnswerUpdate,
  stickerUpdate,
  textUpdate,
  voiceUpdate,
} from './fixtures.js';
import { BOT_TOKEN, buttonsOf, patchedKnowledgeSnapshot, startTelegramHarness, USER_KEY_SECRET, WEBHOOK_SECRET, type TelegramHarness } from './harness.js';

const LIKE_QUESTION = 'bolehkah asn like postingan calon bupati di instagram?';
const LIKE_ENTRY = 'medsos-like-komentar-share';
/** Put into the real entry so the test sees how user-visible text with HTML special characters is sent. */
const TRICKY_NOTE = 'Catatan: Pasal 5 < Pasal 8 & "kutipan" <i>bukan tag</i>';

describe.each(TEST_DRIVERS)('Telegram webhook (%s)', (driver) => {
  let testDb: TestDatabase;
  let kb: KnowledgeSnapshot;
  let h: TelegramHarness;

  beforeAll(async () => {
    testDb = await openTestDatabase(driver);
    const real = await realKnowledgeSnapshot();
    kb = await patchedKnowledgeSnapshot({
      [LIKE_ENTRY]: { answer: `${real.entries.get(LIKE_ENTRY)?.answer ?? ''}\n\n${TRICKY_NOTE}` },
      'hak-pilih-asn': { answer: longAnswer() },
    });
    // A generous budget here; the rate limit has its own test below.
    h = await startTelegramHarness({ database: testDb.database, knowledge: kb, rateLimiter: createRateLimiter({ limit: 10_000, windowMs: 60_000 }) });
  });
  afterAll(async () => {
    await h?.stop();
    await testDb?.cleanup();
  });
  beforeEach(() => h.fake.reset());

  it('initialises the bot with getMe at start-up and never registers a webhook itself', async () => {
    const res = await h.app.request('/readyz');
    expect(await res.json()).toMatchObject({ ok: true, checks: [{ name: 'telegram', ok: true, detail: { mode: 'webhook' } }] });
    expect(h.fake.webhook).toBeNull();
  });

  it('answers a private question: verdict first, escaped answer, legal basis, related topics and 👍/👎 buttons', async () => {
    const res = await h.post(textUpdate(LIKE_QUESTION));
    expect(res.status).toBe(200);

    const calls = h.fake.replies();
    expect(calls.map((c) => c.method)).toEqual(['sendMessage']);
    const payload = calls[0]!.payload;
    expect(payload.chat_id).toBe(PERSON.id);
    expect(payload.parse_mode).toBe('HTML');
    expect(payload.link_preview_options).toEqual({ is_disabled: true });
    const text = String(payload.text);
    const entry = kb.entries.get(LIKE_ENTRY)!;
    expect(text.startsWith(`<b>❌ Dilarang</b> — <b>${entry.title}</b>`)).toBe(true);
    expect(text).toContain('Catatan: Pasal 5 &lt; Pasal 8 &amp; "kutipan" &lt;i&gt;bukan tag&lt;/i&gt;');
    expect(text).not.toContain('<i>bukan tag</i>');
    expect(text).toContain('<b>Dasar hukum:</b>');
    expect(text).toContain(`• ${entry.sources[0]!.title}, ${entry.sources[0]!.ref}`);
    expect(text).toContain(`<a href="${entry.sources[1]!.url}">${entry.sources[1]!.title}</a>`);
    expect(text).toContain(`<i>${kb.texts.disclaimer.split('\n')[0]}`);

    const buttons = buttonsOf(payload);
    const related = entry.related.map((id) => ({ text: kb.entries.get(id)!.title, data: `e:${id}` }));
    expect(buttons.slice(0, related.length)).toEqual(related);
    expect(buttons.slice(related.length).map((b) => b.text)).toEqual(['👍 Membantu', '👎 Kurang tepat']);
    expect(buttons[related.length]!.data).toMatch(/^f:\+:[0-9a-f-]{36}:[\w-]{8}:#[\w-]{12}$/);
    expect(buttons[related.length + 1]!.data).toMatch(/^f:-:[0-9a-f-]{36}:[\w-]{8}:#[\w-]{12}$/);
    for (const b of buttons) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
  });

  it('stores the question under a pseudonymous key: no Telegram id, name or username in the database or logs', async () => {
    await h.post(textUpdate('ASN boleh jadi KPPS?'));
    await h.writer.flush();
    const rows = await testDb.database.db.select().from(queryLog).where(eq(queryLog.channel, 'telegram'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.userKey).toBe(pseudonymousUserKey(USER_KEY_SECRET, 'telegram', PERSON.id));
    const stored = JSON.stringify(rows);
    const logged = h.logs.text();
    for (const secretOrPersonal of [String(PERSON.id), PERSON.first_name, PERSON.username, BOT_TOKEN, WEBHOOK_SECRET]) {
      expect(stored).not.toContain(secretOrPersonal);
      expect(logged).not.toContain(secretOrPersonal);
    }
  });

  it('matches only the first 1,000 characters of a very long message', async () => {
    const long = `${LIKE_QUESTION} ${'dan seterusnya '.repeat(200)}`;
    await h.post(textUpdate(long));
    expect(h.fake.callsTo('sendMessage')).toHaveLength(1);
    await h.writer.flush();
    const rows = await testDb.database.db.select().from(queryLog).where(eq(queryLog.channel, 'telegram'));
    expect(rows.some((r) => r.text?.length === 1000 && long.startsWith(r.text))).toBe(true);
  });

  describe('in groups', () => {
    it('stays silent on a message that does not mention the bot', async () => {
      const res = await h.post(groupTextUpdate(LIKE_QUESTION));
      expect(res.status).toBe(200);
      expect(h.fake.replies()).toEqual([]);
    });

    it('answers a message that mentions the bot, as a reply to it, with the mention removed before matching', async () => {
      const update = groupTextUpdate(`@${FAKE_BOT.username} ${LIKE_QUESTION}`);
      await h.post(update);
      const calls = h.fake.replies();
      expect(calls.map((c) => c.method)).toEqual(['sendMessage']);
      expect(calls[0]!.payload).toMatchObject({
        chat_id: GROUP_CHAT.id,
        parse_mode: 'HTML',
        reply_parameters: { message_id: update.message.message_id, allow_sending_without_reply: true },
      });
      expect(String(calls[0]!.payload.text)).toContain('❌ Dilarang');
      await h.writer.flush();
      const rows = await testDb.database.db.select().from(queryLog).where(eq(queryLog.chatType, 'group'));
      expect(rows.map((r) => r.text)).toContain(LIKE_QUESTION);
      expect(rows.some((r) => r.text?.includes('@'))).toBe(false);
    });

    it('answers a reply to one of its own messages', async () => {
      await h.post(groupTextUpdate('kalau cuma like postingan caleg gimana?', { replyToBot: true }));
      expect(h.fake.callsTo('sendMessage')).toHaveLength(1);
      expect(h.fake.callsTo('sendMessage')[0]!.payload.chat_id).toBe(GROUP_CHAT.id);
    });

    it('answers its own commands but not commands meant for another bot or commands it does not know', async () => {
      await h.post(groupTextUpdate('/start@OtherBot'));
      await h.post(groupTextUpdate('/warn'));
      expect(h.fake.replies()).toEqual([]);
      await h.post(groupTextUpdate(`/lapor@${FAKE_BOT.username}`));
      await h.post(groupTextUpdate('/privasi'));
      expect(h.fake.callsTo('sendMessage')).toHaveLength(2);
    });

    it('ignores stickers and service messages', async () => {
      await h.post(stickerUpdate({ chat: GROUP_CHAT }));
      await h.post(newMembersUpdate());
      expect(h.fake.replies()).toEqual([]);
    });
  });

  describe('commands', () => {
    it('/start greets and shows every topic category as a button', async () => {
      await h.post(textUpdate('/start'));
      const [call] = h.fake.callsTo('sendMessage');
      expect(String(call!.payload.text)).toContain('Saya <b>Netra</b>');
      expect(buttonsOf(call!.payload)).toEqual(kb.categories.map((c) => ({ text: expect.stringContaining(c.title), data: `c:${c.id}` })));
    });

    it('/topik lists the categories; pressing one lists its entries with a way back', async () => {
      await h.post(textUpdate('/topik'));
      expect(buttonsOf(h.fake.callsTo('sendMessage')[0]!.payload)).toHaveLength(kb.categories.length);

      h.fake.reset();
      await h.post(callbackUpdate('c:media-sosial'));
      expect(h.fake.replies().map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendMessage']);
      const send = h.fake.callsTo('sendMessage')[0]!.payload;
      expect(String(send.text)).toContain('Media sosial');
      const entries = [...kb.entries.values()].filter((e) => e.category === 'media-sosial');
      expect(buttonsOf(send)).toEqual([...entries.map((e) => ({ text: e.title, data: `e:${e.id}` })), { text: '« Semua kategori', data: 'c:' }]);
    });

    it('/lapor, /bantuan and /privasi answer with their texts, Markdown rendered as HTML', async () => {
      await h.post(textUpdate('/lapor'));
      await h.post(textUpdate('/bantuan'));
      await h.post(textUpdate('/privasi'));
      const texts = h.fake.callsTo('sendMessage').map((c) => String(c.payload.text));
      expect(texts[0]).toContain('<b>Netra tidak menerima laporan.</b>');
      expect(texts[1]).toContain('• /topik');
      expect(texts[2]).toContain('<b>Privasi di Netra</b>');
    });

    it('an unknown command in a private chat gets the help text', async () => {
      await h.post(textUpdate('/halo'));
      expect(String(h.fake.callsTo('sendMessage')[0]!.payload.text)).toContain('Perintah itu tidak dikenal.');
    });
  });

  describe('buttons', () => {
    it('an entry button answers that entry', async () => {
      const update = callbackUpdate('e:pengertian-netralitas-asn');
      await h.post(update);
      const calls = h.fake.replies();
      expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendMessage']);
      expect(calls[0]!.payload).toEqual({ callback_query_id: update.callback_query.id });
      expect(String(calls[1]!.payload.text)).toContain(kb.entries.get('pengertian-netralitas-asn')!.title);
    });

    it('👍 records the rating with its query and entry, thanks the user and removes only the rating row', async () => {
      await h.post(textUpdate(LIKE_QUESTION));
      const sent = h.fake.callsTo('sendMessage')[0]!.payload;
      const keyboard = (sent.reply_markup as { inline_keyboard: unknown[][] }).inline_keyboard;
      const up = buttonsOf(sent).find((b) => b.text.startsWith('👍'))!;
      const queryId = up.data.split(':')[2]!;

      h.fake.reset();
      const press = callbackUpdate(up.data, { keyboard });
      expect((await h.post(press)).status).toBe(200);
      const calls = h.fake.replies();
      expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'editMessageReplyMarkup']);
      expect(calls[0]!.payload).toEqual({ callback_query_id: press.callback_query.id, text: 'Terima kasih atas penilaian Anda! 🙏' });
      expect(calls[1]!.payload).toMatchObject({ chat_id: PERSON.id, message_id: press.callback_query.message.message_id });
      expect(calls[1]!.payload.reply_markup).toEqual({ inline_keyboard: keyboard.slice(0, -1) });

      await h.writer.flush();
      const rows = await testDb.database.db.select().from(feedback).where(eq(feedback.queryId, queryId));
      expect(rows).toEqual([
        expect.objectContaining({
          queryId,
          channel: 'telegram',
          rating: 1,
          entryId: LIKE_ENTRY,
          userKey: pseudonymousUserKey(USER_KEY_SECRET, 'telegram', PERSON.id),
        }),
      ]);
    });

    it('an unknown or tampered button gets a polite "no longer valid" answer', async () => {
      await h.post(callbackUpdate('x:whatever'));
      expect(h.fake.replies()).toEqual([
        expect.objectContaining({ method: 'answerCallbackQuery', payload: expect.objectContaining({ text: expect.stringContaining('sudah tidak berlaku') }) }),
      ]);
    });

    it('a button for an entry that no longer exists says so instead of failing', async () => {
      await h.post(callbackUpdate('e:entri-yang-sudah-dihapus'));
      expect(String(h.fake.callsTo('sendMessage')[0]!.payload.text)).toContain('sudah tidak tersedia');
    });
  });

  describe('anything that is not a text message', () => {
    it.each([
      ['a sticker', stickerUpdate, 'stikernya'],
      ['a photo', photoUpdate, 'foto'],
      ['a voice message', voiceUpdate, 'pesan suara'],
      ['a location', locationUpdate, 'lokasi'],
    ])('%s in a private chat gets a short text-only note', async (_name, build, words) => {
      await h.post(build());
      const calls = h.fake.replies();
      expect(calls.map((c) => c.method)).toEqual(['sendMessage']);
      expect(calls[0]!.payload.text).toContain(words);
      expect(calls[0]!.payload.text).toContain('/topik');
      expect(calls[0]!.payload.reply_markup).toBeUndefined();
    });

    it('an edited message gets a note in a private chat and nothing in a group', async () => {
      await h.post(editedTextUpdate(LIKE_QUESTION));
      expect(String(h.fake.callsTo('sendMessage')[0]!.payload.text)).toContain('pesan yang disunting');
      h.fake.reset();
      await h.post(editedTextUpdate(`@${FAKE_BOT.username} ${LIKE_QUESTION}`, { chat: GROUP_CHAT }));
      expect(h.fake.replies()).toEqual([]);
    });

    it('channel posts and update types Netra does not use are acknowledged and ignored', async () => {
      expect((await h.post(channelPostUpdate('Pengumuman'))).status).toBe(200);
      expect((await h.post(pollAnswerUpdate())).status).toBe(200);
      expect(h.fake.replies()).toEqual([]);
    });
  });

  describe('the webhook endpoint', () => {
    it('rejects a wrong or missing secret token with 401 and does nothing', async () => {
      expect((await h.post(textUpdate(LIKE_QUESTION), 'wrong_secret')).status).toBe(401);
      expect((await h.post(textUpdate(LIKE_QUESTION), null)).status).toBe(401);
      expect(h.fake.calls).toEqual([]);
      expect(h.logs.text()).toContain('missing or wrong secret token');
    });

    it('answers 400 to a body that is not JSON or not an update, 413 to an oversized one', async () => {
      const bad = await h.post('{"update_id": 1, "message": ');
      expect(bad.status).toBe(400);
      expect((await h.post({ hello: 'world' })).status).toBe(400);
      expect((await h.post('null')).status).toBe(400);
      expect((await h.post(textUpdate('a'.repeat(1_100_000)))).status).toBe(413);
      expect(h.fake.calls).toEqual([]);
    });

    it('handles a redelivered update_id once', async () => {
      const update = textUpdate(LIKE_QUESTION);
      expect((await h.post(update)).status).toBe(200);
      expect((await h.post(update)).status).toBe(200);
      expect(h.fake.callsTo('sendMessage')).toHaveLength(1);
      expect(h.logs.text()).toContain('duplicate telegram update ignored');
    });

    it('splits an answer longer than Telegram allows into several messages, keyboard on the last', async () => {
      await h.post(callbackUpdate('e:hak-pilih-asn'));
      const sends = h.fake.callsTo('sendMessage');
      expect(sends.length).toBeGreaterThanOrEqual(3);
      for (const s of sends) {
        expect(String(s.payload.text).length).toBeLessThanOrEqual(4096);
        expect(s.payload.parse_mode).toBe('HTML');
      }
      expect(sends.slice(0, -1).every((s) => s.payload.reply_markup === undefined)).toBe(true);
      expect(buttonsOf(sends[sends.length - 1]!.payload).some((b) => b.text.startsWith('👍'))).toBe(true);
      expect(String(sends[0]!.payload.text)).toContain('✅ Boleh');
    });
  });

  describe('when the Bot API fails', () => {
    it('waits out a 429 retry_after and sends once it is allowed', async () => {
      h.fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
      expect((await h.post(textUpdate(LIKE_QUESTION))).status).toBe(200);
      expect(h.fake.callsTo('sendMessage').map((c) => c.status)).toEqual([429, 200]);
    });

    it('retries a 500 from Telegram', async () => {
      h.fake.failNext('sendMessage', { status: 500 });
      expect((await h.post(textUpdate(LIKE_QUESTION))).status).toBe(200);
      expect(h.fake.callsTo('sendMessage').map((c) => c.status)).toEqual([500, 200]);
    });

    it('retries once the connection to Telegram drops, and gives up after a few attempts with a log line', async () => {
      h.fake.failNext('sendMessage', { status: 0 });
      expect((await h.post(textUpdate(LIKE_QUESTION))).status).toBe(200);
      expect(h.fake.callsTo('sendMessage').map((c) => c.status)).toEqual([0, 200]);

      h.fake.reset();
      h.fake.failNext('sendMessage', { status: 0 }, 3);
      const update = textUpdate(LIKE_QUESTION);
      expect((await h.post(update)).status).toBe(200);
      expect(h.fake.callsTo('sendMessage').map((c) => c.status)).toEqual([0, 0, 0]);
      expect(h.logs.lines.find((l) => l.updateId === update.update_id && l.msg === 'telegram update failed; logged and dropped')).toMatchObject({
        error: { kind: 'network' },
      });
      expect(h.logs.text()).not.toContain(BOT_TOKEN);
    });

    it('drops the reply to a user who blocked the bot, logs it, and still answers the webhook 200', async () => {
      h.fake.failNext('sendMessage', { status: 403 });
      const update = textUpdate(LIKE_QUESTION);
      expect((await h.post(update)).status).toBe(200);
      expect(h.fake.callsTo('sendMessage').map((c) => c.status)).toEqual([403]);
      const line = h.logs.lines.find((l) => l.updateId === update.update_id && String(l.msg).includes('blocked'));
      expect(line).toMatchObject({ error: { method: 'sendMessage', code: 403 } });
      expect(h.logs.text()).not.toContain(BOT_TOKEN);
    });
  });
});

describe.each(TEST_DRIVERS)('Telegram across replicas and under load (%s)', (driver) => {
  let testDb: TestDatabase;
  let kb: KnowledgeSnapshot;
  beforeAll(async () => {
    testDb = await openTestDatabase(driver);
    kb = await realKnowledgeSnapshot();
  });
  afterAll(async () => {
    await testDb?.cleanup();
  });

  it('two bot instances sharing one database answer a redelivered update once', async () => {
    const first = await startTelegramHarness({ database: testDb.database, knowledge: kb });
    const second = await startTelegramHarness({ database: testDb.database, knowledge: kb, fake: first.fake });
    try {
      first.fake.reset();
      const update = textUpdate(LIKE_QUESTION);
      const answers = await Promise.all([first.post(update), second.post(update)]);
      // One answers it; the other finds it claimed and not answered yet, and refuses it (503) for a later
      // redelivery, or (if it came in only after the answer was marked) acknowledges it as a duplicate.
      const statuses = answers.map((r) => r.status).sort();
      expect([[200, 503], [200, 200]]).toContainEqual(statuses);
      expect(first.fake.callsTo('sendMessage')).toHaveLength(1);
      await eventuallyAnswered(testDb, update);
      expect((await second.post(update)).status).toBe(200);
      expect(first.fake.callsTo('sendMessage')).toHaveLength(1);
    } finally {
      await second.stop();
      await first.stop();
    }
  });

  it('an update claimed by an instance that died before answering is refused (503) inside the lease, then answered once when redelivered after it', async () => {
    const LEASE_MS = 1_000;
    const env = { INBOUND_CLAIM_LEASE_MS: String(LEASE_MS) };
    // The first instance claims the update, then hangs in sendMessage: as good as killed before its reply.
    const dying = await startTelegramHarness({ database: testDb.database, knowledge: kb, env });
    const fresh = await startTelegramHarness({ database: testDb.database, knowledge: kb, fake: dying.fake, env });
    try {
      const fake = dying.fake;
      fake.reset();
      const update = textUpdate(LIKE_QUESTION);
      const held = fake.holdNext('sendMessage');
      void dying.post(update).catch(() => undefined); // never acknowledged: Telegram will redeliver
      await held;
      const claimedAt = Date.now();

      // Redelivered while the claim is fresh: its owner may still be answering, or may have died. Not
      // acknowledged: a 503 makes Telegram redeliver it later, instead of dropping it for good.
      const refused = await fresh.post(update);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(fake.callsTo('sendMessage')).toEqual([]);
      expect(fresh.logs.text()).toContain('answered 503 for Telegram to redeliver');
      expect(fresh.logs.text()).not.toContain('duplicate telegram update ignored');
      // Not a failure: nothing logged as an error.
      expect(fresh.logs.lines.filter((l) => Number(l.level) >= 50)).toEqual([]);

      // Redelivered after the lease: the fresh instance takes the claim over and answers.
      await new Promise((r) => setTimeout(r, Math.max(0, claimedAt + LEASE_MS + 100 - Date.now())));
      expect((await fresh.post(update)).status).toBe(200);
      const sends = fake.callsTo('sendMessage');
      expect(sends).toHaveLength(1);
      expect(sends[0]!.payload).toMatchObject({ chat_id: PERSON.id });
      expect(String(sends[0]!.payload.text)).toContain('❌ Dilarang');
      expect(fresh.logs.text()).toContain('taken over');

      // Answered now: later redeliveries, inside the lease or past it, are duplicates, acknowledged with 200.
      await eventuallyAnswered(testDb, update);
      expect((await fresh.post(update)).status).toBe(200);
      await new Promise((r) => setTimeout(r, LEASE_MS + 100));
      expect((await fresh.post(update)).status).toBe(200);
      expect(fake.callsTo('sendMessage')).toHaveLength(1);
      expect(fresh.logs.text()).toContain('duplicate telegram update ignored');
    } finally {
      await fresh.stop();
      await dying.stop();
    }
  });

  it('over 20 messages a minute, a user gets one polite notice and then silence until the window passes', async () => {
    let now = 1_000_000;
    const h = await startTelegramHarness({
      database: testDb.database,
      knowledge: kb,
      rateLimiter: createRateLimiter({ limit: 20, windowMs: 60_000, now: () => now }),
    });
    try {
      h.fake.reset();
      for (let i = 0; i < 23; i += 1) await h.post(textUpdate(`ASN boleh jadi KPPS? (${i})`));
      const texts = h.fake.callsTo('sendMessage').map((c) => String(c.payload.text));
      expect(texts).toHaveLength(21);
      expect(texts[20]).toContain('Mohon tunggu sekitar satu menit');
      expect(texts.slice(0, 20).every((t) => !t.includes('Mohon tunggu'))).toBe(true);

      now += 60_000;
      h.fake.reset();
      await h.post(textUpdate('ASN boleh jadi KPPS?'));
      expect(h.fake.callsTo('sendMessage')).toHaveLength(1);
      expect(String(h.fake.callsTo('sendMessage')[0]!.payload.text)).not.toContain('Mohon tunggu');
    } finally {
      await h.stop();
    }
  });
});

/** Waits until the answered mark (written in the background) has reached the database. */
async function eventuallyAnswered(testDb: TestDatabase, update: { update_id: number }): Promise<void> {
  const key = inboundKey(USER_KEY_SECRET, 'telegram', `${FAKE_BOT.id}:${update.update_id}`);
  const answered = async () => (await testDb.database.db.select().from(inboundDedup).where(eq(inboundDedup.externalId, key)))[0]?.state === 'answered';
  for (let i = 0; i < 100 && !(await answered()); i++) await new Promise((r) => setTimeout(r, 20));
  expect(await answered()).toBe(true);
}

/** A real-looking answer three times longer than one Telegram message allows. */
function longAnswer(): string {
  const paragraph =
    'ASN tetap memiliki **hak memilih** dalam Pemilu dan Pilkada. Datang ke TPS, mencoblos, dan menjaga kerahasiaan pilihan adalah hak yang dijamin undang-undang & tidak melanggar netralitas. ';
  return Array.from({ length: 12 }, (_, i) => `${i + 1}. ${paragraph.repeat(5)}`).join('\n\n');
}
