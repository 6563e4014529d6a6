import { createHmac, timingSafeEqual } from 'node:crypto';

/** 8 base64url characters (48 bits): short enough for a Telegram button, far beyond guessing under rate limits. */
const TAG_LENGTH = 8;
export const FEEDBACK_TAG = /^[A-Za-z0-9_-]{8}$/;

/**
 * Binds a query to the person who asked it: HMAC of the query id and the asker's pseudonymous key.
 * Handed out with the answer (web response, Telegram button, WhatsApp chat context) and required
 * back with a rating, so only the asker can rate, on any replica, without waiting for the query-log
 * row (written asynchronously) to reach the database.
 */
export function feedbackTag(secret: string, queryId: string, userKey: string): string {
  return createHmac('sha256', secret).update(`feedback:${queryId}:${userKey}`).digest('base64url').slice(0, TAG_LENGTH);
}

/** True when `tag` was issued for this query to this person. Constant-time. */
export function feedbackTagMatches(secret: string, queryId: string, userKey: string, tag: string | null | undefined): boolean {
  if (typeof tag !== 'string' || !FEEDBACK_TAG.test(tag)) return false;
  return timingSafeEqual(Buffer.from(feedbackTag(secret, queryId, userKey)), Buffer.from(tag));
}
