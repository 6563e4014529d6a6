import { Hono } from 'hono';
import type { Db } from '../db/client.js';
import type { TrustProxy } from '../http/client-ip.js';
import type { MatcherWorker } from '../kb/matcher-worker.js';
import type { KnowledgeSnapshot } from '../kb/snapshot.js';
import type { Logger } from '../logger.js';
import type { RouteModule } from '../server.js';
import { requireRole } from './access.js';
import { mountAdminAssets } from './assets.js';
import { auditPages } from './audit/routes.js';
import { authenticate } from './auth/authenticate.js';
import { loginPages } from './auth/routes.js';
import type { SessionPolicy } from './auth/sessions.js';
import { mountKnowledgeEditor } from './editor/index.js';
import { mountReportPages } from './reports/routes.js';
import type { AdminEnv } from './types.js';
import { kbFileRoutes } from './kb-files/routes.js';
import { testPaneRoutes } from './test-pane/index.js';
import { userRoutes } from './users/routes.js';
import { HomePage } from './views/home.js';
import { whatsappPages, type WhatsAppConsoleStatus } from './whatsapp/routes.js';

export interface AdminDeps {
  db: Db;
  log: Logger;
  /** Bootstrap admin token (ADMIN_TOKEN): a full admin for scripts and for creating the first account. */
  adminToken?: string;
  /** Token this process published in DATA_DIR for the CLI on this machine (embedded database only). */
  localAdminToken?: string;
  /** PUBLIC_BASE_URL: secure cookies when https, the accepted Origin, and the base of set-password links. */
  publicBaseUrl?: string;
  /** The server's own URL (known after listen), for set-password links when PUBLIC_BASE_URL is unset. */
  serverUrl?: () => string;
  /** Which proxies may name the client address (TRUST_PROXY): the per-address login limit counts the client, not the proxy. */
  trustProxy?: TrustProxy;
  /** Clock of sessions, links and login limits (tests move it). */
  now?: () => Date;
  sessionPolicy?: SessionPolicy;
  /** WhatsApp mode and, for Baileys, the live session state (the console's WhatsApp page). */
  whatsapp?: WhatsAppConsoleStatus;
  /**
   * Runs after anything in the knowledge base is published (entry, text, categories, archive): makes
   * the change live. Resolves when the new snapshot is in place.
   */
  onPublished?: () => Promise<void>;
  /** The live snapshot (the editor's preview, category titles on the reports page). */
  knowledge?: () => KnowledgeSnapshot;
  /** Worker thread for the test pane's what-if builds (the phrasing impact preview). */
  evaluator?: MatcherWorker;
}

/** The console (`/admin/...` pages) and its JSON API (`/api/admin/...`), all behind one access rule. */
export function adminRoutes(deps: AdminDeps): RouteModule {
  return (app: Hono) => {
    mountAdminAssets(app);
    const admin = new Hono<AdminEnv>();
    // '/admin/*' also matches '/admin' itself.
    admin.use('/admin/*', authenticate(deps));
    admin.use('/api/admin/*', authenticate(deps));
    loginPages(admin, deps);
    admin.get('/admin', requireRole('admin', 'editor', 'reviewer'), (c) => c.html(<HomePage actor={c.get('actor')} />));
    userRoutes(admin, deps);
    auditPages(admin, deps);
    whatsappPages(admin, deps);
    if (deps.onPublished) kbFileRoutes(admin, { db: deps.db, log: deps.log, onPublished: deps.onPublished });
    if (deps.knowledge && deps.onPublished && deps.evaluator) {
      testPaneRoutes(admin, { db: deps.db, log: deps.log, knowledge: deps.knowledge, onPublished: deps.onPublished, evaluator: deps.evaluator });
    }
    mountKnowledgeEditor(admin, deps);
    mountReportPages(admin, deps);
    app.route('/', admin);
  };
}
