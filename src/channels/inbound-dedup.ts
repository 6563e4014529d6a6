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

/**
 * What a claim found: a new id; a stale claim taken over from a process that died mid-answer; a fresh
 * claim not answered yet (`busy`: someone, maybe a dead process, is answering it right now); or an
 * answered id (`duplicate`).
 */
export type ClaimOutcome = 'new' | 'takenOver' | 'busy' | 'duplicate';

/** The state a row is written with: `claimed` on the reply path, `answered` for a reconciled claim already answered. */
export type ClaimState = 'claimed' | 'answered';

/** Whether a claim's caller now owns the message (and must mark it answered). */
export const isWon = (outcome: ClaimOutcome | undefined): boolean => outcome === 'new' || outcome === 'takenOver';

/**
 * Claims already-hashed ids, one statement for all; returns every key's outcome. A key wins when it is
 * new, or when its row is still `claimed` and was claimed longer than `leaseMs` ago (its process died
 * before answering, and the platform redelivered). An `answered` row is a duplicate; a fresh `claimed`
 * one is busy (being answered right now, maybe by another replica, maybe by a process that just died).
 * Concurrent takeovers of one row: the row lock lets exactly one win, the other re-checks the updated
 * `claimed_at` and loses (busy). Platforms deliver "at least once"; this makes it "once", and "at least
 * once" again for a claim whose answer died with its process.
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
  // The losers' state comes from `seen`, which reads the rows as they were before this statement (a
  // data-modifying CTE's effects are invisible to its siblings). A loser with no row there conflicted with
  // a claim committed while this one ran: fresh, so busy.
  const result = await db.execute(sql`
    with t as (
      select key, state from unnest(${sql.param(keys)}::text[], ${sql.param(stateList)}::text[]) as u(key, state)
    ), won as (
      insert into inbound_dedup (channel, external_id, state, claimed_at)
      select ${channel}, t.key, t.state, now() from t
      on conflict (channel, external_id) do update set state = excluded.state, claimed_at = now()
      where inbound_dedup.state = 'claimed' and inbound_dedup.claimed_at < now() - ${leaseMs} * interval '1 millisecond'
      returning external_id, (xmax = 0) as inserted
    )
    select t.key as external_id,
      case when won.inserted then 'new' when won.external_id is not null then 'takenOver'
        when seen.state = 'answered' then 'duplicate' else 'busy' end as outcome
    from t
    left join won on won.external_id = t.key
    left join inbound_dedup seen on seen.channel = ${channel} and seen.external_id = t.key`);
  return new Map(rowsOf<{ external_id: string; outcome: ClaimOutcome }>(result).map((r) => [r.external_id, r.outcome]));
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
