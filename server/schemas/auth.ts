import Type, { type Static } from 'typebox';
import { CommuneCode, IsoDate } from './common.ts';

export const RoleSchema = Type.Union([
  Type.Literal('commander'),
  Type.Literal('planner'),
  Type.Literal('border_officer'),
  Type.Literal('admin'),
]);
export const ScopeKindSchema = Type.Union([Type.Literal('all'), Type.Literal('province'), Type.Literal('communes')]);
export const ProvinceCode = Type.String({ pattern: '^[0-9]{2}$' });
export const Username = Type.String({ pattern: '^[A-Za-z0-9._-]{2,64}$', description: '2–64 letters, digits, dot, dash, underscore' });
/** An account's password: at least `min` characters, at most `max` (what login accepts). */
export const PASSWORD_LENGTH = { min: 10, max: 200 } as const;
export const Password = Type.String({ minLength: PASSWORD_LENGTH.min, maxLength: PASSWORD_LENGTH.max, description: `at least ${PASSWORD_LENGTH.min} characters` });

export const SessionUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  scopeKind: ScopeKindSchema,
  provinceCodes: Type.Array(Type.String()),
  communeCodes: Type.Array(Type.String()),
});
export type SessionUser = Static<typeof SessionUser>;

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_LENGTH.max }),
});

/** Answer of login and of GET /api/auth/session. `csrfToken` goes in the X-CSRF-Token header of every change. */
export const SessionInfo = Type.Object({
  user: SessionUser,
  csrfToken: Type.String(),
  expiresAt: Type.String(),
});
export type SessionInfo = Static<typeof SessionInfo>;

export const PasswordChangeBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_LENGTH.max }),
  newPassword: Password,
});

export const UserRecord = Type.Object({
  ...SessionUser.properties,
  disabled: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String(),
});
export type UserRecord = Static<typeof UserRecord>;

export const UserCreateBody = Type.Object({
  username: Username,
  displayName: Type.String({ maxLength: 200 }),
  password: Password,
  role: RoleSchema,
  scopeKind: ScopeKindSchema,
  provinceCodes: Type.Optional(Type.Array(ProvinceCode, { maxItems: 40 })),
  communeCodes: Type.Optional(Type.Array(CommuneCode, { maxItems: 4000 })),
});
export type UserCreateBody = Static<typeof UserCreateBody>;

/** Every field but `version` is optional; `version` must be the one the editor read (else 409). */
export const UserUpdateBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  displayName: Type.Optional(Type.String({ maxLength: 200 })),
  password: Type.Optional(Password),
  role: Type.Optional(RoleSchema),
  scopeKind: Type.Optional(ScopeKindSchema),
  provinceCodes: Type.Optional(Type.Array(ProvinceCode, { maxItems: 40 })),
  communeCodes: Type.Optional(Type.Array(CommuneCode, { maxItems: 4000 })),
  disabled: Type.Optional(Type.Boolean()),
});
export type UserUpdateBody = Static<typeof UserUpdateBody>;

export const AuditQuery = Type.Object({
  entity: Type.Optional(Type.String({ maxLength: 64 })),
  entityId: Type.Optional(Type.String({ maxLength: 64 })),
  username: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 16 })),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  /** The access token the change was made with; null for the browser session. */
  tokenId: Type.Union([Type.Integer(), Type.Null()]),
});
export const AuditPage = Type.Object({ items: Type.Array(AuditEntry), total: Type.Integer() });
export type AuditPage = Static<typeof AuditPage>;
