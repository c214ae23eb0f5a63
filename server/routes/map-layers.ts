import { AsOfQuery } from '../schemas/common.ts';
import { BorderCollection, BorderGateCollection, HqCollection, Meta } from '../schemas/api.ts';
import { mapLayers } from '../repositories/map-layers.ts';
import type { RoutePlugin } from './types.ts';

const routes: RoutePlugin = async (app, { db, today }) => {
  const layers = mapLayers(db);

  app.get('/meta', { schema: { response: { 200: Meta } } }, async () => ({
    province: await layers.province(),
    today: today(),
  }));

  app.get('/hqs', { schema: { querystring: AsOfQuery, response: { 200: HqCollection } } }, async (req) =>
    layers.hqs(req.query.asOf ?? today()),
  );

  app.get('/borders', { schema: { response: { 200: BorderCollection } } }, async () => layers.borders());

  app.get('/border-gates', { schema: { querystring: AsOfQuery, response: { 200: BorderGateCollection } } }, async (req) =>
    layers.borderGates(req.query.asOf ?? today()),
  );
};
export default routes;
