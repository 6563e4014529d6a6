import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MatcherData, MatcherParts } from '../matcher/index.js';
import type { CaseOutcome, WorkerRequest, WorkerResponse } from './build-protocol.js';
import type { KnowledgeEntry } from './types.js';

type Pending = { resolve: (response: WorkerResponse) => void; reject: (error: Error) => void };
type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/**
 * One worker thread for matcher builds and evaluations, started on first use and restarted after a
 * crash. Requests run one after another in the thread; none of them blocks the main event loop.
 */
export class MatcherWorker {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #closed = false;

  constructor(private readonly matcherData: MatcherData) {}

  /** The expensive parts of a matcher build for these entries; `buildMatcher(entries, data, weights, parts)` finishes it. */
  async parts(entries: KnowledgeEntry[]): Promise<MatcherParts> {
    const response = await this.#send({ kind: 'parts', entries });
    if (response.ok && response.kind === 'parts') return response.parts;
    throw new Error('unexpected worker response');
  }

  /** Each set of texts matched against the matcher of `entries` (`key` identifies those entries; reused while cached). */
  async evaluate(key: string, entries: KnowledgeEntry[], sets: string[][]): Promise<CaseOutcome[][]> {
    const response = await this.#send({ kind: 'evaluate', key, entries, sets });
    if (response.ok && response.kind === 'evaluate') return response.outcomes;
    throw new Error('unexpected worker response');
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #send(request: Request): Promise<WorkerResponse> {
    if (this.#closed) return Promise.reject(new Error('matcher worker is closed'));
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, id });
    }).then((response) => {
      if (!response.ok) throw new Error(`matcher worker: ${response.error}`);
      return response;
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker({ matcherData: this.matcherData });
    worker.on('message', (response: WorkerResponse) => {
      const pending = this.#pending.get(response.id);
      this.#pending.delete(response.id);
      pending?.resolve(response);
      // An idle worker must not keep the process alive.
      if (this.#pending.size === 0) worker.unref();
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`matcher worker exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }
}

/** The worker file next to this one: build-worker.ts under tsx/vitest, build-worker.js once compiled. */
const RUNS_FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(RUNS_FROM_SOURCE ? './build-worker.ts' : './build-worker.js', import.meta.url);

/**
 * Compiled JavaScript runs as it is. A TypeScript worker needs tsx, and Node 20 ignores `--import` in a
 * worker's execArgv, so a small bootstrap registers tsx's loader in the thread, then imports the file.
 */
function startWorker(workerData: unknown): Worker {
  if (!RUNS_FROM_SOURCE) return new Worker(WORKER_FILE, { workerData });
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
