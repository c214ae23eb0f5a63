import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../schemas/common.ts';
import { BasemapTile, BasemapTileJson, BasemapTileParams, BasemapTileQuery, NoContent } from '../schemas/basemap.ts';
import { CONTENT_TYPES, type BasemapArchive } from '../basemap/archive.ts';
import { openBasemap } from '../basemap/open.ts';
import { badRequest, notFound } from '../errors.ts';
import { said } from '../text/lang.ts';
import type { RoutePlugin } from './types.ts';

const NO_BASEMAP = said(
  'no basemap: the server was started without POSTURE_BASEMAP (a PMTiles or MBTiles file)',
  'chưa có bản đồ nền: máy chủ khởi động không có POSTURE_BASEMAP (tệp PMTiles hoặc MBTiles)',
);

/** Whether the request accepts `encoding` (listed, or through `*`, with a q-value above 0). */
export function acceptsEncoding(header: string | undefined, encoding: string): boolean {
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== encoding && name !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/**
 * The operator's basemap (POSTURE_BASEMAP): its TileJSON and its tiles, read from the local file, for every
 * logged-in user. Tiles leave as stored (gzip-compressed vector tiles with `Content-Encoding: gzip`), or
 * decompressed for a client that does not accept the encoding.
 */
const routes: RoutePlugin = async (app, { config }) => {
  const archive: BasemapArchive | null = config.basemap ? await openBasemap(config.basemap) : null;
  if (archive) app.addHook('onClose', () => archive.close());

  const tileUrl = (req: FastifyRequest, version: string) => `${req.protocol}://${req.host}/api/basemap/{z}/{x}/{y}?v=${version}`;

  app.get('/basemap', { config: { access: 'read' }, schema: { response: { 200: BasemapTileJson, 404: ApiError } } }, async (req, reply) => {
    if (!archive) throw notFound(NO_BASEMAP);
    const { info } = archive;
    reply.header('cache-control', 'private, no-cache');
    return {
      tilejson: '3.0.0' as const,
      name: info.name,
      attribution: info.attribution,
      scheme: 'xyz' as const,
      tiles: [tileUrl(req, info.version)],
      minzoom: info.minzoom,
      maxzoom: info.maxzoom,
      bounds: info.bounds,
      center: info.center,
      type: info.format === 'mvt' ? ('vector' as const) : ('raster' as const),
      format: info.format,
      container: info.container,
      vector_layers: info.vectorLayers,
    };
  });

  app.get(
    '/basemap/:z/:x/:y',
    { config: { access: 'read' }, schema: { params: BasemapTileParams, querystring: BasemapTileQuery, response: { 200: BasemapTile, 204: NoContent, 304: NoContent, 400: ApiError, 404: ApiError } } },
    async (req, reply) => {
      if (!archive) throw notFound(NO_BASEMAP);
      const { z, x, y } = req.params;
      const last = 2 ** z - 1;
      if (x > last || y > last) throw badRequest(said(`tile ${z}/${x}/${y} does not exist: at zoom ${z}, x and y run from 0 to ${last}`, `ô bản đồ ${z}/${x}/${y} không tồn tại: ở mức thu phóng ${z}, x và y từ 0 đến ${last}`));
      const tile = await archive.tile(z, x, y);
      // No tile there (outside the file's area or zooms): an empty answer, which MapLibre draws as nothing.
      if (!tile) return reply.status(204).header('cache-control', 'private, max-age=3600').send(undefined);
      const pass = tile.encoding !== null && acceptsEncoding(req.headers['accept-encoding'], tile.encoding);
      const etag = `"${archive.info.version}-${z}-${x}-${y}${pass ? `-${tile.encoding}` : ''}"`;
      reply
        .header('etag', etag)
        .header('vary', 'accept-encoding')
        // Tile URLs carry the file's version: a given URL's answer never changes.
        .header('cache-control', req.query.v === archive.info.version ? 'private, max-age=31536000, immutable' : 'private, no-cache')
        .type(CONTENT_TYPES[archive.info.format]);
      if (req.headers['if-none-match'] === etag) return reply.status(304).send(undefined);
      if (pass) return reply.header('content-encoding', tile.encoding!).send(Buffer.from(tile.data.buffer, tile.data.byteOffset, tile.data.byteLength));
      const data = tile.encoding === 'gzip' ? gunzipSync(tile.data) : tile.encoding === 'br' ? brotliDecompressSync(tile.data) : Buffer.from(tile.data);
      return reply.send(data);
    },
  );
};
export default routes;
