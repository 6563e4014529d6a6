import { clarifyText } from '../../../src/core/clarify-text.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import type { Hono } from 'hono';
import { createCloudChannel, type CloudChannel } from '../../../src/channels/whatsapp/cloud.js';
import { LIMITS } from '../../../src/channels/whatsapp/cloud-render.js';
import { FEEDBACK_THANKS_TEXT } from '../../../src/channels/whatsapp/conversation.js';
import { createWhatsAppChannel } from '../../../src/channels/whatsapp/index.js';
import { FEEDBACK_HINT, NON_TEXT_NOTE } from '../../../src/channels/whatsapp/render.js';
import { pseudonymousUserKey } from '../../../src/core/pseudonym.js';
import { verdictLabel } from '../../../src/core/verdict.js';
import { feedback, inboundDedup, queryLog } from '../../../src/db/schema.js';
import type { KnowledgeSnapshot } from '../../../src/kb/snapshot.js';
import { createApp } from '../../../src/server.js';
import { TEST_DRIVERS } from '../../helpers/database.js';
import { realKnowledgeSnapshot } from '../../helpers/knowledge.js';
import { FakeGraphApi } from './fake-graph-api.js';
import { answeredQuestion, clarifyQuestion, openTestBed, USER_KEY_SECRET, type TestBed } from './testbed.js';

const VERIFY_TOKEN = 'netra-verify-token-for-tests';
const APP_SECRET = 'meta-app-secret-never-logged-0123';
const ACCESS_TOKEN = 'EAAGtestaccesstokennever-logged';
const PHONE_NUMBER_ID = '106540352242922';
const USER = '6281234567890';

let seq = 0;
const wamid = () => `wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBM0Q${String(++seq).padStart(6, '0')}AA==`;

/** Meta's documented `messages` webhook envelope around one message (or a status update). */
function envelope(value: Record<string, unknown>, phoneNumberId = PHONE_NUMBER_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

const contacts = [{ profile: { name: 'Budi Santoso' }, wa_id: USER }];
const textPayload = (body: string, id = wamid()) =>
  envelope({ contacts, messages: [{ from: USER, id, timestamp: '1749416383', type: 'text', text: { body } }] });
const buttonReplyPayload = (replyId: string, title: string) =>
  envelope({
    contacts,
    messages: [
      {
        context: { from: '15550783881', id: 'wamid.PREVIOUS' },
        from: USER,
        id: wamid(),
        timestamp: '1749416400',
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: replyId, title } },
      },
    ],
  });
const listReplyPayload = (replyId: string, title: string) =>
  envelope({
    contacts,
    messages: [
      {
        context: { from: '15550783881', id: 'wamid.PREVIOUS' },
        from: USER,
        id: wamid(),
        timestamp: '1749416400',
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: { id: replyId, title, description: title } },
      },
    ],
  });
const statusPayload = () =>
  envelope({
    statuses: [
      {
        id: wamid(),
        status: 'delivered',
        timestamp: '1749416500',
        recipient_id: USER,
        conversation: { id: 'CONVERSATION_ID', origin: { type: 'service' } },
        pricing: { billable: true, pricing_model: 'PMP', category: 'service' },
      },
    ],
  });

const sign = (raw: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

let knowledge: KnowledgeSnapshot;
beforeAll(async () => {
  knowledge = await realKnowledgeSnapshot();
});

describe.each(TEST_DRIVERS)('WhatsApp Cloud API webhook (%s)', (driver) => {
  let bed: TestBed;
  let graph: FakeGraphApi;
  let channel: CloudChannel;
  let app: Hono;

  beforeAll(async () => {
    bed = await openTestBed(driver, knowledge);
    graph = await new FakeGraphApi().start();
  });
  afterAll(async () => {
    await graph.stop();
    await bed.cleanup();
  });
  beforeEach(async () => {
    await bed.reset();
    graph.reset();
    channel = createCloudChannel(
      bed.deps({
        WHATSAPP_MODE: 'cloud',
        WHATSAPP_CLOUD_VERIFY_TOKEN: VERIFY_TOKEN,
        WHATSAPP_CLOUD_APP_SECRET: APP_SECRET,
        WHATSAPP_CLOUD_TOKEN: ACCESS_TOKEN,
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
        WHATSAPP_CLOUD_API_ROOT: `${graph.url}/v21.0`,
      }),
      { retryDelayMs: 5 },
    );
    await channel.start();
    app = createApp({ log: bed.logs.log, readiness: [], routes: [channel.routes!] });
  });

  /** Posts a payload the way Meta does (raw JSON, signed), then waits for the background replies. */
  async function deliver(payload: unknown, signature?: string | null): Promise<Response> {
    const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const sig = signature === undefined ? sign(raw) : signature;
    if (sig !== null) headers['x-hub-signature-256'] = sig;
    const response = await app.request('/webhooks/whatsapp', { method: 'POST', body: raw, headers });
    await channel.idle();
    return response;
  }

  it('answers the verification handshake with the challenge, and refuses a wrong token', async () => {
    const ok = await app.request(`/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await app.request('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444');
    expect(wrong.status).toBe(403);
    const noMode = await app.request(`/webhooks/whatsapp?hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`);
    expect(noMode.status).toBe(403);
  });

  it('refuses unsigned or wrongly signed deliveries with 401 and calls nobody', async () => {
    const payload = textPayload(answeredQuestion(knowledge));
    expect((await deliver(payload, null)).status).toBe(401);
    expect((await deliver(payload, sign(JSON.stringify(payload), 'another-secret'))).status).toBe(401);
    expect((await deliver(payload, sign(`${JSON.stringify(payload)} `))).status).toBe(401);
    expect((await deliver(payload, 'sha256=not-hex')).status).toBe(401);
    expect(graph.requests).toEqual([]);
  });

  it('marks a text read with the typing indicator and answers it through the Graph API', async () => {
    const question = answeredQuestion(knowledge);
    const entry = knowledge.matcher.match(question).entry!;
    const id = wamid();
    const response = await deliver(textPayload(question, id));
    expect(response.status).toBe(200);

    expect(graph.requests[0]).toEqual({
      method: 'POST',
      path: `/v21.0/${PHONE_NUMBER_ID}/messages`,
      authorization: `Bearer ${ACCESS_TOKEN}`,
      body: { messaging_product: 'whatsapp', status: 'read', message_id: id, typing_indicator: { type: 'text' } },
    });
    const answer = graph.requests[1]!.body;
    expect(Object.keys(answer).sort()).toEqual(['messaging_product', 'recipient_type', 'text', 'to', 'type']);
    expect(answer).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: USER, type: 'text', text: { preview_url: false } });
    const body = (answer['text'] as { body: string }).body;
    expect(body.startsWith(`${verdictLabel(entry.verdict)} — *${entry.title}*`)).toBe(true);
    expect(body).toContain('*Dasar hukum:*');
    expect(body).toContain(FEEDBACK_HINT);
    expect(body).not.toContain('**');
    expect(body.length).toBeLessThanOrEqual(LIMITS.text);

    await bed.writer.flush();
    const [row] = await bed.database.db.select().from(queryLog);
    expect(row).toMatchObject({ channel: 'whatsapp', userKey: pseudonymousUserKey(USER_KEY_SECRET, 'whatsapp', USER), entryId: entry.id });
    expect(await bed.dumpTables()).not.toContain(USER);
  });

  it('offers related topics as buttons or a list within Meta\'s limits', async () => {
    const question = answeredQuestion(knowledge, true);
    await deliver(textPayload(question));
    const [, related] = graph.messages();
    expect(related).toBeDefined();
    const interactive = related!['interactive'] as { type: string; body: { text: string }; action: Record<string, unknown> };
    expect(related!['type']).toBe('interactive');
    expect(interactive.body.text.length).toBeLessThanOrEqual(LIMITS.body);
    const choices =
      interactive.type === 'button'
        ? (interactive.action['buttons'] as { reply: { id: string; title: string } }[]).map((b) => b.reply)
        : (interactive.action['sections'] as { rows: { id: string; title: string }[] }[])[0]!.rows;
    const limit = interactive.type === 'button' ? LIMITS.buttonTitle : LIMITS.rowTitle;
    for (const choice of choices) {
      expect(choice.id).toMatch(/^e:[a-z0-9-]+$/);
      expect(Array.from(choice.title).length).toBeLessThanOrEqual(limit);
    }
    expect(new Set(choices.map((c) => c.title)).size).toBe(choices.length);
  });

  it('answers the entry a button press names', async () => {
    const entry = [...knowledge.entries.values()][0]!;
    await deliver(buttonReplyPayload(`e:${entry.id}`, entry.title.slice(0, 20)));
    const [answer] = graph.messages();
    expect((answer!['text'] as { body: string }).body.startsWith(`${verdictLabel(entry.verdict)} — *${entry.title}*`)).toBe(true);
  });

  it('lists a category picked from a list message', async () => {
    const category = knowledge.categories[0]!;
    await deliver(listReplyPayload(`c:${category.id}`, category.title));
    const [reply] = graph.messages();
    const text = JSON.stringify(reply);
    const first = [...knowledge.entries.values()].find((e) => e.category === category.id)!;
    expect(text).toContain(first.id);
  });

  it('asks with reply buttons when unsure, and a typed "2" answers the second choice', async () => {
    const question = clarifyQuestion(knowledge);
    const match = knowledge.matcher.match(question);
    await deliver(textPayload(question));
    const [ask] = graph.messages();
    const interactive = ask!['interactive'] as { type: string; body: { text: string }; action: { buttons?: { reply: { id: string } }[] } };
    if (match.suggestions.length <= LIMITS.buttons) {
      expect(interactive.type).toBe('button');
      expect(interactive.action.buttons!.map((b) => b.reply.id)).toEqual(match.suggestions.map((s) => `e:${s.id}`));
    }
    expect(interactive.body.text).toContain(`2. ${match.suggestions[1]!.title}`);
    expect(interactive.body.text.startsWith(clarifyText(match.suggestions))).toBe(true);

    graph.reset();
    await deliver(textPayload('2'));
    const second = match.suggestions[1]!;
    const [answer] = graph.messages();
    expect((answer!['text'] as { body: string }).body.startsWith(`${verdictLabel(second.verdict)} — *${second.title}*`)).toBe(true);
  });

  it('records a 👎 reply as feedback on the last answer', async () => {
    await deliver(textPayload(answeredQuestion(knowledge)));
    graph.reset();
    await deliver(textPayload('👎'));
    expect(graph.messages()).toEqual([
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: USER, type: 'text', text: { preview_url: false, body: FEEDBACK_THANKS_TEXT } },
    ]);
    await bed.writer.flush();
    const ratings = await bed.database.db.select().from(feedback);
    expect(ratings).toHaveLength(1);
    expect(ratings[0]!.rating).toBe(-1);
  });

  it('answers media with a short note', async () => {
    const id = wamid();
    await deliver(envelope({ contacts, messages: [{ from: USER, id, timestamp: '1749416383', type: 'sticker', sticker: { id: '1234', mime_type: 'image/webp', animated: false } }] }));
    expect(graph.requests.map((r) => r.body)).toEqual([
      { messaging_product: 'whatsapp', status: 'read', message_id: id, typing_indicator: { type: 'text' } },
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: USER, type: 'text', text: { preview_url: false, body: NON_TEXT_NOTE } },
    ]);
  });

  it('ignores status updates and messages for another phone number', async () => {
    expect((await deliver(statusPayload())).status).toBe(200);
    expect((await deliver(textPayload(answeredQuestion(knowledge)), undefined)).status).toBe(200);
    graph.reset();
    const other = envelope({ contacts, messages: [{ from: USER, id: wamid(), timestamp: '1', type: 'text', text: { body: 'halo' } }] }, '999999999999');
    expect((await deliver(other)).status).toBe(200);
    expect(graph.requests).toEqual([]);
  });

  it('replies once to a delivery Meta repeats', async () => {
    const payload = textPayload(answeredQuestion(knowledge));
    const [a, b] = await Promise.all([deliver(payload), deliver(payload)]);
    // The repeat arriving while the original is answered is refused (503), for Meta to bring it back later
    // (a duplicate, 200, if it came in only after the answer).
    expect([[200, 503], [200, 200]]).toContainEqual([a.status, b.status].sort());
    // Answered by then (the mark is written in the background): a plain duplicate.
    const answered = async () => (await bed.database.db.select().from(inboundDedup)).every((r) => r.state === 'answered');
    for (let i = 0; i < 100 && !(await answered()); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await deliver(payload)).status).toBe(200);
    expect(graph.requests.filter((r) => r.body['status'] === 'read')).toHaveLength(1);
    expect(graph.messages().filter((m) => m['type'] === 'text')).toHaveLength(1);
  });

  it('answers malformed or oversized bodies with a 4xx, and unknown signed shapes with 200', async () => {
    expect((await deliver('{"object": "whatsapp_business_account", ')).status).toBe(400);
    expect((await deliver({ object: 'whatsapp_business_account', entry: 'nope' })).status).toBe(200);
    expect((await deliver(JSON.stringify({ pad: 'x'.repeat(300 * 1024) }))).status).toBe(413);
    expect(graph.requests).toEqual([]);
  });

  it('retries the Graph API once on a server error and never logs secrets', async () => {
    graph.failNext(500);
    await deliver(textPayload(answeredQuestion(knowledge)));
    // read receipt: failed then retried; then the answer.
    expect(graph.requests[0]!.body['status']).toBe('read');
    expect(graph.requests[1]!.body['status']).toBe('read');
    expect(graph.messages().length).toBeGreaterThanOrEqual(1);

    graph.failNext(401, 10, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } });
    await deliver(textPayload(answeredQuestion(knowledge)));
    const logs = bed.logs.text();
    expect(logs).toContain('Graph API refused the message');
    for (const secret of [ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN, USER]) expect(logs).not.toContain(secret);
  });

  it('is what createWhatsAppChannel builds for WHATSAPP_MODE=cloud', async () => {
    const built = await createWhatsAppChannel(
      bed.deps({
        WHATSAPP_MODE: 'cloud',
        WHATSAPP_CLOUD_VERIFY_TOKEN: VERIFY_TOKEN,
        WHATSAPP_CLOUD_APP_SECRET: APP_SECRET,
        WHATSAPP_CLOUD_TOKEN: ACCESS_TOKEN,
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      }),
    );
    expect(built.name).toBe('whatsapp');
    expect(typeof (built as CloudChannel).idle).toBe('function');
  });
});
