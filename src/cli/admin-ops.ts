import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenView } from '../admin/auth/api-tokens.js';
import { consoleBaseUrl, setPasswordUrl } from '../admin/auth/links.js';
import { CLI_ACTOR } from '../admin/auth/local-admin.js';
import { changeRole, createUser, disableUser, listUsers, newPasswordLink, UserInputError, type NewUser, type UserView } from '../admin/auth/users.js';
import type { Role } from '../admin/types.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { CliError, type LocalServerClient } from './local-server.js';

/** What `npm run admin` can do, the same whether it works on the database or through the running server. */
export interface AdminOps {
  addUser(input: NewUser): Promise<{ user: UserView; setPasswordUrl?: string }>;
  listUsers(): Promise<UserView[]>;
  disableUser(email: string): Promise<UserView>;
  changeRole(email: string, role: Role): Promise<UserView>;
  passwordLink(email: string): Promise<{ user: UserView; setPasswordUrl: string }>;
  createToken(input: { name: string; role: Role }): Promise<{ id: string; token: string }>;
  listTokens(): Promise<ApiTokenView[]>;
  revokeToken(id: string): Promise<void>;
}

/** Refusals of the account rules become messages for the terminal. */
async function plain<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UserInputError) throw new CliError(error.message);
    throw error;
  }
}

/** Directly on the database; every change audited with the actor `cli`. */
export function databaseOps(database: Database, config: Config): AdminOps {
  const db = database.db;
  const link = (token: string) => setPasswordUrl(consoleBaseUrl(config), token);
  return {
    async addUser(input) {
      const { user, linkToken } = await plain(createUser(db, CLI_ACTOR, input, new Date()));
      return { user, ...(linkToken ? { setPasswordUrl: link(linkToken) } : {}) };
    },
    listUsers: () => listUsers(db),
    disableUser: (email) => plain(disableUser(db, CLI_ACTOR, email, new Date())),
    changeRole: (email, role) => plain(changeRole(db, CLI_ACTOR, email, role, new Date())),
    async passwordLink(email) {
      const { user, linkToken } = await plain(newPasswordLink(db, CLI_ACTOR, email, new Date()));
      return { user, setPasswordUrl: link(linkToken) };
    },
    createToken: (input) => createApiToken(db, input, CLI_ACTOR),
    listTokens: () => listApiTokens(db),
    async revokeToken(id) {
      if (!(await revokeApiToken(db, CLI_ACTOR, id, new Date()))) throw new CliError(`Token ${id} tidak ditemukan atau sudah dicabut.`);
    },
  };
}

/** Through the running server's `/api/admin` routes (it audits the changes with the actor `cli`). */
export function serverOps(server: LocalServerClient): AdminOps {
  const user = (path: string) => `/api/admin/users/${encodeURIComponent(path)}`;
  return {
    addUser: (input) => server.request('POST', '/api/admin/users', input),
    listUsers: async () => (await server.request<{ users: UserView[] }>('GET', '/api/admin/users')).users,
    disableUser: async (email) => (await server.request<{ user: UserView }>('PATCH', user(email), { disabled: true })).user,
    changeRole: async (email, role) => (await server.request<{ user: UserView }>('PATCH', user(email), { role })).user,
    passwordLink: (email) => server.request('POST', `${user(email)}/password-link`),
    createToken: (input) => server.request('POST', '/api/admin/tokens', input),
    listTokens: async () => (await server.request<{ tokens: ApiTokenView[] }>('GET', '/api/admin/tokens')).tokens,
    async revokeToken(id) {
      await server.request('DELETE', `/api/admin/tokens/${encodeURIComponent(id)}`);
    },
  };
}
