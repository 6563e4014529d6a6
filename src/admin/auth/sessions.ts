import { createHash, randomBytes } from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sessions, users } from '../../db/schema.js';
import { ROLES, type Actor, type Role } from '../types.js';

/** How long a console session lives: ended after IDLE of inactivity, and at the latest ABSOLUTE after login. */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 2 * 60 * 60 * 1000, absoluteMs: 12 * 60 * 60 * 1000 };

/** lastSeenAt is written at most this often per session: idle expiry needs minutes, not every request. */
const TOUCH_EVERY_MS = 60 * 1000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Starts a session; returns the cookie value (random, 256 bits) and the CSRF token. Only the id's hash is stored. */
export async function createSession(db: Db, userId: string, now: Date, policy = DEFAULT_SESSION_POLICY): Promise<{ cookie: string; csrfToken: string }> {
  const cookie = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({
    idHash: sha256(cookie),
    userId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + policy.absoluteMs),
  });
  return { cookie, csrfToken };
}

/**
 * The actor behind a session cookie, or undefined when the session is unknown, expired (idle or absolute)
 * or its user is disabled. The role is read from the user on every request, so a role change applies at once.
 */
export async function actorForSession(db: Db, cookie: string, now: Date, policy = DEFAULT_SESSION_POLICY): Promise<Actor | undefined> {
  const idHash = sha256(cookie);
  const [row] = await db
    .select({
      userId: users.id,
      name: users.name,
      role: users.role,
      disabled: users.disabled,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, idHash))
    .limit(1);
  if (!row) return undefined;
  const expired = now >= row.expiresAt || now.getTime() - row.lastSeenAt.getTime() >= policy.idleMs;
  if (expired || row.disabled || !(ROLES as readonly string[]).includes(row.role)) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    return undefined;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return { id: row.userId, name: row.name, role: row.role as Role, via: 'session', csrfToken: row.csrfToken };
}

export async function endSession(db: Pick<Db, 'delete'>, cookie: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, sha256(cookie)));
}

/** Ends every session of a user (disabling, password change). Pass the transaction of the change. */
export async function endUserSessions(db: Pick<Db, 'delete'>, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Deletes sessions past their absolute or idle expiry (housekeeping; expired ones are refused anyway). */
export async function pruneSessions(db: Db, now: Date, policy = DEFAULT_SESSION_POLICY): Promise<void> {
  await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - policy.idleMs))));
}
