import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { useDatabaseAuthState } from '../../../src/channels/whatsapp/auth-store.js';
import { baileysSocketFactory } from '../../../src/channels/whatsapp/socket.js';
import { createSessionSupervisor, type SessionSupervisor } from '../../../src/channels/whatsapp/supervisor.js';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { memoryLogger } from '../../helpers/logger.js';
import { FakeClock } from './fake-clock.js';
import { startUnreachableEndpoint, type UnreachableEndpoint, type UnreachableMode } from './unreachable-endpoint.js';

const WINDOW_MS = 60_000;

/**
 * The real Baileys socket against a loopback endpoint that refuses or stalls every WebSocket, supervised on a fake
 * clock: each close is awaited for real, then the clock jumps to the reconnect timer, until 60 s have passed.
 */
describe('reconnect storm against an unreachable WhatsApp (real Baileys socket)', () => {
  let testDb: TestDatabase;
  let endpoint: UnreachableEndpoint | undefined;
  let supervisor: SessionSupervisor | undefined;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await testDb.cleanup();
  });
  afterEach(async () => {
    await supervisor?.stop();
    await endpoint?.close();
    await testDb.database.db.execute(sql`truncate whatsapp_auth`);
  });

  async function attemptsOver60s(mode: UnreachableMode) {
    endpoint = await startUnreachableEndpoint(mode);
    const clock = new FakeClock();
    const logs = memoryLogger();
    supervisor = createSessionSupervisor({
      openAuth: () => useDatabaseAuthState(testDb.database.db, 'default'),
      createSocket: baileysSocketFactory({ log: logs.log, getMessage: async () => undefined, waWebSocketUrl: endpoint.url, connectTimeoutMs: 300 }),
      attach: () => () => {},
      showLogin: () => {},
      log: logs.log,
      clock,
    });
    await supervisor.start();
    const delays: number[] = [];
    let elapsed = 0;
    for (;;) {
      // The real socket fails on its own; the supervisor then arms exactly one reconnect timer.
      await vi.waitFor(() => expect(clock.pendingDelays()).toHaveLength(1), { timeout: 10_000, interval: 10 });
      const [delay] = clock.pendingDelays() as [number];
      if (elapsed + delay > WINDOW_MS) break;
      delays.push(delay);
      await clock.advance(delay);
      elapsed += delay;
    }
    const closes = logs.lines.filter((l) => l.msg === 'whatsapp: connection closed: reconnecting');
    return { attempts: endpoint.connections(), delays, closes, logs, state: supervisor.state() };
  }

  for (const mode of ['reset', 'stall'] as const) {
    it(`backs off exponentially when every WebSocket is ${mode === 'reset' ? 'refused' : 'stalled'}: a handful of attempts in 60 s`, async () => {
      const { attempts, delays, closes, logs } = await attemptsOver60s(mode);
      const syncWarnings = logs.lines.filter((l) => String(l.msg).includes('DISABLING ALL SYNC')).length;
      const warns = closes.filter((l) => l.level === 40).length;
      console.log(`[figure] ${mode}: ${attempts} connection attempts over 60 s; delays ${delays.join(', ')} ms; ${warns} reconnect warnings; ${syncWarnings} history-sync warnings`);
      expect(attempts).toBe(delays.length + 1);
      expect(attempts).toBeGreaterThanOrEqual(5);
      expect(attempts).toBeLessThanOrEqual(7);
      for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
      expect(closes.every((l) => (l.reason as string).includes('408'))).toBe(true);
      // Every close here is a new backoff step, so each one is a warning; the history-sync warning is gone.
      expect(warns).toBe(closes.length);
      expect(syncWarnings).toBe(0);
    });
  }
});
