import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { passwordLinks, users } from '../../db/schema.js';
import { recordAudit } from '../audit.js';
import { ROLES, type Actor, type Role } from '../types.js';
import { hashPassword, passwordProblem } from './password.js';
import { endUserSessions } from './sessions.js';

/** How long a one-time set-password link stays valid. */
export const PASSWORD_LINK_TTL_MS = 48 * 60 * 60 * 1000;

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** False until the person has set a password (through their link or --password-stdin). */
  hasPassword: boolean;
  createdAt: string;
}

/** A refusal the person can act on (duplicate e-mail, unknown user, weak password…); routes answer 4xx. */
export class UserInputError extends Error {
  override name = 'UserInputError';
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email({ message: 'Alamat e-mail tidak valid.' })),
  name: z.string().trim().min(1, 'Nama wajib diisi.').max(120, 'Nama maksimal 120 karakter.'),
  role: z.enum(ROLES, { message: 'Peran harus admin, editor, atau reviewer.' }),
  password: z.string().optional(),
});
export type NewUser = z.infer<typeof newUserSchema>;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type UserRow = typeof users.$inferSelect;
const view = (row: UserRow): UserView => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  disabled: row.disabled,
  hasPassword: row.passwordHash !== null,
  createdAt: row.createdAt.toISOString(),
});
/** What the audit log keeps of a user: never the password hash. */
const auditState = (row: UserRow) => ({ email: row.email, name: row.name, role: row.role, disabled: row.disabled });

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await db.select().from(users).orderBy(asc(users.email))).map(view);
}

/** A user by id or e-mail (the CLI names people by e-mail, the pages by id). */
async function findUser(db: Pick<Db, 'select'>, idOrEmail: string): Promise<UserRow> {
  const key = idOrEmail.trim();
  const where = UUID.test(key) ? eq(users.id, key) : eq(users.email, key.toLowerCase());
  const [row] = await db.select().from(users).where(where).limit(1);
  if (!row) throw new UserInputError(`Pengguna ${key} tidak ditemukan.`, 404);
  return row;
}

/**
 * Creates an account. With a password it can log in at once; without, a one-time set-password link token is
 * returned (valid PASSWORD_LINK_TTL_MS). Audited as `user.create`.
 */
export async function createUser(db: Db, actor: Pick<Actor, 'id' | 'name'>, input: NewUser, now: Date): Promise<{ user: UserView; linkToken?: string }> {
  const problem = input.password === undefined ? undefined : passwordProblem(input.password);
  if (problem) throw new UserInputError(problem);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (existing) throw new UserInputError(`Sudah ada akun dengan e-mail ${input.email}.`, 409);
    const [row] = await tx
      .insert(users)
      .values({ id: randomUUID(), email: input.email, name: input.name, role: input.role, passwordHash, createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(tx, actor, { action: 'user.create', target: `user:${row!.id}`, after: { ...auditState(row!), passwordSet: passwordHash !== null } });
    if (passwordHash) return { user: view(row!) };
    const linkToken = await insertPasswordLink(tx, row!.id, now);
    return { user: view(row!), linkToken };
  });
}

async function insertPasswordLink(db: Pick<Db, 'insert'>, userId: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(passwordLinks).values({ tokenHash: sha256(token), userId, expiresAt: new Date(now.getTime() + PASSWORD_LINK_TTL_MS) });
  return token;
}

/** A new one-time link for an existing user (forgotten password, expired link). Audited as `user.password_link`. */
export async function newPasswordLink(db: Db, actor: Pick<Actor, 'id' | 'name'>, idOrEmail: string, now: Date): Promise<{ user: UserView; linkToken: string }> {
  return db.transaction(async (tx) => {
    const row = await findUser(tx, idOrEmail);
    const linkToken = await insertPasswordLink(tx, row.id, now);
    await recordAudit(tx, actor, { action: 'user.password_link', target: `user:${row.id}` });
    return { user: view(row), linkToken };
  });
}

/** The user a set-password link belongs to, when the link is unused, unexpired and the account enabled. */
export async function userForPasswordLink(db: Db, token: string, now: Date): Promise<UserView | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(passwordLinks)
    .innerJoin(users, eq(users.id, passwordLinks.userId))
    .where(and(eq(passwordLinks.tokenHash, sha256(token)), isNull(passwordLinks.usedAt), gt(passwordLinks.expiresAt, now), eq(users.disabled, false)))
    .limit(1);
  return row ? view(row.user) : undefined;
}

/**
 * Sets the password through a one-time link: the link is marked used in the same transaction (a second use,
 * even concurrent, finds it used), other sessions of the user end. Audited as `user.password_set`.
 */
export async function setPasswordWithLink(db: Db, token: string, password: string, now: Date): Promise<UserView> {
  const problem = passwordProblem(password);
  if (problem) throw new UserInputError(problem);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [link] = await tx
      .update(passwordLinks)
      .set({ usedAt: now })
      .where(and(eq(passwordLinks.tokenHash, sha256(token)), isNull(passwordLinks.usedAt), gt(passwordLinks.expiresAt, now)))
      .returning({ userId: passwordLinks.userId });
    if (!link) throw new UserInputError('Tautan ini sudah dipakai atau sudah kedaluwarsa. Mintalah tautan baru kepada admin.', 404);
    const [row] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: now })
      .where(and(eq(users.id, link.userId), eq(users.disabled, false)))
      .returning();
    if (!row) throw new UserInputError('Akun ini sudah dinonaktifkan. Hubungi admin.', 404);
    await endUserSessions(tx, row.id);
    await recordAudit(tx, { id: row.id, name: row.name }, { action: 'user.password_set', target: `user:${row.id}` });
    return view(row);
  });
}

/** Disables an account and ends its sessions at once. Audited as `user.disable`. */
export async function disableUser(db: Db, actor: Pick<Actor, 'id' | 'name'>, idOrEmail: string, now: Date): Promise<UserView> {
  return db.transaction(async (tx) => {
    const before = await findUser(tx, idOrEmail);
    if (before.id === actor.id) throw new UserInputError('Anda tidak dapat menonaktifkan akun Anda sendiri.');
    const [row] = await tx.update(users).set({ disabled: true, updatedAt: now }).where(eq(users.id, before.id)).returning();
    await endUserSessions(tx, before.id);
    await recordAudit(tx, actor, { action: 'user.disable', target: `user:${before.id}`, before: auditState(before), after: auditState(row!) });
    return view(row!);
  });
}

/** Changes a role; open sessions get the new role on their next request. Audited as `user.role`. */
export async function changeRole(db: Db, actor: Pick<Actor, 'id' | 'name'>, idOrEmail: string, role: Role, now: Date): Promise<UserView> {
  return db.transaction(async (tx) => {
    const before = await findUser(tx, idOrEmail);
    if (before.id === actor.id && role !== 'admin') throw new UserInputError('Anda tidak dapat menurunkan peran akun Anda sendiri.');
    const [row] = await tx.update(users).set({ role, updatedAt: now }).where(eq(users.id, before.id)).returning();
    await recordAudit(tx, actor, { action: 'user.role', target: `user:${before.id}`, before: auditState(before), after: auditState(row!) });
    return view(row!);
  });
}

/** The account for a login attempt (enabled or not; the caller decides), by e-mail. */
export async function userForLogin(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row;
}
