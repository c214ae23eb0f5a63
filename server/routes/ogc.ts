import Type from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../schemas/common.ts';
import {
  AsOfParam,
  Conformance,
  ItemsQueryCommon,
  JsonDocument,
  LandingPage,
  MAX_ITEMS_LIMIT,
  OgcCollection,
  OgcCollections,
  OgcFeature,
  OgcFeatureCollection,
  OgcTileParams,
  OgcViewQuery,
  type OgcLink,
} from '../schemas/ogc.ts';
import { COLLECTIONS, type CollectionDefinition, type PropertyDefinition } from '../ogc/collections.ts';
import { CRS84, CRS_URIS } from '../ogc/crs.ts';
import { parseBbox, parseCrs, parseDatetime } from '../ogc/params.ts';
import { ogcFeatures, type ItemsQuery } from '../repositories/ogc-features.ts';
import { LAYERS } from '../repositories/tiles.ts';
import { authOf } from '../plugins/auth.ts';
import { badRequest, notFound } from '../errors.ts';
import { said } from '../text/lang.ts';
import { CONFORMANCE, WEB_MERCATOR_QUAD, WEB_MERCATOR_QUAD_URI, ogcOpenApi } from '../ogc/documents.ts';
import type { RoutePlugin } from './types.ts';

const JSON_TYPE = 'application/json';
const GEOJSON_TYPE = 'application/geo+json';
const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';
const SCHEMA_TYPE = 'application/schema+json';
const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
const TILESETS_VECTOR = 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector';

/** The absolute base of the service for links: http(s)://host/ogc. */
const baseOf = (req: FastifyRequest) => `${req.protocol}://${req.host}/ogc`;

/** A JSON Schema of one property, for the queryables and the query parameters. */
function propertySchema(p: PropertyDefinition): Record<string, unknown> {
  const s: Record<string, unknown> = { title: p.title };
  if (p.type === 'date') Object.assign(s, { type: 'string', format: 'date' });
  else s.type = p.type;
  if (p.values) s.enum = [...p.values];
  return s;
}

/** The query parameters a route declares; any other is refused (OGC API Features, /req/core/query-param-unknown). */
function refuseUnknownParameters(schema: { properties: Record<string, unknown> }) {
  const known = new Set(Object.keys(schema.properties));
  return async (req: FastifyRequest) => {
    for (const name of Object.keys((req.query as Record<string, unknown>) ?? {})) {
      if (!known.has(name)) {
        const list = [...known].join(', ');
        throw badRequest(said(`query parameter "${name.slice(0, 60)}" is not known here; use ${list}`, `tham số "${name.slice(0, 60)}" không dùng được ở đây; hãy dùng ${list}`));
      }
    }
  };
}

/** The request's own URL with some query parameters replaced, absolute. */
function urlWith(req: FastifyRequest, changes: Record<string, string | number>): string {
  const url = new URL(req.url, `${req.protocol}://${req.host}`);
  for (const [k, v] of Object.entries(changes)) url.searchParams.set(k, String(v));
  return url.toString();
}

/** The view and date parameters a link keeps (province, asOf, datetime), as a query string. */
function keptQuery(req: FastifyRequest, names = ['province', 'asOf', 'datetime']): string {
  const q = req.query as Record<string, unknown>;
  const kept = new URLSearchParams();
  for (const n of names) if (typeof q[n] === 'string' && q[n] !== '') kept.set(n, q[n] as string);
  return kept.size > 0 ? `?${kept}` : '';
}

/** Values of a property filter (comma-separated, any of them), checked against the property's type and values. */
function filterValues(name: string, p: PropertyDefinition, text: string): (string | number | boolean)[] {
  const field = `querystring/${name}`;
  const raw = text.split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (raw.length === 0 || raw.length > 100) throw badRequest(said(`${field} must list 1 to 100 values, comma-separated`, `${field} phải liệt kê 1 đến 100 giá trị, cách nhau bởi dấu phẩy`));
  return raw.map((v) => {
    if (p.type === 'integer') {
      if (!/^[0-9]{1,9}$/.test(v)) throw badRequest(said(`${field}: "${v.slice(0, 40)}" is not a whole number`, `${field}: "${v.slice(0, 40)}" không phải số nguyên`));
      return Number(v);
    }
    if (p.type === 'boolean') {
      if (v !== 'true' && v !== 'false') throw badRequest(said(`${field}: "${v.slice(0, 40)}" is not true or false`, `${field}: "${v.slice(0, 40)}" không phải true hoặc false`));
      return v === 'true';
    }
    if (p.values && !p.values.includes(v)) {
      throw badRequest(said(`${field}: "${v.slice(0, 40)}" is not one of ${p.values.join(', ')}`, `${field}: "${v.slice(0, 40)}" không thuộc ${p.values.join(', ')}`));
    }
    return v;
  });
}

const routes: RoutePlugin = async (app, { db, today, tiles }) => {
  const read = { access: 'read' as const };

  const collectionLinks = (base: string, def: CollectionDefinition, query: string): OgcLink[] => {
    const links: OgcLink[] = [
      { href: `${base}/collections/${def.id}${query}`, rel: 'self', type: JSON_TYPE, title: def.title },
      { href: `${base}/collections/${def.id}/items${query}`, rel: 'items', type: GEOJSON_TYPE, title: `${def.title} (GeoJSON)` },
      { href: `${base}/collections/${def.id}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: SCHEMA_TYPE, title: 'Queryables' },
    ];
    if (def.tileLayer) {
      links.push({ href: `${base}/collections/${def.id}/tiles${query}`, rel: TILESETS_VECTOR, type: JSON_TYPE, title: 'Vector tiles' });
    }
    return links;
  };

  async function collectionDocument(req: FastifyRequest, def: CollectionDefinition) {
    const base = baseOf(req);
    const date = (req.query as { asOf?: string }).asOf ?? today();
    const bbox = await ogcFeatures(db, authOf(req).scope).extent(def, date);
    return {
      id: def.id,
      title: def.title,
      description: def.description,
      itemType: 'feature',
      extent: { spatial: { bbox: bbox ? [bbox] : [], crs: CRS84 } },
      crs: CRS_URIS,
      storageCrs: CRS84,
      links: collectionLinks(base, def, keptQuery(req, ['province', 'asOf'])),
    };
  }

  app.get('/', { config: read, schema: { querystring: Type.Object(OgcViewQuery), response: { 200: LandingPage } } }, async (req, reply) => {
    const base = baseOf(req);
    reply.type(JSON_TYPE);
    return {
      title: 'Posture',
      description: "Posture's layers through OGC API – Features and Tiles, limited to the area of the caller",
      links: [
        { href: base, rel: 'self', type: JSON_TYPE, title: 'This document' },
        { href: `${base}/api`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'The API definition (OpenAPI 3.0)' },
        { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
        { href: `${base}/tileMatrixSets`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes', type: JSON_TYPE, title: 'Tile matrix sets' },
      ],
    };
  });

  app.get('/conformance', { config: read, schema: { querystring: Type.Object(OgcViewQuery), response: { 200: Conformance } } }, async (_req, reply) => {
    reply.type(JSON_TYPE);
    return { conformsTo: CONFORMANCE };
  });

  app.get('/api', { config: read, schema: { querystring: Type.Object(OgcViewQuery) } }, async (req, reply) => {
    // Sent as bytes: Fastify would rewrite the media type of a text answer as version="3.0", which GDAL does
    // not recognise as this type.
    return reply.header('content-type', OPENAPI_TYPE).send(Buffer.from(JSON.stringify(ogcOpenApi(app.swagger() as Record<string, unknown>, baseOf(req)))));
  });

  const collectionsQuery = Type.Object({ ...OgcViewQuery, ...AsOfParam });
  app.get(
    '/collections',
    { config: read, schema: { querystring: collectionsQuery, response: { 200: OgcCollections } } },
    async (req, reply) => {
      reply.type(JSON_TYPE);
      const collections = [];
      for (const def of COLLECTIONS) collections.push(await collectionDocument(req, def));
      return { collections, links: [{ href: `${baseOf(req)}/collections${keptQuery(req, ['province', 'asOf'])}`, rel: 'self', type: JSON_TYPE, title: 'Collections' }] };
    },
  );

  app.get('/tileMatrixSets', { config: read, schema: { querystring: Type.Object(OgcViewQuery), response: { 200: JsonDocument } } }, async (req, reply) => {
    reply.type(JSON_TYPE);
    return {
      tileMatrixSets: [
        { id: 'WebMercatorQuad', title: 'Google Maps Compatible for the World', uri: WEB_MERCATOR_QUAD_URI, links: [{ href: `${baseOf(req)}/tileMatrixSets/WebMercatorQuad`, rel: 'self', type: JSON_TYPE }] },
      ],
    };
  });

  app.get('/tileMatrixSets/WebMercatorQuad', { config: read, schema: { querystring: Type.Object(OgcViewQuery), response: { 200: JsonDocument } } }, async (_req, reply) => {
    reply.type(JSON_TYPE);
    return WEB_MERCATOR_QUAD;
  });

  for (const def of COLLECTIONS) {
    const path = `/collections/${def.id}`;
    const tags = ['OGC API'];
    const filterParams = Object.fromEntries(
      Object.entries(def.properties)
        .filter(([, p]) => p.filter)
        .map(([name, p]) => [name, Type.Optional(Type.String({ maxLength: 2000, description: `${p.title}: one value or several, comma-separated${p.values ? ` (${p.values.join(', ')})` : ''}` }))]),
    );
    const itemsQuery = Type.Object({ ...ItemsQueryCommon, ...AsOfParam, ...filterParams });
    const itemQuery = Type.Object({ ...OgcViewQuery, ...AsOfParam, crs: ItemsQueryCommon.crs, datetime: ItemsQueryCommon.datetime });
    const featureId = Type.Object({
      featureId: def.integerId ? Type.String({ pattern: '^[0-9]{1,9}$' }) : Type.String({ pattern: def.id === 'campaign-communes' ? '^[0-9]{1,9}-[0-9]{5}$' : '^[0-9]{5}$' }),
    });
    // Documents about the collection take the items' parameters without complaint: a client may add its own to every
    // request of a connection (GDAL does with the query of the URL it opens).
    const metaQuery = Type.Object({ ...OgcViewQuery, ...AsOfParam });

    app.get(
      path,
      { config: read, schema: { tags, summary: def.title, querystring: metaQuery, response: { 200: OgcCollection } } },
      async (req, reply) => {
        reply.type(JSON_TYPE);
        return collectionDocument(req, def);
      },
    );

    app.get(
      `${path}/queryables`,
      { config: read, schema: { tags, summary: `${def.title}: queryables`, querystring: Type.Object(OgcViewQuery), response: { 200: JsonDocument } } },
      async (req, reply) => {
        reply.type(SCHEMA_TYPE);
        return {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          $id: `${baseOf(req)}${path}/queryables`,
          type: 'object',
          title: def.title,
          properties: Object.fromEntries(Object.entries(def.properties).filter(([, p]) => p.filter).map(([n, p]) => [n, propertySchema(p)])),
          additionalProperties: false,
        };
      },
    );

    /** Date, period, box, CRS and filters of an items or item request, checked; 400 naming the parameter otherwise. */
    function itemsQueryOf(q: Record<string, string | number | undefined>): Omit<ItemsQuery, 'limit' | 'offset'> {
      let date = (q.asOf as string | undefined) ?? today();
      let period: ItemsQuery['period'] = null;
      if (typeof q.datetime === 'string' && q.datetime !== '') {
        const dt = parseDatetime(q.datetime);
        if (def.time === 'snapshot') {
          if (dt.interval) {
            throw badRequest(
              said(
                `querystring/datetime: collection ${def.id} is read at one date (the statuses in force that day); give one instant, not an interval`,
                `querystring/datetime: lớp ${def.id} được đọc tại một ngày (các trạng thái có hiệu lực ngày đó); hãy cho một thời điểm, không phải một khoảng`,
              ),
            );
          }
          if (q.asOf !== undefined && q.asOf !== dt.start) {
            throw badRequest(said(`querystring: datetime (${dt.start}) and asOf (${q.asOf}) name different dates`, `querystring: datetime (${dt.start}) và asOf (${q.asOf}) là hai ngày khác nhau`));
          }
          date = dt.start!;
        } else if (def.time === 'period') {
          period = { start: dt.start, end: dt.end };
        }
      }
      const crs = parseCrs(q.crs as string | undefined, 'querystring/crs');
      const bbox = typeof q.bbox === 'string' ? parseBbox(q.bbox, parseCrs(q['bbox-crs'] as string | undefined, 'querystring/bbox-crs')) : null;
      const filters: ItemsQuery['filters'] = {};
      for (const [name, p] of Object.entries(def.properties)) {
        const v = q[name];
        if (p.filter && typeof v === 'string') filters[name] = filterValues(name, p, v);
      }
      const cql = typeof q.filter === 'string' && q.filter.trim() !== '' ? q.filter : undefined;
      return { date, period, bbox, filters, crs, cql };
    }

    app.get(
      `${path}/items`,
      {
        config: read,
        schema: { tags, summary: `${def.title}: features`, querystring: itemsQuery, response: { 200: OgcFeatureCollection, 400: ApiError } },
        preValidation: refuseUnknownParameters(itemsQuery),
      },
      async (req, reply) => {
        const q = req.query as Record<string, string | number | undefined>;
        const limit = Math.min(Number(q.limit ?? 10), MAX_ITEMS_LIMIT);
        const offset = Number(q.offset ?? 0);
        const query = { ...itemsQueryOf(q), limit, offset };
        const { features, matched } = await ogcFeatures(db, authOf(req).scope).items(def, query);
        const links: OgcLink[] = [
          { href: urlWith(req, { limit, offset }), rel: 'self', type: GEOJSON_TYPE, title: 'This page' },
          { href: `${baseOf(req)}${path}${keptQuery(req, ['province'])}`, rel: 'collection', type: JSON_TYPE, title: def.title },
        ];
        if (offset + features.length < matched) links.push({ href: urlWith(req, { limit, offset: offset + limit }), rel: 'next', type: GEOJSON_TYPE, title: 'Next page' });
        if (offset > 0) links.push({ href: urlWith(req, { limit, offset: Math.max(0, offset - limit) }), rel: 'prev', type: GEOJSON_TYPE, title: 'Previous page' });
        reply.type(GEOJSON_TYPE).header('Content-Crs', `<${query.crs}>`);
        return {
          type: 'FeatureCollection' as const,
          features,
          numberMatched: matched,
          numberReturned: features.length,
          timeStamp: new Date().toISOString(),
          links,
        };
      },
    );

    app.get(
      `${path}/items/:featureId`,
      {
        config: read,
        schema: { tags, summary: `${def.title}: one feature`, params: featureId, querystring: itemQuery, response: { 200: OgcFeature, 404: ApiError } },
        preValidation: refuseUnknownParameters(itemQuery),
      },
      async (req, reply) => {
        const q = req.query as Record<string, string | number | undefined>;
        const query = { ...itemsQueryOf(q), filters: {}, period: null, bbox: null, cql: undefined, id: req.params.featureId, limit: 1, offset: 0 };
        const [feature] = (await ogcFeatures(db, authOf(req).scope).items(def, query)).features;
        if (!feature) throw notFound(said(`feature ${req.params.featureId} of collection ${def.id} not found`, `không tìm thấy đối tượng ${req.params.featureId} của lớp ${def.id}`));
        reply.type(GEOJSON_TYPE).header('Content-Crs', `<${query.crs}>`);
        return {
          ...feature,
          links: [
            { href: urlWith(req, {}), rel: 'self', type: GEOJSON_TYPE },
            { href: `${baseOf(req)}${path}${keptQuery(req, ['province'])}`, rel: 'collection', type: JSON_TYPE, title: def.title },
          ],
        };
      },
    );

    const layer = def.tileLayer;
    if (!layer) continue;
    const tileQuery = Type.Object({ ...OgcViewQuery, ...AsOfParam });

    const tilesetLinks = (req: FastifyRequest) => {
      const base = baseOf(req);
      const query = keptQuery(req, ['province', 'asOf']);
      return [
        { href: `${base}${path}/tiles/WebMercatorQuad${query}`, rel: 'self', type: JSON_TYPE, title: `${def.title}: vector tiles` },
        { href: `${base}/tileMatrixSets/WebMercatorQuad`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme', type: JSON_TYPE, title: 'WebMercatorQuad' },
        { href: `${base}${path}/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}${query}`, rel: 'item', type: MVT_TYPE, templated: true, title: 'Tiles (Mapbox vector tiles)' },
        { href: `${req.protocol}://${req.host}/api/tiles/${layer}.json${query}`, rel: 'alternate', type: JSON_TYPE, title: 'TileJSON 3.0.0' },
        { href: `${base}${path}${keptQuery(req, ['province', 'asOf'])}`, rel: 'collection', type: JSON_TYPE, title: def.title },
      ];
    };

    const tilesetDocument = (req: FastifyRequest) => ({
      title: `${def.title}: vector tiles`,
      dataType: 'vector',
      crs: 'http://www.opengis.net/def/crs/EPSG/0/3857',
      tileMatrixSetURI: WEB_MERCATOR_QUAD_URI,
      links: tilesetLinks(req),
      layers: [
        {
          id: layer,
          dataType: 'vector',
          geometryDimension: LAYERS[layer].geometry === 'point' ? 0 : LAYERS[layer].geometry === 'line' ? 1 : 2,
          minTileMatrix: '0',
          maxTileMatrix: '22',
          propertiesSchema: {
            type: 'object',
            properties: Object.fromEntries(Object.entries(LAYERS[layer].fields).map(([n, t]) => [n, { type: t.toLowerCase() }])),
          },
        },
      ],
    });

    app.get(
      `${path}/tiles`,
      { config: read, schema: { tags, summary: `${def.title}: tilesets`, querystring: tileQuery, response: { 200: JsonDocument } } },
      async (req, reply) => {
        reply.type(JSON_TYPE);
        const { layers: _, ...summary } = tilesetDocument(req);
        return { tilesets: [summary], links: [{ href: `${baseOf(req)}${path}/tiles${keptQuery(req, ['province', 'asOf'])}`, rel: 'self', type: JSON_TYPE }] };
      },
    );

    app.get(
      `${path}/tiles/WebMercatorQuad`,
      { config: read, schema: { tags, summary: `${def.title}: tileset`, querystring: tileQuery, response: { 200: JsonDocument } } },
      async (req, reply) => {
        reply.type(JSON_TYPE);
        return tilesetDocument(req);
      },
    );

    app.get(
      `${path}/tiles/WebMercatorQuad/:tileMatrix/:tileRow/:tileCol`,
      { config: read, schema: { tags, summary: `${def.title}: one vector tile`, params: OgcTileParams, querystring: tileQuery, response: { 400: ApiError } } },
      async (req: FastifyRequest<{ Params: { tileMatrix: number; tileRow: number; tileCol: number }; Querystring: { asOf?: string } }>, reply: FastifyReply) => {
        const { tileMatrix: z, tileRow: y, tileCol: x } = req.params;
        const last = 2 ** z - 1;
        if (x > last || y > last) throw badRequest(`tile ${z}/${y}/${x} does not exist: at tile matrix ${z}, rows and columns run from 0 to ${last}`);
        return tiles.answer(req, reply, { layer, z, x, y }, req.query.asOf ?? today(), authOf(req).scope);
      },
    );
  }
};
export default routes;

