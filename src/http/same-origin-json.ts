import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';

/**
 * For browser-callable JSON endpoints (`/api/ask`, `/api/feedback`): refuses what a cross-site form
 * can send without a CORS preflight. The body must be `application/json` (415 otherwise; a form can
 * only send `text/plain`, urlencoded or multipart), and an `Origin` header, when present, must be this
 * server's own origin or `PUBLIC_BASE_URL` (403 otherwise). Requests without `Origin` come from
 * non-browser clients (curl, integrations) and are allowed.
 */
export function sameOriginJson(options: { publicBaseUrl?: string; log: Logger }): MiddlewareHandler {
  const allowed = new Set<string>();
  if (options.publicBaseUrl) allowed.add(new URL(options.publicBaseUrl).origin);
  return async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      options.log.warn({ path: c.req.path, contentType: type || null }, 'request refused: not application/json');
      return c.json({ error: 'unsupported_media_type', message: 'Kirim permintaan sebagai application/json.' }, 415);
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin) && origin !== new URL(c.req.url).origin) {
      options.log.warn({ path: c.req.path, origin }, 'request refused: cross-site origin');
      return c.json({ error: 'forbidden_origin', message: 'Permintaan dari situs lain ditolak.' }, 403);
    }
    await next();
  };
}
