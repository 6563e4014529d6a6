/** Who may do what in the console. Every admin route declares the roles it needs (see access.ts). */
export const ROLES = ['admin', 'editor', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/** Indonesian role names, as the console shows them. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  editor: 'Editor',
  reviewer: 'Peninjau (pimpinan)',
};

/** The authenticated person or script behind a request. */
export interface Actor {
  /** User id, token id, or `bootstrap` for ADMIN_TOKEN. */
  id: string;
  name: string;
  role: Role;
  via: 'session' | 'token' | 'bootstrap';
  /** Present for cookie sessions: state-changing requests must echo it (CSRF). */
  csrfToken?: string;
}

/** Hono environment of every admin route: the authentication middleware sets `actor`. */
export interface AdminEnv {
  Variables: { actor: Actor };
}
