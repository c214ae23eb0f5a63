/**
 * Benchmark of the map's first view in real Chromium, drawn from the vector tiles, on the real 3,321 communes of
 * Vietnam (../shared/geodata, never copied into the repository) beside the 45-commune demo province, on the embedded
 * database (the slower back end; PostgreSQL encodes tiles with ST_AsMVT):
 *
 *   bytes of the first national view (every response as sent, br/gzip)  vs  the 2 MB budget, and vs the demo view
 *   time until the national map is ready (fresh browser context, server's tile cache warm)
 *                                                                        vs  the same for the demo province
 *
 *   npm run bench:map [-- --quick]   (--quick / --sample=N: the first N communes of the file)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { openEmbedded } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { ensureReferenceUnits } from '../server/reference-units.ts';
import { ensureBundledBorder } from '../server/reference-border.ts';
import { seedDemoIfEmpty } from '../server/seed.ts';
import { readBoundaryFile } from '../server/import/boundary-file.ts';
import { checkBoundaries, commitBoundaries } from '../server/repositories/boundary-import.ts';
import { userWrites } from '../server/repositories/users.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { chromiumPath, hasChromium } from '../test/support/env.ts';
import { launchChromium } from '../test/e2e/browser.ts';
import { firstView } from '../test/e2e/first-view.ts';
import { benchOptions, log, nationalCommunesFile, timed } from './options.ts';

const { sample } = benchOptions('npm run bench:map [-- --quick | --sample=N]');
const SOURCE = nationalCommunesFile();
if (!hasChromium) {
  console.error(`skipped: no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
  process.exit(0);
}

const RUNS = 3;
const BUDGET = 2 * 1024 * 1024;
const LOGIN = { username: 'bench', password: 'benchmark password' };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

const outDir = mkdtempSync(join(tmpdir(), 'posture-bench-client-'));
const db = await openEmbedded({ dataDir: null });
try {
  log('building the client…');
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  await migrate(db);
  await ensureReferenceUnits(db);
  await ensureBundledBorder(db);
  await seedDemoIfEmpty(db);
  const imported = await timed(async () => {
    const read = await readBoundaryFile(readFileSync(SOURCE));
    read.candidates = read.candidates.slice(0, sample);
    const report = await checkBoundaries(db, { province: null, provinceName: null }, read);
    await commitBoundaries(db, read.candidates, { userId: null, provinceCode: null, provinceName: null, provinceOf: report.provinceOf, fileName: 'bench' });
    return read.candidates.length;
  });
  log(`imported ${imported.value} communes in ${imported.s.toFixed(0)} s`);
  await db.transaction((tx) => userWrites.create(tx, null, { username: LOGIN.username, displayName: 'Bench', password: LOGIN.password, role: 'commander', scopeKind: 'all' }));

  const app = await buildApp({ db, config: { ...loadConfig({}), clientDir: outDir }, version: 'bench', loginLimit: { max: 10_000, windowMs: 60_000 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const browser = await launchChromium();
  try {
    const view = (path: string) => firstView({ baseUrl, browser }, path, LOGIN);
    // The first view of each fills the server's tile cache; the runs after it start from a fresh browser context.
    const cold = { demo: await view('/?p=99'), national: await view('/') };
    const demo = [];
    const national = [];
    for (let i = 0; i < RUNS; i++) {
      demo.push(await view('/?p=99'));
      national.push(await view('/'));
    }
    const d = median(demo.map((r) => r.ms));
    const n = median(national.map((r) => r.ms));
    const bytes = median(national.map((r) => r.bytes));
    const rows = [
      ['first national view, bytes as sent', kb(bytes), `budget ${kb(BUDGET)}`, (bytes / BUDGET).toFixed(2)],
      ['  of which API (tiles)', `${kb(median(national.map((r) => r.apiBytes)))} (${kb(median(national.map((r) => r.tileBytes)))})`, `demo ${kb(median(demo.map((r) => r.bytes)))}`, ''],
      [`map ready, national (${national[0].communes} communes in the tiles)`, `${n.toFixed(0)} ms`, `demo ${d.toFixed(0)} ms`, (n / d).toFixed(2)],
      ['map ready, first views (cold tile cache)', `${cold.national.ms.toFixed(0)} ms`, `demo ${cold.demo.ms.toFixed(0)} ms`, (cold.national.ms / cold.demo.ms).toFixed(2)],
    ];
    console.log(`\nMap first view, embedded database, median of ${RUNS}\n`);
    for (const [what, value, baseline, ratio] of rows) console.log(`${what.padEnd(58)} ${value.padStart(18)}  vs ${baseline.padEnd(18)} ${ratio ? `${ratio}×` : ''}`);
  } finally {
    await browser.close();
    await app.close();
  }
} finally {
  await db.close();
  rmSync(outDir, { recursive: true, force: true });
}
