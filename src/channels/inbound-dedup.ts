import { and, eq, lt } from 'drizzle-orm';
import type { ChannelName } from '../core/types.js';
import type { Db } from '../db/client.js';
import { inboundDedup } from '../db/schema.js';

/**
 * Platforms deliver "at least once" (Telegram webhook retries, Baileys append + notify, Meta retries).
 * Recording the platform's message id before handling it makes it "once", across every replica.
 * True when this call recorded the id first and should handle the message; false for a repeat.
 */
export async function claimInbound(db: Db, channel: ChannelName, externalId: string): Promise<boolean> {
  const rows = await db
    .insert(inboundDedup)
    .values({ channel, externalId })
    .onConflictDoNothing()
    .returning({ externalId: inboundDedup.externalId });
  return rows.length > 0;
}

/** Forgets a channel's ids recorded before `olderThan` (past the platform's redelivery horizon). Returns how many. */
export async function pruneInbound(db: Db, channel: ChannelName, olderThan: Date): Promise<number> {
  const rows = await db
    .delete(inboundDedup)
    .where(and(eq(inboundDedup.channel, channel), lt(inboundDedup.receivedAt, olderThan)))
    .returning({ externalId: inboundDedup.externalId });
  return rows.length;
}
