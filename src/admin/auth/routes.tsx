import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { clientIp } from '../../http/client-ip.js';
import type { AdminDeps } from '../index.js';
import { recordAudit } from '../audit.js';
import type { AdminEnv } from '../types.js';
import { originAllowed, SESSION_COOKIE } from './authenticate.js';
import { accountKey, addressKey, clearLoginFailures, isLoginBlocked, recordLoginFailure } from './login-limit.js';
import { LinkInvalidPage, LOGIN_NOTICES, LoginPage, SetPasswordPage } from './pages.js';
import { dummyPasswordHash, PASSWORD_MIN_LENGTH, verifyPassword } from './password.js';
import { createSession, DEFAULT_SESSION_POLICY, endSession, pruneSessions } from './sessions.js';
import { setPasswordWithLink, UserInputError, userForLogin, userForPasswordLink } from './users.js';

/** One message for an unknown e-mail, a wrong password and a disabled account: nothing to learn from it. */
export const LOGIN_FAILED = 'E-mail atau kata sandi salah.';
export const LOGIN_BLOCKED = 'Terlalu banyak percobaan masuk yang gagal. Silakan coba lagi dalam 15 menit.';
const LINK_INVALID = 'Tautan ini sudah dipakai, sudah kedaluwarsa, atau tidak dikenal. Mintalah tautan baru kepada admin.';

/** Where to go after login: only a path inside the console (no open redirect to another site). */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !/^\/admin(?:[/?#]|$)/.test(value) || value.includes('//') || value.includes('\\')) return '/admin';
  return value;
}

const anonymous = { id: 'anonymous', name: 'Tidak dikenal' };
/** Why a login failed, as admins read it in the audit log (the person at the form never sees it). */
const FAILURE_REASONS = {
  'unknown e-mail': 'e-mail tidak terdaftar',
  disabled: 'akun nonaktif',
  'no password set': 'kata sandi belum diatur',
  'wrong password': 'kata sandi salah',
} as const;

/** `/admin/login`, `/admin/logout` and the one-time `/admin/set-password` link: the pages open to everyone. */
export function loginPages(admin: Hono<AdminEnv>, deps: AdminDeps): void {
  const now = deps.now ?? (() => new Date());
  const policy = deps.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const secure = deps.publicBaseUrl?.startsWith('https://') ?? false;

  admin.get('/admin/login', (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.get('actor')) return c.redirect(next);
    const flag = Object.keys(LOGIN_NOTICES).find((key) => c.req.query(key) !== undefined) as keyof typeof LOGIN_NOTICES | undefined;
    return c.html(<LoginPage next={next} {...(flag ? { notice: LOGIN_NOTICES[flag] } : {})} />);
  });

  admin.post('/admin/login', async (c) => {
    // Login CSRF: another site must not log a browser into an account of its choosing.
    if (!originAllowed(c, deps.publicBaseUrl)) {
      deps.log.warn({ path: c.req.path }, 'login from a foreign origin refused');
      return c.html(<LoginPage error="Permintaan ditolak: formulir ini dikirim dari situs lain." />, 403);
    }
    const form = await c.req.parseBody();
    const email = (typeof form.email === 'string' ? form.email : '').trim().toLowerCase().slice(0, 254);
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(form.next);
    // Behind a trusted proxy the client, not the proxy: otherwise one person's failures lock everyone out.
    const address = clientIp(c, deps.trustProxy ?? { kind: 'none' });
    const keys = { account: accountKey(email), address: addressKey(address) };
    const at = now();
    const refuse = (message: string, status: 401 | 429) => c.html(<LoginPage email={email} next={next} error={message} />, status);

    if (await isLoginBlocked(deps.db, keys, at)) {
      deps.log.warn({ address }, 'console login refused: too many failed attempts');
      await recordAudit(deps.db, anonymous, { action: 'login.blocked', target: `email:${email}`, after: { address } });
      return refuse(LOGIN_BLOCKED, 429);
    }
    const user = email ? await userForLogin(deps.db, email) : undefined;
    // Unknown e-mails are checked against a dummy hash so that they take as long as a wrong password.
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !user.passwordHash || !passwordOk || user.disabled) {
      const reason = !user ? 'unknown e-mail' : user.disabled ? 'disabled' : !user.passwordHash ? 'no password set' : 'wrong password';
      await recordLoginFailure(deps.db, [keys.account, keys.address], at);
      await recordAudit(deps.db, anonymous, { action: 'login.failed', target: user ? `user:${user.id}` : `email:${email}`, after: { address, reason: FAILURE_REASONS[reason] } });
      deps.log.info({ address, reason }, 'console login failed');
      return refuse(LOGIN_FAILED, 401);
    }
    await clearLoginFailures(deps.db, keys.account);
    await pruneSessions(deps.db, at, policy);
    const session = await createSession(deps.db, user.id, at, policy);
    await recordAudit(deps.db, { id: user.id, name: user.name }, { action: 'login.success', target: `user:${user.id}`, after: { address } });
    setCookie(c, SESSION_COOKIE, session.cookie, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: Math.floor(policy.absoluteMs / 1000) });
    return c.redirect(next, 303);
  });

  admin.post('/admin/logout', async (c) => {
    const actor = c.get('actor');
    const cookie = getCookie(c, SESSION_COOKIE);
    if (actor?.via === 'session' && cookie) {
      await endSession(deps.db, cookie);
      await recordAudit(deps.db, actor, { action: 'logout', target: `user:${actor.id}` });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
    return c.redirect('/admin/login?keluar', 303);
  });

  admin.get('/admin/set-password', async (c) => {
    // The token is in the URL: never send it on as a Referer.
    c.header('Referrer-Policy', 'no-referrer');
    const token = c.req.query('token') ?? '';
    const user = token ? await userForPasswordLink(deps.db, token, now()) : undefined;
    if (!user) return c.html(<LinkInvalidPage message={LINK_INVALID} />, 404);
    return c.html(<SetPasswordPage token={token} name={user.name} email={user.email} minLength={PASSWORD_MIN_LENGTH} />);
  });

  admin.post('/admin/set-password', async (c) => {
    c.header('Referrer-Policy', 'no-referrer');
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const confirm = typeof form.confirm === 'string' ? form.confirm : '';
    const user = token ? await userForPasswordLink(deps.db, token, now()) : undefined;
    if (!user) return c.html(<LinkInvalidPage message={LINK_INVALID} />, 404);
    const again = (error: string) => c.html(<SetPasswordPage token={token} name={user.name} email={user.email} minLength={PASSWORD_MIN_LENGTH} error={error} />, 400);
    if (password !== confirm) return again('Kedua kata sandi tidak sama. Ketik ulang keduanya.');
    try {
      await setPasswordWithLink(deps.db, token, password, now());
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      if (error.status === 404) return c.html(<LinkInvalidPage message={error.message} />, 404);
      return again(error.message);
    }
    return c.redirect('/admin/login?sandi', 303);
  });
}
