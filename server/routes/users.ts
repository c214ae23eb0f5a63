import Type from 'typebox';
import { ApiError } from '../schemas/common.ts';
import { AuditPage, AuditQuery, UserCreateBody, UserRecord, UserUpdateBody } from '../schemas/auth.ts';
import { users, userWrites } from '../repositories/users.ts';
import { listAudit } from '../repositories/audit.ts';
import { authOf } from '../plugins/auth.ts';
import { notFound } from '../errors.ts';
import type { RoutePlugin } from './types.ts';
import { said } from '../text/lang.ts';
import { notFoundSaid } from '../text/messages.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Administration: accounts and the audit log. */
const routes: RoutePlugin = async (app, { db }) => {
  const repo = users(db);

  app.get('/users', { config: { access: 'admin', account: true }, schema: { response: { 200: Type.Array(UserRecord) } } }, async () => repo.list());

  app.get('/users/:id', { config: { access: 'admin', account: true }, schema: { params: IdParams, response: { 200: UserRecord, 404: ApiError } } }, async (req) => {
    return (await repo.byId(req.params.id)) ?? Promise.reject(notFound(notFoundSaid(said(`user ${req.params.id}`, `người dùng ${req.params.id}`))));
  });

  app.post(
    '/users',
    { config: { access: 'admin', account: true }, schema: { body: UserCreateBody, response: { 201: UserRecord, 400: ApiError, 409: ApiError } } },
    async (req, reply) => {
      const created = await db.transaction((tx) => userWrites.create(tx, authOf(req).userId, req.body));
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/users/:id',
    { config: { access: 'admin', account: true }, schema: { params: IdParams, body: UserUpdateBody, response: { 200: UserRecord, 404: ApiError, 409: ApiError } } },
    async (req) => db.transaction((tx) => userWrites.update(tx, authOf(req).userId, req.params.id, req.body)),
  );

  app.get('/audit', { config: { access: 'admin' }, schema: { querystring: AuditQuery, response: { 200: AuditPage } } }, async (req) =>
    listAudit(db, req.query),
  );
};
export default routes;
