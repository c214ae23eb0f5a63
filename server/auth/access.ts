import type { Role } from '../domain.ts';

/**
 * What a route needs. Every /api route declares one in `config.access`; the app refuses to start otherwise.
 * - public: anyone (health, login)
 * - session: any logged-in user (their own session, password change)
 * - read: read map data inside the user's area
 * - edit_status: change commune status records and HQs
 * - edit_border: change border gates
 * - admin: users, audit log, everything
 */
export const ACCESS = ['public', 'session', 'read', 'edit_status', 'edit_border', 'admin'] as const;
export type Access = (typeof ACCESS)[number];

const GRANTS: Record<Role, ReadonlySet<Access>> = {
  commander: new Set(['session', 'read']),
  planner: new Set(['session', 'read', 'edit_status']),
  border_officer: new Set(['session', 'read', 'edit_border']),
  admin: new Set(ACCESS),
};

export function allows(role: Role, access: Access): boolean {
  return access === 'public' || GRANTS[role].has(access);
}

/**
 * The communes a user may see: null = no restriction. A border officer's area is narrowed to the border
 * communes within it.
 */
export interface Scope {
  communes: string[] | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * Account administration (the session itself, passwords, access tokens, users): only a browser session may do
     * it, never an access token, whatever the token's role.
     */
    account?: boolean;
  }
}
