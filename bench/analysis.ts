/**
 * National-scale benchmark of the analyses: the real 3,321 communes of Vietnam (../shared/geodata, never copied
 * into the repository), one HQ per commune at its label point, ≈30,000 villages placed by a seeded RNG. Times the
 * Turf path (server/analysis/) and the equivalent PostGIS `geography` SQL on the same data in the same run —
 * embedded PGlite by default, the server named by DATABASE_URL otherwise — and prints their ratio and how far
 * their results differ.
 *
 *   npm run bench                         # whole country, radius 5 km
 *   npm run bench -- --quick              # first 300 communes (by code) only
 *   npm run bench -- --sample=1000 --radius=10
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import type { FeatureCollection, Point } from 'geojson';
import { randomBytes } from 'node:crypto';
import { openEmbedded, openPostgres, quoteIdent, type Db, type Queryable } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { coverageInDb } from '../server/jobs/coverage-db.ts';
import { runBestSitesInDb } from '../server/jobs/best-sites-db.ts';
import { JOB_INPUTS, runBestSites, type BestSitesParams } from '../server/jobs/analysis-jobs.ts';
import { analysisInputs } from '../server/repositories/analysis-inputs.ts';
import { BUFFER_STYLE, marginDeg } from '../server/repositories/analysis-coverage.ts';
import { coverage } from '../server/analysis/coverage.ts';
import { interiorPoints, nearestHq } from '../server/analysis/proximity.ts';
import type { CommuneFC } from '../server/analysis/types.ts';
import { NATIONAL_COMMUNES, benchOptions, nationalCommunesFile, timed as timedS } from './options.ts';
import {
  PG_COVERAGE, PG_NEAREST_HQ, PG_VILLAGE_COVERAGE, hqsAt, loadAppTables, loadReferenceTables, realCommunes, villagesIn,
} from '../test/support/analysis-data.ts';

const { sample, radiusKm } = benchOptions('npm run bench:analysis [-- --quick | --sample=N] [--radius=KM]');
nationalCommunesFile();

const log = (s: string) => process.stderr.write(`${s}\n`);
async function timed<T>(what: string, fn: () => T | Promise<T>): Promise<{ value: T; s: number }> {
  log(`  … ${what}`);
  const t0 = performance.now();
  const value = await fn();
  return { value, s: (performance.now() - t0) / 1000 };
}
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

class Done extends Error {}

async function main() {
  const url = process.env.DATABASE_URL;
  const tOpen = performance.now();
  let db: Db;
  if (url) {
    db = openPostgres({ url, max: 1 });
  } else {
    db = await openEmbedded({ dataDir: null });
    await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  }
  const [{ v }] = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v');
  const backend = url ? `PostgreSQL server (DATABASE_URL), PostGIS ${v}` : `embedded PGlite, PostGIS ${v}`;
  log(`database: ${backend}, opened in ${((performance.now() - tOpen) / 1000).toFixed(1)} s`);

  log('preparing data (not timed)');
  const all = await realCommunes(db, NATIONAL_COMMUNES);
  if (all.skipped.length) {
    log(`  SKIPPED ${all.skipped.length} communes: this PostGIS returned no row (and no error) for ST_MakeValid on them: ${all.skipped.join(', ')}`);
  }
  const communes: CommuneFC = { ...all.communes, features: [...all.communes.features].sort((a, b) => a.properties.code.localeCompare(b.properties.code)).slice(0, sample) };
  const hqs = hqsAt(communes, (code) => all.labels.get(code)!);
  const villages = villagesIn(communes, Math.round((30000 * communes.features.length) / 3321), 2025);
  const pts = interiorPoints(communes);
  const communeTargets: FeatureCollection<Point, { id: string }> = { type: 'FeatureCollection', features: pts.features.map((f) => ({ ...f, properties: { id: f.properties.code } })) };
  const villageTargets: FeatureCollection<Point, { id: string }> = { type: 'FeatureCollection', features: villages.features.map((f) => ({ ...f, properties: { id: `v${f.properties.id}` } })) };
  const vertices = communes.features.reduce((s, f) => s + (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat().reduce((t, r) => t + r.length, 0), 0);
  log(`  ${communes.features.length} communes (${vertices.toLocaleString('en')} vertices), ${hqs.features.length} HQs, ${villages.features.length} villages, radius ${radiusKm} km`);

  const rows: { what: string; turf: number; pg: number; agreement: string }[] = [];
  await db.transaction(async (tx: Queryable) => {
    await loadReferenceTables(tx, { communes, hqs, villages, targets: communeTargets });

    const tc = await timed('Turf coverage', () => coverage(communes, hqs, radiusKm, { villages }));
    const pc = await timed('PostGIS coverage', async () => [
      await tx.query<{ code: string; areaKm2: number; coveredKm2: number }>(PG_COVERAGE, [radiusKm * 1000, 'quad_segs=16']),
      await tx.query<{ code: string; population: number; coveredPopulation: number }>(PG_VILLAGE_COVERAGE, [radiusKm * 1000]),
    ] as const);
    const pgCovered = pc.value[0].reduce((s, r) => s + r.coveredKm2, 0);
    const pgArea = pc.value[0].reduce((s, r) => s + r.areaKm2, 0);
    const pgPop = pc.value[1].reduce((s, r) => s + r.coveredPopulation, 0);
    const byCode = new Map(tc.value.communes.map((c) => [c.code, c]));
    const worstArea = Math.max(...pc.value[0].map((r) => rel(byCode.get(r.code)!.areaKm2, r.areaKm2)));
    rows.push({
      what: `coverage + covered population, r = ${radiusKm} km`,
      turf: tc.s,
      pg: pc.s,
      agreement: `${pc.value[0].length === communes.features.length ? '' : `PostGIS returned ${pc.value[0].length} of ${communes.features.length} communes! `}covered km² total ${(rel(tc.value.totals.coveredKm2, pgCovered) * 100).toFixed(3)} %, area total ${(rel(tc.value.totals.areaKm2, pgArea) * 100).toFixed(4)} % (worst commune ${(worstArea * 100).toFixed(3)} %), covered population ${tc.value.totals.coveredPopulation === pgPop ? 'equal' : `${tc.value.totals.coveredPopulation} vs ${pgPop}`}`,
    });

    const compareNearest = (mine: ReturnType<typeof nearestHq>, ref: { targetId: string; hqId: number; distanceKm: number }[]) => {
      const byId = new Map(mine.map((m) => [String(m.targetId), m]));
      let differentHq = 0, worst = 0;
      for (const r of ref) {
        const m = byId.get(r.targetId)!;
        if (m.hqId !== r.hqId) differentHq++;
        worst = Math.max(worst, rel(m.distanceKm, r.distanceKm));
      }
      const lost = ref.length === mine.length ? '' : `PostGIS returned ${ref.length} of ${mine.length} rows! `;
      return `${lost}same HQ for ${ref.length - differentHq}/${ref.length}, max distance error ${(worst * 100).toExponential(1)} %`;
    };
    const tn = await timed('Turf nearest HQ of communes', () => nearestHq(communeTargets, hqs));
    const pn = await timed('PostGIS nearest HQ of communes', () => tx.query<{ targetId: string; hqId: number; distanceKm: number }>(PG_NEAREST_HQ));
    rows.push({ what: `nearest HQ, ${communeTargets.features.length} communes`, turf: tn.s, pg: pn.s, agreement: compareNearest(tn.value, pn.value) });

    await tx.query('DELETE FROM ref_target');
    await tx.query(`INSERT INTO ref_target SELECT x.id, ST_SetSRID(ST_GeomFromGeoJSON(x.g), 4326) FROM json_to_recordset($1::json) AS x(id text, g text)`,
      [JSON.stringify(villageTargets.features.map((f) => ({ id: f.properties.id, g: JSON.stringify(f.geometry) })))]);
    await tx.query('ANALYZE ref_target');
    const tv = await timed('Turf nearest HQ of villages', () => nearestHq(villageTargets, hqs));
    const pv = await timed('PostGIS nearest HQ of villages', () => tx.query<{ targetId: string; hqId: number; distanceKm: number }>(PG_NEAREST_HQ));
    rows.push({ what: `nearest HQ, ${villageTargets.features.length} villages`, turf: tv.s, pg: pv.s, agreement: compareNearest(tv.value, pv.value) });
    throw new Done();
  }).catch((e) => {
    if (!(e instanceof Done)) throw e;
  });
  await db.close();

  const skipped = all.skipped.length ? ` (${all.skipped.length} skipped: PostGIS gave no row for their ST_MakeValid: ${all.skipped.join(', ')})` : '';
  const scope = Number.isFinite(sample) && sample < 3321 ? `first ${communes.features.length} communes by code (--sample/--quick)` : `${communes.features.length} of the 3,321 communes of Vietnam${skipped}`;
  const w = Math.max(...rows.map((r) => r.what.length));
  console.log(`\nAnalyses, Turf vs PostGIS, ${scope}; PostGIS: ${backend}; PostGIS buffers quad_segs=16 (Turf circles: 64 steps)`);
  console.log(`${'analysis'.padEnd(w)}  ${'turf s'.padStart(8)}  ${'postgis s'.padStart(9)}  ${'turf/postgis'.padStart(12)}  agreement`);
  for (const r of rows) {
    console.log(`${r.what.padEnd(w)}  ${r.turf.toFixed(2).padStart(8)}  ${r.pg.toFixed(2).padStart(9)}  ${(r.turf / r.pg).toFixed(2).padStart(12)}  ${r.agreement}`);
  }
}

/**
 * The same coverage as `coverageInDb` (per commune: area, covered area and its outline, the gap and its area; the
 * village population within reach) as plain PostGIS SQL: one statement over every commune of the scope, and one
 * for the villages.
 */
const PLAIN_COVERAGE = `
WITH reach AS MATERIALIZED (
  SELECT ST_Buffer(h.geom::geography, $1::float8, $2::text)::geometry AS g
  FROM police_hq h JOIN police_hq_status_at($3::date) hs ON hs.hq_id = h.id
  WHERE hs.status = ANY ($4::text[]) AND ($5::text[] IS NULL OR h.commune_code = ANY ($5::text[]))),
o AS (
  SELECT c.code, c.name, c.geom, u.g AS reach FROM commune c
  LEFT JOIN LATERAL (SELECT ST_Union(r.g) AS g FROM reach r WHERE r.g && c.geom) u ON true
  WHERE $5::text[] IS NULL OR c.code = ANY ($5::text[])),
p AS (
  SELECT o.code, o.name, o.geom, ST_CollectionExtract(ST_Intersection(o.geom, o.reach), 3) AS covered,
    COALESCE(ST_CollectionExtract(ST_Difference(o.geom, o.reach), 3), o.geom) AS gap FROM o)
SELECT p.code, p.name, ST_Area(p.geom::geography) / 1e6 AS "areaKm2", COALESCE(ST_Area(p.covered::geography) / 1e6, 0) AS "coveredKm2",
  ST_Area(p.gap::geography) / 1e6 AS "gapKm2", ST_AsGeoJSON(p.covered, 6)::json AS covered, ST_AsGeoJSON(p.gap, 6)::json AS gap
FROM p ORDER BY p.code`;
const PLAIN_VILLAGES = `
WITH hq AS MATERIALIZED (
  SELECT h.geom FROM police_hq h JOIN police_hq_status_at($2::date) hs ON hs.hq_id = h.id
  WHERE hs.status = ANY ($3::text[]) AND ($4::text[] IS NULL OR h.commune_code = ANY ($4::text[])))
SELECT v.commune_code AS code, sum(COALESCE(v.population, 0))::float8 AS population,
  COALESCE(sum(COALESCE(v.population, 0)) FILTER (WHERE EXISTS (SELECT 1 FROM hq h
    WHERE h.geom && ST_Expand(v.geom, $5::float8) AND ST_DWithin(v.geom::geography, h.geom::geography, $1::float8))), 0)::float8 AS "coveredPopulation"
FROM village v WHERE $4::text[] IS NULL OR v.commune_code = ANY ($4::text[])
GROUP BY v.commune_code ORDER BY v.commune_code`;

/**
 * The analyses as the server runs them, on the national communes written into the app's own tables (a fresh
 * in-memory embedded database, or a throw-away schema of DATABASE_URL): national and Điện Biên coverage with gaps
 * and covered population against the plain SQL of the same result; best sites by area for the largest province
 * and by population for the whole country, against their targets (10 s and 5 s).
 */
async function atScale() {
  const url = process.env.DATABASE_URL;
  let db: Db;
  let drop = async () => {};
  if (url) {
    const schema = `posture_bench_${randomBytes(4).toString('hex')}`;
    const admin = openPostgres({ url, max: 1 });
    await admin.exec(`CREATE SCHEMA ${quoteIdent(schema)}`);
    db = openPostgres({ url, schema, max: 4 });
    drop = async () => {
      await admin.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
      await admin.close();
    };
  } else {
    db = await openEmbedded({ dataDir: null });
  }
  try {
    await migrate(db);
    log('writing the national communes, HQs and villages into the app tables (not timed)');
    const loaded = await loadAppTables(db, NATIONAL_COMMUNES);
    if (loaded.skipped.length) log(`  the database dropped ${loaded.skipped.length} communes without an error: ${loaded.skipped.join(', ')}`);
    log(`  ${loaded.codes.length} communes, ${loaded.hqs} HQs, ${loaded.villages} villages`);
    const asOf = '2025-12-31';
    const statuses = ['independent', 'shared'];
    const params = { radiusKm, statuses, asOf };
    const metres = radiusKm * 1000;
    const codesOf = async (province: string) =>
      (await db.query<{ code: string }>(`SELECT code FROM commune WHERE province_code = $1 ORDER BY code`, [province])).map((r) => r.code);
    const [{ largest }] = await db.query<{ largest: string }>(`SELECT province_code AS largest FROM commune GROUP BY province_code ORDER BY count(*) DESC, province_code LIMIT 1`);

    const rows: { what: string; app: number; base: number | null; note: string }[] = [];
    const coverageLine = async (what: string, scope: string[] | null, runs: number) => {
      const app: number[] = [], base: number[] = [];
      let note = '';
      // A province's run takes a tenth of a second: one warm-up of each first (not counted), as the server's are warm.
      if (runs > 1) {
        await coverageInDb(db, { communes: scope }, params);
        await db.query(PLAIN_COVERAGE, [metres, BUFFER_STYLE, asOf, statuses, scope]);
        await db.query(PLAIN_VILLAGES, [metres, asOf, statuses, scope, marginDeg(metres)]);
      }
      for (let i = 0; i < runs; i++) {
        const a = await timedS(() => coverageInDb(db, { communes: scope }, params));
        const b = await timedS(async () => [
          await db.query<{ code: string; coveredKm2: number }>(PLAIN_COVERAGE, [metres, BUFFER_STYLE, asOf, statuses, scope]),
          await db.query<{ code: string; coveredPopulation: number }>(PLAIN_VILLAGES, [metres, asOf, statuses, scope, marginDeg(metres)]),
        ] as const);
        app.push(a.s);
        base.push(b.s);
        const pgCovered = b.value[0].reduce((s, r) => s + r.coveredKm2, 0);
        const pgPop = b.value[1].reduce((s, r) => s + r.coveredPopulation, 0);
        note = `${a.value.communes.length} communes (plain SQL: ${b.value[0].length} rows${a.value.turfCommunes.length ? `; Turf overlay for ${a.value.turfCommunes.join(', ')}` : ''}), ` +
          `covered km² ${(rel(a.value.totals.coveredKm2, pgCovered) * 100).toFixed(3)} % apart, covered population ${a.value.totals.coveredPopulation === pgPop ? 'equal' : `${a.value.totals.coveredPopulation} vs ${pgPop}`}, ` +
          `${a.value.gaps.features.length} gaps`;
      }
      const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      rows.push({ what, app: med(app), base: med(base), note });
    };
    log('  … national coverage');
    await coverageLine(`coverage + gaps + covered population, whole country, r = ${radiusKm} km`, null, 1);
    log('  … Điện Biên coverage');
    await coverageLine(`coverage + gaps + covered population, Điện Biên, r = ${radiusKm} km (median of 7)`, await codesOf('11'), 7);

    const sitesParams = (objective: 'area' | 'population'): BestSitesParams => ({ k: 5, radiusKm, objective, candidates: 'communes', points: [], statuses, asOf });
    log(`  … best sites by area, province ${largest}`);
    const scopeLargest = { communes: await codesOf(largest) };
    const area = await timedS(async () => {
      const inputs = await analysisInputs(db, scopeLargest).load(JOB_INPUTS['best-sites'], { asOf, statuses });
      return runBestSitesInDb(db, scopeLargest, inputs, sitesParams('area'));
    });
    rows.push({ what: `best sites k = 5 by area, province ${largest} (${area.value.candidateCount} candidates)`, app: area.s, base: null,
      note: `target 10 s; added ${area.value.sites.map((s) => s.addedAreaKm2.toFixed(1)).join(', ')} km²${area.value.turfCandidates.length ? `; Turf for ${area.value.turfCandidates.join(', ')}` : ''}` });
    log('  … best sites by population, whole country');
    const pop = await timedS(async () => {
      const inputs = await analysisInputs(db, { communes: null }).load(JOB_INPUTS['best-sites'], { asOf, statuses });
      return runBestSites(inputs, sitesParams('population'));
    });
    rows.push({ what: `best sites k = 5 by population, whole country (${pop.value.candidateCount} candidates)`, app: pop.s, base: null,
      note: `target 5 s; added ${pop.value.sites.map((s) => s.addedPopulation).join(', ')} people` });

    const [{ v }] = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v');
    const w = Math.max(...rows.map((r) => r.what.length));
    console.log(`\nAnalyses as the server runs them, in the app's tables; ${url ? 'PostgreSQL server (DATABASE_URL)' : 'embedded PGlite'}, PostGIS ${v}; load ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
    console.log(`${'analysis'.padEnd(w)}  ${'app s'.padStart(7)}  ${'plain SQL s'.padStart(11)}  ${'app/plain'.padStart(9)}  notes`);
    for (const r of rows) {
      console.log(`${r.what.padEnd(w)}  ${r.app.toFixed(2).padStart(7)}  ${(r.base === null ? '—' : r.base.toFixed(2)).padStart(11)}  ${(r.base === null ? '—' : (r.app / r.base).toFixed(2)).padStart(9)}  ${r.note}`);
    }
  } finally {
    await db.close();
    await drop();
  }
}

main().then(atScale).catch((e) => {
  console.error(e);
  process.exit(1);
});
