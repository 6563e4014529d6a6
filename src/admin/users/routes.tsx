import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { readJsonBody } from '../../http/json-body.js';
import { requireRole } from '../access.js';
import type { AdminDeps } from '../index.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/api-tokens.js';
import { setPasswordUrl } from '../auth/links.js';
import { changeRole, createUser, disableUser, listUsers, newPasswordLink, newUserSchema, UserInputError } from '../auth/users.js';
import { ROLE_LABELS, ROLES, type AdminEnv, type Role } from '../types.js';
import { UsersPage, type UsersPageNotice } from './page.js';

const patchUserSchema = z
  .object({ role: z.enum(ROLES).optional(), disabled: z.literal(true).optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, { message: 'role atau disabled wajib diisi' });
const newTokenSchema = z.object({ name: z.string().trim().min(1).max(120), role: z.enum(ROLES) });

/**
 * Accounts and API tokens (admin only): the JSON API the CLI and scripts use (`/api/admin/users`,
 * `/api/admin/tokens`) and the `/admin/users` page.
 */
export function userRoutes(admin: Hono<AdminEnv>, deps: AdminDeps): void {
  const now = deps.now ?? (() => new Date());
  const onlyAdmin = requireRole('admin');
  const linkFor = (token: string) => setPasswordUrl(deps.publicBaseUrl ?? deps.serverUrl?.() ?? '', token);

  /** UserInputError → its 4xx with a JSON message; anything else is a real fault (500 via onError). */
  const refused = (c: Context, error: unknown) => {
    if (!(error instanceof UserInputError)) throw error;
    deps.log.info({ path: c.req.path, reason: error.message }, 'account change refused');
    return c.json({ error: 'refused', message: error.message }, error.status);
  };

  admin.get('/api/admin/users', onlyAdmin, async (c) => c.json({ users: await listUsers(deps.db) }));

  admin.post('/api/admin/users', onlyAdmin, async (c) => {
    const body = await readJsonBody(c, newUserSchema, deps.log);
    if (!body.ok) return body.response;
    try {
      const { user, linkToken } = await createUser(deps.db, c.get('actor'), body.value, now());
      return c.json({ user, ...(linkToken ? { setPasswordUrl: linkFor(linkToken) } : {}) }, 201);
    } catch (error) {
      return refused(c, error);
    }
  });

  admin.patch('/api/admin/users/:key', onlyAdmin, async (c) => {
    const body = await readJsonBody(c, patchUserSchema, deps.log);
    if (!body.ok) return body.response;
    try {
      const key = c.req.param('key');
      let user = body.value.role ? await changeRole(deps.db, c.get('actor'), key, body.value.role, now()) : undefined;
      if (body.value.disabled) user = await disableUser(deps.db, c.get('actor'), key, now());
      return c.json({ user });
    } catch (error) {
      return refused(c, error);
    }
  });

  admin.post('/api/admin/users/:key/password-link', onlyAdmin, async (c) => {
    try {
      const { user, linkToken } = await newPasswordLink(deps.db, c.get('actor'), c.req.param('key'), now());
      return c.json({ user, setPasswordUrl: linkFor(linkToken) }, 201);
    } catch (error) {
      return refused(c, error);
    }
  });

  admin.get('/api/admin/tokens', onlyAdmin, async (c) => c.json({ tokens: await listApiTokens(deps.db) }));

  admin.post('/api/admin/tokens', onlyAdmin, async (c) => {
    const body = await readJsonBody(c, newTokenSchema, deps.log);
    if (!body.ok) return body.response;
    const created = await createApiToken(deps.db, body.value, c.get('actor'));
    return c.json(created, 201);
  });

  admin.delete('/api/admin/tokens/:id', onlyAdmin, async (c) => {
    const revoked = await revokeApiToken(deps.db, c.get('actor'), c.req.param('id'), now());
    if (!revoked) return c.json({ error: 'not_found', message: 'Token tidak ditemukan atau sudah dicabut.' }, 404);
    return c.json({ revoked: true });
  });

  // ── The page: forms post back here and the page is shown again with the outcome ──

  const page = async (c: Context<AdminEnv>, notice?: UsersPageNotice, status: 200 | 400 | 404 | 409 = 200) =>
    c.html(<UsersPage actor={c.get('actor')} users={await listUsers(deps.db)} {...(notice ? { notice } : {})} />, status);

  /** Runs a page action; a refusal is shown on the page, not as JSON. */
  const pageAction = async (c: Context<AdminEnv>, action: () => Promise<UsersPageNotice>) => {
    try {
      return await page(c, await action());
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      return page(c, { kind: 'error', text: error.message }, error.status);
    }
  };

  admin.get('/admin/users', onlyAdmin, (c) => page(c));

  admin.post('/admin/users', onlyAdmin, async (c) => {
    const form = await c.req.parseBody();
    const parsed = newUserSchema.omit({ password: true }).safeParse({ email: form.email, name: form.name, role: form.role });
    if (!parsed.success) return page(c, { kind: 'error', text: parsed.error.issues.map((i) => i.message).join(' ') }, 400);
    return pageAction(c, async () => {
      const { user, linkToken } = await createUser(deps.db, c.get('actor'), parsed.data, now());
      return { kind: 'link', text: `Akun ${user.name} (${user.email}) dibuat.`, link: linkFor(linkToken!) };
    });
  });

  admin.post('/admin/users/:id/role', onlyAdmin, async (c) => {
    const role = (await c.req.parseBody()).role;
    if (!(ROLES as readonly unknown[]).includes(role)) return page(c, { kind: 'error', text: 'Pilih peran yang tersedia.' }, 400);
    return pageAction(c, async () => {
      const user = await changeRole(deps.db, c.get('actor'), c.req.param('id'), role as Role, now());
      return { kind: 'ok', text: `Peran ${user.name} sekarang ${ROLE_LABELS[user.role]}.` };
    });
  });

  admin.post('/admin/users/:id/disable', onlyAdmin, (c) =>
    pageAction(c, async () => {
      const user = await disableUser(deps.db, c.get('actor'), c.req.param('id'), now());
      return { kind: 'ok', text: `Akun ${user.name} dinonaktifkan; semua sesinya berakhir.` };
    }),
  );

  admin.post('/admin/users/:id/link', onlyAdmin, (c) =>
    pageAction(c, async () => {
      const { user, linkToken } = await newPasswordLink(deps.db, c.get('actor'), c.req.param('id'), now());
      return { kind: 'link', text: `Tautan baru untuk ${user.name} (${user.email}).`, link: linkFor(linkToken) };
    }),
  );
}
