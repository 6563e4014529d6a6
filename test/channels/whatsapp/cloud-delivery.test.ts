import { createHmac } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCloudChannel, type CloudChannel } from '../../../src/channels/whatsapp/cloud.js';
import type { KnowledgeSnapshot } from '../../../src/kb/snapshot.js';
import { createApp } from '../../../src/server.js';
import { TEST_DRIVERS } from '../../helpers/database.js';
import { realKnowledgeSnapshot } from '../../helpers/knowledge.js';
import { FakeGraphApi } from './fake-graph-api.js';
import { answeredQuestion, openTestBed, type TestBed } from './testbed.js';

const APP_SECRET = 'meta-app-secret-for-delivery-tests';
const PHONE_NUMBER_ID = '106540352242922';
const ALICE = '6281234500001';
const BOB = '6281234500002';

let seq = 0;
const textMessage = (from: string, body: string) => ({ from, id: `wamid.DELIVERY${String(++seq).padStart(6, '0')}`, timestamp: '1749416383', type: 'text', text: { body } });
const delivery = (messages: unknown[]) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID }, messages } }] }],
});

let knowledge: KnowledgeSnapshot;
beforeAll(async () => {
  knowledge = await realKnowledgeSnapshot();
});

describe.each(TEST_DRIVERS)('WhatsApp Cloud delivery: Graph API failures and malformed messages (%s)', (driver) => {
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
    bed.logs.lines.length = 0;
    channel = createCloudChannel(
      bed.deps({
        WHATSAPP_MODE: 'cloud',
        WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-token-for-delivery-tests',
        WHATSAPP_CLOUD_APP_SECRET: APP_SECRET,
        WHATSAPP_CLOUD_TOKEN: 'EAAGdeliverytesttoken',
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
        WHATSAPP_CLOUD_API_ROOT: `${graph.url}/v21.0`,
      }),
      { retryDelayMs: 5 },
    );
    await channel.start();
    app = createApp({ log: bed.logs.log, readiness: [], routes: [channel.routes!] });
  });

  async function deliver(payload: unknown): Promise<Response> {
    const raw = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;
    const response = await app.request('/webhooks/whatsapp', { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } });
    await channel.idle();
    return response;
  }
  const messagesLogged = (msg: string) => bed.logs.lines.filter((l) => l['msg'] === msg);

  it('retries a failing send with backoff and delivers the answer once the Graph API recovers', async () => {
    // The read receipt uses up four failures (and is given up); the answer fails twice, then goes through.
    graph.failNext(503, 6);
    await deliver(delivery([textMessage(ALICE, answeredQuestion(knowledge))]));
    const answers = graph.messages().filter((m) => m['to'] === ALICE).map((m) => JSON.stringify(m));
    // The first message of the answer was tried three times; the rest of the answer followed it.
    expect(answers.slice(0, 3)).toEqual([answers[0], answers[0], answers[0]]);
    expect(answers[3]).not.toBe(answers[0]);
    expect(messagesLogged('whatsapp cloud: replied')).toHaveLength(1);
    expect(messagesLogged('whatsapp cloud: reply failed after retries')).toHaveLength(0);
  });

  it('logs a reply the Graph API never took as failed, not as replied', async () => {
    graph.failNext(500, 8);
    await deliver(delivery([textMessage(ALICE, answeredQuestion(knowledge))]));
    expect(graph.messages().filter((m) => m['to'] === ALICE)).toHaveLength(4);
    expect(messagesLogged('whatsapp cloud: replied')).toHaveLength(0);
    expect(messagesLogged('whatsapp cloud: reply failed after retries')).toEqual([expect.objectContaining({ level: 50, kind: 'answer' })]);
  });

  it('answers the valid messages of a delivery that also holds a malformed one', async () => {
    const question = answeredQuestion(knowledge);
    const malformed = { from: 6281234500003, id: null, type: 'text', text: 'not an object' };
    const response = await deliver(delivery([textMessage(ALICE, question), malformed, textMessage(BOB, question)]));
    expect(response.status).toBe(200);
    const answeredTo = new Set(graph.messages().map((m) => m['to']));
    expect(answeredTo).toEqual(new Set([ALICE, BOB]));
    expect(messagesLogged('whatsapp cloud: malformed messages in a delivery skipped')).toEqual([expect.objectContaining({ malformed: 1, handled: 2 })]);
  });
});
