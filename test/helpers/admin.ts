import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import { createApiToken } from '../../src/admin/auth/api-tokens.js';
import { createUser } from '../../src/admin/auth/users.js';
import type { Role } from '../../src/admin/types.js';

/** A bearer header for a fresh API token with the given role (what scripts and tests use). */
export async function bearerFor(db: Db, role: Role): Promise<{ authorization: string }> {
  const { token } = await createApiToken(db, { name: `test ${role}`, role });
  return { authorization: `Bearer ${token}` };
}

export interface TestAccount {
  userId: string;
  email: string;
  password: string;
  role: Role;
}

/** A console account with a known password (for browser tests that log in through the form). */
export async function createTestAccount(db: Db, role: Role, email = `${role}-${randomBytes(4).toString('hex')}@contoh.go.id`): Promise<TestAccount> {
  const password = `sandi-uji-${randomBytes(8).toString('hex')}`;
  const { user } = await createUser(db, { id: 'test', name: 'test setup' }, { email, name: `Uji ${role}`, role, password }, new Date());
  return { userId: user.id, email, password, role };
}

export interface LoggedIn extends TestAccount {
  /** The `Cookie` header value (`netra_session=…`). */
  cookie: string;
  /** The session's CSRF token, as pages expose it in `<meta name="csrf-token">`. */
  csrfToken: string;
  /** Headers for a state-changing API call with the session: Cookie + X-CSRF-Token. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/**
 * Creates an account with the role and logs it in for real through `POST /admin/login` on a running server
 * (`url` = e.g. startTestNetra().url); returns the session cookie and CSRF token read from the home page.
 */
export async function loginCookie(url: string, db: Db, role: Role): Promise<LoggedIn> {
  const account = await createTestAccount(db, role);
  const response = await fetch(`${url}/admin/login`, {
    method: 'POST',
    body: new URLSearchParams({ email: account.email, password: account.password }),
    redirect: 'manual',
  });
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = /netra_session=[^;]+/.exec(setCookie)?.[0];
  if (response.status !== 303 || !cookie) throw new Error(`login failed: HTTP ${response.status}`);
  const home = await (await fetch(`${url}/admin`, { headers: { cookie, accept: 'text/html' } })).text();
  const csrfToken = /<meta name="csrf-token" content="([^"]+)"/.exec(home)?.[1];
  if (!csrfToken) throw new Error('no csrf-token meta on /admin');
  return { ...account, cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}
