import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiTokens } from '../../db/schema.js';
import { recordAudit } from '../audit.js';
import { ROLES, type Actor, type Role } from '../types.js';

/** Tokens look like `netra_<43 url-safe characters>`; the prefix makes leaked ones easy to search for. */
const PREFIX = 'netra_';

/** lastUsedAt is written at most this often per token (a script may call many times a second). */
const RECORD_USE_EVERY_MS = 60 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ApiTokenView {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type Auditor = Pick<Actor, 'id' | 'name'>;

/**
 * Creates a token for scripts and returns it in clear once; only its hash is stored. With an actor the
 * creation is audited (`token.create`) in the same transaction.
 */
export async function createApiToken(db: Db, input: { name: string; role: Role }, actor?: Auditor): Promise<{ id: string; token: string }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(apiTokens).values({ id, name: input.name, role: input.role, tokenHash: hashToken(token) });
    if (actor) await recordAudit(tx, actor, { action: 'token.create', target: `token:${id}`, after: { name: input.name, role: input.role } });
  });
  return { id, token };
}

export async function listApiTokens(db: Db): Promise<ApiTokenView[]> {
  const rows = await db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }));
}

/** Revokes a token (it stops working at once); false when there is no such active token. Audited as `token.revoke`. */
export async function revokeApiToken(db: Db, actor: Auditor, id: string, now: Date): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ name: apiTokens.name, role: apiTokens.role });
    if (!row) return false;
    await recordAudit(tx, actor, { action: 'token.revoke', target: `token:${id}`, before: { name: row.name, role: row.role, revoked: false }, after: { name: row.name, role: row.role, revoked: true } });
    return true;
  });
}

/** The actor behind a bearer token, or undefined when it is unknown or revoked. Records when it was last used. */
export async function actorForApiToken(db: Db, token: string, now = new Date()): Promise<Actor | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row || !(ROLES as readonly string[]).includes(row.role)) return undefined;
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - RECORD_USE_EVERY_MS)))));
  return { id: `token:${row.id}`, name: `Token «${row.name}»`, role: row.role as Role, via: 'token' };
}
