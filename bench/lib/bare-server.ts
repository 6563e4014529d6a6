/**
 * The ceiling: Node + Hono parsing the same JSON bodies on the same paths and answering a constant,
 * in its own process like Netra.  tsx bench/lib/bare-server.ts  → prints the port.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { PATHS } from './load-bodies.js';

const app = new Hono();
for (const path of Object.values(PATHS)) {
  app.post(path, async (c) => {
    await c.req.json();
    return c.json({ ok: true });
  });
}
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
