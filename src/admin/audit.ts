import type { Db } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import type { Actor } from './types.js';

export interface AuditRecord {
  /** Dotted verb, e.g. `entry.save`, `proposal.approve`, `user.disable`. */
  action: string;
  /** The object acted on, e.g. `entry:foto-bersama-calon`, `user:<uuid>`. */
  target?: string;
  before?: unknown;
  after?: unknown;
}

type Writer = Pick<Db, 'insert'>;

/** Appends one audit row. Pass the transaction as `db` so the row commits (or not) with the change itself. */
export async function recordAudit(db: Writer, actor: Pick<Actor, 'id' | 'name'>, record: AuditRecord): Promise<void> {
  await db.insert(auditLog).values({
    actorId: actor.id,
    actorName: actor.name,
    action: record.action,
    target: record.target ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
  });
}
