import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { channelReadinessChecks, channelStates } from '../../../src/channels/states.js';
import { createBaileysChannel, type BaileysChannel } from '../../../src/channels/whatsapp/baileys-channel.js';
import { KnowledgeHolder, type KnowledgeSnapshot } from '../../../src/kb/snapshot.js';
import { instanceReadinessChecks } from '../../../src/readiness.js';
import { createApp } from '../../../src/server.js';
import { TEST_DRIVERS } from '../../helpers/database.js';
import { realKnowledgeSnapshot } from '../../helpers/knowledge.js';
import { FakeClock } from './fake-clock.js';
import { FakeSocket } from './fake-socket.js';
import { openTestBed, type TestBed } from './testbed.js';

/**
 * /readyz as app.ts assembles it — the instance checks (database, knowledge) plus the channels' checks — over a
 * real database and a Baileys channel whose socket cannot connect.
 */
describe.each(TEST_DRIVERS)('readiness with WhatsApp down (%s)', (driver) => {
  let knowledge: KnowledgeSnapshot;
  let bed: TestBed;
  let channel: BaileysChannel;
  let sockets: FakeSocket[];

  beforeAll(async () => {
    knowledge = await realKnowledgeSnapshot();
    bed = await openTestBed(driver, knowledge);
    sockets = [];
    channel = createBaileysChannel(bed.deps({ WHATSAPP_MODE: 'baileys' }), {
      socketFactory: (auth) => {
        const socket = new FakeSocket(auth);
        sockets.push(socket);
        return socket;
      },
      showLogin: () => {},
      clock: new FakeClock(),
      random: () => 1,
    });
    await channel.start();
    await vi.waitFor(() => expect(sockets).toHaveLength(1), { timeout: 10_000 });
  });
  afterAll(async () => {
    await channel.stop();
    await bed.cleanup();
  });

  function app() {
    const holder = new KnowledgeHolder();
    holder.replace(knowledge);
    return createApp({ log: bed.logs.log, readiness: [...instanceReadinessChecks(bed.database, holder), ...channelReadinessChecks([channel])], routes: [] });
  }

  it('stays 200 while WhatsApp cannot connect, and shows the channel state as detail', async () => {
    // A fresh session whose WebSocket timed out before any QR: the supervisor backs off and keeps `connecting`.
    sockets[0]!.close(DisconnectReason.timedOut, 'Timed Out');
    await vi.waitFor(() => expect(channel.status().failedAttempts).toBe(1));
    const res = await app().request('/readyz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; checks: { name: string; critical: boolean; ok: boolean; detail?: Record<string, unknown> }[] };
    expect(body.ok).toBe(true);
    expect(body.checks.map((c) => [c.name, c.critical, c.ok])).toEqual([
      ['database', true, true],
      ['knowledge', true, true],
      ['whatsapp', false, false],
    ]);
    expect(body.checks[2]!.detail).toMatchObject({ mode: 'baileys', status: 'connecting', leader: true, failedAttempts: 1 });
    expect(body.checks[2]!.detail!['retryAt']).toEqual(expect.any(String));

    const states = await channelStates([channel])();
    expect(states).toEqual([{ channel: 'whatsapp', ok: false, detail: expect.objectContaining({ status: 'connecting' }) }]);
    expect(channel.status()).toMatchObject({ status: 'connecting', failedAttempts: 1 });
  });

  it('turns 503 when the database is down, whatever the channels say', async () => {
    await bed.writer.flush();
    await bed.database.close();
    const res = await app().request('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ok: boolean; checks: { name: string; ok: boolean }[] };
    expect(body.ok).toBe(false);
    expect(body.checks.find((c) => c.name === 'database')).toMatchObject({ ok: false, critical: true });
  });
});
