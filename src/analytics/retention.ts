import { and, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryLog } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { describeDbError } from './db-errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows updated per statement: short transactions, so the query log keeps taking inserts meanwhile. */
const ERASE_BATCH = 5_000;

export interface RetentionOptions {
  db: Db;
  retentionDays: number;
  log: Logger;
  /** Delay before the first run after start-up (the server is ready long before). */
  firstRunDelayMs?: number;
  intervalMs?: number;
  now?: () => Date;
}

/**
 * Erases the question texts (raw and normalised) of query-log rows created before `cutoff`. The rows
 * stay, so counts, statuses, entries and latencies in the reports survive. Returns the rows erased.
 */
export async function eraseOldTexts(db: Db, cutoff: Date): Promise<number> {
  const stillHasText = or(isNotNull(queryLog.text), isNotNull(queryLog.normalized));
  let total = 0;
  for (;;) {
    const batch = db
      .select({ id: queryLog.id })
      .from(queryLog)
      .where(and(lt(queryLog.createdAt, cutoff), stillHasText))
      .limit(ERASE_BATCH);
    const erased = await db
      .update(queryLog)
      .set({ text: null, normalized: null })
      .where(inArray(queryLog.id, batch))
      .returning({ one: sql<number>`1` });
    total += erased.length;
    if (erased.length < ERASE_BATCH) return total;
  }
}

/** Runs the retention job shortly after start and then daily. Never blocks start-up; returns `stop`. */
export function startRetentionJob(options: RetentionOptions): () => void {
  const { db, log, retentionDays } = options;
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;

  const run = () => {
    if (running || stopped) return;
    const cutoff = new Date(now().getTime() - retentionDays * DAY_MS);
    running = eraseOldTexts(db, cutoff)
      .then((erased) => {
        log.info({ erased, retentionDays, cutoff: cutoff.toISOString() }, 'retention: erased old question texts');
      })
      .catch((error: unknown) => {
        // Tomorrow's run catches up; nothing here is urgent enough to disturb the service.
        log.warn({ err: describeDbError(error) }, 'retention: could not erase old question texts');
      })
      .finally(() => {
        running = undefined;
      });
  };

  const first = setTimeout(run, options.firstRunDelayMs ?? 60_000);
  const daily = setInterval(run, options.intervalMs ?? DAY_MS);
  first.unref();
  daily.unref();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(daily);
  };
}
