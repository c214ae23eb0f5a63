import Type, { type Static } from 'typebox';
import { IsoDate } from './common.ts';
import { MAX_ZOOM, TILE_LAYERS } from '../repositories/tiles.ts';

export const TileLayerName = Type.Enum(TILE_LAYERS, { description: 'Tile layer' });

/** z/x/y of a tile; x and y below 2^z are checked by the route, which names the range in its message. */
export const TileParams = Type.Object({
  layer: TileLayerName,
  z: Type.Integer({ minimum: 0, maximum: MAX_ZOOM }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
});
export type TileParams = Static<typeof TileParams>;

export const TileJsonParams = Type.Object({ layer: TileLayerName });

export const TileQuery = Type.Object({
  asOf: Type.Optional(IsoDate),
  /** The view (read by the auth hook, see users.scopeOf); declared so that it is documented with the route. */
  province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
});
export type TileQuery = Static<typeof TileQuery>;

const FieldType = Type.Union([Type.Literal('String'), Type.Literal('Number'), Type.Literal('Boolean')]);

/** TileJSON 3.0.0 of one layer (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0). */
export const TileJson = Type.Object({
  tilejson: Type.Literal('3.0.0'),
  name: Type.String(),
  description: Type.String(),
  scheme: Type.Literal('xyz'),
  tiles: Type.Array(Type.String()),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  bounds: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
  vector_layers: Type.Array(
    Type.Object({
      id: Type.String(),
      description: Type.String(),
      minzoom: Type.Integer(),
      maxzoom: Type.Integer(),
      fields: Type.Record(Type.String(), FieldType),
    }),
  ),
});
export type TileJson = Static<typeof TileJson>;
