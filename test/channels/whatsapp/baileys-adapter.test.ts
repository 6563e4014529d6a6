import { clarifyText } from '../../../src/core/clarify-text.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createBaileysAdapter, type BaileysAdapter } from '../../../src/channels/whatsapp/baileys-adapter.js';
import { FEEDBACK_THANKS_TEXT } from '../../../src/channels/whatsapp/conversation.js';
import { createInboundClaims } from '../../../src/channels/inbound-claims.js';
import { createInboundDedup } from '../../../src/channels/whatsapp/inbound-dedup.js';
import { createNumberedContextStore } from '../../../src/channels/whatsapp/numbered-context.js';
import { FEEDBACK_HINT, NON_TEXT_NOTE } from '../../../src/channels/whatsapp/render.js';
import { createSentMessageStore, type SentMessageStore } from '../../../src/channels/whatsapp/sent-messages.js';
import { pseudonymousUserKey } from '../../../src/core/pseudonym.js';
import { verdictLabel } from '../../../src/core/verdict.js';
import { feedback, inboundDedup, queryLog } from '../../../src/db/schema.js';
import type { KnowledgeSnapshot } from '../../../src/kb/snapshot.js';
import { TEST_DRIVERS } from '../../helpers/database.js';
import { realKnowledgeSnapshot } from '../../helpers/knowledge.js';
import { FakeSocket } from './fake-socket.js';
import { GROUP, groupText, privateMessage, privateText, USER_LID, USER_PN } from './messages.js';
import { answeredQuestion, clarifyQuestion, openTestBed, USER_KEY_SECRET, type TestBed } from './testbed.js';

const PHONE_DIGITS = USER_PN.split('@')[0] ?? '';

let knowledge: KnowledgeSnapshot;
let ANSWERED_QUESTION: string;
let VAGUE_QUESTION: string;
beforeAll(async () => {
  knowledge = await realKnowledgeSnapshot();
  ANSWERED_QUESTION = answeredQuestion(knowledge);
  VAGUE_QUESTION = clarifyQuestion(knowledge);
});

describe.each(TEST_DRIVERS)('Baileys adapter (%s)', (driver) => {
  let bed: TestBed;
  let socket: FakeSocket;
  let adapter: BaileysAdapter;
  let sent: SentMessageStore;

  beforeAll(async () => {
    bed = await openTestBed(driver, knowledge);
  });
  afterAll(async () => {
    await bed.cleanup();
  });

  beforeEach(async () => {
    await bed.reset();
    const db = bed.database.db;
    sent = createSentMessageStore(db, 'default');
    adapter = createBaileysAdapter({
      core: bed.core,
      contexts: createNumberedContextStore(db),
      dedup: createInboundDedup(createInboundClaims({ db, secret: USER_KEY_SECRET, log: bed.logs.log })),
      sent,
      userKeySecret: USER_KEY_SECRET,
      log: bed.logs.log,
    });
    socket = new FakeSocket();
    adapter.attach(socket);
  });
  afterEach(async () => {
    await adapter.idle();
  });

  async function deliver(...messages: Parameters<FakeSocket['receive']>[0]): Promise<void> {
    socket.receive(messages);
    await adapter.idle();
  }

  it('answers a private question with the verdict, WhatsApp bold and the feedback hint', async () => {
    const expected = knowledge.matcher.match(ANSWERED_QUESTION);
    expect(expected.status).toBe('answered');
    const entry = expected.entry!;
    const message = privateText(ANSWERED_QUESTION);
    await deliver(message);

    expect(socket.sent).toHaveLength(1);
    const reply = socket.sent[0]!;
    expect(reply.jid).toBe(USER_LID);
    const text = socket.textsSent()[0]!;
    expect(text.startsWith(`${verdictLabel(entry.verdict)} — *${entry.title}*`)).toBe(true);
    expect(text).toContain('*Dasar hukum:*');
    expect(text).not.toContain('**');
    expect(text).toContain(FEEDBACK_HINT);
    expect(socket.reads).toEqual([[message.key]]);
    expect(socket.presences.map((p) => p.type)).toEqual(['composing', 'paused']);
  });

  it('keys the user by the phone number from remoteJidAlt and stores no phone number', async () => {
    await deliver(privateText(ANSWERED_QUESTION));
    await bed.writer.flush();
    const rows = await bed.database.db.select().from(queryLog);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userKey).toBe(pseudonymousUserKey(USER_KEY_SECRET, 'whatsapp', PHONE_DIGITS));
    expect(rows[0]!.channel).toBe('whatsapp');
    const everything = await bed.dumpTables();
    expect(everything).not.toContain(PHONE_DIGITS);
    expect(everything).not.toContain(USER_LID.split('@')[0]);
    expect(bed.logs.text()).not.toContain(PHONE_DIGITS);
  });

  it('treats a LID-only sender as the same user once Baileys knows the LID→PN pair', async () => {
    const lidOnly = () => privateText(ANSWERED_QUESTION, { key: { remoteJidAlt: undefined } });
    await deliver(lidOnly());
    socket.lidToPn.set(USER_LID, USER_PN);
    await deliver(lidOnly());
    await bed.writer.flush();
    const keys = (await bed.database.db.select().from(queryLog)).map((r) => r.userKey);
    expect(keys).toEqual(expect.arrayContaining([
      pseudonymousUserKey(USER_KEY_SECRET, 'whatsapp', `lid:${USER_LID.split('@')[0]}`),
      pseudonymousUserKey(USER_KEY_SECRET, 'whatsapp', PHONE_DIGITS),
    ]));
  });

  it('numbers clarify options and answers the second one when the user replies "2"', async () => {
    const match = knowledge.matcher.match(VAGUE_QUESTION);
    expect(match.status).toBe('clarify');
    expect(match.suggestions.length).toBeGreaterThanOrEqual(2);
    await deliver(privateText(VAGUE_QUESTION));
    const clarify = socket.textsSent()[0]!;
    match.suggestions.forEach((s, i) => expect(clarify).toContain(`${i + 1}. ${s.title}`));
    // The text above the list says why it asks: each choice's distinction label (the title without one).
    expect(clarify.startsWith(clarifyText(match.suggestions))).toBe(true);
    match.suggestions.forEach((s) => expect(clarify).toContain(s.distinction ?? s.title));
    expect(clarify).toContain(match.suggestions.length === 3 ? 'Balas 1, 2 atau 3' : 'Balas 1 atau 2');
    expect(clarify).not.toContain(FEEDBACK_HINT);

    await deliver(privateText('2'));
    const second = match.suggestions[1]!;
    expect(socket.textsSent()[1]!.startsWith(`${verdictLabel(second.verdict)} — *${second.title}*`)).toBe(true);
  });

  it('records 👍 on the last answer as feedback and thanks the user', async () => {
    await deliver(privateText(ANSWERED_QUESTION));
    await deliver(privateText('👍🏽'));
    expect(socket.textsSent()[1]).toBe(FEEDBACK_THANKS_TEXT);
    await bed.writer.flush();
    const [answered] = await bed.database.db.select().from(queryLog).where(eq(queryLog.status, 'answered'));
    const ratings = await bed.database.db.select().from(feedback);
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ queryId: answered!.id, rating: 1, channel: 'whatsapp', entryId: answered!.entryId });
  });

  it('answers a message delivered as both append and notify only once', async () => {
    const message = privateText(ANSWERED_QUESTION);
    socket.receive([message], 'append');
    socket.receive([structuredClone(message)], 'notify');
    await adapter.idle();
    expect(socket.sent).toHaveLength(1);
  });

  it('ignores its own messages, status broadcasts, newsletters and old messages', async () => {
    await deliver(
      privateText(ANSWERED_QUESTION, { key: { fromMe: true } }),
      privateText(ANSWERED_QUESTION, { key: { remoteJid: 'status@broadcast', participant: USER_LID } }),
      privateText(ANSWERED_QUESTION, { key: { remoteJid: '120363111111111111@newsletter' } }),
      privateText(ANSWERED_QUESTION, { timestamp: Math.floor(Date.now() / 1000) - 3 * 24 * 3600 }),
    );
    expect(socket.sent).toHaveLength(0);
  });

  it('in a group, answers only when the bot is mentioned, quoting the question', async () => {
    await deliver(groupText(ANSWERED_QUESTION, false));
    expect(socket.sent).toHaveLength(0);
    const mention = groupText(ANSWERED_QUESTION, true);
    await deliver(mention);
    expect(socket.sent).toHaveLength(1);
    expect(socket.sent[0]!.jid).toBe(GROUP);
    expect(socket.sent[0]!.options?.quoted).toBe(mention);
    const entry = knowledge.matcher.match(ANSWERED_QUESTION).entry!;
    expect(socket.textsSent()[0]).toContain(`*${entry.title}*`);
    await bed.writer.flush();
    const [row] = await bed.database.db.select().from(queryLog);
    expect(row).toMatchObject({ chatType: 'group', text: ANSWERED_QUESTION });
  });

  it('answers stickers and images with a short note, and ignores unrelated reactions', async () => {
    await deliver(
      privateMessage({ stickerMessage: { mimetype: 'image/webp' } }),
      privateMessage({ imageMessage: { mimetype: 'image/jpeg', caption: 'ini boleh?' } }),
      privateMessage({ reactionMessage: { key: { id: 'X' }, text: '😂' } }),
    );
    expect(socket.textsSent()).toEqual([NON_TEXT_NOTE, NON_TEXT_NOTE]);
  });

  it('answers empty and very long texts with a clear reply', async () => {
    await deliver(privateText('   '), privateText(`${ANSWERED_QUESTION} ${'x'.repeat(20_000)}`));
    expect(socket.sent).toHaveLength(2);
    expect(socket.textsSent()[0]).toMatch(/kosong/i);
    expect(socket.textsSent()[1]!.length).toBeGreaterThan(0);
  });

  it('keeps what it sent so getMessage can serve WhatsApp retry requests', async () => {
    await deliver(groupText(ANSWERED_QUESTION, true));
    const outgoing = socket.sent[0]!.message;
    const stored = await sent.get(outgoing.key);
    expect(stored?.extendedTextMessage?.text).toBe(outgoing.message?.extendedTextMessage?.text);
    // The quote names the sender's JID; it is not stored.
    expect(stored?.extendedTextMessage?.contextInfo).toBeFalsy();
    expect(await sent.get({ id: 'UNKNOWN', remoteJid: USER_LID })).toBeUndefined();
  });

  it('survives a failing send and keeps answering', async () => {
    const original = socket.sendMessage.bind(socket);
    let failures = 1;
    socket.sendMessage = async (...args) => {
      if (failures-- > 0) throw new Error('Connection Closed');
      return original(...args);
    };
    await deliver(privateText(ANSWERED_QUESTION), privateText(VAGUE_QUESTION));
    expect(socket.sent).toHaveLength(1);
    expect(bed.logs.text()).toContain('sending the reply failed');
  });

  it('marks every claim answered once handled, a failed send included, so no later re-read can take it over', async () => {
    const original = socket.sendMessage.bind(socket);
    let failures = 1;
    socket.sendMessage = async (...args) => {
      if (failures-- > 0) throw new Error('Connection Closed');
      return original(...args);
    };
    await deliver(privateText(ANSWERED_QUESTION), privateText(VAGUE_QUESTION), privateText('👍'));
    const states = async () => (await bed.database.db.select().from(inboundDedup)).map((r) => r.state);
    for (let i = 0; i < 100 && (await states()).includes('claimed'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await states()).toEqual(['answered', 'answered', 'answered']);
  });

  it('stops answering once detached from a socket', async () => {
    const other = new FakeSocket();
    const detach = adapter.attach(other);
    detach();
    other.receive([privateText(ANSWERED_QUESTION)]);
    await adapter.idle();
    expect(other.sent).toHaveLength(0);
  });
});
