import { eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/admin/auth/authenticate.js';
import { DEFAULT_LOGIN_LIMITS } from '../../src/admin/auth/login-limit.js';
import { DEFAULT_SESSION_POLICY } from '../../src/admin/auth/sessions.js';
import { adminRoutes } from '../../src/admin/index.js';
import type { Role } from '../../src/admin/types.js';
import { reportRoutes } from '../../src/analytics/routes.js';
import type { Db } from '../../src/db/client.js';
import { auditLog, loginAttempts, sessions } from '../../src/db/schema.js';
import { parseTrustProxy } from '../../src/http/client-ip.js';
import { createApp } from '../../src/server.js';
import { bearerFor, createTestAccount, type TestAccount } from '../helpers/admin.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { memoryLogger } from '../helpers/logger.js';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789';
const HTML = { accept: 'text/html' };

describe.each(TEST_DRIVERS)('console accounts and sessions (%s)', (driver) => {
  let database: TestDatabase;
  let db: Db;
  let app: Hono;
  let clock: Date;
  const logs = memoryLogger();

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    db = database.database.db;
    const deps = { db, log: logs.log, adminToken: ADMIN_TOKEN, now: () => clock, serverUrl: () => 'http://netra.test' };
    app = createApp({ log: logs.log, readiness: [], routes: [adminRoutes(deps), reportRoutes({ db, log: logs.log, authenticate: authenticate(deps) })] });
  });
  afterAll(() => database.cleanup());
  beforeEach(async () => {
    clock = new Date('2026-11-10T08:00:00Z');
    await db.delete(loginAttempts);
  });

  const login = (email: string, password: string, extra: Record<string, string> = {}) =>
    app.request('/admin/login', { method: 'POST', body: new URLSearchParams({ email, password, ...extra }), headers: HTML });

  /** Logs in through the form and returns the Cookie header and the CSRF token from the page's meta tag. */
  async function session(account: TestAccount): Promise<{ cookie: string; csrf: string }> {
    const res = await login(account.email, account.password);
    expect(res.status).toBe(303);
    const cookie = /netra_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    const home = await (await app.request('/admin', { headers: { ...HTML, cookie } })).text();
    return { cookie, csrf: /<meta name="csrf-token" content="([^"]+)"/.exec(home)![1]! };
  }

  it('logs in with the form: HttpOnly, SameSite=Lax session cookie, redirect to next, audited', async () => {
    const account = await createTestAccount(db, 'editor');
    const res = await login(account.email.toUpperCase(), account.password, { next: '/admin/entries?q=foto' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/entries?q=foto');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const rows = await db.select().from(auditLog).where(eq(auditLog.target, `user:${account.userId}`));
    expect(rows.map((r) => r.action)).toContain('login.success');
  });

  it('never redirects outside the console after login, and refuses a login posted by another site', async () => {
    const account = await createTestAccount(db, 'editor');
    const foreign = await app.request('/admin/login', {
      method: 'POST',
      body: new URLSearchParams({ email: account.email, password: account.password }),
      headers: { ...HTML, host: 'netra.test', origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    for (const next of ['https://evil.example/', '//evil.example/admin', '/admin/../../x\\y', 'javascript:alert(1)']) {
      const res = await login(account.email, account.password, { next });
      expect(res.headers.get('location'), next).toBe('/admin');
    }
  });

  it('answers an unknown e-mail and a wrong password with the same message, audits both, never logs the password', async () => {
    const account = await createTestAccount(db, 'admin');
    const unknown = await login('tidak-ada@contoh.go.id', 'KataSandiRahasiaSekali-1');
    const wrong = await login(account.email, 'KataSandiRahasiaSekali-2');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const message = (html: string) => /role="alert"[^>]*>([^<]+)</.exec(html)?.[1];
    const [a, b] = [message(await unknown.text()), message(await wrong.text())];
    expect(a).toBe('E-mail atau kata sandi salah.');
    expect(b).toBe(a);
    const failed = await db.select().from(auditLog).where(eq(auditLog.action, 'login.failed'));
    expect(failed.map((r) => r.target)).toEqual(expect.arrayContaining(['email:tidak-ada@contoh.go.id', `user:${account.userId}`]));
    await session(account);
    const everything = `${logs.text()}\n${JSON.stringify(await db.select().from(auditLog))}`;
    for (const secret of ['KataSandiRahasiaSekali-1', 'KataSandiRahasiaSekali-2', account.password]) expect(everything).not.toContain(secret);
  });

  it('blocks an account after too many failures, for known and unknown e-mails alike, until the window passes', async () => {
    const account = await createTestAccount(db, 'editor');
    for (const email of [account.email, 'hantu@contoh.go.id']) {
      for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAccount; i++) expect((await login(email, 'salah-salah-salah')).status).toBe(401);
      const blocked = await login(email, email === account.email ? account.password : 'salah-salah-salah');
      expect(blocked.status, email).toBe(429);
      expect(await blocked.text()).toContain('Terlalu banyak percobaan masuk');
    }
    clock = new Date(clock.getTime() + DEFAULT_LOGIN_LIMITS.windowMs + 1000);
    expect((await login(account.email, account.password)).status).toBe(303);
    expect((await db.select().from(auditLog).where(eq(auditLog.action, 'login.blocked'))).length).toBeGreaterThanOrEqual(2);
  });

  it('blocks a client address that tries many accounts', async () => {
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAddress; i++) await login(`orang${i}@contoh.go.id`, 'salah-salah-salah');
    const account = await createTestAccount(db, 'editor');
    expect((await login(account.email, account.password)).status).toBe(429);
  }, 300_000);

  it('counts the client behind a trusted proxy, not the proxy, and ignores X-Forwarded-For from an untrusted peer', async () => {
    const deps = { db, log: logs.log, now: () => clock, trustProxy: parseTrustProxy('1') };
    const proxied = createApp({ log: logs.log, readiness: [], routes: [adminRoutes(deps)] });
    const from = (client: string, email: string, password: string) =>
      proxied.request('/admin/login', { method: 'POST', body: new URLSearchParams({ email, password }), headers: { ...HTML, 'x-forwarded-for': client } });
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAddress; i++) await from('203.0.113.5', `orang${i}@contoh.go.id`, 'salah-salah-salah');
    const account = await createTestAccount(db, 'editor');
    expect((await from('203.0.113.5', account.email, account.password)).status).toBe(429);
    // Another person behind the same proxy still gets in.
    expect((await from('198.51.100.7', account.email, account.password)).status).toBe(303);
    // Without a trusted proxy the header is the client's own word: a new value each time does not reset the count.
    await db.delete(loginAttempts);
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAddress; i++) {
      await app.request('/admin/login', { method: 'POST', body: new URLSearchParams({ email: `lagi${i}@contoh.go.id`, password: 'salah-salah-salah' }), headers: { ...HTML, 'x-forwarded-for': `192.0.2.${i}` } });
    }
    const spoofed = await app.request('/admin/login', { method: 'POST', body: new URLSearchParams({ email: account.email, password: account.password }), headers: { ...HTML, 'x-forwarded-for': '192.0.2.250' } });
    expect(spoofed.status).toBe(429);
  }, 300_000);

  it('ends a session after the idle time and at the absolute expiry', async () => {
    const account = await createTestAccount(db, 'editor');
    const idle = await session(account);
    clock = new Date(clock.getTime() + DEFAULT_SESSION_POLICY.idleMs - 60_000);
    expect((await app.request('/api/admin/users', { headers: { cookie: idle.cookie } })).status).toBe(403); // alive: editor, wrong role
    clock = new Date(clock.getTime() + DEFAULT_SESSION_POLICY.idleMs + 1);
    expect((await app.request('/api/admin/users', { headers: { cookie: idle.cookie } })).status).toBe(401);

    const busy = await session(account);
    const started = clock.getTime();
    // Active every hour: never idle, but the absolute limit still ends it.
    for (let t = 60 * 60 * 1000; t < DEFAULT_SESSION_POLICY.absoluteMs; t += 60 * 60 * 1000) {
      clock = new Date(started + t);
      expect((await app.request('/admin', { headers: { cookie: busy.cookie } })).status).toBe(200);
    }
    clock = new Date(started + DEFAULT_SESSION_POLICY.absoluteMs);
    const expired = await app.request('/admin', { headers: { ...HTML, cookie: busy.cookie } });
    expect(expired.status).toBe(302);
    expect(expired.headers.get('location')).toBe('/admin/login?next=%2Fadmin');
  });

  it('refuses a disabled user at once, and applies a role change on the next request', async () => {
    const admin = await session(await createTestAccount(db, 'admin'));
    const account = await createTestAccount(db, 'editor');
    const victim = await session(account);
    const change = (path: string, body: Record<string, string>) =>
      app.request(path, { method: 'POST', headers: { ...HTML, cookie: admin.cookie }, body: new URLSearchParams({ _csrf: admin.csrf, ...body }) });
    expect((await app.request('/admin/reports', { headers: { cookie: victim.cookie } })).status).not.toBe(401);
    expect((await change(`/admin/users/${account.userId}/role`, { role: 'admin' })).status).toBe(200);
    expect((await app.request('/api/admin/users', { headers: { cookie: victim.cookie } })).status).toBe(200);
    expect((await change(`/admin/users/${account.userId}/disable`, {})).status).toBe(200);
    expect((await app.request('/admin', { headers: { cookie: victim.cookie } })).status).toBe(401);
    expect(await db.select().from(sessions).where(eq(sessions.userId, account.userId))).toEqual([]);
    expect((await login(account.email, account.password)).status).toBe(401);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.target, `user:${account.userId}`))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.role', 'user.disable']));
  });

  it('requires the CSRF token and a same-site Origin on cookie requests that change state; bearer requests need neither', async () => {
    const admin = await session(await createTestAccount(db, 'admin'));
    const body = () => JSON.stringify({ email: `baru-${Math.random()}@contoh.go.id`, name: 'Baru', role: 'reviewer' });
    const post = (headers: Record<string, string>) => app.request('/api/admin/users', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body() });
    expect((await post({ cookie: admin.cookie })).status).toBe(403);
    expect((await post({ cookie: admin.cookie, 'x-csrf-token': 'salah' })).status).toBe(403);
    expect((await post({ cookie: admin.cookie, 'x-csrf-token': admin.csrf, host: 'netra.test', origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ cookie: admin.cookie, 'x-csrf-token': admin.csrf, host: 'netra.test', origin: 'http://netra.test' })).status).toBe(201);
    expect((await post({ cookie: admin.cookie, 'x-csrf-token': admin.csrf })).status).toBe(201);
    expect((await post({ authorization: `Bearer ${ADMIN_TOKEN}` })).status).toBe(201);
    // Forms carry it in the hidden _csrf field.
    const form = (csrf: string) => app.request('/admin/logout', { method: 'POST', headers: { ...HTML, cookie: admin.cookie }, body: new URLSearchParams({ _csrf: csrf }) });
    expect((await form('salah')).status).toBe(403);
    expect(logs.text()).toContain('state-changing request refused (CSRF)');
    const out = await form(admin.csrf);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/login?keluar');
    expect((await app.request('/admin', { headers: { cookie: admin.cookie } })).status).toBe(401);
  });

  it('sets a password through a one-time link that expires', async () => {
    const created = await app.request('/api/admin/users', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Citra@Contoh.go.id', name: 'Citra', role: 'reviewer' }),
    });
    expect(created.status).toBe(201);
    const { user, setPasswordUrl } = (await created.json()) as { user: { email: string; hasPassword: boolean }; setPasswordUrl: string };
    expect(user).toMatchObject({ email: 'citra@contoh.go.id', hasPassword: false });
    expect(setPasswordUrl).toMatch(/^http:\/\/netra\.test\/admin\/set-password\?token=/);
    const path = setPasswordUrl.slice('http://netra.test'.length);
    const token = new URL(setPasswordUrl).searchParams.get('token')!;
    const page = await app.request(path, { headers: HTML });
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const set = (password: string, confirm = password) =>
      app.request('/admin/set-password', { method: 'POST', headers: HTML, body: new URLSearchParams({ token, password, confirm }) });
    expect((await set('pendek')).status).toBe(400);
    expect((await set('kata-sandi-citra-1', 'kata-sandi-lain-2')).status).toBe(400);
    const ok = await set('kata-sandi-citra-1');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/login?sandi');
    expect((await set('kata-sandi-citra-2')).status).toBe(404);
    expect((await app.request(path, { headers: HTML })).status).toBe(404);
    expect((await login('citra@contoh.go.id', 'kata-sandi-citra-1')).status).toBe(303);
    expect((await db.select().from(auditLog).where(eq(auditLog.action, 'user.password_set'))).length).toBe(1);

    const again = await app.request('/api/admin/users/citra@contoh.go.id/password-link', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const later = new URL(((await again.json()) as { setPasswordUrl: string }).setPasswordUrl);
    clock = new Date(clock.getTime() + 49 * 60 * 60 * 1000);
    expect((await app.request(`${later.pathname}${later.search}`, { headers: HTML })).status).toBe(404);
  });

  it('sends pages to the login form and API calls a 401 JSON', async () => {
    const page = await app.request('/admin/users?x=1', { headers: HTML });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fusers%3Fx%3D1');
    const api = await app.request('/api/admin/users', { headers: HTML });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'unauthorized' });
    const form = await app.request('/admin/login', { headers: HTML });
    const html = await form.text();
    expect(html).toContain('<label for="email">E-mail</label>');
    expect(html).toContain('<label for="password">Kata sandi</label>');
  });

  describe('each role against each route', () => {
    const ROUTES: { method: string; path: string; allowed: Role[]; body?: unknown }[] = [
      { method: 'GET', path: '/admin', allowed: ['admin', 'editor', 'reviewer'] },
      { method: 'GET', path: '/admin/users', allowed: ['admin'] },
      { method: 'GET', path: '/admin/audit', allowed: ['admin'] },
      { method: 'GET', path: '/admin/whatsapp', allowed: ['admin'] },
      { method: 'GET', path: '/admin/whatsapp/status', allowed: ['admin'] },
      { method: 'GET', path: '/api/admin/users', allowed: ['admin'] },
      { method: 'GET', path: '/api/admin/tokens', allowed: ['admin'] },
      { method: 'GET', path: '/api/admin/audit', allowed: ['admin'] },
      { method: 'POST', path: '/api/admin/tokens', allowed: ['admin'], body: { name: 'skrip', role: 'reviewer' } },
      { method: 'GET', path: '/api/reports?from=2026-11-01&to=2026-11-30&report=summary', allowed: ['admin', 'reviewer'] },
    ];
    for (const route of ROUTES) {
      it(`${route.method} ${route.path}`, async () => {
        const init = (headers: Record<string, string>) => ({
          method: route.method,
          headers: { 'content-type': 'application/json', ...headers },
          ...(route.body ? { body: JSON.stringify(route.body) } : {}),
        });
        expect((await app.request(route.path, init({}))).status).toBe(401);
        for (const role of ['admin', 'editor', 'reviewer'] as const) {
          const expected = route.allowed.includes(role) ? (route.method === 'POST' ? 201 : 200) : 403;
          expect((await app.request(route.path, init(await bearerFor(db, role)))).status, `${role} by token`).toBe(expected);
          const { cookie, csrf } = await session(await createTestAccount(db, role));
          expect((await app.request(route.path, init({ cookie, 'x-csrf-token': csrf }))).status, `${role} by session`).toBe(expected);
        }
      });
    }
  });

  it('manages API tokens: created once in clear, last use recorded, revoked tokens refused, all audited', async () => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const created = (await (await app.request('/api/admin/tokens', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'ekspor', role: 'reviewer' }) })).json()) as { id: string; token: string };
    expect(created.token).toMatch(/^netra_/);
    expect((await app.request('/api/reports?from=2026-11-01&to=2026-11-30&report=summary', { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(200);
    const listed = (await (await app.request('/api/admin/tokens', { headers: admin })).json()) as { tokens: { id: string; lastUsedAt: string | null }[] };
    expect(listed.tokens.find((t) => t.id === created.id)!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect((await app.request(`/api/admin/tokens/${created.id}`, { method: 'DELETE', headers: admin })).status).toBe(200);
    expect((await app.request(`/api/admin/tokens/${created.id}`, { method: 'DELETE', headers: admin })).status).toBe(404);
    expect((await app.request('/api/reports?from=2026-11-01&to=2026-11-30', { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(401);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.target, `token:${created.id}`))).map((r) => r.action).sort();
    expect(actions).toEqual(['token.create', 'token.revoke']);
  });

  it('validates account input with 4xx and a clear message', async () => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const post = (body: string) => app.request('/api/admin/users', { method: 'POST', headers: admin, body });
    expect((await post('{bukan json')).status).toBe(400);
    expect((await post(JSON.stringify({ email: 'bukan-email', name: 'X', role: 'admin' }))).status).toBe(400);
    expect((await post(JSON.stringify({ email: 'x@contoh.go.id', name: 'X', role: 'dewa' }))).status).toBe(400);
    expect((await post(JSON.stringify({ email: 'dup@contoh.go.id', name: 'X', role: 'editor' }))).status).toBe(201);
    const dup = await post(JSON.stringify({ email: 'DUP@contoh.go.id', name: 'Y', role: 'editor' }));
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { message: string }).message).toContain('Sudah ada akun');
    expect((await app.request('/api/admin/users/tidak-ada@contoh.go.id', { method: 'PATCH', headers: admin, body: JSON.stringify({ role: 'admin' }) })).status).toBe(404);
  });
});
