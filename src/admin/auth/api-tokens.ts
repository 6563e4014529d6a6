import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiTokens } from '../../db/schema.js';
import { ROLES, type Actor, type Role } from '../types.js';

/** Tokens look like `netra_<43 url-safe characters>`; the prefix makes leaked ones easy to search for. */
const PREFIX = 'netra_';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a token for scripts and returns it in clear once; only its hash is stored. */
export async function createApiToken(db: Db, input: { name: string; role: Role }): Promise<{ id: string; token: string }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  await db.insert(apiTokens).values({ id, name: input.name, role: input.role, tokenHash: hashToken(token) });
  return { id, token };
}

/** The actor behind a bearer token, or undefined when it is unknown or revoked. */
export async function actorForApiToken(db: Db, token: string): Promise<Actor | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row || !(ROLES as readonly string[]).includes(row.role)) return undefined;
  return { id: `token:${row.id}`, name: `Token «${row.name}»`, role: row.role as Role, via: 'token' };
}
