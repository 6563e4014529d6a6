import type { Hono } from 'hono';
import type { AdminEnv } from '../types.js';
import { editorApi, type EditorApiDeps } from './api.js';
import { registerTestPaneApi } from '../test-pane/openapi.js';
import { openApiDocument, registerPublicApi } from './openapi.js';
import { editorPages } from './pages.js';

/** Mounts the knowledge editor: pages under /admin, the JSON API under /api/admin, and /api/openapi.json. */
export function mountKnowledgeEditor(admin: Hono<AdminEnv>, deps: EditorApiDeps): void {
  const api = editorApi(deps);
  // The one OpenAPI document also describes the public chat API and the test pane's routes.
  registerPublicApi(api);
  registerTestPaneApi(api);
  let document: ReturnType<typeof openApiDocument> | undefined;
  admin.get('/api/openapi.json', (c) => c.json((document ??= openApiDocument(api))));
  admin.route('/', api);
  admin.route('/', editorPages(deps));
}
