import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../admin/audit.js';
import type { Db } from '../db/client.js';
import { kbProposals } from '../db/schema.js';
import { targetFor } from './targets.js';
import { publishChecked, staleResult, type Author, type SaveResult } from './versioned.js';

/** Editors' proposals: an admin approves one (it is published as a new version) or rejects it with a comment. */

export type ProposalRow = typeof kbProposals.$inferSelect;
export type ProposalStatus = 'pending' | 'approved' | 'rejected';

export async function listProposals(db: Db, filter: { status?: ProposalStatus; authorId?: string; target?: string } = {}): Promise<ProposalRow[]> {
  const where = and(
    filter.status ? eq(kbProposals.status, filter.status) : undefined,
    filter.authorId ? eq(kbProposals.authorId, filter.authorId) : undefined,
    filter.target ? eq(kbProposals.target, filter.target) : undefined,
  );
  return db.select().from(kbProposals).where(where).orderBy(desc(kbProposals.createdAt));
}

export type AlreadyDecided = { status: 'already-decided'; decision: string };
export type ApproveResult = SaveResult<unknown> | AlreadyDecided;
export type RejectResult = { status: 'rejected' } | AlreadyDecided | { status: 'not-found' };

/**
 * Publishes a pending proposal as the next version. It is checked again against the live state: if the
 * target changed since the editor's base version, this is a conflict (the admin rejects it, and the
 * editor proposes again from the new version) rather than a silent overwrite.
 */
export async function approveProposal(db: Db, actor: Author, id: string): Promise<ApproveResult> {
  return db.transaction(async (tx) => {
    const [proposal] = await tx.select().from(kbProposals).where(eq(kbProposals.id, id)).for('update');
    if (!proposal) return { status: 'not-found', target: `proposal:${id}` };
    if (proposal.status !== 'pending') return { status: 'already-decided', decision: proposal.status };
    const target = targetFor(proposal.target);
    const checked = await target.check(tx, proposal.data);
    if (!checked.ok) return { status: 'invalid', problems: checked.problems };
    const head = await target.lock(tx);
    const stale = staleResult(target.key, head, proposal.baseVersion);
    if (stale) return stale;
    const result = await publishChecked(tx, actor, target, head, checked.value, `${proposal.authorName} (disetujui ${actor.name})`, 'approve');
    await tx.update(kbProposals).set({ status: 'approved', decidedById: actor.id, decidedByName: actor.name, decidedAt: new Date() }).where(eq(kbProposals.id, id));
    await recordAudit(tx, actor, { action: 'proposal.approve', target: `proposal:${id}`, before: { status: 'pending' }, after: { status: 'approved', target: proposal.target } });
    return result;
  });
}

export async function rejectProposal(db: Db, actor: Author, id: string, comment: string): Promise<RejectResult> {
  return db.transaction(async (tx) => {
    const [proposal] = await tx.select().from(kbProposals).where(eq(kbProposals.id, id)).for('update');
    if (!proposal) return { status: 'not-found' };
    if (proposal.status !== 'pending') return { status: 'already-decided', decision: proposal.status };
    await tx
      .update(kbProposals)
      .set({ status: 'rejected', comment, decidedById: actor.id, decidedByName: actor.name, decidedAt: new Date() })
      .where(eq(kbProposals.id, id));
    await recordAudit(tx, actor, { action: 'proposal.reject', target: `proposal:${id}`, before: { status: 'pending' }, after: { status: 'rejected', target: proposal.target, comment } });
    return { status: 'rejected' };
  });
}
