import Type from 'typebox';
import { ApiError } from '../schemas/common.ts';
import { AccessTokenCreateBody, AccessTokenCreated, AccessTokenList, AccessTokenRecord } from '../schemas/tokens.ts';
import { accessTokens, tokenWrites } from '../repositories/tokens.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

/**
 * The caller's personal access tokens. Managing them is account administration: a browser session only (a token
 * cannot make or revoke tokens), each user their own.
 */
const routes: RoutePlugin = async (app, { db }) => {
  app.get('/tokens', { config: { access: 'session', account: true }, schema: { response: { 200: AccessTokenList } } }, async (req) => ({
    items: await accessTokens(db).list(authOf(req).userId),
  }));

  app.post(
    '/tokens',
    { config: { access: 'session', account: true }, schema: { body: AccessTokenCreateBody, response: { 201: AccessTokenCreated, 400: ApiError, 409: ApiError } } },
    async (req, reply) => {
      const auth = authOf(req);
      const created = await db.transaction((tx) => tokenWrites.create(tx, auth.userId, req.body));
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/tokens/:id',
    { config: { access: 'session', account: true }, schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: AccessTokenRecord, 404: ApiError } } },
    async (req) => {
      const auth = authOf(req);
      return db.transaction((tx) => tokenWrites.revoke(tx, auth.userId, req.params.id));
    },
  );
};
export default routes;
