import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };
const NAME = /^[a-z0-9-]+\.(css|js|svg)$/;

/**
 * `/admin/assets/<name>`: the console's stylesheets and scripts, shipped in the package (no CDN at
 * run time). Read once per name; only plain file names from this folder are served.
 */
export function mountAdminAssets(app: Hono): void {
  const cache = new Map<string, string>();
  app.get('/admin/assets/:name', (c) => {
    const name = c.req.param('name');
    const ext = NAME.exec(name)?.[1];
    if (!ext) return c.notFound();
    let body = cache.get(name);
    if (body === undefined) {
      try {
        body = readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
      } catch {
        return c.notFound();
      }
      cache.set(name, body);
    }
    return c.body(body, 200, { 'Content-Type': TYPES[ext]!, 'Cache-Control': 'public, max-age=300' });
  });
}
