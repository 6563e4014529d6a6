import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { withDeadline } from '../resilience/deadline.js';
import { describeDbError, isRowError } from './db-errors.js';
import { insertQueryRecords } from './query-insert.js';
import { upsertRatings } from './feedback-upsert.js';
import { storableFeedback, storableQuery } from './sanitize.js';
import { Spool, type LogItem } from './spool.js';
import type { FeedbackRecord, QueryLogRecord, QueryLogSink } from './types.js';

export interface QueryLogWriterOptions {
  db: Db;
  /** Where rows wait on disk while the database is unreachable. */
  spoolDir: string;
  log: Logger;
  /** Rows per insert statement. */
  batchSize?: number;
  /** How often buffered rows are written. */
  flushIntervalMs?: number;
  /** Rows kept in memory at most; beyond that they go to the spool. */
  maxBufferRows?: number;
  /**
   * A row not yet confirmed by the database after this long is appended to the spool, whatever the database
   * is doing (a hanging insert included). With `durabilityTickMs` this bounds what a `kill -9` can lose.
   */
  spoolAfterMs?: number;
  /** How often rows are checked against `spoolAfterMs`; runs outside the database chain. */
  durabilityTickMs?: number;
  /** First retry delay after a failed insert; doubles up to `retryMaxMs`. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** An insert that takes longer counts as failed (a black-holed connection must not stall the log). */
  insertTimeoutMs?: number;
  /** How long `stop()` waits for the database before it spools what is left. */
  stopTimeoutMs?: number;
}

export interface QueryLogWriterStats {
  /** Rows accepted from the reply path. */
  enqueued: number;
  /** Rows waiting in memory. */
  pending: number;
  /** Rows sent to the database in successful batches (replays included; duplicates are ignored there). */
  written: number;
  /** Rows appended to the spool by this process. */
  spooled: number;
  /** Rows read back from the spool and inserted. */
  replayed: number;
  /** Rows the database rejected as invalid, kept in a rejected spool file. */
  rejected: number;
  /** True while spool segments may hold rows not yet in the database. */
  spoolPending: boolean;
  /** Failed write attempts since start. */
  failures: number;
  databaseReachable: boolean;
  /** Bytes in spool segments waiting for replay (segments left by an earlier run included). */
  spoolBytes: number;
  /** Age in ms of the oldest spool segment waiting for replay; 0 when none. */
  spoolOldestAgeMs: number;
}

/** The query-log sink the core writes to, plus the lifecycle main.ts drives. */
export interface QueryLogWriter extends QueryLogSink {
  /** Starts the timer and replays spool segments left by an earlier run. Never blocks. */
  start(): void;
  /** Writes what is buffered; spools whatever the database does not take in time. Then stops. */
  stop(): Promise<void>;
  /** Writes every buffered and spooled row now; rejects when the database fails. */
  flush(): Promise<void>;
  stats(): QueryLogWriterStats;
}

const DEFAULTS = {
  batchSize: 500,
  flushIntervalMs: 250,
  maxBufferRows: 10_000,
  spoolAfterMs: 700,
  durabilityTickMs: 100,
  retryInitialMs: 250,
  retryMaxMs: 5_000,
  insertTimeoutMs: 5_000,
  stopTimeoutMs: 2_000,
};

/** A row in memory, with when it was accepted and whether a copy is already in the spool. */
interface Held {
  item: LogItem;
  at: number;
  spooled: boolean;
}

/**
 * The query-log writer. The reply path only pushes onto an in-memory queue; a background loop inserts
 * batches (`on conflict (id) do nothing`, ids made at enqueue time). While the database is unreachable
 * it retries with backoff and moves rows to an fsync'd spool, which it replays once the database is
 * back. Database writes and replays run in one serial chain. Independently of that chain, a durability
 * tick appends every row older than `spoolAfterMs` to the spool synchronously, so a hanging insert never
 * delays the disk copy; a row may then be both inserted and replayed, and its id makes that harmless.
 */
export function createQueryLogWriter(options: QueryLogWriterOptions): QueryLogWriter {
  const cfg = { ...DEFAULTS, ...definedOnly(options) };
  const { db, log } = options;
  const spool = new Spool(options.spoolDir);

  const pending: Held[] = [];
  /** The batch an insert is working on; the durability tick may spool it while the insert hangs. */
  let inFlight: Held[] = [];
  /** Bumped on every spill, so a replay knows whether new segments appeared while it ran. */
  let spillCount = 0;
  const counters = { enqueued: 0, written: 0, spooled: 0, replayed: 0, rejected: 0, failures: 0 };
  let spoolPending = true; // segments from an earlier run may exist until the first replay says otherwise
  let activeSegment: string | undefined;
  let outageSince: number | undefined;
  let nextAttemptAt = 0;
  let failedAttempts = 0;
  let lateSegment: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let durabilityTimer: NodeJS.Timeout | undefined;
  let started = false;
  let stopped = false;
  let loopBusy = false;
  let kickScheduled = false;
  let chain: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every earlier task: one writer of the database and the spool at a time. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = chain.then(task);
    chain = run.catch(() => undefined);
    return run;
  }

  function enqueue(item: LogItem): void {
    try {
      counters.enqueued += 1;
      if (stopped) {
        // The process is shutting down; nothing will write memory any more, so straight to disk.
        lateSegment ??= spool.newSegment();
        spool.appendSync(lateSegment, [item]);
        counters.spooled += 1;
        spoolPending = true;
        return;
      }
      pending.push({ item, at: Date.now(), spooled: false });
      if (started && !kickScheduled && (pending.length >= cfg.batchSize || pending.length > cfg.maxBufferRows)) {
        kickScheduled = true;
        setImmediate(() => {
          kickScheduled = false;
          kick();
        });
      }
    } catch (error) {
      // Never let logging break a reply; this only happens when the disk refuses the spool after stop.
      log.error({ err: describeDbError(error) }, 'query log: could not keep a row');
    }
  }

  /** Timer tick: one background pass unless one is running. */
  function kick(): void {
    if (loopBusy || stopped) return;
    loopBusy = true;
    serial(() => pass(false)).finally(() => {
      loopBusy = false;
    });
  }

  /** One round: write memory and replay the spool. Returns the error, if any. */
  async function pass(force: boolean): Promise<unknown> {
    if (!force && Date.now() < nextAttemptAt) return undefined;
    try {
      await writePending();
      if (spoolPending) await replaySpool();
      recovered();
      return undefined;
    } catch (error) {
      failed(error);
      return error;
    }
  }

  async function writePending(): Promise<void> {
    while (pending.length > 0) {
      // Taken out of `pending` for the insert; the durability tick can still spool it from `inFlight`.
      inFlight = pending.splice(0, cfg.batchSize);
      try {
        await insertItems(inFlight.map((h) => h.item));
        counters.written += inFlight.length;
      } catch (error) {
        // Rows already on disk will be replayed; the others go back to the front, in order.
        pending.unshift(...inFlight.filter((h) => !h.spooled));
        throw error;
      } finally {
        inFlight = [];
      }
    }
  }

  async function replaySpool(): Promise<void> {
    activeSegment = undefined; // seal: later spills go to a new segment, never the one being read
    const spillsBefore = spillCount;
    for (const segment of await spool.segments()) {
      let batch: LogItem[] = [];
      let badLines = 0;
      let rows = 0;
      for await (const entry of spool.read(segment)) {
        if ('badLine' in entry) {
          badLines += 1;
          continue;
        }
        batch.push(entry.item);
        if (batch.length >= cfg.batchSize) {
          await insertItems(batch);
          rows += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) {
        await insertItems(batch);
        rows += batch.length;
      }
      counters.replayed += rows;
      counters.written += rows;
      // Only now, with every row of the segment inserted, may the segment go.
      if (badLines > 0) {
        const kept = await spool.quarantine(segment);
        log.error({ segment: kept, rows, badLines }, 'query log: spool segment had unreadable lines (torn write after a crash?); kept for inspection');
      } else {
        await spool.remove(segment);
        log.info({ segment, rows }, 'query log: replayed spool segment');
      }
      // A long replay must not leave fresh rows waiting behind it.
      await writePending();
    }
    // A spill during the replay made a segment this pass did not list; the next pass replays it.
    if (spillCount === spillsBefore) spoolPending = false;
  }

  /**
   * Appends to the spool (synchronously: no other code runs meanwhile, so a replay never reads a
   * half-written line) every row older than `olderThan`, or all rows when memory is over its bound.
   * Rows waiting for their first insert leave memory; rows of a hanging insert stay there, marked.
   */
  function spillOld(olderThan: number): void {
    const all = pending.length + inFlight.length > cfg.maxBufferRows;
    const waiting = inFlight.filter((h) => !h.spooled && (all || h.at <= olderThan));
    let take = 0;
    while (take < pending.length && (all || pending[take]!.at <= olderThan)) take += 1;
    if (waiting.length === 0 && take === 0) return;
    const held = [...waiting, ...pending.slice(0, take)];
    const opening = activeSegment === undefined;
    activeSegment ??= spool.newSegment();
    try {
      spool.appendSync(activeSegment, held.map((h) => h.item));
    } catch (error) {
      activeSegment = undefined;
      log.error({ err: describeDbError(error), dir: spool.dir }, 'query log: could not write the spool; rows stay in memory');
      return;
    }
    for (const h of waiting) h.spooled = true;
    pending.splice(0, take);
    counters.spooled += held.length;
    spillCount += 1;
    spoolPending = true;
    if (opening) log.warn({ rows: held.length, segment: activeSegment }, 'query log: database unavailable or behind; spooling rows to disk');
  }

  /** Inserts rows; when the rows themselves are invalid, isolates and sets aside only the bad ones. */
  async function insertItems(items: LogItem[]): Promise<void> {
    try {
      await insertBatch(items);
    } catch (error) {
      if (!isRowError(error)) throw error;
      for (const item of items) {
        try {
          await insertBatch([item]);
        } catch (rowError) {
          if (!isRowError(rowError)) throw rowError;
          await spool.append(`rejected-${spool.newSegment()}`, [item]);
          counters.rejected += 1;
          log.error({ err: describeDbError(rowError), kind: item.kind, id: item.record.id }, 'query log: database rejected a row; kept in the spool directory');
        }
      }
    }
  }

  async function insertBatch(items: LogItem[]): Promise<void> {
    const queries = items.flatMap((i) => (i.kind === 'query' ? [i.record] : []));
    const ratings = items.flatMap((i) => (i.kind === 'feedback' ? [i.record] : []));
    if (queries.length > 0) {
      await withTimeout(insertQueryRecords(db, queries), cfg.insertTimeoutMs);
    }
    if (ratings.length > 0) {
      await withTimeout(upsertRatings(db, ratings).execute(), cfg.insertTimeoutMs);
    }
  }

  function failed(error: unknown): void {
    counters.failures += 1;
    const now = Date.now();
    const firstFailure = outageSince === undefined;
    outageSince ??= now;
    failedAttempts += 1;
    const delay = Math.min(cfg.retryMaxMs, cfg.retryInitialMs * 2 ** Math.min(20, failedAttempts - 1));
    // Jitter, so replicas that lost the same database do not all come back in the same millisecond.
    nextAttemptAt = now + delay * (0.75 + Math.random() * 0.5);
    if (firstFailure || counters.failures % 20 === 0) {
      log.warn({ err: describeDbError(error), pending: pending.length, retryInMs: Math.round(delay) }, 'query log: database write failed; retrying');
    }
  }

  function recovered(): void {
    if (outageSince !== undefined) {
      log.info({ outageMs: Date.now() - outageSince }, 'query log: database reachable again; log caught up');
    }
    outageSince = undefined;
    failedAttempts = 0;
    nextAttemptAt = 0;
  }

  return {
    logQuery(record: QueryLogRecord): void {
      enqueue({ kind: 'query', record: storableQuery(record) });
    },

    logFeedback(record: FeedbackRecord): void {
      enqueue({ kind: 'feedback', record: storableFeedback(record) });
    },

    start(): void {
      if (started) return;
      started = true;
      timer = setInterval(kick, cfg.flushIntervalMs);
      timer.unref();
      durabilityTimer = setInterval(() => spillOld(Date.now() - cfg.spoolAfterMs), cfg.durabilityTickMs);
      durabilityTimer.unref();
      kick(); // replays what a crashed or cut-off earlier run left in the spool
    },

    async flush(): Promise<void> {
      const error = await serial(() => pass(true));
      if (error !== undefined) throw error;
    },

    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      const finished = serial(async () => {
        try {
          await writePending();
        } catch (error) {
          log.warn({ err: describeDbError(error), rows: pending.length }, 'query log: database unavailable at shutdown; spooling');
          spillOld(Infinity);
        }
      }).then(() => true);
      let giveUp: NodeJS.Timeout | undefined;
      const deadline = new Promise<false>((resolve) => {
        giveUp = setTimeout(() => resolve(false), cfg.stopTimeoutMs);
      });
      const inTime = await Promise.race([finished, deadline]).finally(() => clearTimeout(giveUp));
      if (durabilityTimer) clearInterval(durabilityTimer);
      if (!inTime) {
        // A write is hanging: keep a copy on disk. If the hung write completes after all, the ids dedupe the replay.
        const before = counters.spooled;
        spillOld(Infinity);
        log.warn({ rows: counters.spooled - before }, 'query log: database did not answer at shutdown; rows spooled');
      }
    },

    stats(): QueryLogWriterStats {
      return {
        ...counters,
        pending: pending.length + inFlight.length,
        spoolPending,
        databaseReachable: outageSince === undefined,
        ...spool.usage(),
      };
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withDeadline(promise, ms, 'insert');
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
