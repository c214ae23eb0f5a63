import Type from 'typebox';
import { ApiError, AsOfQuery } from '../schemas/common.ts';
import { BorderCollection, BorderGateCollection, BorderGateRecord, BorderGateUpdateBody } from '../schemas/api.ts';
import { mapLayers } from '../repositories/map-layers.ts';
import { edits } from '../repositories/edits.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

const routes: RoutePlugin = async (app, { db, today }) => {
  app.get('/borders', { config: { access: 'read' }, schema: { response: { 200: BorderCollection } } }, async (req) =>
    mapLayers(db, authOf(req).scope).borders(),
  );

  app.get('/border-gates', { config: { access: 'read' }, schema: { querystring: AsOfQuery, response: { 200: BorderGateCollection } } }, async (req) =>
    mapLayers(db, authOf(req).scope).borderGates(req.query.asOf ?? today()),
  );

  app.patch(
    '/border-gates/:id',
    {
      config: { access: 'edit_border' },
      schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: BorderGateUpdateBody, response: { 200: BorderGateRecord, 404: ApiError, 409: ApiError } },
    },
    async (req) => {
      const auth = authOf(req);
      return db.transaction((tx) => edits.updateBorderGate(tx, auth.userId, auth.scope, req.params.id, req.body));
    },
  );
};
export default routes;
