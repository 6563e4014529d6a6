import type { InboundClaims } from '../inbound-claims.js';

/** Update ids are per bot, so the key carries the bot id too: a new bot token starts a fresh id space. */
export function claimUpdate(claims: InboundClaims, botId: number, updateId: number): Promise<boolean> {
  return claims.claim('telegram', `${botId}:${updateId}`);
}
