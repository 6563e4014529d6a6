import type { Hono } from 'hono';
import { adminAccess } from '../../http/admin-access.js';
import type { Logger } from '../../logger.js';
import type { RouteModule } from '../../server.js';
import type { SessionState } from './supervisor.js';

export const STATUS_PATH = '/admin/whatsapp/status';

export interface StatusRouteDeps {
  status: () => SessionState & { leader: boolean };
  adminToken?: string;
  log: Logger;
}

/**
 * GET /admin/whatsapp/status: the session state, including the login QR or pairing code — which lets anyone
 * who sees it link a phone, so it requires `Authorization: Bearer ADMIN_TOKEN`, or a loopback request when no
 * token is configured.
 */
export function whatsappStatusRoute(deps: StatusRouteDeps): RouteModule {
  return (app: Hono) => {
    app.get(STATUS_PATH, adminAccess(deps), (c) => {
      return c.json(deps.status());
    });
  };
}
