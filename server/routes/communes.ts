import Type from 'typebox';
import { ApiError, AsOfQuery, CommuneCode } from '../schemas/common.ts';
import { CommuneCollection, CommuneDetail, CommuneSummaryList, StatusCreateBody, StatusRecord } from '../schemas/api.ts';
import { mapLayers } from '../repositories/map-layers.ts';
import { communes } from '../repositories/communes.ts';
import { edits } from '../repositories/edits.ts';
import { authOf } from '../plugins/auth.ts';
import { notFound } from '../errors.ts';
import type { RoutePlugin } from './types.ts';
import { said } from '../text/lang.ts';
import { notFoundSaid } from '../text/messages.ts';

const CodeParams = Type.Object({ code: CommuneCode });

const routes: RoutePlugin = async (app, { db, today, reads }) => {
  app.get('/communes', { config: { access: 'read' }, schema: { querystring: AsOfQuery, response: { 200: CommuneCollection } } }, async (req, reply) => {
    const asOf = req.query.asOf ?? today();
    return reads.answer(req, reply, { asOf }, (scope) => mapLayers(db, scope).communes(asOf));
  });

  // What the map's lists need without the geometry, which the map reads from the vector tiles.
  app.get('/communes/summaries', { config: { access: 'read' }, schema: { querystring: AsOfQuery, response: { 200: CommuneSummaryList } } }, async (req, reply) => {
    const asOf = req.query.asOf ?? today();
    return reads.answer(req, reply, { asOf }, async (scope) => ({ items: await mapLayers(db, scope).communeSummaries(asOf) }));
  });

  app.get(
    '/communes/:code',
    { config: { access: 'read' }, schema: { params: CodeParams, querystring: AsOfQuery, response: { 200: CommuneDetail, 404: ApiError } } },
    async (req) => {
      const detail = await communes(db, authOf(req).scope).detail(req.params.code, req.query.asOf ?? today());
      if (!detail) throw notFound(notFoundSaid(said(`commune ${req.params.code}`, `xã ${req.params.code}`)));
      return detail;
    },
  );

  app.post(
    '/communes/:code/statuses',
    {
      config: { access: 'edit_status' },
      schema: {
        params: CodeParams,
        body: StatusCreateBody,
        response: {
          201: Type.Object({ created: Type.Union([StatusRecord, Type.Null()]), closed: Type.Union([StatusRecord, Type.Null()]) }),
          400: ApiError,
          404: ApiError,
          409: ApiError,
        },
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const result = await db.transaction((tx) => edits.createStatus(tx, auth.userId, auth.scope, req.params.code, req.body));
      return reply.status(201).send(result);
    },
  );
};
export default routes;
