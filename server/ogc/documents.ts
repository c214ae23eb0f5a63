/** Fixed documents of the OGC API: conformance classes, the WebMercatorQuad tile matrix set, the OGC-only OpenAPI. */

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/landing-page',
  'http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/json',
  'http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/collections',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/tms/2.0/conf/tilematrixset',
  'http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset',
];

export const WEB_MERCATOR_QUAD_URI = 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad';

const HALF_WORLD = 20037508.3427892;

/**
 * OGC Two Dimensional Tile Matrix Set 2.0 (JSON) of WebMercatorQuad, tile matrices 0 to 22 as the tiles are served,
 * with the members of its 1.0 encoding beside them (type, identifier, supportedCRS, boundingBox, topLeftCorner),
 * which clients of that version (GDAL 3.6) read.
 */
export const WEB_MERCATOR_QUAD = {
  type: 'TileMatrixSetType',
  identifier: 'WebMercatorQuad',
  supportedCRS: 'http://www.opengis.net/def/crs/EPSG/0/3857',
  boundingBox: { type: 'BoundingBoxType', crs: 'http://www.opengis.net/def/crs/EPSG/0/3857', lowerCorner: [-HALF_WORLD, -HALF_WORLD], upperCorner: [HALF_WORLD, HALF_WORLD] },
  id: 'WebMercatorQuad',
  title: 'Google Maps Compatible for the World',
  uri: WEB_MERCATOR_QUAD_URI,
  crs: 'http://www.opengis.net/def/crs/EPSG/0/3857',
  orderedAxes: ['X', 'Y'],
  wellKnownScaleSet: 'http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible',
  tileMatrices: Array.from({ length: 23 }, (_, z) => {
    const cellSize = (2 * HALF_WORLD) / 256 / 2 ** z;
    return {
      id: String(z),
      identifier: String(z),
      topLeftCorner: [-HALF_WORLD, HALF_WORLD],
      // 0.28 mm per pixel, as the standard defines the scale denominator.
      scaleDenominator: cellSize / 0.00028,
      cellSize,
      cornerOfOrigin: 'topLeft',
      pointOfOrigin: [-HALF_WORLD, HALF_WORLD],
      tileWidth: 256,
      tileHeight: 256,
      matrixWidth: 2 ** z,
      matrixHeight: 2 ** z,
    };
  }),
};

/**
 * The OpenAPI document of the OGC API alone, as the standard wants it at /ogc/api: the routes under /ogc of the
 * whole API's document, with paths relative to the service (`/collections/communes/items`), which is where GIS
 * clients look for each collection's query parameters.
 */
export function ogcOpenApi(whole: Record<string, unknown>, base: string): Record<string, unknown> {
  const paths = (whole.paths ?? {}) as Record<string, unknown>;
  const own = Object.fromEntries(
    Object.entries(paths)
      .filter(([p]) => p === '/ogc' || p === '/ogc/' || p.startsWith('/ogc/'))
      .map(([p, v]) => [p.slice('/ogc'.length) || '/', v]),
  );
  return {
    ...whole,
    info: { title: 'Posture – OGC API Features and Tiles', version: (whole.info as { version?: string } | undefined)?.version ?? '0', description: "Posture's layers, limited to the area of the caller" },
    servers: [{ url: base }],
    paths: own,
  };
}
