import type { Db } from '../../src/db/client.js';
import { createApiToken } from '../../src/admin/auth/api-tokens.js';
import type { Role } from '../../src/admin/types.js';

/** A bearer header for a fresh API token with the given role (what scripts and tests use). */
export async function bearerFor(db: Db, role: Role): Promise<{ authorization: string }> {
  const { token } = await createApiToken(db, { name: `test ${role}`, role });
  return { authorization: `Bearer ${token}` };
}
