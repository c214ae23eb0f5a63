import Type from 'typebox';
import { ApiError, AsOfQuery, CommuneCode } from '../schemas/common.ts';
import { CommuneCollection, CommuneDetail } from '../schemas/api.ts';
import { mapLayers } from '../repositories/map-layers.ts';
import { communes } from '../repositories/communes.ts';
import { notFound } from '../errors.ts';
import type { RoutePlugin } from './types.ts';

const routes: RoutePlugin = async (app, { db, today }) => {
  const layers = mapLayers(db);
  const repo = communes(db);

  app.get('/communes', { schema: { querystring: AsOfQuery, response: { 200: CommuneCollection } } }, async (req) =>
    layers.communes(req.query.asOf ?? today()),
  );

  app.get(
    '/communes/:code',
    {
      schema: {
        params: Type.Object({ code: CommuneCode }),
        querystring: AsOfQuery,
        response: { 200: CommuneDetail, 404: ApiError },
      },
    },
    async (req) => {
      const detail = await repo.detail(req.params.code, req.query.asOf ?? today());
      if (!detail) throw notFound(`commune ${req.params.code} not found`);
      return detail;
    },
  );
};
export default routes;
