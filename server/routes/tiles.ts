import { ApiError } from '../schemas/common.ts';
import { TileJson, TileJsonParams, TileParams, TileQuery } from '../schemas/tiles.ts';
import { LAYERS, scopeBounds } from '../repositories/tiles.ts';
import { authOf } from '../plugins/auth.ts';
import { badRequest } from '../errors.ts';
import type { RoutePlugin } from './types.ts';
import { said } from '../text/lang.ts';

/** Zoom levels the TileJSON announces; the client zooms further into the level-14 tiles (any z up to 22 is served). */
const MIN_ZOOM = 0;
const TILEJSON_MAX_ZOOM = 14;
/** The whole Web Mercator world, for an area without communes. */
const WORLD: [number, number, number, number] = [-180, -85.0511, 180, 85.0511];

const routes: RoutePlugin = async (app, { db, today, tiles }) => {
  app.get(
    '/tiles/:layer/:z/:x/:y.mvt',
    { config: { access: 'read' }, schema: { params: TileParams, querystring: TileQuery, response: { 400: ApiError } } },
    async (req, reply) => {
      const { layer, z, x, y } = req.params;
      const last = 2 ** z - 1;
      if (x > last || y > last) throw badRequest(said(`tile ${z}/${x}/${y} does not exist: at zoom ${z}, x and y run from 0 to ${last}`, `ô bản đồ ${z}/${x}/${y} không tồn tại: ở mức thu phóng ${z}, x và y từ 0 đến ${last}`));
      return tiles.answer(req, reply, { layer, z, x, y }, req.query.asOf ?? today(), authOf(req).scope);
    },
  );

  app.get(
    '/tiles/:layer.json',
    { config: { access: 'read' }, schema: { params: TileJsonParams, querystring: TileQuery, response: { 200: TileJson } } },
    async (req, reply) => {
      const { layer } = req.params;
      const def = LAYERS[layer];
      // Tiles are requested with the same view and date as this document.
      const query = new URLSearchParams();
      if (req.query.asOf) query.set('asOf', req.query.asOf);
      if (req.query.province) query.set('province', req.query.province);
      const qs = query.size > 0 ? `?${query}` : '';
      reply.header('cache-control', 'private, no-cache');
      return {
        tilejson: '3.0.0' as const,
        name: layer,
        description: def.description,
        scheme: 'xyz' as const,
        tiles: [`${req.protocol}://${req.host}/api/tiles/${layer}/{z}/{x}/{y}.mvt${qs}`],
        minzoom: MIN_ZOOM,
        maxzoom: TILEJSON_MAX_ZOOM,
        bounds: (await scopeBounds(db, authOf(req).scope)) ?? WORLD,
        vector_layers: [{ id: layer, description: def.description, minzoom: MIN_ZOOM, maxzoom: TILEJSON_MAX_ZOOM, fields: def.fields }],
      };
    },
  );
};
export default routes;

