import type { Db } from '../../db/client.js';
import { claimInbound, pruneInbound } from '../inbound-dedup.js';

/** Update ids are per bot, so the key carries the bot id too: a new bot token starts a fresh id space. */
export function claimUpdate(db: Db, botId: number, updateId: number): Promise<boolean> {
  return claimInbound(db, 'telegram', `${botId}:${updateId}`);
}

/** Telegram keeps an undelivered update for at most 24 hours, so older records can go. */
export function pruneClaimedUpdates(db: Db, olderThan: Date): Promise<number> {
  return pruneInbound(db, 'telegram', olderThan);
}
