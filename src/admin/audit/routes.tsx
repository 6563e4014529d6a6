import type { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../access.js';
import type { AdminDeps } from '../index.js';
import type { AdminEnv } from '../types.js';
import { AuditPage } from './page.js';
import { AUDIT_PAGE_SIZE, queryAudit } from './query.js';

const filterSchema = z.object({
  action: z.string().trim().max(100).optional().catch(undefined),
  actor: z.string().trim().max(200).optional().catch(undefined),
  target: z.string().trim().max(300).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

/** `/admin/audit` (page) and `/api/admin/audit` (JSON): the audit log, admins only. */
export function auditPages(admin: Hono<AdminEnv>, deps: AdminDeps): void {
  const read = async (query: Record<string, string>) => {
    const { action, actor, target, before } = filterSchema.parse(query);
    const filter = { ...(action ? { action } : {}), ...(actor ? { actor } : {}), ...(target ? { target } : {}), ...(before ? { beforeId: before } : {}) };
    // One row more than a page tells whether an older page exists.
    const rows = await queryAudit(deps.db, filter, AUDIT_PAGE_SIZE + 1);
    const more = rows.length > AUDIT_PAGE_SIZE;
    const page = rows.slice(0, AUDIT_PAGE_SIZE);
    return { filter, rows: page, ...(more ? { nextBeforeId: page[page.length - 1]!.id } : {}) };
  };

  admin.get('/admin/audit', requireRole('admin'), async (c) => {
    const { filter, rows, nextBeforeId } = await read(c.req.query());
    return c.html(<AuditPage actor={c.get('actor')} rows={rows} filter={filter} {...(nextBeforeId ? { nextBeforeId } : {})} />);
  });

  admin.get('/api/admin/audit', requireRole('admin'), async (c) => c.json(await read(c.req.query())));
}
