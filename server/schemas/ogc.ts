import Type, { type Static } from 'typebox';
import { IsoDate } from './common.ts';

/** Answers of the OGC API routes, described loosely: they follow the OGC schemas, which hold more than is checked here. */
export const OgcLink = Type.Object(
  {
    href: Type.String(),
    rel: Type.String(),
    type: Type.Optional(Type.String()),
    title: Type.Optional(Type.String()),
    templated: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type OgcLink = Static<typeof OgcLink>;

const open = { additionalProperties: true } as const;

export const LandingPage = Type.Object({ title: Type.String(), description: Type.String(), links: Type.Array(OgcLink) }, open);
export const Conformance = Type.Object({ conformsTo: Type.Array(Type.String()) }, open);
export const OgcCollection = Type.Object({ id: Type.String(), title: Type.String(), links: Type.Array(OgcLink) }, open);
export const OgcCollections = Type.Object({ collections: Type.Array(OgcCollection), links: Type.Array(OgcLink) }, open);
export const OgcFeatureCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(Type.Unknown()),
    numberMatched: Type.Integer(),
    numberReturned: Type.Integer(),
    timeStamp: Type.String(),
    links: Type.Array(OgcLink),
  },
  open,
);
export const OgcFeature = Type.Object({ type: Type.Literal('Feature'), id: Type.Union([Type.String(), Type.Integer()]), geometry: Type.Unknown(), properties: Type.Unknown() }, open);
export const JsonDocument = Type.Object({}, open);

/** Query parameters every OGC API route takes: the view (province) as everywhere in the API. */
export const OgcViewQuery = {
  province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', description: 'Province code: the view, within the area of the caller' })),
  f: Type.Optional(Type.Literal('json', { description: 'Encoding: JSON only' })),
};

export const MAX_ITEMS_LIMIT = 10_000;
export const MAX_ITEMS_OFFSET = 10_000_000;

export const ItemsQueryCommon = {
  ...OgcViewQuery,
  limit: Type.Optional(
    Type.Integer({ minimum: 1, default: 10, description: `Features per page, 10 by default; a larger value than ${MAX_ITEMS_LIMIT} is taken as ${MAX_ITEMS_LIMIT}` }),
  ),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ITEMS_OFFSET, default: 0, description: 'Features to skip (the next and prev links carry it)' })),
  bbox: Type.Optional(
    Type.String({ maxLength: 200, description: 'west,south,east,north (or with heights: 6 numbers), in bbox-crs (CRS84 by default)' }),
  ),
  'bbox-crs': Type.Optional(Type.String({ maxLength: 100, description: 'CRS of bbox: CRS84, EPSG:4326 (latitude first) or EPSG:3857' })),
  crs: Type.Optional(Type.String({ maxLength: 100, description: 'CRS of the answer: CRS84 (default), EPSG:4326 (latitude first) or EPSG:3857' })),
  filter: Type.Optional(
    Type.String({
      maxLength: 2000,
      description: "A CQL2 text filter on the properties: = <> < <= > >=, IN (…), IS [NOT] NULL, AND, OR, NOT, e.g. drug_free IN ('certified','revoked') AND population > 5000",
    }),
  ),
  'filter-lang': Type.Optional(Type.Literal('cql2-text', { description: 'The language of filter: cql2-text only' })),
  datetime: Type.Optional(
    Type.String({ maxLength: 60, description: 'An instant (2025-06-30 or 2025-06-30T00:00:00Z) or, for the status history, an interval (2024-01-01/2025-12-31, ../2025-12-31, 2024-01-01/..)' }),
  ),
};
/**
 * The date dated properties are read at (statuses, HQ status, open gates), default today; accepted by every
 * collection so that one `?asOf=` can follow a client through all of them (no effect where nothing is dated).
 */
export const AsOfParam = { asOf: Type.Optional(IsoDate) };

/** z/row/col of a tile in the WebMercatorQuad tile matrix set (row = y, col = x). */
export const OgcTileParams = Type.Object({
  tileMatrix: Type.Integer({ minimum: 0, maximum: 22 }),
  tileRow: Type.Integer({ minimum: 0 }),
  tileCol: Type.Integer({ minimum: 0 }),
});
