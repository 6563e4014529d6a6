import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { Db } from '../../db/client.js';
import type { Logger } from '../../logger.js';
import { wantsHtml } from '../access.js';
import type { Actor, AdminEnv } from '../types.js';
import { actorForApiToken } from './api-tokens.js';
import { CLI_ACTOR } from './local-admin.js';
import { actorForSession, DEFAULT_SESSION_POLICY, type SessionPolicy } from './sessions.js';

export const SESSION_COOKIE = 'netra_session';

export interface AuthDeps {
  db: Db;
  log: Logger;
  /** ADMIN_TOKEN: the bootstrap admin, for the first account and for scripts. */
  adminToken?: string;
  /** The local admin token this process published in DATA_DIR for the CLI (embedded database only). */
  localAdminToken?: string;
  /** The clock sessions are checked against (tests move it). */
  now?: () => Date;
  sessionPolicy?: SessionPolicy;
  /** PUBLIC_BASE_URL: its origin is accepted in the Origin check (behind a TLS-terminating proxy). */
  publicBaseUrl?: string;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const digest = (value: string) => createHash('sha256').update(value).digest();
/** Constant-time equality of two secrets (hashed first so lengths match). */
export const secretsEqual = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * THE authentication of the console and of every admin endpoint: resolves the request to an actor —
 * `Authorization: Bearer` with ADMIN_TOKEN, the local CLI token or an API token (`netra_…`), or else the
 * session cookie — and leaves it unset otherwise (`requireRole` then answers 401 or sends pages to the login).
 * A cookie-authenticated state-changing request must carry the session's CSRF token (header `X-CSRF-Token`
 * or form field `_csrf`) and, when the browser sends one, an Origin of this site; bearer requests need neither
 * (a browser never adds an Authorization header on its own).
 */
export function authenticate(deps: AuthDeps): MiddlewareHandler<AdminEnv> {
  const now = deps.now ?? (() => new Date());
  const policy = deps.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const actor = await actorForBearer(deps, authorization);
      if (actor) c.set('actor', actor);
      else deps.log.warn({ path: c.req.path }, 'admin request with an unknown bearer token');
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (!cookie) return next();
    const actor = await actorForSession(deps.db, cookie, now(), policy);
    if (!actor) {
      // Expired or ended: drop the cookie so the browser stops sending it.
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return next();
    }
    if (UNSAFE_METHODS.has(c.req.method)) {
      const refusal = (await crossSiteRefusal(c, actor, deps.publicBaseUrl));
      if (refusal) {
        deps.log.warn({ path: c.req.path, method: c.req.method, actor: actor.id, reason: refusal }, 'state-changing request refused (CSRF)');
        const message = 'Permintaan ditolak karena tidak membawa tanda keamanan formulir yang benar. Muat ulang halaman lalu coba lagi.';
        if (wantsHtml(c)) return c.html(`<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Permintaan ditolak · Netra</title><link rel="stylesheet" href="/admin/assets/admin.css"></head><body><main class="narrow"><h1>Permintaan ditolak</h1><p>${message}</p><p><a href="/admin">Kembali ke beranda</a></p></main></body></html>`, 403);
        return c.json({ error: 'csrf', message }, 403);
      }
    }
    c.set('actor', actor);
    return next();
  };
}

async function actorForBearer(deps: AuthDeps, header: string): Promise<Actor | undefined> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!token) return undefined;
  if (deps.adminToken && secretsEqual(token, deps.adminToken)) return { id: 'bootstrap', name: 'ADMIN_TOKEN', role: 'admin', via: 'bootstrap' };
  if (deps.localAdminToken && secretsEqual(token, deps.localAdminToken)) return CLI_ACTOR;
  return actorForApiToken(deps.db, token);
}

/** Why a cookie-authenticated state change looks cross-site, or undefined when it carries the right proofs. */
async function crossSiteRefusal(c: Context, actor: Actor, publicBaseUrl: string | undefined): Promise<string | undefined> {
  const origin = c.req.header('origin');
  if (origin !== undefined && !sameSite(origin, c.req.header('host'), publicBaseUrl)) return 'foreign origin';
  let presented = c.req.header('x-csrf-token');
  if (presented === undefined) {
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      // Hono caches the parsed body, so the route handler can read the form again.
      const field = (await c.req.parseBody())['_csrf'];
      if (typeof field === 'string') presented = field;
    }
  }
  if (!presented || !actor.csrfToken) return 'missing token';
  return secretsEqual(presented, actor.csrfToken) ? undefined : 'wrong token';
}

function sameSite(origin: string, host: string | undefined, publicBaseUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (publicBaseUrl && parsed.origin === new URL(publicBaseUrl).origin) return true;
  return host !== undefined && parsed.host === host;
}
