/**
 * Data for checking the analyses against PostGIS and for the benchmark: real boundaries read from
 * ../shared/geodata (never copied into the repository), deterministic synthetic HQs and villages, and the
 * PostGIS `geography` queries that compute the same results as server/analysis/.
 */
import { readFileSync } from 'node:fs';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { Queryable } from '../../server/db/client.ts';
import type { BorderFC, CommuneFC, GateFC, HqFC, VillageFC } from '../../server/analysis/types.ts';
import { geodataDir } from './env.ts';
import { sqlFile } from '../../server/sql/index.ts';

/** Small deterministic RNG (mulberry32): the same seed gives the same data on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const readGeodata = <T>(path: string): T => JSON.parse(readFileSync(`${geodataDir}/${path}`, 'utf8')) as T;

interface SourceProps {
  ma_xa: string;
  ten: string;
  tam_lon: number;
  tam_lat: number;
}

export interface AnalysisData {
  communes: CommuneFC;
  hqs: HqFC;
  villages: VillageFC;
  border?: BorderFC;
  gates?: GateFC;
}

const point = (coordinates: Position): Point => ({ type: 'Point', coordinates });

/**
 * Real 2025 communes (`dienbien/…` or `vietnam/…`), their geometry repaired by PostGIS as the import does
 * (ST_MakeValid: 41 national rings and one in Điện Biên self-intersect), so both sides get the same valid input.
 * Returns the communes, their label points (the source's `tam_lon`/`tam_lat`) and the codes PostGIS gave no
 * row for: embedded PostGIS (PGlite) answers some GEOS calls on a few large multi-part communes (e.g. 06688
 * Phường Hạ Long) with zero rows and no error, and one such row empties its whole statement — so a short batch
 * is retried feature by feature and whatever is still missing is reported, never silently dropped.
 */
export async function realCommunes(db: Queryable, path: string): Promise<{ communes: CommuneFC; labels: Map<string, Position>; skipped: string[] }> {
  const src = readGeodata<FeatureCollection<Polygon | MultiPolygon, SourceProps>>(path);
  type Row = { code: string; name: string; g: string };
  const clean = (features: typeof src.features) =>
    db.query<Row>(
      `SELECT x.code, x.name,
         ST_AsGeoJSON(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(x.g), 4326)), 3)) AS g
       FROM json_to_recordset($1::json) AS x(code text, name text, g text)`,
      [JSON.stringify(features.map((f) => ({ code: f.properties.ma_xa.padStart(5, '0'), name: f.properties.ten, g: JSON.stringify(f.geometry) })))],
    );
  const rows: Row[] = [];
  const skipped: string[] = [];
  // In slices: one parameter of the whole country is 10 MB.
  for (let i = 0; i < src.features.length; i += 500) {
    const slice = src.features.slice(i, i + 500);
    const got = await clean(slice);
    if (got.length === slice.length) {
      rows.push(...got);
      continue;
    }
    for (const f of slice) {
      const one = await clean([f]);
      if (one.length === 1) rows.push(one[0]);
      else skipped.push(f.properties.ma_xa.padStart(5, '0'));
    }
  }
  const labels = new Map(src.features.map((f) => [f.properties.ma_xa.padStart(5, '0'), [f.properties.tam_lon, f.properties.tam_lat] as Position]));
  return {
    communes: {
      type: 'FeatureCollection',
      features: rows.map((r) => ({ type: 'Feature', properties: { code: r.code, name: r.name }, geometry: JSON.parse(r.g) as Polygon | MultiPolygon })),
    },
    labels,
    skipped,
  };
}

/** One HQ per commune, at `at(code)` (a label point), with ids 1…n in commune order. */
export function hqsAt(communes: CommuneFC, at: (code: string, i: number) => Position): HqFC {
  return {
    type: 'FeatureCollection',
    features: communes.features.map((f, i) => ({
      type: 'Feature',
      properties: { id: i + 1, name: `Công an ${f.properties.name}`, communeCode: f.properties.code, status: 'independent' },
      geometry: point(at(f.properties.code, i)),
    })),
  };
}

/** About `total` villages spread over the communes in proportion to their count, uniformly inside each, seeded. */
export function villagesIn(communes: CommuneFC, total: number, seed: number): VillageFC {
  const rand = rng(seed);
  const per = Math.max(1, Math.round(total / Math.max(1, communes.features.length)));
  const features: VillageFC['features'] = [];
  for (const f of communes.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of polys) for (const [x, y] of p[0]) {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
    for (let n = 0, tries = 0; n < per && tries < per * 200; tries++) {
      const q: Position = [minX + rand() * (maxX - minX), minY + rand() * (maxY - minY)];
      if (!booleanPointInPolygon(q, f.geometry)) continue;
      n++;
      features.push({
        type: 'Feature',
        properties: { id: features.length + 1, name: `Bản ${n} ${f.properties.name}`, communeCode: f.properties.code, population: 50 + Math.floor(rand() * 1950) },
        geometry: point([Math.round(q[0] * 1e6) / 1e6, Math.round(q[1] * 1e6) / 1e6]),
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** The Điện Biên border lines (VN–Laos, VN–China) as the analyses take them. */
export function dienBienBorder(): BorderFC {
  const src = readGeodata<FeatureCollection<LineString | MultiLineString, { iso_b: string }>>('dienbien/dienbien_border_lines.geojson');
  return { type: 'FeatureCollection', features: src.features.map((f) => ({ type: 'Feature', properties: { countryCode: f.properties.iso_b }, geometry: f.geometry })) };
}

/** Gates placed exactly on border-line vertices (a hostile case: a point on the line itself), seeded. */
export function gatesOnBorder(border: BorderFC, n: number, seed: number): GateFC {
  const rand = rng(seed);
  const vertices = border.features.flatMap((f) => (f.geometry.type === 'LineString' ? f.geometry.coordinates : f.geometry.coordinates.flat()));
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature',
      properties: { id: i + 1, name: `Cửa khẩu ${i + 1}` },
      geometry: point(vertices[Math.floor(rand() * vertices.length)]),
    })),
  };
}

// ---- PostGIS reference -------------------------------------------------------------------------------------

/**
 * Loads the data into temporary tables of the transaction `tx` (dropped at its end), with the indexes a real
 * deployment has (gist on geometry, and on geography for ST_DWithin).
 */
export async function loadReferenceTables(tx: Queryable, d: Partial<AnalysisData> & { targets?: FeatureCollection<Point, { id: string | number }>; candidates?: FeatureCollection<Point, { id: string }> }): Promise<void> {
  const json = (fc: FeatureCollection | undefined, props: (f: Feature) => Record<string, unknown>) =>
    JSON.stringify((fc?.features ?? []).map((f) => ({ ...props(f), g: JSON.stringify(f.geometry) })));
  const geom = 'ST_SetSRID(ST_GeomFromGeoJSON(x.g), 4326)';
  const p = (f: Feature) => f.properties as Record<string, unknown>;
  await tx.query(`CREATE TEMP TABLE ref_commune ON COMMIT DROP AS SELECT x.code, x.name, ${geom} AS geom FROM json_to_recordset($1::json) AS x(code text, name text, g text)`,
    [json(d.communes, (f) => ({ code: p(f).code, name: p(f).name }))]);
  await tx.query(`CREATE TEMP TABLE ref_hq ON COMMIT DROP AS SELECT x.id, ${geom} AS geom FROM json_to_recordset($1::json) AS x(id integer, g text)`,
    [json(d.hqs, (f) => ({ id: p(f).id }))]);
  await tx.query(`CREATE TEMP TABLE ref_village ON COMMIT DROP AS SELECT x.id, x.commune_code, x.population, ${geom} AS geom FROM json_to_recordset($1::json) AS x(id integer, commune_code text, population integer, g text)`,
    [json(d.villages, (f) => ({ id: p(f).id, commune_code: p(f).communeCode, population: p(f).population }))]);
  await tx.query(`CREATE TEMP TABLE ref_border ON COMMIT DROP AS SELECT x.country_code, ${geom} AS geom FROM json_to_recordset($1::json) AS x(country_code text, g text)`,
    [json(d.border, (f) => ({ country_code: p(f).countryCode }))]);
  await tx.query(`CREATE TEMP TABLE ref_gate ON COMMIT DROP AS SELECT x.id, x.name, ${geom} AS geom FROM json_to_recordset($1::json) AS x(id integer, name text, g text)`,
    [json(d.gates, (f) => ({ id: p(f).id, name: p(f).name }))]);
  await tx.query(`CREATE TEMP TABLE ref_target ON COMMIT DROP AS SELECT x.id, ${geom} AS geom FROM json_to_recordset($1::json) AS x(id text, g text)`,
    [json(d.targets, (f) => ({ id: String(p(f).id) }))]);
  await tx.query(`CREATE TEMP TABLE ref_candidate ON COMMIT DROP AS SELECT x.id, ${geom} AS geom FROM json_to_recordset($1::json) AS x(id text, g text)`,
    [json(d.candidates, (f) => ({ id: p(f).id }))]);
  for (const t of ['ref_commune', 'ref_hq', 'ref_village', 'ref_border', 'ref_gate', 'ref_target', 'ref_candidate']) {
    // Named without the usual *_geom_idx suffix: catalogue checks on a shared server see other sessions' temp tables.
    await tx.query(`CREATE INDEX ${t}_gist ON ${t} USING gist (geom)`);
    await tx.query(`CREATE INDEX ${t}_geog_gist ON ${t} USING gist ((geom::geography))`);
    await tx.query(`ANALYZE ${t}`);
  }
}

/** Per commune: geodesic area, and area within `$1` metres of an HQ (geography buffers with `$2` style). */
export const PG_COVERAGE = `
WITH reach AS MATERIALIZED (SELECT ST_Buffer(h.geom::geography, $1::float8, $2::text)::geometry AS g FROM ref_hq h)
SELECT c.code, ST_Area(c.geom::geography) / 1e6 AS "areaKm2",
  COALESCE(ST_Area(ST_Intersection(c.geom, u.g)::geography) / 1e6, 0) AS "coveredKm2"
FROM ref_commune c
LEFT JOIN LATERAL (SELECT ST_Union(r.g) AS g FROM reach r WHERE r.g && c.geom) u ON true
ORDER BY c.code`;

/** Per commune: village population, and the part within `$1` metres of an HQ. */
export const PG_VILLAGE_COVERAGE = `
SELECT v.commune_code AS code, sum(COALESCE(v.population, 0))::float8 AS population,
  COALESCE(sum(COALESCE(v.population, 0)) FILTER (WHERE EXISTS (
    SELECT 1 FROM ref_hq h WHERE ST_DWithin(v.geom::geography, h.geom::geography, $1::float8))), 0)::float8 AS "coveredPopulation"
FROM ref_village v GROUP BY v.commune_code ORDER BY v.commune_code`;

/** Nearest HQ of each target: KNN on the planar index, re-ranked by geodesic distance. */
export const PG_NEAREST_HQ = `
SELECT t.id AS "targetId", n.id AS "hqId", n.d / 1000 AS "distanceKm"
FROM ref_target t
CROSS JOIN LATERAL (
  SELECT k.id, ST_Distance(t.geom::geography, k.geom::geography) AS d
  FROM (SELECT h.id, h.geom FROM ref_hq h ORDER BY h.geom <-> t.geom LIMIT 16) k
  ORDER BY d, k.id LIMIT 1) n
ORDER BY t.id`;

/** Distance of every commune to every border line and gate. */
export const PG_BORDER_DISTANCES = `
SELECT c.code, b.country_code AS "countryCode", ST_Distance(c.geom::geography, b.geom::geography) / 1000 AS km
FROM ref_commune c, ref_border b ORDER BY c.code`;
export const PG_GATE_DISTANCES = `
SELECT c.code, g.id, ST_Distance(c.geom::geography, g.geom::geography) / 1000 AS km
FROM ref_commune c, ref_gate g ORDER BY c.code, g.id`;
export const PG_WITHIN_BORDER = `
SELECT c.code FROM ref_commune c
WHERE EXISTS (SELECT 1 FROM ref_border b WHERE ST_DWithin(c.geom::geography, b.geom::geography, $1::float8))
ORDER BY c.code`;

/** Population each candidate would add within `$1` metres, given the HQs and the candidates `$2` already picked. */
export const PG_CANDIDATE_GAIN = `
WITH sites AS (SELECT geom FROM ref_hq UNION ALL SELECT geom FROM ref_candidate WHERE id = ANY ($2::text[]))
SELECT c.id, COALESCE(sum(COALESCE(v.population, 0)), 0)::float8 AS gain
FROM ref_candidate c
LEFT JOIN ref_village v ON ST_DWithin(v.geom::geography, c.geom::geography, $1::float8)
  AND NOT EXISTS (SELECT 1 FROM sites s WHERE ST_DWithin(v.geom::geography, s.geom::geography, $1::float8))
GROUP BY c.id ORDER BY c.id`;

/** Area of the communes within `$1` metres of candidate `$4` and not of the HQs or the candidates `$2` (style `$3`). */
export const PG_CANDIDATE_AREA = `
WITH sites AS (SELECT geom FROM ref_hq UNION ALL SELECT geom FROM ref_candidate WHERE id = ANY ($2::text[])),
reach AS (SELECT ST_Union(ST_Buffer(s.geom::geography, $1::float8, $3::text)::geometry) AS g FROM sites s),
land AS (SELECT ST_Union(geom) AS g FROM ref_commune)
SELECT ST_Area(ST_Difference(ST_Intersection(ST_Buffer(c.geom::geography, $1::float8, $3::text)::geometry, land.g),
  COALESCE(reach.g, ST_SetSRID('POLYGON EMPTY'::geometry, 4326)))::geography) / 1e6 AS km2
FROM ref_candidate c, land, reach WHERE c.id = $4`;

// ---- The app's own tables ------------------------------------------------------------------------------------

interface NationalSourceProps extends SourceProps {
  ma_tinh: string;
  ten_tinh: string;
  loai: string;
  dan_so: number | null;
}

export interface LoadedTables {
  /** Communes inserted, in code order. */
  codes: string[];
  /** Communes of the file the database refused or silently dropped (the embedded PostGIS on some shapes). */
  skipped: string[];
  hqs: number;
  villages: number;
}

/**
 * Writes a real communes file (`vietnam/…` or `dienbien/…`) into the app's tables as an import leaves them:
 * its provinces, its communes (repaired by the table's own trigger), one HQ per commune at the source's label
 * point, independent since 2020-01-01, and about `villagesPerCommune` seeded villages in each commune. Inserted a
 * slice at a time and checked: a commune the database drops without an error is retried alone, then reported.
 */
export async function loadAppTables(db: Queryable, path: string, opts: { villagesPerCommune?: number; seed?: number } = {}): Promise<LoadedTables> {
  const src = readGeodata<FeatureCollection<Polygon | MultiPolygon, NationalSourceProps>>(path);
  const code = (f: (typeof src.features)[number]) => f.properties.ma_xa.padStart(5, '0');
  const provinces = new Map(src.features.map((f) => [f.properties.ma_tinh.padStart(2, '0'), f.properties.ten_tinh]));
  await db.query(
    `INSERT INTO province (code, name) SELECT x.code, x.name FROM json_to_recordset($1::json) AS x(code text, name text) ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify([...provinces].map(([c, name]) => ({ code: c, name })))],
  );
  const kind = (loai: string) => (/phường/i.test(loai) ? 'ward' : /đặc khu/i.test(loai) ? 'special_zone' : 'commune');
  // The boundary import's own statement, so that the communes are written exactly as an import writes them.
  const upsert = sqlFile('import-boundary-upsert');
  const insert = async (features: typeof src.features) =>
    db.query<{ code: string }>(upsert, [
      JSON.stringify(features.map((f) => ({
        code: code(f), province: f.properties.ma_tinh.padStart(2, '0'), name: f.properties.ten, kind: kind(f.properties.loai),
        population: f.properties.dan_so ?? null, geometry: f.geometry,
      }))),
    ]);
  const skipped: string[] = [];
  // The embedded PostGIS may end the commune trigger mid-way on some invalid shapes ("control reached end of
  // trigger procedure without RETURN") or drop a row silently: a slice that fails is halved until the communes
  // the database cannot write are found.
  const write = async (features: typeof src.features): Promise<void> => {
    if (features.length === 0) return;
    const got = await insert(features).catch(() => null);
    if (got && got.length === features.length) return;
    if (features.length === 1) {
      skipped.push(code(features[0]));
      return;
    }
    const have = new Set((got ?? []).map((r) => r.code));
    const rest = features.filter((f) => !have.has(code(f)));
    if (got && got.length > 0) return write(rest);
    const half = Math.ceil(rest.length / 2);
    await write(rest.slice(0, half));
    await write(rest.slice(half));
  };
  // The analyses do not read the derived border communes: the border derivation of each slice is left out.
  await db.query('ALTER TABLE commune DISABLE TRIGGER commune_border_insert');
  try {
    for (let i = 0; i < src.features.length; i += 200) await write(src.features.slice(i, i + 200));
  } finally {
    await db.query('ALTER TABLE commune ENABLE TRIGGER commune_border_insert');
  }
  const codes = (await db.query<{ code: string }>(`SELECT code FROM commune WHERE code = ANY ($1::text[]) ORDER BY code`, [src.features.map(code)])).map((r) => r.code);
  const inserted = new Set(codes);
  const kept = src.features.filter((f) => inserted.has(code(f))).sort((a, b) => code(a).localeCompare(code(b)));
  await db.query(
    `WITH x AS (SELECT * FROM json_to_recordset($1::json) AS x(code text, name text, lon float8, lat float8)),
     hq AS (INSERT INTO police_hq (commune_code, name, geom)
            SELECT x.code, x.name, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) FROM x RETURNING id)
     INSERT INTO police_hq_status (hq_id, status, valid_from) SELECT id, 'independent', DATE '2020-01-01' FROM hq`,
    [JSON.stringify(kept.map((f) => ({ code: code(f), name: `Công an ${f.properties.ten}`, lon: f.properties.tam_lon, lat: f.properties.tam_lat })))],
  );
  // Villages are placed in the communes as the database holds them (repaired; a few source rings are not closed).
  const stored = await db.query<{ code: string; name: string; g: Polygon | MultiPolygon }>(
    `SELECT code, name, ST_AsGeoJSON(geom)::json AS g FROM commune WHERE code = ANY ($1::text[]) ORDER BY code`, [codes]);
  const communes: CommuneFC = {
    type: 'FeatureCollection',
    features: stored.map((r) => ({ type: 'Feature', properties: { code: r.code, name: r.name }, geometry: r.g })),
  };
  const villages = villagesIn(communes, (opts.villagesPerCommune ?? 9) * communes.features.length, opts.seed ?? 2025);
  await db.query(
    `INSERT INTO village (commune_code, name, population, geom)
     SELECT x.code, x.name, x.population, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326)
     FROM json_to_recordset($1::json) AS x(code text, name text, population integer, lon float8, lat float8)`,
    [JSON.stringify(villages.features.map((v) => ({ code: v.properties.communeCode, name: v.properties.name, population: v.properties.population, lon: v.geometry.coordinates[0], lat: v.geometry.coordinates[1] })))],
  );
  await db.query('ANALYZE commune');
  await db.query('ANALYZE police_hq');
  await db.query('ANALYZE police_hq_status');
  await db.query('ANALYZE village');
  return { codes, skipped, hqs: kept.length, villages: villages.features.length };
}

/** Removes what `loadAppTables` wrote for the communes `codes` (their villages, HQs and statuses, then them). */
export async function unloadAppTables(db: Queryable, codes: string[]): Promise<void> {
  await db.query(`DELETE FROM village WHERE commune_code = ANY ($1::text[])`, [codes]);
  await db.query(`DELETE FROM police_hq WHERE commune_code = ANY ($1::text[])`, [codes]);
  await db.query(`DELETE FROM border_commune WHERE commune_code = ANY ($1::text[])`, [codes]);
  await db.query(`DELETE FROM commune WHERE code = ANY ($1::text[])`, [codes]);
  await db.query(`DELETE FROM province p WHERE NOT p.is_demo AND NOT EXISTS (SELECT 1 FROM commune c WHERE c.province_code = p.code)`);
}
