import { createHmac } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { ChannelName } from '../core/types.js';
import type { Db } from '../db/client.js';
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
  const rows = await db
    .insert(inboundDedup)
    .values(keys.map((externalId) => ({ channel, externalId })))
    .onConflictDoNothing()
    .returning({ externalId: inboundDedup.externalId });
  return new Set(rows.map((r) => r.externalId));
}

/** Forgets a channel's ids recorded before `olderThan` (past the platform's redelivery horizon). Returns how many. */
export async function pruneInbound(db: Db, channel: ChannelName, olderThan: Date): Promise<number> {
  const rows = await db
    .delete(inboundDedup)
    .where(and(eq(inboundDedup.channel, channel), lt(inboundDedup.receivedAt, olderThan)))
    .returning({ externalId: inboundDedup.externalId });
  return rows.length;
}
