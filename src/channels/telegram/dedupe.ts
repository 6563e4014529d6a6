import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inboundDedup } from '../../db/schema.js';

/**
 * Telegram delivers "at least once" (a slow webhook answer or a restart means the same update again).
 * Recording the update in the database before handling it makes it "once", across every replica.
 */
const CHANNEL = 'telegram';

/** Update ids are per bot, so the key carries the bot id too: a new bot token starts a fresh id space. */
function externalId(botId: number, updateId: number): string {
  return `${botId}:${updateId}`;
}

/** True when this call recorded the update first and should handle it; false for a repeat. */
export async function claimUpdate(db: Db, botId: number, updateId: number): Promise<boolean> {
  const rows = await db
    .insert(inboundDedup)
    .values({ channel: CHANNEL, externalId: externalId(botId, updateId) })
    .onConflictDoNothing()
    .returning({ externalId: inboundDedup.externalId });
  return rows.length > 0;
}

/** Telegram keeps an undelivered update for at most 24 hours, so older records can go. */
export async function pruneClaimedUpdates(db: Db, olderThan: Date): Promise<number> {
  const rows = await db
    .delete(inboundDedup)
    .where(and(eq(inboundDedup.channel, CHANNEL), lt(inboundDedup.receivedAt, olderThan)))
    .returning({ externalId: inboundDedup.externalId });
  return rows.length;
}
