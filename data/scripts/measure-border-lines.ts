/**
 * Measures the bundled land border (data/reference/vn-land-border.geojson) against independent OSM border lines
 * (by default ../shared/geodata/borders/vn_laos_china_border_lines.geojson: China and Laos, feature country in
 * `iso_b`) and prints, per country, the lengths, the parts, and the distances between the two.
 *
 *   npx tsx data/scripts/measure-border-lines.ts [reference.geojson]
 *
 * Runs on the embedded PostGIS, or on the server named by DATABASE_URL. Both lines are sampled every STEP_M; each
 * sample's distance to the other line is measured in UTM 48N (scale error under 0.3 % over Vietnam's land border,
 * well under a metre at these distances). Printed per country:
 *  - hausdorffM: the larger of the two directed maxima; p95M: the 95th percentile of all samples' distances;
 *  - refToBundled: how far the reference lies from the bundled line (max, p95);
 *  - bundledToRef: how far the bundled line lies from the reference (max, p95), and the same where the reference has
 *    a line ("covered"): samples whose nearest reference point is the end of a reference part lie in a gap of the
 *    reference or beyond its end; their length and largest distance are printed apart ("uncovered").
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openEmbedded, openPostgres, type Db } from '../../server/db/client.ts';

const BUNDLED = resolve(import.meta.dirname, '../reference/vn-land-border.geojson');
const REFERENCE = process.argv[2] ?? resolve(import.meta.dirname, '../../../shared/geodata/borders/vn_laos_china_border_lines.geojson');
const STEP_M = 25;
const UTM = 32648;
const OFFICIAL_KM: Record<string, number> = { CHN: 1449, LAO: 2337, KHM: 1137 };

const LOAD = `
INSERT INTO measured (tag, country, g)
SELECT $1, coalesce(f->'properties'->>'country', f->'properties'->>'iso_b'), ST_Transform(ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)), ${UTM})
FROM json_array_elements($2::json->'features') AS f`;

/** Directed distances from samples of line `a` to line `b`, per country. */
const DIRECTED = `
WITH s AS (
  SELECT a.country, (ST_DumpPoints(ST_Segmentize(a.g, ${STEP_M}))).geom AS p FROM measured a
  WHERE a.tag = $1 AND EXISTS (SELECT 1 FROM measured b WHERE b.tag = $2 AND b.country = a.country)),
n AS (
  SELECT s.country, s.p, q.g, q.ends FROM s CROSS JOIN LATERAL (
    SELECT x.g, x.ends FROM measured_part x WHERE x.tag = $2 AND x.country = s.country ORDER BY x.g <-> s.p LIMIT 1) q),
d AS (SELECT country, ST_Distance(p, g) AS m, ST_DWithin(ST_ClosestPoint(g, p), ends, 0.001) AS at_end FROM n)
SELECT country, count(*)::int AS samples, max(m) AS "maxM", percentile_cont(0.95) WITHIN GROUP (ORDER BY m) AS "p95M",
  coalesce(max(m) FILTER (WHERE NOT at_end), 0) AS "coveredMaxM",
  coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY m) FILTER (WHERE NOT at_end), 0) AS "coveredP95M",
  (count(*) FILTER (WHERE at_end AND m > 1) * ${STEP_M} / 1000.0)::float AS "uncoveredKm",
  coalesce(max(m) FILTER (WHERE at_end), 0) AS "uncoveredMaxM",
  array_agg(m) AS all
FROM d GROUP BY country ORDER BY country`;

const LINES = `
SELECT tag, country, ST_Length(ST_Transform(g, 4326)::geography) / 1000 AS km, ST_NumGeometries(g) AS parts, ST_IsValid(g) AS valid
FROM measured ORDER BY country, tag`;

type Directed = {
  country: string;
  samples: number;
  maxM: number;
  p95M: number;
  coveredMaxM: number;
  coveredP95M: number;
  uncoveredKm: number;
  uncoveredMaxM: number;
  all: number[];
};

const round = (x: number) => Math.round(x * 10) / 10;

function p95(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const i = 0.95 * (v.length - 1);
  const lo = Math.floor(i);
  return v[lo] + (v[Math.min(lo + 1, v.length - 1)] - v[lo]) * (i - lo);
}

async function main() {
  const db: Db = process.env.DATABASE_URL ? openPostgres({ url: process.env.DATABASE_URL, max: 1 }) : await openEmbedded({ dataDir: null });
  try {
    await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    await db.transaction(async (tx) => {
      await tx.query('CREATE TEMP TABLE measured (tag text, country text, g geometry) ON COMMIT DROP');
      await tx.query(LOAD, ['bundled', readFileSync(BUNDLED, 'utf8')]);
      await tx.query(LOAD, ['reference', readFileSync(REFERENCE, 'utf8')]);
      // Short pieces under a spatial index; `ends` are the ends of the line's parts (where a gap of it begins).
      await tx.query(`CREATE TEMP TABLE measured_part ON COMMIT DROP AS
        SELECT m.tag, m.country, ST_Subdivide(m.g, 16) AS g, ST_Boundary(m.g) AS ends FROM measured m`);
      await tx.query('CREATE INDEX ON measured_part USING gist (g)');
      await tx.query('ANALYZE measured_part');
      const lines = await tx.query<{ tag: string; country: string; km: number; parts: number; valid: boolean }>(LINES);
      const there = await tx.query<Directed>(DIRECTED, ['bundled', 'reference']);
      const back = await tx.query<Directed>(DIRECTED, ['reference', 'bundled']);
      for (const country of [...new Set(lines.map((l) => l.country))]) {
        const b = lines.find((l) => l.country === country && l.tag === 'bundled');
        const r = lines.find((l) => l.country === country && l.tag === 'reference');
        const t = there.find((d) => d.country === country);
        const k = back.find((d) => d.country === country);
        const out: Record<string, unknown> = {
          country,
          bundledKm: b && round(b.km),
          bundledParts: b?.parts,
          bundledValid: b?.valid,
          referenceKm: r && round(r.km),
          referenceParts: r?.parts,
          officialKm: OFFICIAL_KM[country],
        };
        if (t && k) {
          Object.assign(out, {
            hausdorffM: round(Math.max(t.maxM, k.maxM)),
            p95M: round(p95([...t.all, ...k.all])),
            refToBundled: { maxM: round(k.maxM), p95M: round(k.p95M) },
            bundledToRef: {
              maxM: round(t.maxM),
              p95M: round(t.p95M),
              coveredMaxM: round(t.coveredMaxM),
              coveredP95M: round(t.coveredP95M),
              uncoveredKm: round(t.uncoveredKm),
              uncoveredMaxM: round(t.uncoveredMaxM),
            },
          });
        }
        console.log(JSON.stringify(out));
      }
    });
  } finally {
    await db.close();
  }
}

await main();
