import { and, desc, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';

export interface AuditFilter {
  /** Substring of the action, e.g. `user.` or `login.failed`. */
  action?: string;
  /** Substring of the actor's name or id. */
  actor?: string;
  /** Substring of the target, e.g. `entry:foto` or a user id. */
  target?: string;
  /** Rows older than this id (the next page). */
  beforeId?: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorId: string;
  actorName: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

export const AUDIT_PAGE_SIZE = 50;

const contains = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Audit rows matching the filter, newest first, one page at a time (keyset on id). */
export async function queryAudit(db: Db, filter: AuditFilter, limit = AUDIT_PAGE_SIZE): Promise<AuditRow[]> {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(ilike(auditLog.action, contains(filter.action)));
  if (filter.actor) conditions.push(or(ilike(auditLog.actorName, contains(filter.actor)), ilike(auditLog.actorId, contains(filter.actor)))!);
  if (filter.target) conditions.push(ilike(auditLog.target, contains(filter.target)));
  if (filter.beforeId !== undefined) conditions.push(lt(auditLog.id, filter.beforeId));
  return db
    .select()
    .from(auditLog)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
