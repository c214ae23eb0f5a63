/**
 * Load benchmark: 50 simulated viewers for 30 s on 127.0.0.1, each doing the map page's reads over and over (one
 * request at a time, as a logged-in national commander: session, meta, provinces, border lines, commune summaries,
 * HQs, gates, dashboard indicators, the border tab's segments, communes and indicators, and the vector tiles of the
 * national first view), on the real 3,321 communes of Vietnam (../shared/geodata) beside the demo province with
 * 2019–2025 status and HQ history generated for every commune. Each server runs in a process of its own:
 *
 *   throughput and p95 on PostgreSQL                         vs  the embedded database (target ≥ 3×, p95 ≤ 1 s)
 *   /api/border/communes alone on PostgreSQL (median of 5)    vs  the embedded database (target ≤ 3×)
 *   two app processes on one PostgreSQL                       vs  one (target ≥ 1.6×)
 *   errors (HTTP 4xx/5xx, connection errors, timeouts)        target 0
 *
 * The load average of the machine is printed beside the figures: on a shared machine they move with it.
 *
 *   DATABASE_URL=postgres://… npm run bench:load [-- --quick]   (without DATABASE_URL: the embedded database only)
 *
 * The viewers are wrk (Debian package `wrk`): one kept-alive connection per viewer, each asking its next read as soon
 * as the last one is answered, the answers left encoded as a browser receives them. wrk is written in C over epoll:
 * on a machine whose cores the servers, PostgreSQL and the load generator share, a generator in Node (node:http) took
 * a third of a core at 2,700 requests per second, which two app processes then miss. Each app process gets its own
 * wrk and its share of the viewers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { LONG_STATEMENT_TIMEOUT_MS, openEmbedded, openPostgres, quoteIdent, REQUEST_STATEMENT_TIMEOUT_MS, WORK_MEM, type Db } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { ensureReferenceUnits } from '../server/reference-units.ts';
import { ensureBundledBorder } from '../server/reference-border.ts';
import { seedDemoIfEmpty } from '../server/seed.ts';
import { outlinesDerived } from '../server/repositories/province-outlines.ts';
import { userWrites } from '../server/repositories/users.ts';
import { buildApp, vietnamToday } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { benchOptions, log, nationalCommunesFile, timed } from './options.ts';
import { generateHistory, importFile } from './national-data.ts';
import { wrk, wrkAvailable, WRK_ERRORS } from './wrk.ts';

const { sample } = benchOptions('DATABASE_URL=… npm run bench:load [-- --quick | --sample=N]');
const SOURCE = nationalCommunesFile();
const url = process.env.DATABASE_URL;

const VIEWERS = 50;
const DURATION_MS = 30_000;
const LOGIN = { username: 'bench', password: 'benchmark password' };
/** Set in the environment of a server process this bench starts: `embedded`, or the PostgreSQL schema to serve. */
const SERVE = process.env.POSTURE_BENCH_SERVE;

/** The national communes (or the first `sample`), imported through the import route's code, with history. */
async function prepare(db: Db): Promise<void> {
  const source = JSON.parse(readFileSync(SOURCE, 'utf8')) as FeatureCollection;
  const file = Buffer.from(JSON.stringify({ ...source, features: source.features.slice(0, sample) }));
  await migrate(db);
  await ensureReferenceUnits(db);
  await ensureBundledBorder(db);
  await seedDemoIfEmpty(db);
  await importFile(db, file);
  await outlinesDerived(db);
  await generateHistory(db);
  await db.transaction((tx) => userWrites.create(tx, null, { username: LOGIN.username, displayName: 'Bench', password: LOGIN.password, role: 'commander', scopeKind: 'all' }));
}

/** A server process: opens its database as the server does, listens on 127.0.0.1 and prints its port. */
async function serve(target: string): Promise<void> {
  let db: Db;
  if (target === 'embedded') {
    db = await openEmbedded({ dataDir: null });
    await prepare(db);
  } else {
    db = openPostgres({
      url: url!, schema: target, applicationName: 'posture-bench',
      statementTimeoutMs: REQUEST_STATEMENT_TIMEOUT_MS, longStatementTimeoutMs: LONG_STATEMENT_TIMEOUT_MS, workMem: WORK_MEM,
    });
  }
  const app = await buildApp({ db, config: loadConfig({}), version: 'bench', loginLimit: { max: 10_000, windowMs: 60_000 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
  process.on('SIGTERM', () => void app.close().then(() => db.close()).then(() => process.exit(0)));
}

interface Server {
  child: ChildProcess;
  base: string;
}

/** Starts a server process for `target` and waits until it listens. */
function startServer(target: string): Promise<Server> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...process.argv.slice(2)], {
    env: { ...process.env, POSTURE_BENCH_SERVE: target },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${target} server exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { port } = JSON.parse(line) as { port: number };
      resolve({ child, base: `http://127.0.0.1:${port}` });
    });
  });
}

async function stopServer(s: Server): Promise<void> {
  s.child.removeAllListeners('exit');
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

/** Tiles of zoom z covering a box [west, south, east, north]. */
function tilesOver([w, s, e, n]: number[], z: number): [number, number][] {
  const x = (lon: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const y = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
  };
  const out: [number, number][] = [];
  for (let i = x(w); i <= x(e); i++) for (let j = y(n); j <= y(s); j++) out.push([i, j]);
  return out;
}

/** The reads of the map page's first view and of its border tab, as the client makes them. */
function mapPageReads(asOf: string): string[] {
  const reads = [
    '/api/auth/session',
    '/api/meta',
    '/api/provinces',
    '/api/borders',
    `/api/communes/summaries?asOf=${asOf}`,
    `/api/hqs?asOf=${asOf}`,
    `/api/border-gates?asOf=${asOf}`,
    `/api/indicators?asOf=${asOf}`,
    '/api/border/segments',
    `/api/border/communes?asOf=${asOf}`,
    `/api/border/indicators?asOf=${asOf}`,
  ];
  // The national first view: zoom 6 over Vietnam, the layers the map draws from tiles.
  for (const [x, y] of tilesOver([102.1, 8.3, 109.5, 23.4], 6)) {
    reads.push(`/api/tiles/communes/6/${x}/${y}.mvt?asOf=${asOf}`, `/api/tiles/border-communes/6/${x}/${y}.mvt`, `/api/tiles/border-lines/6/${x}/${y}.mvt`, `/api/tiles/border-gates/6/${x}/${y}.mvt?asOf=${asOf}`);
  }
  return reads;
}

const HEADERS = { 'accept-encoding': 'br, gzip, deflate', 'accept-language': 'vi' };

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LOGIN) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('posture_session='))!;
  await res.arrayBuffer();
  return cookie.split(';')[0];
}

// The warm pass and the lone /api/border/communes requests: node:http with a kept-alive connection, the answer left
// encoded as sent.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(base: string, cookie: string, path: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.get(base + path, { agent, headers: { ...HEADERS, cookie } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
      res.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
  });
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

interface RunResult {
  label: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  errors: number;
  errorSample: string;
  borderCommunesAlone: number;
  load: string;
}

/** One configuration: its servers up, viewers logged in (shared out over the servers), one warm pass, then 30 s. */
async function run(label: string, targets: string[]): Promise<RunResult> {
  log(`… ${label}: starting ${targets.length} server process(es)`);
  const servers = await Promise.all(targets.map(startServer));
  try {
    const asOf = vietnamToday();
    const reads = mapPageReads(asOf);
    const perServer = servers.map((s, i) => ({ ...s, viewers: Math.floor(VIEWERS / servers.length) + (i < VIEWERS % servers.length ? 1 : 0), cookies: [] as string[] }));
    for (const s of perServer) for (let i = 0; i < s.viewers; i++) s.cookies.push(await login(s.base));
    // Warm: each server's caches (tiles, analysis inputs) filled once, as after the first visitor.
    for (const s of perServer) for (const path of reads) await get(s.base, s.cookies[0], path);
    const alone: number[] = [];
    for (let i = 0; i < 5; i++) alone.push((await get(perServer[0].base, perServer[0].cookies[0], `/api/border/communes?asOf=${asOf}`)).ms);
    const loadBefore = loadavg()[0];
    log(`  ${VIEWERS} viewers for ${DURATION_MS / 1000} s (load average ${loadBefore.toFixed(2)})`);
    const results = await Promise.all(
      perServer.map((s) => wrk({ base: s.base, paths: reads, cookies: s.cookies, headers: HEADERS, connections: s.viewers, seconds: DURATION_MS / 1000 })),
    );
    const loadAfter = loadavg()[0];
    const requests = results.reduce((a, r) => a + r.requests, 0);
    const errorCounts = WRK_ERRORS.map((k) => [k, results.reduce((a, r) => a + r[k], 0)] as const).filter(([, n]) => n > 0);
    return {
      label,
      requests,
      perSecond: results.reduce((a, r) => a + r.requests / (r.durationUs / 1e6), 0),
      // Each wrk keeps its own histogram: with two servers the higher of the two.
      p50: Math.max(...results.map((r) => r.p50 / 1000)),
      p95: Math.max(...results.map((r) => r.p95 / 1000)),
      errors: errorCounts.reduce((a, [, n]) => a + n, 0),
      errorSample: errorCounts.map(([k, n]) => `${n}× ${k === 'status' ? 'HTTP 4xx/5xx' : k}`).join(', '),
      borderCommunesAlone: quantile(alone, 0.5),
      load: `${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
    };
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}

async function main() {
  if (!wrkAvailable()) {
    console.error('skipped: wrk is not installed (Debian: apt-get install wrk); it plays the viewers');
    return;
  }
  const results: RunResult[] = [];
  results.push(await run('embedded', ['embedded']));
  let schema: string | null = null;
  const admin = url ? openPostgres({ url, max: 1 }) : null;
  try {
    if (admin) {
      schema = `posture_bench_${randomBytes(4).toString('hex')}`;
      await admin.exec(`CREATE SCHEMA ${quoteIdent(schema)}`);
      const pg = openPostgres({ url: url!, schema, max: 4 });
      try {
        const prepared = await timed(() => prepare(pg));
        log(`… PostgreSQL schema ${schema} prepared in ${prepared.s.toFixed(0)} s`);
        await pg.exec('ANALYZE');
      } finally {
        await pg.close();
      }
      results.push(await run('PostgreSQL, 1 process', [schema]));
      results.push(await run('PostgreSQL, 2 processes', [schema, schema]));
    } else {
      log('DATABASE_URL is not set: PostgreSQL is not measured');
    }
  } finally {
    if (admin && schema) await admin.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await admin?.close();
  }

  const communes = Number.isFinite(sample) ? `first ${sample} communes` : 'national communes';
  console.log(`\nLoad: ${VIEWERS} viewers × ${DURATION_MS / 1000} s of the map page's reads on 127.0.0.1 (${communes}; ${mapPageReads('x').length} reads a visit)\n`);
  console.log('| back end | requests | req/s | p50 ms | p95 ms | errors | /api/border/communes alone ms | load average |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of results) {
    console.log(`| ${r.label} | ${r.requests} | ${r.perSecond.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.errors}${r.errorSample ? ` (${r.errorSample})` : ''} | ${r.borderCommunesAlone.toFixed(1)} | ${r.load} |`);
  }
  const [emb, one, two] = results;
  if (one) {
    const row = (what: string, value: string, target: string, ok: boolean) => console.log(`| ${what} | ${value} | ${target} | ${ok ? 'met' : 'NOT MET'} |`);
    console.log('\n| target | measured | wanted | |');
    console.log('| --- | ---: | --- | --- |');
    row('PostgreSQL throughput / embedded', `${(one.perSecond / emb.perSecond).toFixed(2)}×`, '≥ 3×', one.perSecond >= 3 * emb.perSecond);
    row('PostgreSQL p95', `${one.p95.toFixed(0)} ms`, '≤ 1000 ms', one.p95 <= 1000);
    row('/api/border/communes, PostgreSQL / embedded (alone)', `${(one.borderCommunesAlone / emb.borderCommunesAlone).toFixed(2)}×`, '≤ 3×', one.borderCommunesAlone <= 3 * emb.borderCommunesAlone);
    row('two processes / one, PostgreSQL throughput', `${(two.perSecond / one.perSecond).toFixed(2)}×`, '≥ 1.6×', two.perSecond >= 1.6 * one.perSecond);
    row('errors, all runs', String(results.reduce((a, r) => a + r.errors, 0)), '0', results.every((r) => r.errors === 0));
  }
}

if (SERVE) await serve(SERVE);
else await main();
