import { createHmac } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { ChannelName } from '../core/types.js';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { inboundDedup } from '../db/schema.js';

/**
 * What is stored for a platform message id: a keyed hash (HMAC with the user-key secret), never the id
 * itself. Ids can embed personal data (a WhatsApp Cloud id carries the sender's number in base64), and
 * equality is all deduplication needs.
 */
export function inboundKey(secret: string, channel: ChannelName, externalId: string): string {
  return createHmac('sha256', secret).update(`inbound\u0000${channel}\u0000${externalId}`).digest('base64url');
}

/** What a claim found: a new id, or a stale claim taken over from a process that died mid-answer. */
export type ClaimOutcome = 'new' | 'takenOver';

/** The state a row is written with: `claimed` on the reply path, `answered` for a reconciled claim already answered. */
export type ClaimState = 'claimed' | 'answered';

/**
 * Claims already-hashed ids; returns the ones this call won. A key wins when it is new, or when its row
 * is still `claimed` and was claimed longer than `leaseMs` ago (its process died before answering, and
 * the platform redelivered). An `answered` row, or a fresh `claimed` one (being answered right now, maybe
 * by another replica), is a duplicate. Concurrent takeovers of one row: the row lock lets exactly one
 * win, the other re-checks the updated `claimed_at` and loses. Platforms deliver "at least once"; this
 * makes it "once", and "at least once" again for a claim whose answer died with its process.
 */
export async function recordInboundKeys(
  db: Db,
  channel: ChannelName,
  keys: string[],
  leaseMs: number,
  states?: ClaimState[],
): Promise<Map<string, ClaimOutcome>> {
  if (keys.length === 0) return new Map();
  const stateList = states ?? keys.map(() => 'claimed' as const);
  // One array parameter per column instead of a row of parameters per key: cheap to build on the reply path.
  const result = await db.execute(sql`
    insert into inbound_dedup (channel, external_id, state, claimed_at)
    select ${channel}, t.key, t.state, now()
    from unnest(${sql.param(keys)}::text[], ${sql.param(stateList)}::text[]) as t(key, state)
    on conflict (channel, external_id) do update set state = excluded.state, claimed_at = now()
    where inbound_dedup.state = 'claimed' and inbound_dedup.claimed_at < now() - ${leaseMs} * interval '1 millisecond'
    returning external_id, (xmax = 0) as inserted`);
  return new Map(rowsOf<{ external_id: string; inserted: boolean }>(result).map((r) => [r.external_id, r.inserted ? 'new' : 'takenOver']));
}

/** Marks claims answered, for any channel in one statement; a key not `claimed` (or not there) is left as is. */
export async function markInboundAnswered(db: Db, entries: { channel: ChannelName; key: string }[]): Promise<void> {
  if (entries.length === 0) return;
  await db.execute(sql`
    update inbound_dedup set state = 'answered'
    from unnest(${sql.param(entries.map((e) => e.channel))}::text[], ${sql.param(entries.map((e) => e.key))}::text[]) as t(channel, key)
    where inbound_dedup.channel = t.channel and inbound_dedup.external_id = t.key and inbound_dedup.state = 'claimed'`);
}

/** Forgets a channel's ids recorded before `olderThan` (past the platform's redelivery horizon). Returns how many. */
export async function pruneInbound(db: Db, channel: ChannelName, olderThan: Date): Promise<number> {
  const rows = await db
    .delete(inboundDedup)
    .where(and(eq(inboundDedup.channel, channel), lt(inboundDedup.receivedAt, olderThan)))
    .returning({ externalId: inboundDedup.externalId });
  return rows.length;
}
