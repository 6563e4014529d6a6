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
 * Records already-hashed ids; returns the ones this call recorded first (the others were seen before,
 * by this or another replica). Platforms deliver "at least once"; this makes it "once".
 */
export async function recordInboundKeys(db: Db, channel: ChannelName, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  // One array parameter instead of a row of parameters per key: cheap to build on the reply path.
  const result = await db.execute(sql`
    insert into inbound_dedup (channel, external_id)
    select ${channel}, key from unnest(${sql.param(keys)}::text[]) as key
    on conflict do nothing
    returning external_id`);
  return new Set(rowsOf<{ external_id: string }>(result).map((r) => r.external_id));
}

/** Forgets a channel's ids recorded before `olderThan` (past the platform's redelivery horizon). Returns how many. */
export async function pruneInbound(db: Db, channel: ChannelName, olderThan: Date): Promise<number> {
  const rows = await db
    .delete(inboundDedup)
    .where(and(eq(inboundDedup.channel, channel), lt(inboundDedup.receivedAt, olderThan)))
    .returning({ externalId: inboundDedup.externalId });
  return rows.length;
}
