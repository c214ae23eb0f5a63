import Type, { type Static } from 'typebox';
import { IsoDate } from './common.ts';

export const AccessTokenState = Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]);

/** A personal access token as listed: never the secret, only its first characters. */
export const AccessTokenRecord = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart' }),
  readOnly: Type.Boolean(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  state: AccessTokenState,
});
export type AccessTokenRecord = Static<typeof AccessTokenRecord>;

export const AccessTokenList = Type.Object({ items: Type.Array(AccessTokenRecord) });
export type AccessTokenList = Static<typeof AccessTokenList>;

export const AccessTokenCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the token is for, e.g. "QGIS on the planning office PC"' }),
    /** Last day the token works (Vietnam time); 90 days from today when absent, at most 366. */
    expiresOn: Type.Optional(IsoDate),
    readOnly: Type.Optional(Type.Boolean({ description: 'Only reads: no change of any kind' })),
  },
  { additionalProperties: false },
);
export type AccessTokenCreateBody = Static<typeof AccessTokenCreateBody>;

/** The answer of a creation: the only time the token itself is shown. */
export const AccessTokenCreated = Type.Object({
  ...AccessTokenRecord.properties,
  token: Type.String({ description: 'Send as `Authorization: Bearer <token>`; shown once, stored only as a hash' }),
});
export type AccessTokenCreated = Static<typeof AccessTokenCreated>;
