import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHmac } from 'node:crypto';
import { startTestNetra } from '../../helpers/netra.js';
import { FakeGraphApi } from './fake-graph-api.js';

const APP_SECRET = 'meta-app-secret-e2e-0123456789';

describe('WhatsApp Cloud API through the whole server', () => {
  let graph: FakeGraphApi;
  let server: Awaited<ReturnType<typeof startTestNetra>>;

  beforeAll(async () => {
    graph = await new FakeGraphApi().start();
    server = await startTestNetra({
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-e2e',
      WHATSAPP_CLOUD_APP_SECRET: APP_SECRET,
      WHATSAPP_CLOUD_TOKEN: 'EAAGe2etoken',
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_CLOUD_API_ROOT: `${graph.url}/v21.0`,
    });
  });
  afterAll(async () => {
    await server.netra.stop();
    await graph.stop();
  });

  it('verifies the webhook, answers a signed message over HTTP, and reports the channel', async () => {
    const verify = await fetch(`${server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-e2e&hub.challenge=42`);
    expect(await verify.text()).toBe('42');

    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, messages: [{ from: '6281234567890', id: 'wamid.E2E1', timestamp: '1749416383', type: 'text', text: { body: '/bantuan' } }] } }] }],
    });
    const signature = `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;
    const response = await server.post('/webhooks/whatsapp', raw, { 'x-hub-signature-256': signature });
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(graph.messages()).toHaveLength(1), { timeout: 10_000 });
    expect(graph.messages()[0]).toMatchObject({ to: '6281234567890', type: 'text' });
    expect((graph.messages()[0]!['text'] as { body: string }).body).toContain('/topik');

    const ready = await (await fetch(`${server.url}/readyz`)).json();
    expect(JSON.stringify(ready)).not.toContain('EAAGe2etoken');
  });
});
