import { performance } from 'node:perf_hooks';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import { buildMatcher, type MatcherData } from '../matcher/index.js';
import { DEFAULT_WEIGHTS } from '../matcher/scorer.js';
import { MatcherWorker } from './matcher-worker.js';
import { knowledgeStamp, listenForKnowledge, notifyKnowledgeChanged } from './replication.js';
import { buildSnapshot, knowledgeVersion, type KnowledgeHolder } from './snapshot.js';
import type { LiveKnowledge } from './live.js';


export interface PublisherDeps {
  database: Database;
  holder: KnowledgeHolder;
  matcherData: MatcherData;
  worker: MatcherWorker;
  load: () => Promise<LiveKnowledge>;
  log: Logger;
  /** Safety-net check of the database stamp (a notification can be lost): every 5 s by default. */
  pollMs?: number;
}

export interface RefreshReport {
  outcome: 'swapped' | 'unchanged' | 'failed';
  version: string;
  /** Time the main thread spent on the build (assembling the index from the worker's parts). */
  mainThreadMs: number;
}

/**
 * Keeps the live snapshot in step with the database: after a publish here, a notification from another
 * process, or a periodic stamp check. The matcher is trained in a worker thread and only assembled on the
 * main thread; requests keep using the old snapshot until the new one replaces it in one assignment.
 * Refreshes coalesce: at most one runs and one waits, whoever asks in between shares the waiting one.
 */
export class KnowledgePublisher {
  #running: Promise<RefreshReport> | undefined;
  #pending: Promise<RefreshReport> | undefined;
  /** The stamp last built from, so an unchanged database costs one query. */
  #stamp: string | undefined;
  /** A stamp whose knowledge failed to build: not retried every few seconds, only after the next change. */
  #failedStamp: string | undefined;
  #stopListening: (() => Promise<void>) | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: PublisherDeps) {}

  /** Starts listening for other processes' publishes and the periodic check. `stamp` is what the current snapshot was built from. */
  async start(stamp: string): Promise<void> {
    this.#stamp = stamp;
    this.#stopListening = await listenForKnowledge(this.deps.database, () => void this.refresh('notification'));
    this.#timer = setInterval(() => void this.refresh('periodic check'), this.deps.pollMs ?? 5000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#stopListening?.().catch((error: unknown) => this.deps.log.warn({ err: error }, 'unlisten failed'));
    await Promise.allSettled([this.#running, this.#pending]);
  }

  /** After a change was saved here: rebuild locally, and tell the other processes. */
  async published(): Promise<RefreshReport> {
    const refreshed = this.refresh('published here');
    await notifyKnowledgeChanged(this.deps.database.db).catch((error: unknown) =>
      this.deps.log.warn({ err: error }, 'could not notify other processes of the publish; their periodic check will catch up'),
    );
    return refreshed;
  }

  /** Rebuilds if the database changed since the last build. Never rejects: a failure keeps the old snapshot. */
  refresh(reason: string): Promise<RefreshReport> {
    if (!this.#running) {
      const running = this.#run(reason).finally(() => {
        if (this.#running === running) this.#running = undefined;
      });
      this.#running = running;
      return running;
    }
    this.#pending ??= this.#running.then(() => {
      this.#pending = undefined;
      return this.refresh(reason);
    });
    return this.#pending;
  }

  async #run(reason: string): Promise<RefreshReport> {
    const { holder, log } = this.deps;
    const current = holder.isLoaded() ? holder.current().version : '';
    let stamp: string | undefined;
    try {
      stamp = await knowledgeStamp(this.deps.database.db);
      if (stamp === this.#stamp || stamp === this.#failedStamp) return { outcome: 'unchanged', version: current, mainThreadMs: 0 };
      const live = await this.deps.load().catch((error: unknown) => {
        stamp = undefined; // a read failure is retried at the next check
        throw error;
      });
      const version = knowledgeVersion(live.entries);
      const previous = holder.isLoaded() ? holder.current() : undefined;
      // Unchanged entries keep their matcher (only texts or categories changed): nothing to train.
      const parts = previous?.version === version ? undefined : await this.deps.worker.parts(live.entries);
      const started = performance.now();
      const snapshot = buildSnapshot({
        ...live,
        buildMatcher: (entries) => (parts ? buildMatcher(entries, this.deps.matcherData, DEFAULT_WEIGHTS, parts) : (previous as NonNullable<typeof previous>).matcher),
      });
      const mainThreadMs = performance.now() - started;
      holder.replace(snapshot);
      this.#stamp = stamp;
      log.info({ reason, version, previous: previous?.version, entries: live.entries.length, mainThreadMs: Math.round(mainThreadMs) }, 'knowledge published: new snapshot live');
      return { outcome: 'swapped', version, mainThreadMs };
    } catch (error) {
      this.#failedStamp = stamp;
      log.error({ err: error, reason }, 'knowledge rebuild failed: the previous snapshot stays live');
      return { outcome: 'failed', version: current, mainThreadMs: 0 };
    }
  }
}

/**
 * The publisher as the server runs it: one worker thread for builds, listening from `stamp` on (the
 * stamp the start-up snapshot was built from).
 */
export async function startPublisher(
  deps: Omit<PublisherDeps, 'worker'>,
  stamp: string,
): Promise<{ publisher: KnowledgePublisher; stop: () => Promise<void> }> {
  const worker = new MatcherWorker(deps.matcherData);
  const publisher = new KnowledgePublisher({ ...deps, worker });
  await publisher.start(stamp);
  return {
    publisher,
    stop: async () => {
      await publisher.stop();
      await worker.close();
    },
  };
}
