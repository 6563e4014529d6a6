import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNetra } from '../../helpers/netra.js';
import { FakeBotApi } from './fake-bot-api.js';
import { PERSON, textUpdate } from './fixtures.js';
import { BOT_TOKEN, buttonsOf, WEBHOOK_SECRET } from './harness.js';

/** The whole server as main.ts starts it, with Telegram in webhook mode against a fake Bot API, over real HTTP. */
async function startWebhookServer(extra: Record<string, string>) {
  const fake = await new FakeBotApi().start();
  const server = await startTestNetra({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: fake.url,
    ...extra,
  });
  return { fake, server };
}

describe('Netra with Telegram in webhook mode', () => {
  let fake: FakeBotApi;
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  beforeAll(async () => {
    ({ fake, server } = await startWebhookServer({ PUBLIC_BASE_URL: 'https://netra.example.go.id' }));
  });
  afterAll(async () => {
    await server?.netra.stop();
    await fake?.stop();
  });

  it('initialises the bot at start-up and answers an update posted to /webhooks/telegram', async () => {
    expect(fake.callsTo('getMe')).toHaveLength(1);
    expect(fake.callsTo('setWebhook')).toEqual([]);

    const res = await server.post('/webhooks/telegram', textUpdate('bolehkah asn like postingan calon bupati di instagram?'), {
      'x-telegram-bot-api-secret-token': WEBHOOK_SECRET,
    });
    expect(res.status).toBe(200);
    const [send] = fake.callsTo('sendMessage');
    expect(send!.payload).toMatchObject({ chat_id: PERSON.id, parse_mode: 'HTML' });
    expect(String(send!.payload.text)).toContain('❌ Dilarang');
    expect(buttonsOf(send!.payload).map((b) => b.text)).toContain('👍 Membantu');

    const ready = await (await fetch(`${server.url}/readyz`)).json();
    expect(ready.checks).toContainEqual({ name: 'telegram', critical: false, ok: true, detail: { mode: 'webhook' } });
    expect(await server.netra.channelStates()).toEqual([{ channel: 'telegram', ok: true, detail: { mode: 'webhook' } }]);
    expect(server.logs.text()).not.toContain(BOT_TOKEN);
    expect(server.logs.text()).not.toContain(WEBHOOK_SECRET);
  });

  it('reads bodies from the socket: 413 over 1 MiB (declared or chunked), 400 for broken JSON, and the server keeps answering', async () => {
    const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };
    const before = fake.callsTo('sendMessage').length;
    const declared = await fetch(`${server.url}/webhooks/telegram`, { method: 'POST', headers, body: JSON.stringify(textUpdate('a'.repeat(1_100_000))) });
    expect(declared.status).toBe(413);
    // No content-length: the limit is applied while the chunks arrive.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(64 * 1024)));
        controller.close();
      },
    });
    const chunked = await fetch(`${server.url}/webhooks/telegram`, { method: 'POST', headers, body: chunks, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    const broken = await fetch(`${server.url}/webhooks/telegram`, { method: 'POST', headers, body: '{"update_id": 1, "message": ' });
    expect(broken.status).toBe(400);
    expect(fake.callsTo('sendMessage')).toHaveLength(before);
    expect(server.logs.text()).toContain('telegram webhook body too large');

    const res = await server.post('/webhooks/telegram', textUpdate('boleh foto bareng calon bupati?'), { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET });
    expect(res.status).toBe(200);
    expect(fake.callsTo('sendMessage')).toHaveLength(before + 1);
  });

  it('answers 401 to a request without the secret token', async () => {
    const before = fake.calls.length;
    const res = await server.post('/webhooks/telegram', textUpdate('halo'));
    expect(res.status).toBe(401);
    expect(fake.calls.length).toBe(before);
  });
});

/** TELEGRAM_WEBHOOK_REPLY: the answer travels back in the webhook response, not as a separate Bot API call. */
describe('Netra with Telegram webhook replies', () => {
  let fake: FakeBotApi;
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  beforeAll(async () => {
    ({ fake, server } = await startWebhookServer({ TELEGRAM_WEBHOOK_REPLY: 'true' }));
  });
  afterAll(async () => {
    await server?.netra.stop();
    await fake?.stop();
  });

  it('answers a question in the webhook response, with the same message a sendMessage call would carry', async () => {
    const res = await server.post('/webhooks/telegram', textUpdate('bolehkah asn like postingan calon bupati di instagram?', { updateId: 9_001 }), {
      'x-telegram-bot-api-secret-token': WEBHOOK_SECRET,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ method: 'sendMessage', chat_id: PERSON.id, parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    expect(String(body.text)).toContain('❌ Dilarang');
    expect(buttonsOf(body).map((b) => b.text)).toContain('👍 Membantu');
    expect(fake.callsTo('sendMessage')).toEqual([]);
  });

  it('answers a redelivered update with an empty 200 and no second message', async () => {
    const update = textUpdate('boleh foto bareng calon bupati?', { updateId: 9_002 });
    const headers = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };
    expect((await server.post('/webhooks/telegram', update, headers)).headers.get('content-type')).toContain('application/json');
    const again = await server.post('/webhooks/telegram', update, headers);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('');
    expect(fake.callsTo('sendMessage')).toEqual([]);
  });
});
