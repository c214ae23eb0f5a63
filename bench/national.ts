/**
 * Benchmark of the national import and the national dashboard on the real 3,321 communes of Vietnam
 * (../shared/geodata, never copied into the repository). Needs DATABASE_URL (a PostgreSQL/PostGIS server the bench
 * may create and drop schemas on) for the ogr2ogr baseline; the embedded database is measured in the same run.
 *
 *   national boundary import on PostgreSQL (check and write as the route does, no province given)  vs  ogr2ogr of the same file into
 *     PostGIS followed by ST_MakeValid of every geometry; then the same with the province outlines, which the
 *     server derives after the commit without holding the import's answer
 *   national boundary import on the embedded database                            vs  the same import on PostgreSQL
 *   national indicators with the per-province table, on PostgreSQL, with 2019–2025 status and HQ history generated
 *     for every commune                                                          vs  a bare count of the statuses
 *     in force on the date (commune_status_at) over the same communes
 *   the national /api/indicators through the route, uncached (dates not asked before), first request right after
 *     the import and the history                                                 vs  the 200 ms target
 *
 *   DATABASE_URL=postgres://… npm run bench:national [-- --quick]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FeatureCollection } from 'geojson';
import { openEmbedded, openPostgres, quoteIdent, type Db } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { ensureReferenceUnits } from '../server/reference-units.ts';
import { ensureBundledBorder } from '../server/reference-border.ts';
import { indicators } from '../server/repositories/indicators.ts';
import { userWrites } from '../server/repositories/users.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { outlinesDerived } from '../server/repositories/province-outlines.ts';
import { benchOptions, log, nationalCommunesFile, timed } from './options.ts';
import { generateHistory, importFile } from './national-data.ts';

const { sample } = benchOptions('DATABASE_URL=… npm run bench:national [-- --quick | --sample=N]');
const SOURCE = nationalCommunesFile();
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('skipped: DATABASE_URL is not set (the ogr2ogr baseline writes into a PostgreSQL/PostGIS server)');
  process.exit(0);
}

const LOGIN = { username: 'bench-national', password: 'benchmark password' };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** ogr2ogr's PG: connection string from a postgres:// URL. */
function pgConnection(u: string, schema: string): string {
  const p = new URL(u);
  const kv = {
    host: p.hostname,
    port: p.port || '5432',
    dbname: decodeURIComponent(p.pathname.slice(1)),
    user: decodeURIComponent(p.username),
    password: decodeURIComponent(p.password),
    active_schema: schema,
  };
  return `PG:${Object.entries(kv).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join(' ')}`;
}

async function main() {
  const source = JSON.parse(readFileSync(SOURCE, 'utf8')) as FeatureCollection;
  const fc = { ...source, features: source.features.slice(0, sample) };
  const file = Buffer.from(JSON.stringify(fc));
  const n = fc.features.length;
  log(`${n} communes, GeoJSON of ${(file.length / 1024 / 1024).toFixed(1)} MB`);
  const dir = mkdtempSync(`${tmpdir()}/posture-bench-`);
  const path = `${dir}/communes.geojson`;
  writeFileSync(path, file);

  const schema = `posture_bench_${randomBytes(4).toString('hex')}`;
  const admin = openPostgres({ url: url!, max: 1 });
  await admin.exec(`CREATE SCHEMA ${quoteIdent(schema)}`);
  const pg = openPostgres({ url: url!, schema, max: 4 });
  const rows: { stage: string; measured: number; baseline: string; base: number }[] = [];
  try {
    await migrate(pg);
    await ensureReferenceUnits(pg);
    // The import derives the border communes of every province it writes: with the national lines, as in use.
    await ensureBundledBorder(pg);

    log('  … ogr2ogr into PostGIS, then ST_MakeValid');
    const ogr = await timed(async () => {
      execFileSync('ogr2ogr', ['-f', 'PostgreSQL', pgConnection(url!, schema), path, '-nln', 'ogr_communes', '-nlt', 'PROMOTE_TO_MULTI', '-lco', 'GEOMETRY_NAME=geom', '-overwrite'], { stdio: 'inherit' });
      await pg.exec(`UPDATE ogr_communes SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) WHERE NOT ST_IsValid(geom)`);
    });
    log(`    ${ogr.s.toFixed(2)} s`);

    log('  … national import on PostgreSQL');
    const pgImport = await timed(() => importFile(pg, file));
    log(`    ${pgImport.s.toFixed(2)} s (${pgImport.value.created} communes in ${pgImport.value.provinces.length} provinces)`);
    rows.push({ stage: `boundary import, PostgreSQL (${n} communes)`, measured: pgImport.s, baseline: 'ogr2ogr + ST_MakeValid', base: ogr.s });
    const pgOutlines = await timed(() => outlinesDerived(pg));
    log(`    province outlines derived ${pgOutlines.s.toFixed(2)} s later`);
    rows.push({ stage: '… and its province outlines, derived after the commit', measured: pgImport.s + pgOutlines.s, baseline: 'ogr2ogr + ST_MakeValid', base: ogr.s });

    log('  … generated status and HQ history (2019–2025) for every commune');
    await generateHistory(pg);
    const compute = () => indicators(pg, { communes: null }).compute('2025-12-31', null);
    await compute(); // warm
    const times: number[] = [];
    let provinces = 0;
    for (let i = 0; i < 5; i++) {
      const r = await timed(compute);
      times.push(r.s);
      provinces = r.value!.provinces.length;
    }
    const bare: number[] = [];
    for (let i = 0; i < 5; i++) {
      bare.push((await timed(() => pg.query(`SELECT key_complex, drug_free, count(*) FROM commune_status_at('2025-12-31') GROUP BY 1, 2`))).s);
    }
    rows.push({ stage: `national indicators + table of ${provinces} provinces, PostgreSQL (median of 5)`, measured: median(times), baseline: 'count of statuses in force', base: median(bare) });

    // The route as a national commander's dashboard asks it, uncached: each request for a date not asked before
    // (the first right after the import and the history, with only the ANALYZE the writes do themselves).
    const app = await buildApp({ db: pg, config: loadConfig({}), version: 'bench', loginLimit: { max: 10_000, windowMs: 60_000 } });
    try {
      await pg.transaction((tx) => userWrites.create(tx, null, { ...LOGIN, displayName: 'Bench', role: 'commander', scopeKind: 'all' }));
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: LOGIN });
      if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode}`);
      const cookie = login.cookies.find((c) => c.name === 'posture_session')!;
      const route: number[] = [];
      for (let day = 31; day > 26; day--) {
        const r = await timed(() => app.inject({ url: `/api/indicators?asOf=2025-12-${day}`, cookies: { posture_session: cookie.value } }));
        if (r.value.statusCode !== 200 || r.value.headers['x-cache'] !== 'miss') throw new Error(`indicators: ${r.value.statusCode} ${r.value.headers['x-cache']}`);
        route.push(r.s);
      }
      log(`    /api/indicators uncached: ${route.map((t) => `${(t * 1000).toFixed(0)} ms`).join(', ')}`);
      rows.push({ stage: 'national /api/indicators, uncached, first request after the import', measured: route[0], baseline: 'target', base: 0.2 });
      rows.push({ stage: 'national /api/indicators, uncached, median of 5 dates', measured: median(route), baseline: 'target', base: 0.2 });
    } finally {
      await app.close();
    }

    log('  … national import on the embedded database');
    const embedded = await openEmbedded({ dataDir: null });
    try {
      await migrate(embedded);
      await ensureReferenceUnits(embedded);
      await ensureBundledBorder(embedded);
      const emb = await timed(() => importFile(embedded, file));
      log(`    ${emb.s.toFixed(2)} s`);
      rows.push({ stage: `boundary import, embedded (${n} communes)`, measured: emb.s, baseline: 'the same import on PostgreSQL', base: pgImport.s });
      const embOutlines = await timed(() => outlinesDerived(embedded));
      rows.push({
        stage: '… and its province outlines, derived after the commit',
        measured: emb.s + embOutlines.s,
        baseline: 'the same on PostgreSQL',
        base: pgImport.s + pgOutlines.s,
      });
    } finally {
      await embedded.close();
    }
  } finally {
    await pg.close();
    await admin.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\nNational import and dashboard (${n} communes)\n`);
  console.log('| stage | time (s) | baseline | baseline (s) | ratio |');
  console.log('| --- | ---: | --- | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.stage} | ${r.measured.toFixed(3)} | ${r.baseline} | ${r.base.toFixed(3)} | ${(r.measured / r.base).toFixed(2)}× |`);
}

await main();
