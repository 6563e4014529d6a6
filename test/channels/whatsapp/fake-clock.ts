import type { Clock } from '../../../src/channels/whatsapp/clock.js';

/** A clock that only moves when the test says so; timers fire in due order during `advance`. */
export class FakeClock implements Clock {
  #now: number;
  #timers: { id: number; at: number; callback: () => void }[] = [];
  #nextId = 1;

  constructor(start = Date.parse('2026-11-23T08:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.push({ id, at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /** Pending timers' delays from now, soonest first. */
  pendingDelays(): number[] {
    return this.#timers.map((t) => t.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers one by one and letting their async work settle in between. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = due.at;
      due.callback();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}

/** Lets pending promise chains (database calls included) run to completion. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
