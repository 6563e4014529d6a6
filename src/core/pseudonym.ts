import { createHmac } from 'node:crypto';
import type { ChannelName } from './types.js';

/**
 * The pseudonymous key for a platform user: HMAC-SHA256 of channel + platform id with USER_KEY_SECRET.
 * Stable per person and channel, and not reversible without the secret, so the database never holds the raw id.
 */
export function pseudonymousUserKey(secret: string, channel: ChannelName, platformUserId: string | number): string {
  // The first 16 bytes as hex, made from the digest directly: a slice of the full hex string would keep
  // all 64 characters alive for as long as the key is held (rate-limit windows, contexts).
  return createHmac('sha256', secret).update(`${channel}:${platformUserId}`).digest().toString('hex', 0, 16);
}
