import { getConnInfo } from '@hono/node-server/conninfo';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of a presented bearer token with the configured one (hashed first: equal lengths). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Behind a reverse proxy every request looks local, so a forwarded request is never treated as local. */
function isLocalRequest(c: Context): boolean {
  if (c.req.header('x-forwarded-for') || c.req.header('forwarded') || c.req.header('x-real-ip')) return false;
  try {
    return isLoopback(getConnInfo(c).remote.address);
  } catch {
    // Not served by @hono/node-server (e.g. app.request in tests): no address, so not local.
    return false;
  }
}

/**
 * Guards admin endpoints (reports, WhatsApp login status): `Authorization: Bearer ADMIN_TOKEN` when a
 * token is configured, otherwise loopback requests only. Refusals are 401/403 with a log line.
 */
export function adminAccess(deps: { adminToken?: string; log: Logger }): MiddlewareHandler {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    if (deps.adminToken) {
      if (!bearerMatches(c.req.header('authorization'), deps.adminToken)) {
        deps.log.warn({ path: c.req.path, reason: c.req.header('authorization') ? 'wrong token' : 'no token' }, 'admin request refused');
        c.header('WWW-Authenticate', 'Bearer');
        return c.json({ error: 'unauthorized', message: 'Token admin tidak ada atau salah (Authorization: Bearer …).' }, 401);
      }
    } else if (!isLocalRequest(c)) {
      deps.log.warn({ path: c.req.path, reason: 'not a local request and ADMIN_TOKEN is not set' }, 'admin request refused');
      return c.json({ error: 'forbidden', message: 'Hanya bisa dibuka dari server ini sendiri. Setel ADMIN_TOKEN untuk akses dari tempat lain.' }, 403);
    }
    await next();
  };
}
