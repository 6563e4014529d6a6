import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DisconnectReason, type AuthenticationState } from '@whiskeysockets/baileys';
import { sql } from 'drizzle-orm';
import { useDatabaseAuthState } from '../../../src/channels/whatsapp/auth-store.js';
import { backoffDelay, decideOnClose, DEFAULT_BACKOFF, QR_RENEW_DELAY_MS, reconnectLogLevel, WARN_EVERY_AT_CAP } from '../../../src/channels/whatsapp/reconnect-policy.js';
import { createSessionSupervisor, type SessionSupervisor } from '../../../src/channels/whatsapp/supervisor.js';
import { whatsappAuth } from '../../../src/db/schema.js';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { memoryLogger } from '../../helpers/logger.js';
import { FakeClock, settle } from './fake-clock.js';
import { FakeSocket } from './fake-socket.js';

describe('reconnect policy', () => {
  it('grows the backoff exponentially up to the cap', () => {
    const low = [0, 1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffDelay(n, () => 0));
    const high = [0, 1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffDelay(n, () => 1));
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(low).toEqual(high.map((d) => d / 2));
  });

  it('keeps the jitter within half to all of the capped delay', () => {
    for (let failures = 0; failures < 12; failures++) {
      const cap = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** failures);
      for (const r of [0, 0.01, 0.25, 0.5, 0.75, 0.999, 1]) {
        const delay = backoffDelay(failures, () => r);
        expect(delay).toBeGreaterThanOrEqual(cap / 2);
        expect(delay).toBeLessThanOrEqual(cap);
      }
    }
  });

  it('maps the close reasons: 401 relogin, 440 halt, 515 at once, unscanned QR renews, others back off', () => {
    const close = (statusCode: number | undefined, qrIssued = false, failures = 3) => decideOnClose({ statusCode, qrIssued, failures }, () => 0.5);
    expect(close(DisconnectReason.loggedOut)).toEqual({ kind: 'relogin' });
    expect(close(DisconnectReason.connectionReplaced)).toEqual({ kind: 'halt' });
    expect(close(DisconnectReason.restartRequired)).toEqual({ kind: 'reconnect', delayMs: 0, countsAsFailure: false });
    expect(close(DisconnectReason.timedOut, true)).toEqual({ kind: 'reconnect', delayMs: QR_RENEW_DELAY_MS, countsAsFailure: false });
    // A 408 before any QR (WhatsApp unreachable, handshake timed out) is an outage, however fresh the session.
    for (const code of [DisconnectReason.timedOut, DisconnectReason.connectionClosed, DisconnectReason.badSession, DisconnectReason.unavailableService, undefined]) {
      expect(close(code)).toEqual({ kind: 'reconnect', delayMs: backoffDelay(3, () => 0.5), countsAsFailure: true });
    }
  });

  it('warns once per backoff step, then only every few attempts while the delay stays at the cap', () => {
    const levels = Array.from({ length: 40 }, (_, failures) => reconnectLogLevel(failures));
    // Delays 1, 2, 4, 8, 16, 32 s and the first capped 60 s: one warning each.
    expect(levels.slice(0, 7)).toEqual(Array(7).fill('warn'));
    const atCap = levels.slice(7);
    expect(atCap.filter((l) => l === 'warn')).toHaveLength(Math.floor(atCap.length / WARN_EVERY_AT_CAP));
    expect(atCap.slice(0, WARN_EVERY_AT_CAP - 1)).toEqual(Array(WARN_EVERY_AT_CAP - 1).fill('info'));
  });
});

describe('session supervisor', () => {
  let testDb: TestDatabase;
  let clock: FakeClock;
  let sockets: FakeSocket[];
  let supervisor: SessionSupervisor;
  let logins: { qr?: string; pairingCode?: string }[];
  let logs: ReturnType<typeof memoryLogger>;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await testDb.cleanup();
  });

  function start(options: { pairingNumber?: string } = {}): SessionSupervisor {
    supervisor = createSessionSupervisor({
      openAuth: () => useDatabaseAuthState(testDb.database.db, 'default'),
      createSocket: (auth: AuthenticationState) => {
        const socket = new FakeSocket(auth);
        sockets.push(socket);
        return socket;
      },
      attach: () => () => {},
      showLogin: (login) => logins.push(login),
      log: logs.log,
      clock,
      random: () => 1,
      reloginDelayMs: 5_000,
      ...options,
    });
    return supervisor;
  }

  const latest = () => sockets.at(-1)!;
  const socketCount = async (n: number) => vi.waitFor(() => expect(sockets).toHaveLength(n));

  beforeEach(async () => {
    await testDb.database.db.execute(sql`truncate whatsapp_auth`);
    clock = new FakeClock();
    sockets = [];
    logins = [];
    logs = memoryLogger();
  });

  it('shows the login QR in the state and to the terminal, then reports open', async () => {
    await start().start();
    await socketCount(1);
    expect(supervisor.state().status).toBe('connecting');
    latest().showQr('2@qr-payload,abc,def');
    expect(supervisor.state()).toMatchObject({ status: 'qr', qr: '2@qr-payload,abc,def' });
    expect(logins).toEqual([{ qr: '2@qr-payload,abc,def' }]);
    expect(logs.text()).not.toContain('qr-payload');
    latest().open();
    expect(supervisor.state().status).toBe('open');
    expect(supervisor.state().qr).toBeUndefined();
  });

  it('asks for a pairing code once per socket when WHATSAPP_PAIRING_NUMBER is set', async () => {
    await start({ pairingNumber: '6281100000001' }).start();
    await socketCount(1);
    latest().showQr('2@first');
    latest().showQr('2@second');
    await vi.waitFor(() => expect(supervisor.state()).toMatchObject({ status: 'qr', pairingCode: 'NETRA123' }));
    expect(latest().pairingRequests).toEqual(['6281100000001']);
    expect(supervisor.state().qr).toBeUndefined();
    expect(logins).toEqual([{ pairingCode: 'NETRA123' }]);
  });

  it('backs off with growing delays and opens no socket before the delay has passed', async () => {
    await start().start();
    await socketCount(1);
    latest().open();
    for (let failures = 0; failures < 4; failures++) {
      latest().close(DisconnectReason.connectionClosed);
      await settle();
      const delay = backoffDelay(failures, () => 1);
      expect(clock.pendingDelays()).toEqual([delay]);
      await clock.advance(delay - 1);
      expect(sockets).toHaveLength(failures + 1);
      await clock.advance(1);
      await socketCount(failures + 2);
    }
    expect(supervisor.state()).toMatchObject({ status: 'connecting' });
    expect(supervisor.state().lastError).toMatch(/terputus/);
    latest().open();
    // A successful open resets the backoff.
    latest().close(DisconnectReason.connectionLost);
    await settle();
    expect(clock.pendingDelays()).toEqual([backoffDelay(0, () => 1)]);
  });

  it('opens a new socket at once on 515 restartRequired (after a QR scan)', async () => {
    await start().start();
    await socketCount(1);
    latest().showQr('2@scan-me');
    latest().close(DisconnectReason.restartRequired, 'Stream Errored (restart required)');
    await socketCount(2);
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('does not reconnect on 440 connectionReplaced, however long it waits', async () => {
    await start().start();
    await socketCount(1);
    latest().open();
    latest().close(DisconnectReason.connectionReplaced, 'Connection Replaced');
    await settle();
    expect(clock.pendingDelays()).toEqual([]);
    await clock.advance(24 * 60 * 60 * 1000);
    expect(sockets).toHaveLength(1);
    expect(supervisor.state().status).toBe('standby');
    expect(supervisor.state().lastError).toMatch(/klien lain/);
  });

  it('on 401 loggedOut clears the stored session and logs in afresh instead of reconnecting', async () => {
    await start().start();
    await socketCount(1);
    const old = latest();
    // Simulate a linked session: creds with an account, plus keys, all stored.
    old.auth!.creds.me = { id: '6281100000001:7@s.whatsapp.net' };
    old.auth!.creds.account = { details: new Uint8Array([1]) };
    const stored = await useDatabaseAuthState(testDb.database.db, 'default');
    Object.assign(stored.state.creds, old.auth!.creds);
    await stored.saveCreds();
    await stored.state.keys.set({ session: { '6281234567890.0': new Uint8Array([1, 2, 3]) } });
    old.open();

    old.close(DisconnectReason.loggedOut, 'Intentional Logout');
    await vi.waitFor(() => expect(supervisor.state().status).toBe('logged-out'));
    expect(await testDb.database.db.select().from(whatsappAuth)).toEqual([]);
    expect(sockets).toHaveLength(1);

    await clock.advance(5_000);
    await socketCount(2);
    const fresh = latest().auth!.creds;
    expect(fresh.me).toBeUndefined();
    expect(fresh.account).toBeUndefined();
    expect(Buffer.compare(Buffer.from(fresh.noiseKey.public), Buffer.from(old.auth!.creds.noiseKey.public))).not.toBe(0);
    latest().showQr('2@new-login');
    expect(supervisor.state()).toMatchObject({ status: 'qr', qr: '2@new-login' });
  });

  it('renews an unscanned QR without counting it as an outage', async () => {
    await start().start();
    await socketCount(1);
    latest().showQr('2@unscanned');
    latest().close(DisconnectReason.timedOut, 'QR refs attempts ended');
    await settle();
    expect(clock.pendingDelays()).toEqual([QR_RENEW_DELAY_MS]);
    expect(supervisor.state().failedAttempts).toBeUndefined();
  });

  it('backs off when a fresh session times out before any QR, and a later QR ends the backoff', async () => {
    await start().start();
    for (let failures = 0; failures < 3; failures++) {
      await socketCount(failures + 1);
      latest().close(DisconnectReason.timedOut, 'Timed Out');
      await settle();
      expect(clock.pendingDelays()).toEqual([backoffDelay(failures, () => 1)]);
      expect(supervisor.state()).toMatchObject({ status: 'connecting', failedAttempts: failures + 1 });
      expect(supervisor.state().lastError).toMatch(/tidak dapat dihubungi/);
      expect(Date.parse(supervisor.state().retryAt!)).toBe(clock.now() + backoffDelay(failures, () => 1));
      await clock.advance(backoffDelay(failures, () => 1));
    }
    await socketCount(4);
    expect(logs.lines.filter((l) => l.msg === 'whatsapp: connection closed: reconnecting' && l.level === 40)).toHaveLength(3);
    latest().showQr('2@reachable-again');
    expect(supervisor.state().failedAttempts).toBeUndefined();
    latest().close(DisconnectReason.timedOut, 'QR refs attempts ended');
    await settle();
    expect(clock.pendingDelays()).toEqual([QR_RENEW_DELAY_MS]);
  });

  it('persists creds on every creds.update', async () => {
    await start().start();
    await socketCount(1);
    latest().auth!.creds.me = { id: '6281100000001:7@s.whatsapp.net' };
    latest().ev.emit('creds.update', { me: latest().auth!.creds.me });
    await vi.waitFor(async () => {
      const reloaded = await useDatabaseAuthState(testDb.database.db, 'default');
      expect(reloaded.state.creds.me?.id).toBe('6281100000001:7@s.whatsapp.net');
    });
  });

  it('stop() ends the socket, cancels a pending reconnect and ignores its late events', async () => {
    await start().start();
    await socketCount(1);
    const first = latest();
    first.close(DisconnectReason.connectionClosed);
    await settle();
    expect(clock.pendingDelays()).toHaveLength(1);
    await supervisor.stop();
    expect(clock.pendingDelays()).toEqual([]);
    await clock.advance(120_000);
    expect(sockets).toHaveLength(1);
    expect(supervisor.state().status).toBe('standby');

    await supervisor.start();
    await socketCount(2);
    await supervisor.stop();
    expect(latest().ended).toBe(true);
    latest().open();
    expect(supervisor.state().status).toBe('standby');
  });
});
