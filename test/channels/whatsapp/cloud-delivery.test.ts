import { createHmac } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCloudChannel, type CloudChannel, type CloudChannelOptions } from '../../../src/channels/whatsapp/cloud.js';
import { inboundDedup } from '../../../src/db/schema.js';
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
    channel = cloudChannel({ retryDelayMs: 5 });
    await channel.start();
    app = createApp({ log: bed.logs.log, readiness: [], routes: [channel.routes!] });
  });

  /** A Cloud channel talking to `graphApi` (the shared fake by default), with extra settings on top. */
  const cloudChannel = (options: CloudChannelOptions, graphApi: FakeGraphApi = graph, env: Record<string, string> = {}) =>
    createCloudChannel(
      bed.deps({
        WHATSAPP_MODE: 'cloud',
        WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-token-for-delivery-tests',
        WHATSAPP_CLOUD_APP_SECRET: APP_SECRET,
        WHATSAPP_CLOUD_TOKEN: 'EAAGdeliverytesttoken',
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
        WHATSAPP_CLOUD_API_ROOT: `${graphApi.url}/v21.0`,
        ...env,
      }),
      options,
    );

  /** Posts a signed delivery the way Meta does. */
  async function post(payload: unknown, target: Hono = app): Promise<Response> {
    const raw = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;
    return target.request('/webhooks/whatsapp', { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } });
  }

  /** Posts a delivery and waits until everything it started has finished. */
  async function deliver(payload: unknown): Promise<Response> {
    const response = await post(payload);
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

  it('answers before it acknowledges, so a crash before the 200 leaves the delivery to Meta to redeliver', async () => {
    const response = await post(delivery([textMessage(ALICE, answeredQuestion(knowledge))]));
    expect(response.status).toBe(200);
    // No idle(): the answer already went out when the acknowledgement came.
    expect(graph.messages().filter((m) => m['to'] === ALICE).length).toBeGreaterThan(0);
    expect(messagesLogged('whatsapp cloud: replied')).toHaveLength(1);
  });

  it('acknowledges a delivery whose answer is slow after its deadline, and refuses deliveries past the in-flight cap', async () => {
    const slow = cloudChannel({ retryDelayMs: 5, maxInFlight: 2, answerBeforeAckMs: 100 });
    await slow.start();
    const slowApp = createApp({ log: bed.logs.log, readiness: [], routes: [slow.routes!] });
    graph.delayMs = 1_000;
    const question = answeredQuestion(knowledge);
    const started = Date.now();
    expect((await post(delivery([textMessage(ALICE, question), textMessage(BOB, question)]), slowApp)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(900);
    const refused = await post(delivery([textMessage('6281234500003', question)]), slowApp);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(messagesLogged('whatsapp cloud: too many messages in flight; delivery refused with 503 for Meta to redeliver')).toHaveLength(1);
    await slow.idle();
    expect(new Set(graph.messages().map((m) => m['to']))).toEqual(new Set([ALICE, BOB]));
    await slow.stop();
  });

  it('a message claimed by an instance that died before answering: its delivery is refused (503) inside the lease, answered once after it', async () => {
    const LEASE_MS = 1_000;
    const instance = (graphApi: FakeGraphApi) => {
      const cloud = cloudChannel({ retryDelayMs: 5 }, graphApi, { INBOUND_CLAIM_LEASE_MS: String(LEASE_MS) });
      return { cloud, app: createApp({ log: bed.logs.log, readiness: [], routes: [cloud.routes!] }) };
    };
    // The first instance claims the message, then hangs on the Graph API: as good as killed before its answer.
    const hanging = await new FakeGraphApi().start();
    try {
      const dying = instance(hanging);
      const fresh = instance(graph);
      const question = answeredQuestion(knowledge);
      const fromAlice = textMessage(ALICE, question);
      const held = hanging.hold();
      void post(delivery([fromAlice]), dying.app).catch(() => undefined); // never acknowledged: Meta will redeliver
      await held;
      const claimedAt = Date.now();
      const answersTo = (to: string) => graph.messages().filter((m) => m['to'] === to).length;

      // Meta redelivers it inside the lease, batched with a new message from Bob. Alice's message may still
      // be being answered, or its process died: the delivery is not acknowledged, so Meta brings it back.
      // Bob's is answered (before the 503) and marked answered.
      const redelivered = delivery([fromAlice, textMessage(BOB, question)]);
      const refused = await post(redelivered, fresh.app);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(answersTo(ALICE)).toBe(0);
      expect(answersTo(BOB)).toBeGreaterThan(0);
      expect(messagesLogged('whatsapp cloud: a message is claimed but not answered yet; delivery refused with 503 for Meta to redeliver')).toEqual([
        expect.objectContaining({ busy: 1, messages: 2 }),
      ]);
      const toBob = answersTo(BOB);

      // After the lease: Alice's claim is taken over and answered; Bob's is a duplicate now.
      await new Promise((r) => setTimeout(r, Math.max(0, claimedAt + LEASE_MS + 100 - Date.now())));
      expect((await post(redelivered, fresh.app)).status).toBe(200);
      expect(answersTo(ALICE)).toBeGreaterThan(0);
      expect(answersTo(BOB)).toBe(toBob);
      expect(messagesLogged('whatsapp cloud: replied')).toHaveLength(2);
      expect(bed.logs.text()).toContain('taken over');
      const answers = graph.messages().length;

      // Both answered now: a later redelivery, inside the lease or past it, is a duplicate, acknowledged with 200.
      await fresh.cloud.idle();
      // The answered marks are written in the background.
      const allAnswered = async () => (await bed.database.db.select().from(inboundDedup)).every((r) => r.state === 'answered');
      for (let i = 0; i < 100 && !(await allAnswered()); i++) await new Promise((r) => setTimeout(r, 20));
      expect(await allAnswered()).toBe(true);
      expect((await post(redelivered, fresh.app)).status).toBe(200);
      await new Promise((r) => setTimeout(r, LEASE_MS + 100));
      expect((await post(redelivered, fresh.app)).status).toBe(200);
      expect(graph.messages()).toHaveLength(answers);
      expect(messagesLogged('whatsapp cloud: replied')).toHaveLength(2);
    } finally {
      await hanging.stop();
    }
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
