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
import type { FeatureCollection, Point } from 'geojson';
import { openEmbedded, openPostgres, type Db, type Queryable } from '../server/db/client.ts';
import { coverage } from '../server/analysis/coverage.ts';
import { interiorPoints, nearestHq } from '../server/analysis/proximity.ts';
import type { CommuneFC } from '../server/analysis/types.ts';
import { NATIONAL_COMMUNES, benchOptions, nationalCommunesFile } from './options.ts';
import {
  PG_COVERAGE, PG_NEAREST_HQ, PG_VILLAGE_COVERAGE, hqsAt, loadReferenceTables, realCommunes, villagesIn,
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

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
