/**
 * Benchmark of the HQ table import at national size: 3,300 rows (one new HQ with its status per commune) read from a
 * CSV, checked and written in one transaction as the commit route does, on the embedded database against the same
 * import on PostgreSQL (DATABASE_URL; target: embedded ≤ 3× PostgreSQL). The communes are 3,300 small squares
 * written in one statement (the HQ import reads only their codes and shapes), so that the bench measures the import.
 *
 *   [DATABASE_URL=postgres://…] npm run bench:hq-import [-- --sample=N]
 */
import type { Db } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { readTable } from '../server/import/status-table.ts';
import { parseTable } from '../server/import/tables/spec.ts';
import { HQ_COLUMNS, hqSpec } from '../server/import/tables/hqs.ts';
import { hqImporter, lockTableImports } from '../server/repositories/table-import.ts';
import { analyzeTables } from '../server/repositories/planner.ts';
import { onEachBackEnd } from './back-ends.ts';
import { benchOptions, log, timed } from './options.ts';

const { sample } = benchOptions('[DATABASE_URL=…] npm run bench:hq-import [-- --sample=N]');
const N = Math.min(sample, 3300);
const SIDE = 0.01;
/** Commune i: a square of SIDE degrees on a grid over northern Vietnam (60 columns). */
const corner = (i: number): [number, number] => [103 + (i % 60) * 0.03, 20 + Math.floor(i / 60) * 0.03];
const code = (i: number) => String(10000 + i);

async function prepare(db: Db): Promise<void> {
  await migrate(db);
  await db.query(`INSERT INTO province (code, name, source) VALUES ('01', 'Tỉnh thử trụ sở', 'bench')`);
  await db.query(
    `INSERT INTO commune (code, province_code, name, kind, geom)
     SELECT x.code, '01', 'Xã ' || x.code, 'commune', ST_Multi(ST_MakeEnvelope(x.lon, x.lat, x.lon + $2, x.lat + $2, 4326))
     FROM json_to_recordset($1::json) AS x(code text, lon float8, lat float8)`,
    [JSON.stringify(Array.from({ length: N }, (_, i) => ({ code: code(i), lon: corner(i)[0], lat: corner(i)[1] }))), SIDE],
  );
  await analyzeTables(db, ['commune', 'province']);
}

function csv(): Buffer {
  const lines = [HQ_COLUMNS.join(',')];
  for (let i = 0; i < N; i++) {
    const [lon, lat] = corner(i);
    lines.push([code(i), `"Công an xã ${code(i)}"`, (lon + SIDE / 2).toFixed(5), (lat + SIDE / 2).toFixed(5), 8 + (i % 7), 'independent', '01/01/2025', `${i}/QĐ-CAT`, '15/12/2024', ''].join(','));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** Seconds of the whole import of the CSV: read, parse, check, write, in one transaction, then the statistics. */
async function importOnce(db: Db, file: Buffer): Promise<number> {
  const run = await timed(async () => {
    const parsed = parseTable(hqSpec, await readTable(file));
    if (parsed.problems.length > 0) throw new Error(`the generated table has problems: ${parsed.problems[0].message.en}`);
    await db.transaction(async (tx) => {
      await lockTableImports(tx);
      const found = await hqImporter.check(tx, parsed.rows, { scope: null, today: '2025-12-31' });
      if (found.problems.length > 0) throw new Error(`check: ${found.problems[0].message.en}`);
      if (found.created !== N) throw new Error(`expected ${N} new HQs, found ${found.created}`);
      await hqImporter.apply(tx, found.ops);
    }, { long: true });
    await analyzeTables(db, hqImporter.writes);
  });
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM police_hq_status`);
  if (n !== N) throw new Error(`expected ${N} status records, found ${n}`);
  return run.s;
}

const file = csv();
const results: { label: string; s: number }[] = [];
await onEachBackEnd(
  async (db, backEnd) => {
    log(`${backEnd}: preparing…`);
    await prepare(db);
    log(`${backEnd}: importing…`);
    results.push({ label: backEnd === 'embedded' ? 'embedded PGlite' : backEnd, s: await importOnce(db, file) });
  },
  { max: 2 },
);
console.log(`\nHQ table import of ${N} rows (CSV of ${(file.length / 1024).toFixed(0)} KB), read + check + write + ANALYZE; target: embedded ≤ 3× PostgreSQL\n`);
for (const r of results) console.log(`${r.label.padEnd(20)} ${r.s.toFixed(2).padStart(8)} s`);
if (results.length === 2) console.log(`${'embedded / PostgreSQL'.padEnd(20)} ${(results[0].s / results[1].s).toFixed(2).padStart(8)}×`);
