import Type, { type Static } from 'typebox';

/** Deepest zoom a tile may be asked at (PMTiles and MBTiles archives stop well before). */
export const BASEMAP_MAX_ZOOM = 30;

/** z/x/y of a basemap tile; x and y below 2^z are checked by the route, which names the range in its message. */
export const BasemapTileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: BASEMAP_MAX_ZOOM }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
});
export type BasemapTileParams = Static<typeof BasemapTileParams>;

export const BasemapTileQuery = Type.Object({
  /** The file's version, which the TileJSON puts in the tile URLs so that a replaced file is never read from a cache. */
  v: Type.Optional(Type.String({ maxLength: 64 })),
});

const Bbox = Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]);

/** TileJSON 3.0.0 of the operator's basemap, with what the client needs to style it. */
export const BasemapTileJson = Type.Object({
  tilejson: Type.Literal('3.0.0'),
  name: Type.Union([Type.String(), Type.Null()]),
  /** From the file's metadata (HTML as the file's author wrote it, e.g. `<a href=…>© OpenStreetMap</a>`). */
  attribution: Type.Union([Type.String(), Type.Null()]),
  scheme: Type.Literal('xyz'),
  tiles: Type.Array(Type.String()),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  bounds: Bbox,
  center: Type.Union([Type.Tuple([Type.Number(), Type.Number(), Type.Number()]), Type.Null()]),
  /** vector: MVT tiles to style; raster: images to draw as they are. */
  type: Type.Union([Type.Literal('vector'), Type.Literal('raster')]),
  format: Type.Union([Type.Literal('mvt'), Type.Literal('png'), Type.Literal('jpeg'), Type.Literal('webp')]),
  container: Type.Union([Type.Literal('pmtiles'), Type.Literal('mbtiles')]),
  vector_layers: Type.Array(Type.Object({ id: Type.String() })),
});
export type BasemapTileJson = Static<typeof BasemapTileJson>;

/** A tile's bytes (MVT or an image), as stored or decompressed. */
export const BasemapTile = Type.Unsafe<Buffer>({ description: 'the tile: application/vnd.mapbox-vector-tile, image/png, image/jpeg or image/webp' });
/** 204 (no tile there) and 304 (not modified) answer nothing. */
export const NoContent = Type.Unsafe<undefined>({ description: 'no content' });
