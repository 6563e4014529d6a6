import { getConnInfo } from '@hono/node-server/conninfo';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { Logger } from '../../logger.js';
import type { RouteModule } from '../../server.js';
import type { SessionState } from './supervisor.js';

export const STATUS_PATH = '/admin/whatsapp/status';

export interface StatusRouteDeps {
  status: () => SessionState & { leader: boolean };
  adminToken?: string;
  log: Logger;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of a presented bearer token with the configured one. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** Without ADMIN_TOKEN only this machine may ask; a proxied request (forwarding headers) is never "local". */
function isLocalRequest(c: Context): boolean {
  if (c.req.header('x-forwarded-for') || c.req.header('forwarded') || c.req.header('x-real-ip')) return false;
  try {
    return isLoopback(getConnInfo(c).remote.address);
  } catch {
    return false;
  }
}

/**
 * GET /admin/whatsapp/status: the session state, including the login QR or pairing code — which lets anyone
 * who sees it link a phone, so it requires `Authorization: Bearer ADMIN_TOKEN`, or a loopback request when no
 * token is configured.
 */
export function whatsappStatusRoute(deps: StatusRouteDeps): RouteModule {
  return (app: Hono) => {
    app.get(STATUS_PATH, (c) => {
      c.header('Cache-Control', 'no-store');
      if (deps.adminToken) {
        if (!bearerMatches(c.req.header('authorization'), deps.adminToken)) {
          deps.log.warn({ path: c.req.path }, 'whatsapp status: missing or wrong admin token');
          c.header('WWW-Authenticate', 'Bearer');
          return c.json({ error: 'unauthorized', message: 'Token admin tidak ada atau salah.' }, 401);
        }
      } else if (!isLocalRequest(c)) {
        deps.log.warn({ path: c.req.path }, 'whatsapp status: refused a non-local request (ADMIN_TOKEN is not set)');
        return c.json({ error: 'forbidden', message: 'Hanya bisa dibuka dari server ini. Setel ADMIN_TOKEN untuk akses jarak jauh.' }, 403);
      }
      return c.json(deps.status());
    });
  };
}
