import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Db, Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { sqlFile } from '../sql/index.ts';

/** Tile layers, each named the same in the URL, in the tile and in the TileJSON. */
export const TILE_LAYERS = ['communes', 'border-communes', 'hqs', 'border-gates', 'border-lines', 'villages'] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

/** Tile coordinates are integers 0–4095 (plus the buffer) in every tile. */
export const TILE_EXTENT = 4096;
export const MAX_ZOOM = 22;

type FieldType = 'String' | 'Number' | 'Boolean';

interface LayerDefinition {
  sql: string;
  /** True when the layer reads statuses (or openings) as of a date: $4 is the date and $5 the scope; else $4 the scope. */
  dated: boolean;
  /**
   * Kept prepared on each PostgreSQL connection, so that its tiles are not planned one by one: for a layer whose
   * generic plan (the tile a parameter) was measured as fast as the plan of each tile.
   */
  prepared?: boolean;
  /** Tables whose changes (see migration 011) can change this layer's tiles. */
  sources: readonly string[];
  geometry: 'polygon' | 'line' | 'point';
  /** Attributes of the features as TileJSON `vector_layers` lists them (the feature id is not among them). */
  fields: Record<string, FieldType>;
  description: string;
}

const STATUS_FIELDS = { key_complex: 'String', drug_key_area: 'String', transformation: 'String', drug_free: 'String', safe_standard: 'String' } as const;

export const LAYERS: Record<TileLayer, LayerDefinition> = {
  communes: {
    sql: sqlFile('tile-communes'),
    dated: true,
    prepared: true,
    sources: ['commune', 'commune_status', 'police_hq', 'police_hq_status'],
    geometry: 'polygon',
    fields: { code: 'String', name: 'String', kind: 'String', provinceCode: 'String', ...STATUS_FIELDS, hqStatus: 'String' },
    description: 'Communes with the value of each status kind and their HQ status as of the date; the feature id is the code as a number',
  },
  'border-communes': {
    sql: sqlFile('tile-border-communes'),
    dated: false,
    sources: ['commune', 'border_commune'],
    geometry: 'polygon',
    fields: { code: 'String', name: 'String', kind: 'String', provinceCode: 'String', countries: 'String', distanceM: 'Number', touches: 'Boolean' },
    description: 'Border communes: countries faced (comma-separated ISO codes), distance to the border in metres, touching it or not',
  },
  hqs: {
    sql: sqlFile('tile-hqs'),
    dated: true,
    sources: ['police_hq', 'police_hq_status'],
    geometry: 'point',
    fields: { name: 'String', communeCode: 'String', status: 'String', staffCount: 'Number' },
    description: 'Commune police HQs with their status as of the date',
  },
  'border-gates': {
    sql: sqlFile('tile-border-gates'),
    dated: true,
    sources: ['border_gate'],
    geometry: 'point',
    fields: { name: 'String', level: 'String', countryCode: 'String', communeCode: 'String' },
    description: 'Border gates open on the date',
  },
  'border-lines': {
    sql: sqlFile('tile-border-lines'),
    dated: false,
    sources: ['national_border'],
    geometry: 'line',
    fields: { countryCode: 'String', name: 'String' },
    description: 'The national border line per neighbouring country',
  },
  villages: {
    sql: sqlFile('tile-villages'),
    dated: false,
    sources: ['village'],
    geometry: 'point',
    fields: { name: 'String', communeCode: 'String', population: 'Number' },
    description: 'Villages with their population',
  },
};

// Layer names and fields are constants of this module, never text from a request.
const NATIVE = Object.fromEntries(
  TILE_LAYERS.map((l) => [l, `SELECT ST_AsMVT(t, '${l}', ${TILE_EXTENT}, 'geom', 'id') AS tile FROM (${LAYERS[l].sql}) t WHERE NOT ST_IsEmpty(t.geom)`]),
) as Record<TileLayer, string>;
// The attributes and the geometry as GeoJSON, without the geometry itself (half the bytes of a row).
const SELECTED = Object.fromEntries(
  TILE_LAYERS.map((l) => [l, `SELECT t.id, ${Object.keys(LAYERS[l].fields).map((f) => `t."${f}"`).join(', ')}, ST_AsGeoJSON(t.geom, 0) AS tile_geom FROM (${LAYERS[l].sql}) t`]),
) as Record<TileLayer, string>;
/**
 * Where a layer's SQL puts its geometry in tile coordinates: posture_tile_geom(g, $1, $2, $3), or for commune outlines
 * posture_tile_fit(g, frame.f), which is posture_tile_outline(g, $1, $2, $3) in two parts (migration 020).
 */
const TILE_FUNCTION = /posture_tile_geom\(([^,]+), \$1, \$2, \$3\)|posture_tile_fit\(([^,]+), frame\.f\)/;
/** The same function for one geometry of tile $2/$3/$4. */
const CLIP = Object.fromEntries(
  TILE_LAYERS.map((l) => [l, TILE_FUNCTION.exec(LAYERS[l].sql)![1] !== undefined ? 'posture_tile_geom' : 'posture_tile_outline']),
) as Record<TileLayer, string>;
/** The layer's SQL with its geometry left as stored, not clipped to the tile. */
const UNCLIPPED_SQL = Object.fromEntries(
  TILE_LAYERS.map((l) => [l, LAYERS[l].sql.replace(TILE_FUNCTION, (_all, geom?: string, outline?: string) => geom ?? outline!)]),
) as Record<TileLayer, string>;
const CANDIDATES = Object.fromEntries(TILE_LAYERS.map((l) => [l, `SELECT count(*)::int AS n FROM (${UNCLIPPED_SQL[l]}) t`])) as Record<TileLayer, string>;
// The same selection one feature at a time, without the clip to the tile: the fallback when the embedded GEOS gives
// up on a shape (see tileOf).
const UNCLIPPED = `ST_ForcePolygonCCW(ST_RemoveRepeatedPoints(ST_SnapToGrid(ST_Affine(ST_Transform($1::geometry, 3857),
  4096 * power(2, $2::int) / 40075016.68557849, 0, 0, -4096 * power(2, $2::int) / 40075016.68557849,
  2048 * power(2, $2::int) - 4096.0 * $3::int, 2048 * power(2, $2::int) - 4096.0 * $4::int), 1)))`;

const REVISION = `SELECT coalesce(max(revision), 0)::bigint AS revision FROM tile_change
  WHERE (source = ANY ($1::text[]) OR source = '*') AND (bbox IS NULL OR bbox && posture_tile_box($2, $3, $4))`;

const BOUNDS = `SELECT ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
  FROM (SELECT ST_Extent(geom) AS e FROM commune WHERE $1::text[] IS NULL OR code = ANY ($1::text[])) b`;

export interface TileAddress {
  layer: TileLayer;
  z: number;
  x: number;
  y: number;
}

const params = (t: TileAddress, asOf: string, scope: Scope) =>
  LAYERS[t.layer].dated ? [t.z, t.x, t.y, asOf, scope.communes] : [t.z, t.x, t.y, scope.communes];

/**
 * The revision of one tile: the highest revision among the changes of the layer's tables that meet the tile (see
 * migration 011). Read it before the tile: a change committed in between then only makes the next request read the
 * tile again.
 */
export async function tileRevision(db: Queryable, t: TileAddress): Promise<number> {
  const [{ revision }] = await db.query<{ revision: number }>(REVISION, [LAYERS[t.layer].sources, t.z, t.x, t.y], { readOnly: true });
  return revision;
}

/**
 * One Mapbox vector tile (version 2, extent 4096) of the layer, limited to the scope in SQL; zero bytes when the
 * tile holds nothing. PostgreSQL encodes it with ST_AsMVT; the embedded database, whose PostGIS has no protobuf
 * support, selects the same rows and geometries and they are encoded here with vt-pbf.
 */
export async function tileOf(db: Db, t: TileAddress, asOf: string, scope: Scope): Promise<Buffer> {
  const p = params(t, asOf, scope);
  if (db.kind === 'postgres') {
    const [row] = await db.query<{ tile: Buffer | null }>(NATIVE[t.layer], p, LAYERS[t.layer].prepared ? { name: `tile-${t.layer}` } : {});
    return row?.tile ?? Buffer.alloc(0);
  }
  let rows = await db.query<Record<string, unknown> & { tile_geom: string | null; geom: string | null }>(SELECTED[t.layer], p);
  if (rows.length === 0) {
    // The embedded GEOS ends a statement with no row and no error when it gives up on a shape (migration 008): when
    // the tile should hold something, every feature is read on its own, unclipped if need be (a geometry reaching
    // past the tile is valid in a tile, only larger).
    const [{ n }] = await db.query<{ n: number }>(CANDIDATES[t.layer], p);
    if (n > 0) rows = await oneByOne(db, t, p);
  }
  const features = [];
  for (const row of rows) {
    const geometry = row.tile_geom ? toTileGeometry(JSON.parse(row.tile_geom), LAYERS[t.layer].geometry) : null;
    if (!geometry) continue;
    const tags: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(row)) {
      if (k === 'id' || k === 'geom' || k === 'tile_geom' || v === null || v === undefined) continue;
      tags[k] = v as string | number | boolean;
    }
    features.push({ id: Number(row.id), tags, ...geometry });
  }
  if (features.length === 0) return Buffer.alloc(0);
  const bytes = fromGeojsonVt({ [t.layer]: { features } } as unknown as Parameters<typeof fromGeojsonVt>[0], { version: 2, extent: TILE_EXTENT });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The rows of the tile read feature by feature (by their rank in the layer's order), each clipped or else not. */
async function oneByOne(db: Db, t: TileAddress, p: unknown[]) {
  const raw = await db.query<Record<string, unknown> & { geom: string }>(UNCLIPPED_SQL[t.layer], p);
  const out = [];
  for (const row of raw) {
    const clipped = await db.query<{ g: string | null }>(`SELECT ST_AsGeoJSON(${CLIP[t.layer]}($1::geometry, $2, $3, $4), 0) AS g`, [row.geom, t.z, t.x, t.y]);
    const g = clipped.length > 0 ? clipped[0].g : (await db.query<{ g: string | null }>(`SELECT ST_AsGeoJSON(${UNCLIPPED}, 0) AS g`, [row.geom, t.z, t.x, t.y]))[0]?.g;
    out.push({ ...row, tile_geom: g ?? null });
  }
  return out;
}

type TileGeometry = { type: 1 | 2 | 3; geometry: number[][] | number[][][] };

/** GeoJSON in tile coordinates to the shape vt-pbf writes: points, lines or rings, of the layer's geometry only. */
function toTileGeometry(g: { type: string; coordinates?: unknown; geometries?: unknown[] }, kind: LayerDefinition['geometry']): TileGeometry | null {
  const parts = (x: { type: string; coordinates?: unknown; geometries?: unknown[] }): { type: string; coordinates: unknown }[] =>
    x.type === 'GeometryCollection' ? (x.geometries as (typeof x)[]).flatMap(parts) : [x as { type: string; coordinates: unknown }];
  const points: number[][] = [];
  const lines: number[][][] = [];
  for (const p of parts(g)) {
    if (kind === 'point' && p.type === 'Point') points.push(p.coordinates as number[]);
    else if (kind === 'point' && p.type === 'MultiPoint') points.push(...(p.coordinates as number[][]));
    else if (kind === 'line' && p.type === 'LineString') lines.push(p.coordinates as number[][]);
    else if (kind === 'line' && p.type === 'MultiLineString') lines.push(...(p.coordinates as number[][][]));
    else if (kind === 'polygon' && p.type === 'Polygon') lines.push(...(p.coordinates as number[][][]));
    else if (kind === 'polygon' && p.type === 'MultiPolygon') lines.push(...(p.coordinates as number[][][][]).flat());
  }
  if (kind === 'point') return points.length > 0 ? { type: 1, geometry: points } : null;
  // An empty geometry (nothing of it left in the tile) comes as a part without positions.
  const kept = lines.filter((l) => l.length >= (kind === 'line' ? 2 : 4));
  return kept.length > 0 ? { type: kind === 'line' ? 2 : 3, geometry: kept } : null;
}

/** West, south, east, north of the scope's communes; null when it holds none. */
export async function scopeBounds(db: Queryable, scope: Scope): Promise<[number, number, number, number] | null> {
  const [b] = await db.query<{ west: number | null; south: number; east: number; north: number }>(BOUNDS, [scope.communes]);
  return b && b.west !== null ? [b.west, b.south, b.east, b.north] : null;
}
