import { Hono, type MiddlewareHandler } from 'hono';
import type { Logger } from './logger.js';

/** One readiness condition: the database answers, the knowledge is loaded, a channel is connected… */
export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: unknown }>;
}

/** A feature that adds its own routes (web chat, Telegram webhook, WhatsApp webhook, admin…). */
export type RouteModule = (app: Hono) => void;

export interface AppDeps {
  log: Logger;
  readiness: ReadinessCheck[];
  routes: RouteModule[];
  /** Run for every request before any route (metrics, security headers). */
  middleware?: MiddlewareHandler[];
}

/** The Hono app: health endpoints plus whatever route modules main.ts wires in. Nothing else. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  for (const middleware of deps.middleware ?? []) app.use(middleware);

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    const results = await Promise.all(
      deps.readiness.map(async (r) => {
        try {
          return { name: r.name, ...(await r.check()) };
        } catch (error) {
          return { name: r.name, ok: false, detail: String(error) };
        }
      }),
    );
    const ok = results.every((r) => r.ok);
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
