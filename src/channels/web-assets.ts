import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';

const FILES: Record<string, string> = { 'chat.css': 'text/css; charset=utf-8', 'chat.js': 'text/javascript; charset=utf-8' };

/** `/assets/chat.css` and `/assets/chat.js`: the web chat's style and behaviour, as files the CSP allows. */
export function mountWebAssets(app: Hono): void {
  const bodies = new Map(Object.keys(FILES).map((name) => [name, readFileSync(new URL(`./web-assets/${name}`, import.meta.url), 'utf8')]));
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    const body = bodies.get(name);
    if (body === undefined) return c.notFound();
    return c.body(body, 200, { 'Content-Type': FILES[name]!, 'Cache-Control': 'public, max-age=300' });
  });
}
