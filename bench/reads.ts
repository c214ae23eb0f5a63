/**
 * Benchmark of the map page's cached reads: `/api/communes` and `/api/indicators` of one province (the real Điện Biên
 * communes of ../shared/geodata, never copied into the repository, with generated status and HQ history), asked
 * over and over by a commander of that province, on the embedded database and — with DATABASE_URL — on PostgreSQL:
 *
 *   requests per second of the app (cache warm: ETag, cache hit)  vs  a bare Fastify with the same compression
 *                                                                      serving the same bytes (target ≥ 30 %)
 *   the first (uncached) answer                                    vs  the cached one
 *
 * Each is measured plain and with `accept-encoding: br, gzip` (as a browser asks). The servers share this process;
 * the clients are wrk (the Debian package `wrk`); both sides of a ratio run the same way, one after the other.
 *
 *   [DATABASE_URL=postgres://…] npm run bench:reads
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import fastifyCompress from '@fastify/compress';
import type { FeatureCollection } from 'geojson';
import type { Db } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { ensureReferenceUnits } from '../server/reference-units.ts';
import { ensureBundledBorder } from '../server/reference-border.ts';
import { seedDemoIfEmpty } from '../server/seed.ts';
import { userWrites } from '../server/repositories/users.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { onEachBackEnd } from './back-ends.ts';
import { benchOptions, log, nationalCommunesFile } from './options.ts';
import { generateHistory, importFile } from './national-data.ts';
import { wrkAvailable, wrkRate } from './wrk.ts';

const { sample } = benchOptions('[DATABASE_URL=…] npm run bench:reads [-- --quick]');
const QUICK = Number.isFinite(sample);
const SOURCE = nationalCommunesFile();
const PROVINCE = { code: '11', name: 'Điện Biên' };
const CLIENTS = 8;
const DURATION_MS = QUICK ? 2_000 : 5_000;
const AS_OF = '2025-06-01';
const LOGIN = { username: 'bench-province', password: 'benchmark password' };
const ROUTES = [`/api/communes?asOf=${AS_OF}`, `/api/indicators?asOf=${AS_OF}`];
const ENCODINGS: { name: string; headers: Record<string, string> }[] = [{ name: 'plain', headers: {} }, { name: 'br, gzip', headers: { 'accept-encoding': 'br, gzip' } }];

async function prepare(db: Db): Promise<void> {
  const source = JSON.parse(readFileSync(SOURCE, 'utf8')) as FeatureCollection;
  const features = source.features.filter((f) => f.properties?.ma_tinh === PROVINCE.code);
  await migrate(db);
  await ensureReferenceUnits(db);
  await ensureBundledBorder(db);
  await seedDemoIfEmpty(db);
  await importFile(db, Buffer.from(JSON.stringify({ ...source, features })));
  await generateHistory(db);
  await db.transaction((tx) =>
    userWrites.create(tx, null, { ...LOGIN, displayName: 'Bench', role: 'commander', scopeKind: 'province', provinceCodes: [PROVINCE.code] }),
  );
}

/**
 * Requests per second of CLIENTS kept-alive connections from wrk (another process), each asking `url` again as soon as
 * it has an answer; answers are left encoded (a client decoding Brotli in this process took the servers' thread).
 */
async function throughput(url: string, headers: Record<string, string>): Promise<number> {
  const { origin, pathname, search } = new URL(url);
  const { cookie, ...rest } = headers;
  return wrkRate({ base: origin, paths: [pathname + search], cookies: cookie ? [cookie] : [], headers: rest, connections: CLIENTS, seconds: DURATION_MS / 1000 }, url);
}

/** The bytes Fastify would send for a route answer: a bare app with the app's compression settings. */
async function bareServer(bodies: Map<string, string>) {
  const bare = Fastify();
  await bare.register(fastifyCompress, { global: true, encodings: ['br', 'gzip', 'deflate'] });
  bare.get('/*', async (req, reply) => reply.type('application/json; charset=utf-8').send(bodies.get(req.url)));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  return bare;
}

const base = (app: { server: { address(): unknown } }) => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

async function measure(label: string, db: Db): Promise<string[][]> {
  const app = await buildApp({ db, config: loadConfig({}), version: 'bench', loginLimit: { max: 10_000, windowMs: 60_000 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const rows: string[][] = [];
  try {
    const login = await fetch(`${base(app)}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LOGIN) });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('posture_session='))!.split(';')[0];
    const bodies = new Map<string, string>();
    for (const route of ROUTES) {
      const t0 = performance.now();
      const first = await fetch(`${base(app)}${route}`, { headers: { cookie } });
      const firstMs = performance.now() - t0;
      bodies.set(route, await first.text());
      const t1 = performance.now();
      const again = await fetch(`${base(app)}${route}`, { headers: { cookie } });
      await again.text();
      const cachedMs = performance.now() - t1;
      if (again.headers.get('x-cache') !== 'hit') throw new Error(`${route}: the second answer was not a cache hit`);
      const kb = (Buffer.byteLength(bodies.get(route)!) / 1024).toFixed(0);
      rows.push([`${label}: ${route.split('?')[0]} (${kb} KB), first vs cached`, `${firstMs.toFixed(1)} ms`, `${cachedMs.toFixed(1)} ms`, (cachedMs / firstMs).toFixed(3)]);
    }
    const bare = await bareServer(bodies);
    try {
      for (const route of ROUTES) {
        for (const enc of ENCODINGS) {
          const ours = await throughput(`${base(app)}${route}`, { cookie, ...enc.headers });
          const theirs = await throughput(`${base(bare)}${route}`, enc.headers);
          rows.push([`${label}: ${route.split('?')[0]} cached, ${enc.name}, req/s`, ours.toFixed(0), `Fastify ${theirs.toFixed(0)}`, (ours / theirs).toFixed(2)]);
        }
      }
    } finally {
      await bare.close();
    }
  } finally {
    await app.close();
  }
  return rows;
}

if (!wrkAvailable()) {
  console.error('skipped: wrk is not installed (Debian: apt-get install wrk); it plays the clients');
  process.exit(0);
}
const rows: string[][] = [];
await onEachBackEnd(
  async (db, backEnd) => {
    log(`${backEnd}: importing Điện Biên…`);
    await prepare(db);
    rows.push(...(await measure(backEnd, db)));
  },
  { max: 4 },
);
console.log(`\nCached reads of one province (${PROVINCE.name}), ${CLIENTS} clients, ${DURATION_MS / 1000} s each; target: cached ≥ 0.30× Fastify\n`);
for (const [what, value, baseline, ratio] of rows) console.log(`${what.padEnd(62)} ${value.padStart(10)}  vs ${baseline.padEnd(16)} ${ratio}×`);
