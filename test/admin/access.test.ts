import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, loginCookie } from '../helpers/admin.js';
import { startTestNetra } from '../helpers/netra.js';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789';

describe('admin console access', () => {
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  beforeAll(async () => {
    server = await startTestNetra({ ADMIN_TOKEN });
  });
  afterAll(() => server.netra.stop());

  it('answers 401 without a session or token', async () => {
    const res = await fetch(`${server.url}/admin`);
    expect(res.status).toBe(401);
  });

  it('serves the home page to the bootstrap admin token, in Indonesian, with the menu', async () => {
    const res = await fetch(`${server.url}/admin`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="id">');
    expect(html).toContain('href="/admin/users"');
  });

  it('accepts API tokens and shows each role only its own menu', async () => {
    const reviewer = await bearerFor(server.netra.database.db, 'reviewer');
    const html = await (await fetch(`${server.url}/admin`, { headers: reviewer })).text();
    expect(html).toContain('href="/admin/reports"');
    expect(html).not.toContain('href="/admin/entries"');
  });

  it('refuses an unknown token with 401', async () => {
    const res = await fetch(`${server.url}/admin`, { headers: { authorization: 'Bearer netra_not-a-real-token' } });
    expect(res.status).toBe(401);
  });

  it('serves the console stylesheet and refuses other names', async () => {
    expect((await fetch(`${server.url}/admin/assets/admin.css`)).headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${server.url}/admin/assets/..%2Fapp.ts`)).status).toBe(404);
  });
});

describe('loginCookie (helper for other suites)', () => {
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  beforeAll(async () => {
    server = await startTestNetra();
  });
  afterAll(() => server.netra.stop());

  it('logs a fresh account in through the form and returns a working cookie and CSRF token', async () => {
    const session = await loginCookie(server.url, server.netra.database.db, 'reviewer');
    const home = await fetch(`${server.url}/admin`, { headers: { cookie: session.cookie } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('href="/admin/reports"');
    const logout = await fetch(`${server.url}/admin/logout`, { method: 'POST', headers: session.headers, redirect: 'manual' });
    expect(logout.status).toBe(303);
    expect((await fetch(`${server.url}/admin`, { headers: { cookie: session.cookie } })).status).toBe(401);
  });
});
