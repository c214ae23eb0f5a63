/**
 * Benchmark of the import path on national data: the real 3,321 communes of Vietnam (../shared/geodata, never
 * copied into the repository) as one GeoJSON file, and a generated status table of the same communes. Each stage
 * is timed against a baseline measured in the same run on the same input, and the ratio is printed:
 *
 *   reading + checks of the file (readBoundaryFile)  vs  JSON.parse of the same bytes
 *   database check of every feature (checkBoundaries) vs  a bare ST_IsValid(ST_GeomFromGeoJSON) per feature
 *   reading + checks of a status CSV (readTable + checkStatusRows)  vs  splitting the same text into cells
 *   search folding of every commune name (fold)  vs  toLowerCase of the same names
 *
 * The database is embedded PGlite by default, the server named by DATABASE_URL otherwise.
 *
 *   npm run bench:import                  # whole country
 *   npm run bench:import -- --quick       # the first 300 communes of the file
 *   npm run bench:import -- --sample=500
 */
import { readFileSync } from 'node:fs';
import { ensureReferenceUnits } from '../server/reference-units.ts';
import type { FeatureCollection } from 'geojson';
import { openEmbedded, openPostgres, type Db } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { readBoundaryFile } from '../server/import/boundary-file.ts';
import { checkBoundaries } from '../server/repositories/boundary-import.ts';
import { checkStatusRows, readTable, STATUS_COLUMNS } from '../server/import/status-table.ts';
import { fold } from '../server/text/fold.ts';
import { benchOptions, log, nationalCommunesFile, timed } from './options.ts';

const { sample } = benchOptions('npm run bench:import [-- --quick | --sample=N]');
const SOURCE = nationalCommunesFile();


interface Row {
  stage: string;
  measured: number;
  baseline: string;
  base: number;
  note: string;
}

async function main() {
  const source = JSON.parse(readFileSync(SOURCE, 'utf8')) as FeatureCollection;
  const fc = { ...source, features: source.features.slice(0, sample) };
  const file = Buffer.from(JSON.stringify(fc));
  const n = fc.features.length;
  const rows: Row[] = [];
  log(`${n} communes, GeoJSON of ${(file.length / 1024 / 1024).toFixed(1)} MB`);

  log('  … reading the boundary file');
  const parsed = await timed(() => JSON.parse(file.toString('utf8')) as unknown);
  const read = await timed(() => readBoundaryFile(file));
  const errors = read.value.problems.filter((p) => p.severity === 'error').length;
  const warnings = read.value.problems.length - errors;
  rows.push({ stage: 'boundary file: read + checks', measured: read.s, baseline: 'JSON.parse', base: parsed.s, note: `${read.value.candidates.length} features, ${errors} blocking, ${warnings} warning(s)` });

  const url = process.env.DATABASE_URL;
  const tOpen = performance.now();
  const db: Db = url ? openPostgres({ url, max: 1 }) : await openEmbedded({ dataDir: null });
  await migrate(db);
  await ensureReferenceUnits(db);
  const backend = url ? 'PostgreSQL server (DATABASE_URL)' : 'embedded PGlite';
  log(`database: ${backend}, opened in ${((performance.now() - tOpen) / 1000).toFixed(1)} s`);
  try {
    log('  … checking every feature in the database');
    const geoms = read.value.candidates.filter((c) => c.geometry).map((c) => JSON.stringify(c.geometry));
    const bare = await timed(async () => {
      for (const g of geoms) await db.query('SELECT ST_IsValid(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) AS valid', [g]);
    });
    // Province code 00 holds nothing: every feature is checked as new, against no outline.
    const checked = await timed(() => checkBoundaries(db, { province: null, provinceName: null }, read.value));
    const repaired = checked.value.problems.filter((p) => p.kind === 'repaired_geometry').length;
    const blocking = checked.value.problems.filter((p) => p.severity === 'error').length;
    rows.push({ stage: 'boundary check in the database', measured: checked.s, baseline: 'ST_IsValid per feature', base: bare.s, note: `${geoms.length} features, ${repaired} to repair, ${blocking} blocking` });
  } finally {
    await db.close();
  }

  log('  … reading a status table');
  const codes = read.value.candidates.map((c) => c.code ?? '00000');
  const lines = [STATUS_COLUMNS.join(',')];
  codes.forEach((code, i) => {
    lines.push(`${code},key_complex,key_complex,2020-01-0${(i % 9) + 1},2024-12-31,${i}/QĐ-UBND,15/12/2019,"Ghi chú, có dấu phẩy"`);
    lines.push(`${code},drug_free,certified,01/03/2023,,,,`);
  });
  const csv = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`);
  const split = await timed(() => csv.toString('utf8').split('\r\n').map((l) => l.split(',')));
  const table = await timed(async () => checkStatusRows(await readTable(csv)));
  rows.push({ stage: 'status CSV: read + checks', measured: table.s, baseline: 'split into cells', base: split.s, note: `${lines.length - 1} rows, ${table.value.problems.length} problem(s)` });

  log('  … folding names for search');
  const names = read.value.candidates.map((c) => c.name);
  const ROUNDS = 200;
  const lower = await timed(() => {
    let k = 0;
    for (let r = 0; r < ROUNDS; r++) for (const s of names) k += s.toLowerCase().length;
    return k;
  });
  const folded = await timed(() => {
    let k = 0;
    for (let r = 0; r < ROUNDS; r++) for (const s of names) k += fold(s).length;
    return k;
  });
  rows.push({ stage: 'search folding (fold)', measured: folded.s, baseline: 'toLowerCase', base: lower.s, note: `${names.length} names × ${ROUNDS}` });

  void parsed.value;
  const w = Math.max(...rows.map((r) => r.stage.length));
  const b = Math.max(...rows.map((r) => r.baseline.length));
  console.log(`\nImport path on ${n} communes of Vietnam; database: ${backend}`);
  console.log(`${'stage'.padEnd(w)}  ${'s'.padStart(7)}  ${'baseline'.padEnd(b)}  ${'s'.padStart(7)}  ${'ratio'.padStart(7)}  notes`);
  for (const r of rows) {
    console.log(`${r.stage.padEnd(w)}  ${r.measured.toFixed(3).padStart(7)}  ${r.baseline.padEnd(b)}  ${r.base.toFixed(3).padStart(7)}  ${(r.measured / r.base).toFixed(1).padStart(7)}  ${r.note}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
