import Type from 'typebox';
import { ApiError, AsOfQuery } from '../schemas/common.ts';
import { HqCollection, HqUpdateBody } from '../schemas/api.ts';
import { mapLayers } from '../repositories/map-layers.ts';
import { edits } from '../repositories/edits.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

const routes: RoutePlugin = async (app, { db, today, reads }) => {
  app.get('/hqs', { config: { access: 'read' }, schema: { querystring: AsOfQuery, response: { 200: HqCollection } } }, async (req, reply) => {
    const asOf = req.query.asOf ?? today();
    return reads.answer(req, reply, { asOf }, (scope) => mapLayers(db, scope).hqs(asOf));
  });

  app.patch(
    '/hqs/:id',
    {
      config: { access: 'edit_status' },
      schema: {
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: HqUpdateBody,
        response: {
          200: Type.Object({
            id: Type.Integer(),
            communeCode: Type.String(),
            name: Type.String(),
            staffCount: Type.Integer(),
            lon: Type.Number(),
            lat: Type.Number(),
            version: Type.Integer(),
          }),
          400: ApiError,
          404: ApiError,
          409: ApiError,
        },
      },
    },
    async (req) => {
      const auth = authOf(req);
      return db.transaction((tx) => edits.updateHq(tx, auth.userId, auth.scope, req.params.id, req.body));
    },
  );
};
export default routes;
