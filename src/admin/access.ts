import type { Context, MiddlewareHandler } from 'hono';
import type { AdminEnv, Role } from './types.js';

/** True when the request asks for a page rather than JSON (drives HTML vs JSON refusals). */
export function wantsHtml(c: Context): boolean {
  return !c.req.path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html');
}

/**
 * The one access rule: a route lists the roles allowed to use it. Runs after authentication has set
 * `actor` (no actor → 401, or a redirect to the login form for a page); a known actor without the role gets 403 with a plain-language message.
 */
export function requireRole(...roles: Role[]): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) {
      // A person opening a page goes to the login form and comes back; scripts get a 401 they can act on.
      if (wantsHtml(c) && c.req.method === 'GET') return c.redirect(`/admin/login?next=${encodeURIComponent(new URL(c.req.url).pathname + new URL(c.req.url).search)}`);
      c.header('WWW-Authenticate', 'Bearer');
      return c.json({ error: 'unauthorized', message: 'Silakan masuk terlebih dahulu.' }, 401);
    }
    if (!roles.includes(actor.role)) {
      const message = 'Akun Anda tidak berwenang membuka halaman atau melakukan tindakan ini.';
      if (wantsHtml(c)) return c.html(forbiddenPage(message), 403);
      return c.json({ error: 'forbidden', message }, 403);
    }
    await next();
  };
}

// Kept as a plain string so access.ts does not depend on the views (the layout uses the actor, not the reverse).
function forbiddenPage(message: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Akses ditolak · Netra</title><link rel="stylesheet" href="/admin/assets/admin.css"></head><body><main class="narrow"><h1>Akses ditolak</h1><p>${message}</p><p><a href="/admin">Kembali ke beranda</a></p></main></body></html>`;
}
