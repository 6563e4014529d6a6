import type { ServerOptions } from 'node:http';

export interface ServerLimits {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  maxConnections: number;
}

/**
 * Node server options that cut off slow clients: the whole request must arrive within
 * `requestTimeoutMs`, its headers within `headersTimeoutMs` (answered 408 and closed). Node checks
 * these timers every `connectionsCheckingInterval` (30 s by default), so a second here keeps the cut
 * close to the limit.
 */
export function serverOptions(limits: ServerLimits): ServerOptions {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
  };
}
