import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { adminRoutes } from '../../../src/admin/index.js';
import { useDatabaseAuthState } from '../../../src/channels/whatsapp/auth-store.js';
import { createBaileysChannel, type BaileysChannel } from '../../../src/channels/whatsapp/baileys-channel.js';
import { createWhatsAppChannel } from '../../../src/channels/whatsapp/index.js';
import { baileysSocketFactory } from '../../../src/channels/whatsapp/socket.js';
import type { KnowledgeSnapshot } from '../../../src/kb/snapshot.js';
import { channelReadinessChecks } from '../../../src/channels/states.js';
import { createApp } from '../../../src/server.js';
import { realKnowledgeSnapshot } from '../../helpers/knowledge.js';
import { FakeClock } from './fake-clock.js';
import { FakeSocket } from './fake-socket.js';
import { privateText } from './messages.js';
import { answeredQuestion, openTestBed, type TestBed } from './testbed.js';

const ADMIN_TOKEN = 'admin-token-for-whatsapp-tests-0123';

let knowledge: KnowledgeSnapshot;
let bed: TestBed;
beforeAll(async () => {
  knowledge = await realKnowledgeSnapshot();
  bed = await openTestBed('pglite', knowledge);
});
afterAll(async () => {
  await bed.cleanup();
});

/** Serves the console's WhatsApp status (admin routes) and the channel's readiness over real HTTP. */
async function listen(channel: BaileysChannel, hostname = '127.0.0.1', adminToken?: string): Promise<{ server: ServerType; port: number }> {
  const admin = adminRoutes({ db: bed.database.db, log: bed.logs.log, ...(adminToken ? { adminToken } : {}), whatsapp: { mode: 'baileys', status: () => channel.status() } });
  const app = createApp({ log: bed.logs.log, readiness: channelReadinessChecks([channel]), routes: [admin] });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname }, (info) => resolve({ server, port: info.port }));
  });
}
const close = (server: ServerType) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('Baileys channel', () => {
  let channel: BaileysChannel;
  let sockets: FakeSocket[];
  let logins: { qr?: string; pairingCode?: string }[];

  function build(env: Record<string, string> = {}): BaileysChannel {
    channel = createBaileysChannel(bed.deps({ WHATSAPP_MODE: 'baileys', ...env }), {
      socketFactory: (auth) => {
        const socket = new FakeSocket(auth);
        sockets.push(socket);
        return socket;
      },
      showLogin: (login) => logins.push(login),
    });
    return channel;
  }

  beforeEach(async () => {
    await bed.reset();
    sockets = [];
    logins = [];
  });
  afterEach(async () => {
    await channel?.stop();
  });

  it('shows the login QR at the admin-only status endpoint, then answers once linked', async () => {
    build({ ADMIN_TOKEN });
    await channel.start();
    await vi.waitFor(() => expect(sockets).toHaveLength(1));
    const socket = sockets[0]!;
    socket.showQr('2@login-qr-payload');
    expect(logins).toEqual([{ qr: '2@login-qr-payload' }]);

    const { server, port } = await listen(channel, '127.0.0.1', ADMIN_TOKEN);
    try {
      const url = `http://127.0.0.1:${port}/admin/whatsapp/status`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('cache-control')).toBe('no-store');
      expect(await ok.json()).toMatchObject({ status: 'qr', qr: '2@login-qr-payload', leader: true });

      // /readyz is public: it reports the channel's state (never the QR) without failing on it.
      const waiting = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(waiting.status).toBe(200);
      const readyBody = await waiting.text();
      expect(JSON.parse(readyBody)).toMatchObject({ ok: true, checks: [{ name: 'whatsapp', critical: false, ok: false, detail: { status: 'qr' } }] });
      expect(readyBody).not.toContain('login-qr-payload');

      socket.open();
      const open = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await open.json()).toMatchObject({ ok: true, checks: [{ name: 'whatsapp', ok: true, detail: { status: 'open' } }] });
    } finally {
      await close(server);
    }

    const question = answeredQuestion(knowledge);
    socket.receive([privateText(question)]);
    await channel.adapter.idle();
    expect(socket.sent).toHaveLength(1);

    await channel.stop();
    expect(socket.ended).toBe(true);
    expect(channel.status()).toMatchObject({ status: 'standby', leader: false });
  });

  it('never answers the status without a token, not even to loopback', async () => {
    build();
    await channel.start();
    const { server, port } = await listen(channel);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/admin/whatsapp/status`)).status).toBe(401);
    } finally {
      await close(server);
    }
  });

  it('shows a pairing code instead of a QR when WHATSAPP_PAIRING_NUMBER is set', async () => {
    build({ WHATSAPP_PAIRING_NUMBER: '6281100000001' });
    await channel.start();
    await vi.waitFor(() => expect(sockets).toHaveLength(1));
    sockets[0]!.showQr('2@ignored');
    await vi.waitFor(() => expect(channel.status()).toMatchObject({ status: 'qr', pairingCode: 'NETRA123' }));
    expect(sockets[0]!.pairingRequests).toEqual(['6281100000001']);
    expect(logins).toEqual([{ pairingCode: 'NETRA123' }]);
  });

  it('is what createWhatsAppChannel builds for WHATSAPP_MODE=baileys, idle until started', async () => {
    const built = (await createWhatsAppChannel(bed.deps({ WHATSAPP_MODE: 'baileys' }))) as BaileysChannel;
    expect(built.name).toBe('whatsapp');
    expect(built.status()).toMatchObject({ status: 'standby', leader: false });
  });

  it('opens a new socket after the post-scan 515 and keeps answering on it', async () => {
    build();
    await channel.start();
    await vi.waitFor(() => expect(sockets).toHaveLength(1));
    sockets[0]!.showQr('2@scan');
    sockets[0]!.close(DisconnectReason.restartRequired);
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    sockets[1]!.open();
    sockets[0]!.receive([privateText(answeredQuestion(knowledge))]);
    sockets[1]!.receive([privateText(answeredQuestion(knowledge))]);
    await channel.adapter.idle();
    expect(sockets[0]!.sent).toHaveLength(0);
    expect(sockets[1]!.sent).toHaveLength(1);
  });
});

describe('real Baileys socket', () => {
  let waServer: Server;
  let upgrades = 0;
  let channel: BaileysChannel | undefined;

  beforeAll(async () => {
    // Stands in for WhatsApp's WebSocket endpoint: accepts the TCP connection, then hangs up on the upgrade.
    waServer = createServer();
    waServer.on('upgrade', (_req, socket) => {
      upgrades++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => waServer.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => waServer.close(() => resolve()));
  });
  afterEach(async () => {
    await channel?.stop();
  });

  it('imports and connects without install scripts, from the stored session, and backs off after a hang-up', async () => {
    await bed.reset();
    // A linked session in the database, as a previous run would have left it.
    const stored = await useDatabaseAuthState(bed.database.db, 'default');
    stored.state.creds.me = { id: '6281100000001:7@s.whatsapp.net' };
    stored.state.creds.account = { details: new Uint8Array([1]) };
    await stored.saveCreds();

    const clock = new FakeClock();
    const deps = bed.deps({ WHATSAPP_MODE: 'baileys' });
    const url = `ws://127.0.0.1:${(waServer.address() as AddressInfo).port}/ws/chat`;
    channel = createBaileysChannel(deps, {
      socketFactory: baileysSocketFactory({ log: deps.log, getMessage: async () => undefined, waWebSocketUrl: url }),
      clock,
      random: () => 1,
      showLogin: () => {},
    });
    upgrades = 0;
    await channel.start();
    await clock.advance(0);
    await vi.waitFor(() => expect(channel!.status().lastError).toMatch(/terputus/), { timeout: 10_000 });
    expect(upgrades).toBe(1);
    expect(channel.status().status).toBe('connecting');
    // A registered session that lost its connection backs off (1 s for the first failure), then retries.
    expect(clock.pendingDelays()).toContain(1_000);
    await clock.advance(1_000);
    await vi.waitFor(() => expect(upgrades).toBe(2), { timeout: 10_000 });
  });
});
