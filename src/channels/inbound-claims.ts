import type { ChannelName } from '../core/types.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { withDeadline } from '../resilience/deadline.js';
import { inboundKey, isWon, markInboundAnswered, pruneInbound, recordInboundKeys, type ClaimOutcome, type ClaimState } from './inbound-dedup.js';

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
  /** How often claims made from memory (and answered marks that failed) are written back to the database. */
  reconcileEveryMs?: number;
  /**
   * How long a claim not yet answered holds: a redelivery after that takes it over (its process died
   * mid-answer). Longer than any normal answer takes; a shorter one risks answering twice.
   */
  leaseMs?: number;
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
  /** Stale claims taken over by a redelivery: messages whose first process died before answering them. */
  takenOver: number;
  /** Redeliveries that found a fresh claim not answered yet; the webhooks refuse them (503) so the platform retries. */
  busy: number;
  /** Answered marks waiting to be written (the database did not take them yet). */
  answeredPending: number;
  /** False after a claim failed, until the database answers again. */
  databaseUp: boolean;
}

/**
 * `won`: the first time a platform message id is seen (by any replica sharing the database), or a repeat
 * whose claim is older than the lease and still not answered; the caller answers it. `duplicate`: it was
 * answered. `busy`: claimed moments ago and not answered yet: being answered right now, or its process
 * died mid-answer; a webhook refuses it so the platform redelivers later (to find it answered, or stale).
 */
export type ClaimResult = 'won' | 'duplicate' | 'busy';

/** Seconds a webhook refused as busy asks the platform to wait before redelivering (Retry-After). */
export const BUSY_RETRY_AFTER_SECONDS = 5;

export interface InboundClaims {
  /**
   * Claims a platform message id (see `ClaimResult`). Never waits longer than `timeoutMs`: without the
   * database it decides from memory (`won` or `duplicate`, never `busy`), and answering twice beats
   * leaving a question unanswered. Every claim won must be followed by `answered`.
   */
  claim(channel: ChannelName, externalId: string): Promise<ClaimResult>;
  /**
   * The claimed message's handling is over (its reply handed to the platform, or nothing to send).
   * Never waits: the marks of one event-loop turn are written together, in the background.
   */
  answered(channel: ChannelName, externalId: string): void;
  /** Forgets a channel's ids older than `olderThan`, in the database. */
  prune(channel: ChannelName, olderThan: Date): Promise<number>;
  /** Writes claims made from memory and pending answered marks to the database, counting the duplicates that slipped through. */
  reconcile(): Promise<void>;
  start(): void;
  stop(): void;
  stats(): InboundClaimsStats;
}

const DEFAULTS = { timeoutMs: 1_000, downForMs: 2_000, memoryLimit: 100_000, reconcileEveryMs: 1_000, leaseMs: 30_000 };

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
  /** Set once handled: the claim is then written back as `answered`, never to be taken over. */
  answered?: boolean;
}

interface Waiting {
  id: string;
  entry: Unreconciled;
  resolve: (result: ClaimResult) => void;
}

/** The inbound deduplication every channel uses: database first, bounded memory when it does not answer. */
export function createInboundClaims(options: InboundClaimsOptions): InboundClaims {
  const cfg = { ...DEFAULTS, ...options };
  const { db, log } = options;
  /**
   * Ids claimed here lately, oldest first (a Map keeps insertion order), each with whether it was answered
   * here. Asked for every claim without the database; with it, a claim statement racing an answered mark
   * (taken on another connection before the mark committed) reads `claimed`, which for an id answered here
   * is a duplicate. One map for both, keyed by the keyed hash itself (it covers the channel): at 1,000
   * messages/s it holds the last 100 s, and two maps of composed keys were a fifth of the heap.
   */
  const recent = new Map<string, boolean>();
  const unreconciled = new Map<string, Unreconciled>();
  const counters = { fallbacks: 0, duplicatesSlipped: 0, unreconciledDropped: 0, takenOver: 0, busy: 0 };
  /** Answered marks not yet written, by id; written once per event-loop turn, kept (bounded) while the database fails. */
  const toMark = new Map<string, Unreconciled>();
  let markScheduled = false;
  let marking: Promise<void> | undefined;
  /** Marks taken out of `toMark` whose write has not finished: still pending for `stats`. */
  let marksInFlight = 0;
  let downUntil = 0;
  let databaseUp = true;
  let timer: NodeJS.Timeout | undefined;
  let reconciling: Promise<void> | undefined;

  function remember(id: string, answered: boolean): void {
    if (answered) recent.delete(id); // re-inserted as the newest
    else if (recent.has(id)) return;
    recent.set(id, answered);
    if (recent.size > cfg.memoryLimit) recent.delete(recent.keys().next().value!);
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
  function fromMemory(id: string, entry: Unreconciled): ClaimResult {
    counters.fallbacks += 1;
    if (recent.has(id)) return 'duplicate';
    remember(id, false);
    unreconciled.set(id, entry);
    if (unreconciled.size > cfg.memoryLimit) {
      unreconciled.delete(unreconciled.keys().next().value!);
      counters.unreconciledDropped += 1;
    }
    return 'won';
  }

  /** A claim that timed out may still land; its late answer settles the question for that id. */
  function settleLate(id: string, attempt: Promise<Map<string, ClaimOutcome>>, key: string): void {
    attempt.then(
      (outcomes) => {
        if (!unreconciled.delete(id)) return;
        if (!isWon(outcomes.get(key))) slipped(1);
      },
      () => undefined,
    );
  }

  function slipped(count: number): void {
    counters.duplicatesSlipped += count;
    log.warn({ count, total: counters.duplicatesSlipped }, 'inbound dedup: a message was handled twice during a database outage');
  }

  async function reconcile(): Promise<void> {
    if (Date.now() < downUntil) return;
    const byChannel = new Map<ChannelName, { id: string; entry: Unreconciled; state: ClaimState }[]>();
    for (const [id, entry] of unreconciled) {
      const list = byChannel.get(entry.channel) ?? [];
      if (list.length < RECONCILE_BATCH) list.push({ id, entry, state: entry.answered ? 'answered' : 'claimed' });
      byChannel.set(entry.channel, list);
    }
    for (const [channel, list] of byChannel) {
      try {
        const attempt = recordInboundKeys(db, channel, list.map((c) => c.entry.key), cfg.leaseMs, list.map((c) => c.state));
        const outcomes = await withDeadline(attempt, cfg.timeoutMs * 4, 'inbound reconcile');
        markUp();
        let duplicates = 0;
        for (const { id, entry, state } of list) {
          if (!unreconciled.delete(id)) continue; // a late claim settled it meanwhile
          if (!isWon(outcomes.get(entry.key))) duplicates += 1;
          // Answered while its `claimed` row was on the way: the mark follows it.
          else if (state === 'claimed' && entry.answered) queueMark(id, entry);
        }
        if (duplicates > 0) slipped(duplicates);
      } catch (error) {
        markDown(error);
        return;
      }
    }
    await flushMarks();
  }

  function queueMark(id: string, entry: Unreconciled): void {
    toMark.delete(id);
    toMark.set(id, entry);
    if (toMark.size > cfg.memoryLimit) toMark.delete(toMark.keys().next().value!);
    if (markScheduled) return;
    markScheduled = true;
    setImmediate(() => {
      markScheduled = false;
      if (Date.now() >= downUntil) void flushMarks();
    });
  }

  /** Writes the pending answered marks in one statement; on failure they stay for the reconcile timer. */
  function flushMarks(): Promise<void> {
    marking ??= (async () => {
      while (toMark.size > 0) {
        const batch = [...toMark].slice(0, RECONCILE_BATCH);
        for (const [id] of batch) toMark.delete(id);
        marksInFlight = batch.length;
        try {
          await withDeadline(markInboundAnswered(db, batch.map(([, entry]) => entry)), cfg.timeoutMs * 4, 'inbound answered');
          marksInFlight = 0;
          markUp();
        } catch (error) {
          marksInFlight = 0;
          // Put back, behind newer marks: a claim left `claimed` could be taken over after the lease.
          for (const [id, entry] of batch) if (!toMark.has(id)) toMark.set(id, entry);
          markDown(error);
          return;
        }
      }
    })().finally(() => (marking = undefined));
    return marking;
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
    const attempt = recordInboundKeys(db, channel, [...firstCaller.values()].map((c) => c.entry.key), cfg.leaseMs);
    try {
      const outcomes = await withDeadline(attempt, cfg.timeoutMs, 'inbound claim');
      markUp();
      const takenOver = [...outcomes.values()].filter((outcome) => outcome === 'takenOver').length;
      if (takenOver > 0) {
        counters.takenOver += takenOver;
        log.warn({ count: takenOver, total: counters.takenOver }, 'inbound dedup: redelivered messages whose claim was never answered taken over');
      }
      for (const claim of claims) {
        remember(claim.id, false);
        const outcome = outcomes.get(claim.entry.key);
        // A second caller in the batch waits on the first: busy while the first one answers.
        let result: ClaimResult = isWon(outcome) ? (firstCaller.get(claim.id) === claim ? 'won' : 'busy') : outcome === 'duplicate' ? 'duplicate' : 'busy';
        // Answered here, its mark not written yet (a redelivery right after the answer): a duplicate.
        if (result === 'busy' && recent.get(claim.id) === true) result = 'duplicate';
        if (result === 'busy') counters.busy += 1;
        claim.resolve(result);
      }
    } catch (error) {
      markDown(error);
      for (const claim of firstCaller.values()) settleLate(claim.id, attempt, claim.entry.key);
      for (const claim of claims) claim.resolve(fromMemory(claim.id, claim.entry));
    }
  }

  return {
    claim(channel, externalId) {
      // The keyed hash covers the channel, so it is also the id in memory.
      const key = inboundKey(options.secret, channel, externalId);
      const entry = { channel, key };
      if (Date.now() < downUntil) return Promise.resolve(fromMemory(key, entry));
      return new Promise<ClaimResult>((resolve) => {
        waiting.push({ id: key, entry, resolve });
        if (flushScheduled) return;
        flushScheduled = true;
        // After the current I/O phase: the webhooks that arrived together are claimed in one insert.
        setImmediate(flushWaiting);
      });
    },

    answered(channel, externalId) {
      const key = inboundKey(options.secret, channel, externalId);
      const pending = unreconciled.get(key);
      if (pending) pending.answered = true;
      remember(key, true);
      // Also for a claim from memory: a late claim that lands meanwhile leaves a `claimed` row to mark.
      queueMark(key, { channel, key });
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

    stats: () => ({ ...counters, unreconciled: unreconciled.size, remembered: recent.size, answeredPending: toMark.size + marksInFlight, databaseUp }),
  };
}

function describe(error: unknown): { name?: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}
