import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { requireRole } from '../admin/access.js';
import type { AdminEnv } from '../admin/types.js';
import type { Logger } from '../logger.js';
import type { NetraMetrics } from './metrics.js';

export interface MetricsRouteDeps {
  metrics: NetraMetrics;
  /** `METRICS_TOKEN`: a bearer token for the scraper only. Unset → the console's access rule (admins). */
  metricsToken?: string;
  /** The console's authentication (src/admin/auth/authenticate.ts). */
  authenticate: MiddlewareHandler<AdminEnv>;
  log: Logger;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of the presented bearer token with the scraper token (hashed first: equal lengths). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
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

/** `GET /metrics` in the Prometheus text format: for the `METRICS_TOKEN` scraper, or else for admins. */
export function metricsRoute(deps: MetricsRouteDeps) {
  return (app: Hono) => {
    const route = new Hono<AdminEnv>();
    const serve = route.get.bind(route);
    const body = async () => deps.metrics.registry.metrics();
    if (deps.metricsToken) {
      serve('/metrics', metricsTokenAccess(deps.metricsToken, deps.log), async (c) => c.body(await body(), 200, { 'Content-Type': deps.metrics.registry.contentType }));
    } else {
      serve('/metrics', deps.authenticate, requireRole('admin'), async (c) => c.body(await body(), 200, { 'Content-Type': deps.metrics.registry.contentType }));
    }
    app.route('/', route);
  };
}
