import type { ChannelName } from '../core/types.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { withDeadline } from '../resilience/deadline.js';
import { inboundKey, pruneInbound, recordInboundKeys } from './inbound-dedup.js';

export interface InboundClaimsOptions {
  db: Db;
  /** The user-key secret: ids are stored as keyed hashes. */
  secret: string;
  log: Logger;
  /** How long a claim waits for the database before it falls back to memory. */
  timeoutMs?: number;
  /** After a failed claim, claims go straight to memory this long (no per-message wait during an outage). */
  downForMs?: number;
  /** Ids remembered in process, for answering repeats and for reconciling after an outage. */
  memoryLimit?: number;
  /** How often claims made from memory are written back to the database. */
  reconcileEveryMs?: number;
}

export interface InboundClaimsStats {
  /** Claims decided from memory because the database did not answer in time. */
  fallbacks: number;
  /** Claims made from memory not yet written to the database. */
  unreconciled: number;
  /** Messages handled twice: claimed from memory during an outage, but already claimed in the database. */
  duplicatesSlipped: number;
  /** Claims from memory dropped before reconciliation because memory was full (their duplicates go uncounted). */
  unreconciledDropped: number;
  /** Ids held in memory. */
  remembered: number;
  /** False after a claim failed, until the database answers again. */
  databaseUp: boolean;
}

export interface InboundClaims {
  /**
   * True the first time a platform message id is seen (by any replica sharing the database), false for a
   * repeat. Never waits longer than `timeoutMs`: without the database it decides from memory, and
   * answering twice beats leaving a question unanswered.
   */
  claim(channel: ChannelName, externalId: string): Promise<boolean>;
  /** Forgets a channel's ids older than `olderThan`, in the database. */
  prune(channel: ChannelName, olderThan: Date): Promise<number>;
  /** Writes claims made from memory to the database, counting the duplicates that slipped through. */
  reconcile(): Promise<void>;
  start(): void;
  stop(): void;
  stats(): InboundClaimsStats;
}

const DEFAULTS = { timeoutMs: 1_000, downForMs: 2_000, memoryLimit: 100_000, reconcileEveryMs: 1_000 };

/**
 * The claim deadline per driver: short over the network (postgres.js), where a cut or silent connection
 * is what it guards against; generous for in-process PGlite, which is only ever slow, never unreachable.
 */
export function claimTimeoutFor(driver: 'postgres' | 'pglite'): number {
  return driver === 'postgres' ? DEFAULTS.timeoutMs : 5_000;
}
const RECONCILE_BATCH = 500;

interface Unreconciled {
  channel: ChannelName;
  key: string;
}

interface Waiting {
  id: string;
  entry: Unreconciled;
  resolve: (first: boolean) => void;
}

/** The inbound deduplication every channel uses: database first, bounded memory when it does not answer. */
export function createInboundClaims(options: InboundClaimsOptions): InboundClaims {
  const cfg = { ...DEFAULTS, ...options };
  const { db, log } = options;
  /** Recently claimed ids (`channel:key`), oldest first (a Map keeps insertion order); asked only without the database. */
  const remembered = new Map<string, true>();
  const unreconciled = new Map<string, Unreconciled>();
  const counters = { fallbacks: 0, duplicatesSlipped: 0, unreconciledDropped: 0 };
  let downUntil = 0;
  let databaseUp = true;
  let timer: NodeJS.Timeout | undefined;
  let reconciling: Promise<void> | undefined;

  function remember(id: string): void {
    remembered.set(id, true);
    if (remembered.size > cfg.memoryLimit) remembered.delete(remembered.keys().next().value!);
  }

  function markDown(error: unknown): void {
    downUntil = Date.now() + cfg.downForMs;
    if (databaseUp) log.warn({ err: describe(error) }, 'inbound dedup: database did not answer in time; deciding from memory and answering anyway');
    databaseUp = false;
  }

  function markUp(): void {
    if (!databaseUp) log.info({ unreconciled: unreconciled.size }, 'inbound dedup: database answers again; reconciling claims made from memory');
    databaseUp = true;
    downUntil = 0;
  }

  /** Without the database: a repeat if this process saw the id lately, otherwise claimed here and reconciled later. */
  function fromMemory(id: string, entry: Unreconciled): boolean {
    counters.fallbacks += 1;
    if (remembered.has(id)) return false;
    remember(id);
    unreconciled.set(id, entry);
    if (unreconciled.size > cfg.memoryLimit) {
      unreconciled.delete(unreconciled.keys().next().value!);
      counters.unreconciledDropped += 1;
    }
    return true;
  }

  /** A claim that timed out may still land; its late answer settles the question for that id. */
  function settleLate(id: string, attempt: Promise<Set<string>>, key: string): void {
    attempt.then(
      (first) => {
        if (!unreconciled.delete(id)) return;
        if (!first.has(key)) slipped(1);
      },
      () => undefined,
    );
  }

  function slipped(count: number): void {
    counters.duplicatesSlipped += count;
    log.warn({ count, total: counters.duplicatesSlipped }, 'inbound dedup: a message was handled twice during a database outage');
  }

  async function reconcile(): Promise<void> {
    if (unreconciled.size === 0 || Date.now() < downUntil) return;
    const byChannel = new Map<ChannelName, [string, string][]>();
    for (const [id, entry] of unreconciled) {
      const list = byChannel.get(entry.channel) ?? [];
      if (list.length < RECONCILE_BATCH) list.push([id, entry.key]);
      byChannel.set(entry.channel, list);
    }
    for (const [channel, list] of byChannel) {
      try {
        const first = await withDeadline(recordInboundKeys(db, channel, list.map(([, key]) => key)), cfg.timeoutMs * 4, 'inbound reconcile');
        markUp();
        let duplicates = 0;
        for (const [id, key] of list) {
          if (!unreconciled.delete(id)) continue; // a late claim settled it meanwhile
          if (!first.has(key)) duplicates += 1;
        }
        if (duplicates > 0) slipped(duplicates);
      } catch (error) {
        markDown(error);
        return;
      }
    }
  }

  function reconcileOnce(): Promise<void> {
    reconciling ??= reconcile().finally(() => (reconciling = undefined));
    return reconciling;
  }

  /** Claims waiting for the next batch insert: every claim of one event-loop turn shares one statement. */
  let waiting: Waiting[] = [];
  let flushScheduled = false;

  function flushWaiting(): void {
    flushScheduled = false;
    const byChannel = new Map<ChannelName, Waiting[]>();
    for (const claim of waiting) {
      const list = byChannel.get(claim.entry.channel) ?? [];
      list.push(claim);
      byChannel.set(claim.entry.channel, list);
    }
    waiting = [];
    for (const [channel, list] of byChannel) void claimTogether(channel, list);
  }

  async function claimTogether(channel: ChannelName, claims: Waiting[]): Promise<void> {
    // The same id twice in one batch (a redelivery racing the original): only its first caller handles it.
    const firstCaller = new Map<string, Waiting>();
    for (const claim of claims) if (!firstCaller.has(claim.id)) firstCaller.set(claim.id, claim);
    const attempt = recordInboundKeys(db, channel, [...firstCaller.values()].map((c) => c.entry.key));
    try {
      const first = await withDeadline(attempt, cfg.timeoutMs, 'inbound claim');
      markUp();
      for (const claim of claims) {
        remember(claim.id);
        claim.resolve(firstCaller.get(claim.id) === claim && first.has(claim.entry.key));
      }
    } catch (error) {
      markDown(error);
      for (const claim of firstCaller.values()) settleLate(claim.id, attempt, claim.entry.key);
      for (const claim of claims) claim.resolve(fromMemory(claim.id, claim.entry));
    }
  }

  return {
    claim(channel, externalId) {
      const key = inboundKey(options.secret, channel, externalId);
      const id = `${channel}:${key}`;
      const entry = { channel, key };
      if (Date.now() < downUntil) return Promise.resolve(fromMemory(id, entry));
      return new Promise<boolean>((resolve) => {
        waiting.push({ id, entry, resolve });
        if (flushScheduled) return;
        flushScheduled = true;
        // After the current I/O phase: the webhooks that arrived together are claimed in one insert.
        setImmediate(flushWaiting);
      });
    },

    prune: (channel, olderThan) => pruneInbound(db, channel, olderThan),

    reconcile: reconcileOnce,

    start() {
      if (timer) return;
      timer = setInterval(() => void reconcileOnce(), cfg.reconcileEveryMs);
      timer.unref();
    },

    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },

    stats: () => ({ ...counters, unreconciled: unreconciled.size, remembered: remembered.size, databaseUp }),
  };
}

function describe(error: unknown): { name?: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}
