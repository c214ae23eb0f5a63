/**
 * Benchmark of the vector tiles on the real 3,321 communes of Vietnam (../shared/geodata, never copied into the
 * repository). Needs DATABASE_URL (a PostgreSQL/PostGIS server the bench may create and drop schemas on); the embedded
 * database is measured in the same run.
 *
 *   uncached commune tile at z6, z8, z10, z12 over Hà Nội (the densest tiles), through the route (session, area,
 *     tile revision, SQL, encoding), PostgreSQL                  vs  the bare ST_AsMVT(ST_AsMVTGeom) query of the
 *                                                                    same tile (code and name), PostgreSQL, and vs
 *                                                                    the route's own tile query run alone
 *   a hello world behind the same session check (same harness) vs  the same bare query: a request's fixed cost
 *   the same tiles on the embedded database (vt-pbf encoding)    vs  the same bare query on PostgreSQL
 *   cached tile, requests per second through the route (HTTP     vs  a hello-world route of the same app behind
 *     from wrk, the Debian package `wrk`)                            the same session check (and a public one, and
 *                                                                    one answering the tile's bytes)
 *
 *   DATABASE_URL=postgres://… npm run bench:tiles [-- --quick]
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { FeatureCollection } from 'geojson';
import { openEmbedded, openPostgres, quoteIdent, type Db } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { ensureReferenceUnits } from '../server/reference-units.ts';
import { ensureBundledBorder } from '../server/reference-border.ts';
import { readBoundaryFile } from '../server/import/boundary-file.ts';
import { checkBoundaries, commitBoundaries } from '../server/repositories/boundary-import.ts';
import { userWrites } from '../server/repositories/users.ts';
import { outlinesDerived } from '../server/repositories/province-outlines.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { tileOf } from '../server/repositories/tiles.ts';
import { benchOptions, log, nationalCommunesFile, timed } from './options.ts';
import { wrkAvailable, wrkRate } from './wrk.ts';

const { sample } = benchOptions('DATABASE_URL=… npm run bench:tiles [-- --quick | --sample=N]');
const SOURCE = nationalCommunesFile();
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('skipped: DATABASE_URL is not set (the baseline is ST_AsMVT on a PostgreSQL/PostGIS server)');
  process.exit(0);
}

const RUNS = 7;
const ZOOMS = [6, 8, 10, 12];
/** Hoàn Kiếm, Hà Nội: the tiles with the most communes at every zoom. */
const CENTRE = [105.852, 21.029];
const PASSWORD = 'benchmark password';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}

const BARE = `SELECT ST_AsMVT(q, 'communes', 4096, 'geom') AS tile FROM (
  SELECT code, name, ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom
  FROM commune WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326)) q`;

async function prepare(db: Db, file: Buffer) {
  await migrate(db);
  await ensureReferenceUnits(db);
  await ensureBundledBorder(db);
  const read = await readBoundaryFile(file);
  const report = await checkBoundaries(db, { province: null, provinceName: null }, read);
  await commitBoundaries(db, read.candidates, { userId: null, provinceCode: null, provinceName: null, provinceOf: report.provinceOf, fileName: 'bench' });
  // The provinces' outlines are derived in the background after an import (seconds on the embedded database): the
  // tiles are measured after it, not against it.
  await outlinesDerived(db);
  // A status of every kind and an HQ with a status for every commune, so that every attribute of the tile is read.
  await db.exec(`
    INSERT INTO commune_status (commune_code, kind, value, valid_from)
    SELECT c.code, v.kind, v.value, '2020-01-01'::date
    FROM commune c
    CROSS JOIN LATERAL (
      SELECT sv.kind, (array_agg(sv.value ORDER BY sv.ordinal))[1 + abs(hashtext(c.code || sv.kind)) % count(*)] AS value
      FROM status_value sv GROUP BY sv.kind) v;
    INSERT INTO police_hq (commune_code, name, staff_count, geom)
    SELECT c.code, 'Công an ' || c.name, 5 + abs(hashtext(c.code)) % 10, ST_PointOnSurface(c.geom) FROM commune c;
    INSERT INTO police_hq_status (hq_id, status, valid_from)
    SELECT h.id, (ARRAY['independent', 'shared', 'under_construction', 'planned'])[1 + abs(hashtext(h.commune_code)) % 4], '2020-01-01'
    FROM police_hq h;
    ANALYZE;`);
  await db.transaction((tx) =>
    userWrites.create(tx, null, { username: 'bench', displayName: 'Bench', password: PASSWORD, role: 'commander', scopeKind: 'all' }),
  );
  const app = await buildApp({ db, config: loadConfig({}), version: 'bench', loginLimit: { max: 10_000, windowMs: 60_000 } });
  // Hello-world routes in the same app: one behind the same session and area check as a tile, one open to all.
  app.get('/api/bench/hello', { config: { access: 'read' } }, async () => 'hello');
  app.get('/api/bench/hello-public', { config: { access: 'public' } }, async () => 'hello');
  // The same behind the session answering the bytes of a tile (helloBytes.body): what moving them costs here, apart
  // from the tile service (measured over HTTP).
  app.get('/api/bench/hello-bytes', { config: { access: 'read' } }, async (_req, reply) => reply.type('application/vnd.mapbox-vector-tile').send(helloBytes.body));
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench', password: PASSWORD } });
  const cookie = `posture_session=${login.cookies.find((c) => c.name === 'posture_session')!.value}`;
  return { app, cookie };
}

/** Day `i` after 2025-01-01: a date per request, so that every one misses the cache and reads the tile afresh. */
/** The answer of the hello world with a tile's bytes. */
const helloBytes: { body: Buffer } = { body: Buffer.alloc(0) };

const dayAfter = (i: number) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);

async function uncached(app: FastifyInstance, cookie: string, z: number, x: number, y: number, i: number) {
  const t0 = performance.now();
  const res = await app.inject({ method: 'GET', url: `/api/tiles/communes/${z}/${x}/${y}.mvt?asOf=${dayAfter(i)}`, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`tile ${z}/${x}/${y}: ${res.statusCode} ${res.body}`);
  return { ms: performance.now() - t0, bytes: res.rawPayload.length };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** One GET over HTTP (kept-alive connection), the answer's bytes read and dropped; its status. */
function httpGet(app: FastifyInstance, cookie: string, path: string): Promise<number> {
  const { port } = app.server.address() as { port: number };
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/**
 * Requests per second for `path` over HTTP on 127.0.0.1 from wrk (another process), 8 connections for `seconds`
 * (app.inject would decode every binary answer to a string, which costs more than serving it; a load generator in
 * this process would take the server's own thread).
 */
async function throughput(app: FastifyInstance, cookie: string, path: string, seconds = 4) {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const first = await httpGet(app, cookie, path);
  if (first !== 200) throw new Error(`${path}: ${first}`);
  const { port } = app.server.address() as { port: number };
  return wrkRate({ base: `http://127.0.0.1:${port}`, paths: [path], cookies: [cookie], headers: {}, connections: 8, seconds }, path);
}

async function main() {
  const source = JSON.parse(readFileSync(SOURCE, 'utf8')) as FeatureCollection;
  const fc = { ...source, features: source.features.slice(0, sample) };
  const file = Buffer.from(JSON.stringify(fc));
  const n = fc.features.length;
  const tiles = ZOOMS.map((z) => tileAt(CENTRE[0], CENTRE[1], z));
  const rows: { stage: string; measured: string; baseline: string; base: string; ratio: number }[] = [];
  const bareMs = new Map<number, number>();

  const schema = `posture_bench_${randomBytes(4).toString('hex')}`;
  const admin = openPostgres({ url: url!, max: 1 });
  await admin.exec(`CREATE SCHEMA ${quoteIdent(schema)}`);
  const pg = openPostgres({ url: url!, schema, max: 4 });
  try {
    log(`  … ${n} communes into PostgreSQL`);
    const { app, cookie } = await prepare(pg, file);
    try {
      for (const { z, x, y } of tiles) {
        const route: number[] = [];
        const bare: number[] = [];
        const query: number[] = [];
        const fixed: number[] = [];
        let bytes = 0;
        let features = 0;
        await pg.query(BARE, [z, x, y]); // warm both, then alternate so that a busy moment of the machine hits both
        await uncached(app, cookie, z, x, y, 1000 + z);
        for (let i = 0; i < RUNS; i++) {
          const r = await uncached(app, cookie, z, x, y, z * 100 + i);
          route.push(r.ms);
          bytes = r.bytes;
          bare.push((await timed(() => pg.query(BARE, [z, x, y]))).s * 1000);
          query.push((await timed(() => tileOf(pg, { layer: 'communes', z, x, y }, dayAfter(z * 100 + i), { communes: null }))).s * 1000);
          fixed.push((await timed(() => app.inject({ method: 'GET', url: '/api/bench/hello', headers: { cookie } }))).s * 1000);
        }
        [{ features }] = await pg.query<{ features: number }>(`SELECT count(*)::int AS features FROM commune WHERE geom && posture_tile_box($1, $2, $3)`, [z, x, y]);
        bareMs.set(z, median(bare));
        log(`    z${z} ${x}/${y}: ${features} communes, ${(bytes / 1024).toFixed(0)} kB, route ${median(route).toFixed(1)} ms, bare ${median(bare).toFixed(1)} ms, tile query ${median(query).toFixed(1)} ms`);
        rows.push({
          stage: `uncached commune tile z${z} (${features} communes, ${(bytes / 1024).toFixed(0)} kB), PostgreSQL, median of ${RUNS}`,
          measured: `${median(route).toFixed(1)} ms`,
          baseline: 'bare ST_AsMVT(ST_AsMVTGeom) query, PostgreSQL',
          base: `${median(bare).toFixed(1)} ms`,
          ratio: median(route) / median(bare),
        });
        rows.push({
          stage: `uncached commune tile z${z}, PostgreSQL, median of ${RUNS}`,
          measured: `${median(route).toFixed(1)} ms`,
          baseline: 'its tile query alone (statuses and HQ status as of the date, ST_AsMVT)',
          base: `${median(query).toFixed(1)} ms`,
          ratio: median(route) / median(query),
        });
        // What any request behind the session costs before its work (the session's query, the hooks, the harness):
        // with the tile query, the floor of the route.
        rows.push({
          stage: `hello world behind the session and area check (same harness), beside the z${z} tiles, median of ${RUNS}`,
          measured: `${median(fixed).toFixed(2)} ms`,
          baseline: `bare ST_AsMVT(ST_AsMVTGeom) query of the z${z} tile, PostgreSQL`,
          base: `${median(bare).toFixed(2)} ms`,
          ratio: median(fixed) / median(bare),
        });
      }
      const z = 10;
      const { x, y } = tileAt(CENTRE[0], CENTRE[1], z);
      if (!wrkAvailable()) log('wrk is not installed (Debian: apt-get install wrk): cached tiles are not measured');
      else {
        const tilePath = `/api/tiles/communes/${z}/${x}/${y}.mvt?asOf=2025-12-31`;
        helloBytes.body = (await app.inject({ method: 'GET', url: tilePath, headers: { cookie } })).rawPayload;
        const tileBytes = helloBytes.body.length;
        const cached = await throughput(app, cookie, tilePath);
        const hello = await throughput(app, cookie, '/api/bench/hello');
        const sized = await throughput(app, cookie, '/api/bench/hello-bytes');
        const open = await throughput(app, cookie, '/api/bench/hello-public');
        log(`    cached z${z} tile ${cached.toFixed(0)}/s, hello behind the session ${hello.toFixed(0)}/s (answering the tile's ${tileBytes} bytes ${sized.toFixed(0)}/s), public hello ${open.toFixed(0)}/s`);
        rows.push({ stage: `cached commune tile z${z}, PostgreSQL (requests/s, 8 at a time)`, measured: `${cached.toFixed(0)}/s`, baseline: 'hello world behind the same session and area check', base: `${hello.toFixed(0)}/s`, ratio: cached / hello });
        rows.push({ stage: `cached commune tile z${z}, PostgreSQL (requests/s, 8 at a time)`, measured: `${cached.toFixed(0)}/s`, baseline: `the same hello world answering the same ${tileBytes} bytes as the tile`, base: `${sized.toFixed(0)}/s`, ratio: cached / sized });
        rows.push({ stage: `cached commune tile z${z}, PostgreSQL (requests/s, 8 at a time)`, measured: `${cached.toFixed(0)}/s`, baseline: 'public hello world (no session)', base: `${open.toFixed(0)}/s`, ratio: cached / open });
      }
    } finally {
      await app.close();
    }

    log(`  … ${n} communes into the embedded database`);
    const embedded = await openEmbedded({ dataDir: null });
    try {
      const { app, cookie } = await prepare(embedded, file);
      try {
        for (const { z, x, y } of tiles) {
          await uncached(app, cookie, z, x, y, 1000 + z);
          const route: number[] = [];
          for (let i = 0; i < RUNS; i++) route.push((await uncached(app, cookie, z, x, y, z * 100 + i)).ms);
          log(`    z${z}: route ${median(route).toFixed(1)} ms`);
          rows.push({
            stage: `uncached commune tile z${z}, embedded (vt-pbf), median of ${RUNS}`,
            measured: `${median(route).toFixed(1)} ms`,
            baseline: 'bare ST_AsMVT query, PostgreSQL',
            base: `${bareMs.get(z)!.toFixed(1)} ms`,
            ratio: median(route) / bareMs.get(z)!,
          });
        }
        const { x, y } = tileAt(CENTRE[0], CENTRE[1], 10);
        if (wrkAvailable()) {
          const cached = await throughput(app, cookie, `/api/tiles/communes/10/${x}/${y}.mvt?asOf=2025-12-31`);
          const hello = await throughput(app, cookie, '/api/bench/hello');
          rows.push({ stage: 'cached commune tile z10, embedded (requests/s, 8 at a time)', measured: `${cached.toFixed(0)}/s`, baseline: 'hello world behind the same session and area check', base: `${hello.toFixed(0)}/s`, ratio: cached / hello });
        }
      } finally {
        await app.close();
      }
    } finally {
      await embedded.close();
    }
  } finally {
    await pg.close();
    await admin.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await admin.close();
  }

  console.log(`\nVector tiles (${n} communes)\n`);
  console.log('| measure | value | baseline | baseline value | ratio |');
  console.log('| --- | ---: | --- | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.stage} | ${r.measured} | ${r.baseline} | ${r.base} | ${r.ratio.toFixed(2)}× |`);
}

await main();
