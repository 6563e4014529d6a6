import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { Logger } from '../logger.js';
import { clientIp, type TrustProxy } from './client-ip.js';

export interface WebRateLimitOptions {
  /** Requests per window for one browser session (visitor cookie). */
  perSession: number;
  /** Requests per window for one client address (offices behind one NAT share it, so it is higher). */
  perIp: number;
  windowMs: number;
  trustProxy: TrustProxy;
  /** The session a request belongs to, if it carries one. */
  sessionOf: (c: Context) => string | undefined;
  log: Logger;
}

/**
 * Per-client limits for the public web API: one budget per session cookie and one per client address,
 * both fixed windows in this process's memory (with N replicas a client gets up to N× the budget; that
 * is enough to stop one client from flooding the query log). Over the budget: 429 with `Retry-After`.
 */
export function webRateLimits(options: WebRateLimitOptions): MiddlewareHandler[] {
  const refuse = (scope: 'session' | 'ip') => (c: Context) => {
    options.log.warn({ path: c.req.path, scope }, 'web API rate limit reached');
    return c.json({ error: 'rate_limited', message: 'Terlalu banyak permintaan. Silakan tunggu sebentar lalu coba lagi.' }, 429);
  };
  return [
    rateLimiter({
      windowMs: options.windowMs,
      limit: options.perSession,
      standardHeaders: 'draft-7',
      skip: (c) => options.sessionOf(c) === undefined,
      keyGenerator: (c) => options.sessionOf(c) ?? '',
      handler: refuse('session'),
    }),
    rateLimiter({
      windowMs: options.windowMs,
      limit: options.perIp,
      standardHeaders: 'draft-7',
      keyGenerator: (c) => clientIp(c, options.trustProxy),
      handler: refuse('ip'),
    }),
  ];
}
