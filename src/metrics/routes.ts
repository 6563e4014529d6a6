import type { Hono, MiddlewareHandler } from 'hono';
import { adminAccess, bearerMatches } from '../http/admin-access.js';
import type { Logger } from '../logger.js';
import type { NetraMetrics } from './metrics.js';

export interface MetricsRouteDeps {
  metrics: NetraMetrics;
  /** `METRICS_TOKEN`: a bearer token for the scraper only. Unset → the admin access rule applies. */
  metricsToken?: string;
  adminToken?: string;
  log: Logger;
}

function metricsTokenAccess(token: string, log: Logger): MiddlewareHandler {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    if (!bearerMatches(c.req.header('authorization'), token)) {
      log.warn({ path: c.req.path, reason: c.req.header('authorization') ? 'wrong token' : 'no token' }, 'metrics request refused');
      c.header('WWW-Authenticate', 'Bearer');
      return c.json({ error: 'unauthorized', message: 'Token metrik tidak ada atau salah (Authorization: Bearer …).' }, 401);
    }
    await next();
  };
}

/** `GET /metrics` in the Prometheus text format. */
export function metricsRoute(deps: MetricsRouteDeps) {
  return (app: Hono) => {
    const access = deps.metricsToken
      ? metricsTokenAccess(deps.metricsToken, deps.log)
      : adminAccess({ log: deps.log, ...(deps.adminToken ? { adminToken: deps.adminToken } : {}) });
    app.get('/metrics', access, async (c) => c.body(await deps.metrics.registry.metrics(), 200, { 'Content-Type': deps.metrics.registry.contentType }));
  };
}
