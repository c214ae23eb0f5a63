/**
 * Benchmark of a warm start on the embedded database: `npm start` on a data folder that already holds the demo (and
 * a client build that is up to date), until `GET /api/health` answers ok
 *                                          vs  a bare PGlite + PostGIS open of the same data folder in a new Node
 *                                              process, until its first PostGIS query answers
 * Both are whole processes started the same way, alternated RUNS times; medians compared.
 *
 *   npm run bench:start
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions, log } from './options.ts';

benchOptions('npm run bench:start');
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 3;

const BARE_OPEN = `
const [{ PGlite }, { postgis }, { btree_gist }] = await Promise.all([
  import('@electric-sql/pglite'), import('@electric-sql/pglite-postgis'), import('@electric-sql/pglite/contrib/btree_gist'),
]);
const db = await PGlite.create({ dataDir: process.env.DIR, extensions: { postgis, btree_gist } });
await db.query('SELECT postgis_lib_version()');
process.stdout.write('ready\\n');
await db.close();`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

/** `npm start` until /api/health answers ok; then stopped (SIGTERM to its process group) and waited for. */
async function warmStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', POSTURE_DATA_DIR: dataDir, DATABASE_URL: '' },
  });
  let stderr = '';
  child.stderr!.on('data', (b) => (stderr += b));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start ended (${child.exitCode}): ${stderr.slice(-500)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) return (performance.now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited(child);
  }
}

/** A new Node process that opens the folder with PGlite + PostGIS and runs one PostGIS query. */
async function bareOpen(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_OPEN], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DIR: dataDir } });
  const s = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) resolve((performance.now() - t0) / 1000);
    });
    child.once('exit', (code) => reject(new Error(`bare PGlite open ended (${code}) before its query`)));
  });
  await exited(child);
  return s;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'posture-bench-start-'));
  try {
    log('  … first start (creates the database, seeds the demo, builds the client if stale)');
    log(`    ${(await warmStart(dataDir)).toFixed(2)} s`);
    const starts: number[] = [];
    const opens: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      opens.push(await bareOpen(dataDir));
      starts.push(await warmStart(dataDir));
      log(`    run ${i + 1}: npm start ${starts[i].toFixed(2)} s, bare PGlite open ${opens[i].toFixed(2)} s`);
    }
    const [s, o] = [median(starts), median(opens)];
    console.log('\n## Warm start (embedded database, demo data)\n');
    console.log('| stage | time (s) | baseline | baseline (s) | ratio |');
    console.log('|---|---|---|---|---|');
    console.log(`| warm \`npm start\` to healthy (median of ${RUNS}) | ${s.toFixed(2)} | bare PGlite + PostGIS open of the same folder, new process | ${o.toFixed(2)} | ${(s / o).toFixed(2)}× |`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
