import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { queryLog } from '../../src/db/schema.js';
import { startTestNetra } from '../helpers/netra.js';

type Server = Awaited<ReturnType<typeof startTestNetra>>;

/** A raw TCP client: what a slow or misbehaving HTTP client really sends, byte by byte. */
function rawClient(url: string) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect({ host: hostname, port: Number(port) });
  let received = '';
  let closed = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('close', () => (closed = true));
  socket.on('error', () => (closed = true));
  return {
    socket,
    ready: new Promise<void>((resolve) => socket.once('connect', () => resolve())),
    received: () => received,
    closed: () => closed,
  };
}

describe('security headers and cross-site requests', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startTestNetra({ PUBLIC_BASE_URL: 'https://netra.example.go.id' });
  });
  afterAll(async () => {
    await server.netra.stop();
  });

  it('sends a strict CSP, nosniff, a referrer policy, no framing and HSTS (https) on the page, its files and the API', async () => {
    for (const res of [await fetch(`${server.url}/`), await fetch(`${server.url}/assets/chat.js`), await server.post('/api/ask', { text: 'halo' }), await fetch(`${server.url}/nothing-here`)]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    }
  });

  it('serves a page with no inline script, style or event handler (so the CSP needs no exception)', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    const js = await fetch(`${server.url}/assets/chat.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${server.url}/assets/chat.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${server.url}/assets/other.js`)).status).toBe(404);
  });

  it('refuses cross-site form posts: text/plain gets 415, a foreign Origin 403, and neither is handled', async () => {
    // Texts of their own, so rows other tests log late cannot be mistaken for these.
    const refused = 'boleh asn kampanye? (dari situs lain)';
    const accepted = 'halo dari asal yang sah';
    const logged = async (text: string) => (await server.netra.database.db.select({ id: queryLog.id }).from(queryLog).where(eq(queryLog.text, text))).length;
    const plain = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ text: refused }) });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toMatchObject({ error: 'unsupported_media_type' });
    expect((await fetch(`${server.url}/api/feedback`, { method: 'POST', body: '{}' })).status).toBe(415);
    const foreign = await server.post('/api/ask', { text: refused }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await server.post('/api/feedback', { queryId: 'x' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await server.post('/api/ask', { text: accepted }, { origin: 'https://netra.example.go.id' })).status).toBe(200);
    expect((await server.post('/api/ask', { text: accepted }, { origin: server.url })).status).toBe(200);
    await vi.waitFor(async () => expect(await logged(accepted)).toBe(2));
    expect(await logged(refused)).toBe(0);
  });
});

describe('web API rate limits', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startTestNetra({ WEB_RATE_LIMIT_PER_MINUTE: '3', WEB_RATE_LIMIT_PER_IP_PER_MINUTE: '8', TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await server.netra.stop();
  });

  it('limits one session (cookie) with 429 and Retry-After, without touching another session', async () => {
    const session = { cookie: `netra_visitor=${crypto.randomUUID()}`, 'x-forwarded-for': '203.0.113.10' };
    for (let i = 0; i < 3; i += 1) expect((await server.post('/api/ask', { text: 'halo' }, session)).status).toBe(200);
    const limited = await server.post('/api/ask', { text: 'halo' }, session);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/Terlalu banyak/) });
    expect((await server.post('/api/feedback', { queryId: 'x' }, session)).status).toBe(429);
    const other = { cookie: `netra_visitor=${crypto.randomUUID()}`, 'x-forwarded-for': '203.0.113.10' };
    expect((await server.post('/api/ask', { text: 'halo' }, other)).status).toBe(200);
  });

  it('limits one client address (from the trusted proxy hop) even when it drops its cookie', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await server.post('/api/ask', { text: 'halo' }, from('198.51.100.7'))).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(200));
    expect(statuses.slice(8)).toEqual([429, 429]);
    // Another address behind the same proxy has its own budget; a spoofed left-most entry does not help.
    expect((await server.post('/api/ask', { text: 'halo' }, from('1.2.3.4, 198.51.100.8'))).status).toBe(200);
    expect((await server.post('/api/ask', { text: 'halo' }, from('9.9.9.9, 198.51.100.7'))).status).toBe(429);
  });
});

describe('connection handling', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startTestNetra({ HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_MAX_CONNECTIONS: '20' });
  });
  afterAll(async () => {
    await server.netra.stop();
  });

  it('sends no HSTS when Netra is not served over https', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('answers 413 with Connection: close and closes the connection, so no later request is lost on it', async () => {
    const client = rawClient(server.url);
    await client.ready;
    const body = JSON.stringify({ text: 'x'.repeat(70 * 1024) });
    client.socket.write(`POST /api/ask HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`);
    await vi.waitFor(() => expect(client.closed()).toBe(true), { timeout: 10_000 });
    expect(client.received()).toMatch(/^HTTP\/1\.1 413/);
    expect(client.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect((await server.post('/api/ask', { text: 'halo' })).status).toBe(200);
  });

  it('cuts off a client that sends its body too slowly', async () => {
    const client = rawClient(server.url);
    await client.ready;
    client.socket.write('POST /api/ask HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text":');
    const drip = setInterval(() => client.socket.writable && client.socket.write(' '), 200);
    try {
      await vi.waitFor(() => expect(client.closed()).toBe(true), { timeout: 20_000, interval: 100 });
    } finally {
      clearInterval(drip);
    }
    expect(client.received()).toMatch(/^HTTP\/1\.1 408|^$/);
  });

  it('cuts off a client that never finishes its headers', async () => {
    const client = rawClient(server.url);
    await client.ready;
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    await vi.waitFor(() => expect(client.closed()).toBe(true), { timeout: 20_000, interval: 100 });
  });
});

describe('connection cap', () => {
  it('refuses connections beyond HTTP_MAX_CONNECTIONS', async () => {
    const server = await startTestNetra({ HTTP_MAX_CONNECTIONS: '2' });
    const held = [rawClient(server.url), rawClient(server.url)];
    try {
      for (const c of held) await c.ready;
      await vi.waitFor(() => new Promise<void>((resolve, reject) => {
        // @hono/node-server's http.Server counts both held sockets before the third arrives.
        const third = rawClient(server.url);
        third.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
        setTimeout(() => (third.closed() && third.received() === '' ? resolve() : reject(new Error(`third connection answered: ${third.received()}`))), 300);
      }), { timeout: 10_000 });
    } finally {
      for (const c of held) c.socket.destroy();
      await server.netra.stop();
    }
  }, 300_000);
});
