import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { loginAttempts } from '../../db/schema.js';

/**
 * Failed logins allowed per window: per account (guessing one password) and per client address (trying many
 * accounts). Counted in Postgres so that every replica enforces the same limit.
 */
export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60 * 1000 };

export const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const addressKey = (address: string) => `ip:${address}`;

/** True when any of the keys has used up its failures in the current window. */
export async function isLoginBlocked(db: Db, keys: { account: string; address: string }, now: Date, limits = DEFAULT_LOGIN_LIMITS): Promise<boolean> {
  const rows = await db.select().from(loginAttempts).where(inArray(loginAttempts.key, [keys.account, keys.address]));
  return rows.some((row) => {
    if (now.getTime() - row.windowStart.getTime() >= limits.windowMs) return false;
    return row.failures >= (row.key === keys.account ? limits.perAccount : limits.perAddress);
  });
}

/** Counts one failure for each key, starting a new window when the old one is over (one atomic upsert per key). */
export async function recordLoginFailure(db: Db, keys: string[], now: Date, limits = DEFAULT_LOGIN_LIMITS): Promise<void> {
  const windowStartedBefore = new Date(now.getTime() - limits.windowMs);
  for (const key of keys) {
    await db
      .insert(loginAttempts)
      .values({ key, failures: 1, windowStart: now })
      .onConflictDoUpdate({
        target: loginAttempts.key,
        set: {
          failures: sql`case when ${loginAttempts.windowStart} <= ${windowStartedBefore.toISOString()}::timestamptz then 1 else ${loginAttempts.failures} + 1 end`,
          windowStart: sql`case when ${loginAttempts.windowStart} <= ${windowStartedBefore.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${loginAttempts.windowStart} end`,
        },
      });
  }
}

/** A successful login clears its account's count (not the address's: one right password does not excuse many wrong ones). */
export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}
