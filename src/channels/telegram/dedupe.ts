import type { ClaimResult, InboundClaims } from '../inbound-claims.js';

/** Update ids are per bot, so the key carries the bot id too: a new bot token starts a fresh id space. */
const updateKey = (botId: number, updateId: number) => `${botId}:${updateId}`;

export function claimUpdate(claims: InboundClaims, botId: number, updateId: number): Promise<ClaimResult> {
  return claims.claim('telegram', updateKey(botId, updateId));
}

/** The update's handling is over: its claim can no longer be taken over by a redelivery. */
export function updateAnswered(claims: InboundClaims, botId: number, updateId: number): void {
  claims.answered('telegram', updateKey(botId, updateId));
}
