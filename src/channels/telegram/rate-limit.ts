/**
 * Per-user message budget: `limit` messages per fixed window. In memory, per process: with several
 * replicas a user could get up to limit × replicas, which is fine for its purpose (stopping one
 * person or script from flooding the bot and hitting Telegram's own flood limits).
 */
export type RateDecision =
  /** Within the budget: handle it. */
  | 'allow'
  /** The first message over the budget in this window: tell the user once. */
  | 'notify'
  /** Over the budget and already told: drop silently. */
  | 'drop';

export interface RateLimiter {
  check(key: string): RateDecision;
}

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  now?: () => number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 20, windowMs: 60_000 };

export function createRateLimiter(options: RateLimitOptions = DEFAULT_RATE_LIMIT): RateLimiter {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();

  return {
    check(key) {
      const t = now();
      // Forget finished windows once per window length, so the map holds only recent senders.
      if (t - lastSweep >= options.windowMs) {
        for (const [k, w] of windows) if (t - w.start >= options.windowMs) windows.delete(k);
        lastSweep = t;
      }
      let window = windows.get(key);
      if (!window || t - window.start >= options.windowMs) {
        window = { start: t, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= options.limit) return 'allow';
      return window.count === options.limit + 1 ? 'notify' : 'drop';
    },
  };
}
