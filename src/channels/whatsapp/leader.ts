import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import type { Logger } from '../../logger.js';
import { systemClock, type Clock } from './clock.js';

/**
 * One WhatsApp session may have only one socket: two sockets on the same creds evict each other (440)
 * in a loop. When several Netra processes share a database, the one holding a Postgres advisory lock
 * owns the socket; the others retry every few seconds and take over when the holder's session ends.
 */

export interface LeaderLock {
  /** Takes the lock if nobody holds it; never waits. */
  tryAcquire(): Promise<boolean>;
  /** Whether this process still holds the lock (false once its database session was lost). */
  isHeld(): Promise<boolean>;
  release(): Promise<void>;
  close(): Promise<void>;
}

/** Shared by every replica; the second key is derived from the session name, so two numbers never collide. */
const LOCK_CLASS = 7_242_002;

export function sessionLockKey(session: string): readonly [number, number] {
  return [LOCK_CLASS, createHash('sha256').update(session).digest().readUInt32BE(0) & 0x7fffffff];
}

/**
 * An advisory lock on a dedicated single-connection client (not a pooled or reserved connection: the lock
 * belongs to the database session, and a pooled connection would carry it to unrelated queries). When that
 * connection dies the server drops the lock; postgres.js reconnects transparently, so `isHeld` asks the
 * server whether the *current* session holds it rather than trusting our own flag.
 */
export function postgresAdvisoryLock(sql: postgres.Sql, key: readonly [number, number]): LeaderLock {
  const [classId, objectId] = key;
  return {
    async tryAcquire() {
      const [row] = await sql<{ ok: boolean }[]>`select pg_try_advisory_lock(${classId}::int, ${objectId}::int) as ok`;
      return row?.ok === true;
    },
    async isHeld() {
      const [row] = await sql<{ held: boolean }[]>`
        select exists(
          select 1 from pg_locks
          where locktype = 'advisory' and classid = ${classId}::oid and objid = ${objectId}::oid and objsubid = 2
            and pid = pg_backend_pid() and granted
        ) as held`;
      return row?.held === true;
    },
    async release() {
      // The connection is dedicated to this lock, so dropping all of its advisory locks also undoes re-entrant takes.
      await sql`select pg_advisory_unlock_all()`;
    },
    close: () => sql.end({ timeout: 2 }),
  };
}

/** PGlite allows one process per data directory (Netra's own lock file enforces it), so that process always leads. */
export function singleProcessLock(): LeaderLock {
  return { tryAcquire: async () => true, isHeld: async () => true, release: async () => {}, close: async () => {} };
}

export interface LeaderElectionDeps {
  lock: LeaderLock;
  /** How often a standby tries to take over, and how often the leader checks it still holds the lock. */
  retryMs: number;
  /** Called once this process holds the lock. */
  onElected(): Promise<void>;
  /** Called when the lock is lost or on stop, before the lock is released. */
  onDeposed(): Promise<void>;
  log: Logger;
  clock?: Clock;
}

export interface LeaderElection {
  isLeader(): boolean;
  /** Steps down (onDeposed, then release) and closes the lock's connection. */
  stop(): Promise<void>;
}

export function startLeaderElection(deps: LeaderElectionDeps): LeaderElection {
  const clock = deps.clock ?? systemClock;
  let leader = false;
  let stopped = false;
  let timer: unknown;
  let running: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    if (stopped) return;
    let justDeposed = false;
    if (leader) {
      const held = await deps.lock.isHeld().catch((error: unknown) => {
        deps.log.warn({ err: error }, 'whatsapp: leader lock check failed');
        return false;
      });
      if (!held && !stopped) {
        leader = false;
        justDeposed = true;
        deps.log.warn('whatsapp: lost the session lock: closing the socket (another process may take over)');
        await deps.onDeposed().catch((error: unknown) => deps.log.error({ err: error }, 'whatsapp: stepping down failed'));
      }
    }
    if (!leader && !stopped && !justDeposed) {
      const acquired = await deps.lock.tryAcquire().catch((error: unknown) => {
        deps.log.warn({ err: error }, 'whatsapp: could not try the session lock');
        return false;
      });
      if (acquired && !stopped) {
        leader = true;
        deps.log.info('whatsapp: this process now owns the WhatsApp session');
        await deps.onElected().catch((error: unknown) => deps.log.error({ err: error }, 'whatsapp: starting the session failed'));
      } else if (acquired) {
        await deps.lock.release().catch(() => undefined);
      }
    }
    if (!stopped) {
      // A process that just lost its lock waits a little longer, so a healthy standby gets the session first.
      timer = clock.setTimeout(() => {
        timer = undefined;
        running = tick();
      }, justDeposed ? 2 * deps.retryMs : deps.retryMs);
    }
  }

  running = tick();
  return {
    isLeader: () => leader,
    async stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      await running;
      if (leader) {
        leader = false;
        await deps.onDeposed().catch((error: unknown) => deps.log.error({ err: error }, 'whatsapp: stepping down failed'));
        await deps.lock.release().catch((error: unknown) => deps.log.warn({ err: error }, 'whatsapp: releasing the session lock failed'));
      }
      await deps.lock.close().catch(() => undefined);
    },
  };
}
