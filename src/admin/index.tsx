import { Hono, type MiddlewareHandler } from 'hono';
import type { Db } from '../db/client.js';
import { bearerMatches } from '../http/admin-access.js';
import type { KnowledgeSnapshot } from '../kb/snapshot.js';
import type { Logger } from '../logger.js';
import type { RouteModule } from '../server.js';
import { requireRole } from './access.js';
import { mountAdminAssets } from './assets.js';
import { actorForApiToken } from './auth/api-tokens.js';
import { mountReportPages } from './reports/routes.js';
import type { AdminEnv } from './types.js';
import { HomePage } from './views/home.js';

export interface AdminDeps {
  db: Db;
  log: Logger;
  /** Bootstrap admin token (ADMIN_TOKEN): a full admin for scripts and for creating the first account. */
  adminToken?: string;
  /** The live knowledge (category titles on the reports page). */
  knowledge?: () => KnowledgeSnapshot;
}

/**
 * Authentication: resolves the request to an actor — the bootstrap ADMIN_TOKEN, or an API token
 * (`Authorization: Bearer netra_…`) — or leaves it unset, in which case `requireRole` answers 401.
 */
function authenticate(deps: AdminDeps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const header = c.req.header('authorization');
    if (deps.adminToken && bearerMatches(header, deps.adminToken)) {
      c.set('actor', { id: 'bootstrap', name: 'ADMIN_TOKEN', role: 'admin', via: 'bootstrap' });
    } else {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
      const actor = bearer ? await actorForApiToken(deps.db, bearer) : undefined;
      if (actor) c.set('actor', actor);
    }
    await next();
  };
}

/** The console (`/admin/...` pages) and its JSON API (`/api/admin/...`), all behind one access rule. */
export function adminRoutes(deps: AdminDeps): RouteModule {
  return (app: Hono) => {
    mountAdminAssets(app);
    const admin = new Hono<AdminEnv>();
    admin.use('*', authenticate(deps));
    admin.get('/admin', requireRole('admin', 'editor', 'reviewer'), (c) => c.html(<HomePage actor={c.get('actor')} />));
    mountReportPages(admin, deps);
    app.route('/', admin);
  };
}
