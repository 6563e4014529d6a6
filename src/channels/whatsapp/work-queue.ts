/**
 * Runs tasks one after another per key (per chat, so replies keep the order of the questions) and in
 * parallel across keys. `idle()` resolves once everything queued so far has finished: shutdown and tests
 * wait on it instead of sleeping.
 */
export class KeyedWorkQueue {
  #tails = new Map<string, Promise<void>>();
  #inFlight = new Set<Promise<void>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Queues a task; the promise settles when it has run (it never rejects: errors go to `onError`). */
  push(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const run = previous.then(task).catch(this.onError);
    this.#tails.set(key, run);
    this.#inFlight.add(run);
    void run.finally(() => {
      this.#inFlight.delete(run);
      if (this.#tails.get(key) === run) this.#tails.delete(key);
    });
    return run;
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.#inFlight.size;
  }

  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}
