import { afterEach, describe, expect, it, vi } from 'vitest';
import postgres from 'postgres';
import { dedicatedConnection } from '../../../src/channels/whatsapp/dedicated-connection.js';
import {
  postgresAdvisoryLock,
  sessionLockKey,
  singleProcessLock,
  startLeaderElection,
  type LeaderElection,
} from '../../../src/channels/whatsapp/leader.js';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { memoryLogger } from '../../helpers/logger.js';

const RETRY_MS = 200;

/** One Netra process's view: whether it believes it holds the socket, what happened, and its failed lock tries. */
function instance(name: string) {
  const events: string[] = [];
  return { name, events, holdsSocket: false, refusedTries: 0 };
}

function elect(lockSql: postgres.Sql | null, session: string, who: ReturnType<typeof instance>): LeaderElection {
  const lock = lockSql ? postgresAdvisoryLock(lockSql, sessionLockKey(session)) : singleProcessLock();
  return startLeaderElection({
    lock: {
      ...lock,
      tryAcquire: async () => {
        const ok = await lock.tryAcquire();
        if (!ok) who.refusedTries++;
        return ok;
      },
    },
    retryMs: RETRY_MS,
    onElected: async () => {
      who.holdsSocket = true;
      who.events.push('elected');
    },
    onDeposed: async () => {
      who.holdsSocket = false;
      who.events.push('deposed');
    },
    log: memoryLogger().log,
  });
}

describe('leader election on PGlite', () => {
  it('leads at once: PGlite is single-process', async () => {
    const who = instance('a');
    const election = elect(null, 'default', who);
    await vi.waitFor(() => expect(election.isLeader()).toBe(true));
    expect(who.holdsSocket).toBe(true);
    await election.stop();
    expect(who.events).toEqual(['elected', 'deposed']);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('leader election on Postgres (advisory lock)', () => {
  let testDb: TestDatabase | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await testDb?.cleanup();
    testDb = undefined;
  });

  async function twoProcesses() {
    testDb = await openTestDatabase('postgres');
    const pool = testDb.database.postgres!;
    const first = instance('first');
    const second = instance('second');
    const firstElection = elect(dedicatedConnection(pool), 'default', first);
    await vi.waitFor(() => expect(firstElection.isLeader()).toBe(true));
    const secondElection = elect(dedicatedConnection(pool), 'default', second);
    cleanups.push(() => firstElection.stop(), () => secondElection.stop());
    return { pool, first, second, firstElection, secondElection };
  }

  it('lets only one of two processes hold the session', async () => {
    const { first, second, secondElection } = await twoProcesses();
    // The standby keeps trying and keeps being refused.
    await vi.waitFor(() => expect(second.refusedTries).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    expect(first.holdsSocket).toBe(true);
    expect(second.holdsSocket).toBe(false);
    expect(secondElection.isLeader()).toBe(false);
  });

  it('hands over to the standby when the leader stops', async () => {
    const { first, second, firstElection, secondElection } = await twoProcesses();
    await firstElection.stop();
    expect(first.events).toEqual(['elected', 'deposed']);
    await vi.waitFor(() => expect(secondElection.isLeader()).toBe(true), { timeout: 10_000 });
    expect(second.holdsSocket).toBe(true);
  });

  it("takes over when the leader's database connection dies, and the old leader steps down", async () => {
    const { pool, first, second, firstElection, secondElection } = await twoProcesses();
    const [holder] = await pool<{ pid: number }[]>`
      select pid from pg_locks where locktype = 'advisory' and granted and objid = ${sessionLockKey('default')[1]}::oid`;
    expect(holder).toBeDefined();
    await pool`select pg_terminate_backend(${holder!.pid})`;

    await vi.waitFor(() => expect(secondElection.isLeader()).toBe(true), { timeout: 10_000 });
    expect(second.holdsSocket).toBe(true);
    await vi.waitFor(() => expect(first.holdsSocket).toBe(false), { timeout: 10_000 });
    expect(first.events).toEqual(['elected', 'deposed']);
    expect(firstElection.isLeader()).toBe(false);
  });

  it('uses one lock per session, so two numbers can be served by two processes', async () => {
    testDb = await openTestDatabase('postgres');
    const pool = testDb.database.postgres!;
    const a = instance('a');
    const b = instance('b');
    const ea = elect(dedicatedConnection(pool), 'kantor-a', a);
    const eb = elect(dedicatedConnection(pool), 'kantor-b', b);
    cleanups.push(() => ea.stop(), () => eb.stop());
    await vi.waitFor(() => expect(ea.isLeader() && eb.isLeader()).toBe(true));
  });
});
