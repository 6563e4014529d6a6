import type { Hono } from 'hono';
import type { AdminEnv } from '../types.js';
import type { Logger } from '../../logger.js';
import { testPaneApi } from './api.js';
import { testPanePages } from './pages.js';
import type { TestPaneDeps } from './service.js';

export type { TestPaneDeps } from './service.js';

/** The test pane: `/admin/test` pages and the `/api/admin/match` and `/api/admin/phrasings` API. */
export function testPaneRoutes(admin: Hono<AdminEnv>, deps: TestPaneDeps & { log: Logger }): void {
  testPanePages(admin, deps);
  testPaneApi(admin, deps);
}
