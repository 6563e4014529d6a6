import { Hono, type MiddlewareHandler } from 'hono';
import type { Logger } from './logger.js';
import { withDeadline } from './resilience/deadline.js';

/** Each readiness check answers within this, so `/readyz` as a whole answers within a second. */
export const READINESS_CHECK_TIMEOUT_MS = 800;

/** One readiness condition: the database answers, the knowledge is loaded, a channel is connected… */
export interface ReadinessCheck {
  name: string;
  /** Whether failing it makes /readyz answer 503 (default true). Non-critical checks are reported only. */
  critical?: boolean;
  check(): Promise<{ ok: boolean; detail?: unknown }>;
}

/** A feature that adds its own routes (web chat, Telegram webhook, WhatsApp webhook, admin…). */
export type RouteModule = (app: Hono) => void;

export interface AppDeps {
  log: Logger;
  readiness: ReadinessCheck[];
  routes: RouteModule[];
  /** True once shutdown began: new requests get 503 and `Connection: close` while in-flight ones finish. */
  isDraining?: () => boolean;
  /** Run for every request before any route (metrics, security headers). */
  middleware?: MiddlewareHandler[];
}

/** The Hono app: health endpoints plus whatever route modules main.ts wires in. Nothing else. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  for (const middleware of deps.middleware ?? []) app.use(middleware);

  app.use(async (c, next) => {
    if (!deps.isDraining?.()) return next();
    c.header('Connection', 'close');
    c.header('Retry-After', '1');
    return c.json({ error: 'unavailable', message: 'Server sedang berhenti. Silakan coba lagi sebentar lagi.' }, 503);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    const results = await Promise.all(
      deps.readiness.map(async (r) => {
        try {
          return { name: r.name, critical: r.critical !== false, ...(await withDeadline(r.check(), READINESS_CHECK_TIMEOUT_MS, `readiness check ${r.name}`)) };
        } catch (error) {
          return { name: r.name, critical: r.critical !== false, ok: false, detail: String(error) };
        }
      }),
    );
    const ok = results.every((r) => r.ok || !r.critical);
    return c.json({ ok, checks: results }, ok ? 200 : 503);
  });

  for (const mount of deps.routes) mount(app);

  app.notFound((c) => c.json({ error: 'not_found', message: 'Alamat tidak ditemukan.' }, 404));
  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, 'unhandled error in request');
    return c.json({ error: 'internal', message: 'Terjadi kesalahan di server. Silakan coba lagi.' }, 500);
  });
  return app;
}
