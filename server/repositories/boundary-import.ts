import type { Db, Queryable } from '../db/client.ts';
import { sqlFile } from '../sql/index.ts';
import { writeAudit } from './audit.ts';
import { HttpError } from '../errors.ts';
import { aboutFeature, inLanguage, type Candidate, type Problem, type ReadResult } from '../import/boundary-file.ts';
import { said, type Lang, type Said } from '../text/lang.ts';
import type { OnProgress } from '../plugins/progress.ts';
import { resolveProvinces, type ProvinceTarget } from '../import/province-of.ts';
import { deriveStaleOutlines } from './province-outlines.ts';

const CHECK = sqlFile('import-boundary-check');
const STAGE = sqlFile('import-boundary-stage');
const UPSERT = sqlFile('import-boundary-upsert');
const WRITE = sqlFile('import-boundary-write');
const BATCH = 100;

interface CheckRow {
  valid: boolean;
  reason: string | null;
  repairedType: string | null;
  noArea: boolean;
  inProvince: boolean | null;
  existingProvince: string | null;
}

export interface BoundaryReport {
  format: ReadResult['format'];
  crs: string;
  featureCount: number;
  errorCount: number;
  warningCount: number;
  problems: Problem[];
  /** Codes already in the database for the file's provinces that the file does not have (kept, not deleted). */
  notInFile: string[];
  /** The provinces the features go to (a national file holds many). */
  provinces: ProvinceTarget[];
  /** Feature number → its province, for the commit. */
  provinceOf: Map<number, string>;
}

/** The report as sent to a person: every message in the request's language. */
export const reportIn = ({ provinceOf: _, ...report }: BoundaryReport, lang: Lang) => ({ ...report, problems: report.problems.map((p) => inLanguage(p, lang)) });

/**
 * Adds what PostGIS finds to the file's problems: invalid geometries and the repair made on commit, features
 * outside the province, codes held by another province. Reads only.
 */
export async function checkBoundaries(
  db: Queryable,
  given: { province: string | null; provinceName: string | null },
  read: ReadResult,
  onProgress?: OnProgress,
  opts: { stage?: boolean } = {},
): Promise<BoundaryReport> {
  const resolved = await resolveProvinces(db, read.candidates, given.province, given.provinceName);
  const problems = [...read.problems, ...resolved.problems];
  const total = read.candidates.length;
  type Item = { n: number; code: string | null; province: string | undefined; name?: string; kind?: string; population?: number | null; geometry: unknown };
  const item = (c: Candidate): Item =>
    opts.stage
      ? { n: c.n, code: c.code, province: resolved.provinceOf.get(c.n), name: c.name, kind: c.kind, population: c.population, geometry: c.geometry }
      : { n: c.n, code: c.code, province: resolved.provinceOf.get(c.n), geometry: c.geometry };
  // Staged (inside the import's transaction), each statement runs under a savepoint: one that fails, or comes back
  // short (see below), is undone, so that no feature is staged twice and the transaction stays usable.
  const run = async (items: Item[]): Promise<(CheckRow & { n: number })[]> => {
    if (!opts.stage) return db.query<CheckRow & { n: number }>(CHECK, [JSON.stringify(items)]);
    await db.query('SAVEPOINT import_stage_batch');
    try {
      const rows = await db.query<CheckRow & { n: number }>(STAGE, [JSON.stringify(items)]);
      if (rows.length === items.length && rows.every((r) => r.valid !== null)) {
        await db.query('RELEASE SAVEPOINT import_stage_batch');
        return rows;
      }
      await db.query('ROLLBACK TO SAVEPOINT import_stage_batch');
      await db.query('RELEASE SAVEPOINT import_stage_batch');
      return [];
    } catch (err) {
      await db.query('ROLLBACK TO SAVEPOINT import_stage_batch');
      await db.query('RELEASE SAVEPOINT import_stage_batch');
      throw err;
    }
  };
  if (opts.stage) {
    await db.query(`CREATE TEMP TABLE import_stage (
      n integer PRIMARY KEY, code text, province text, name text, kind text, population integer, geom geometry, reason text
    ) ON COMMIT DROP`);
  }
  // Checked BATCH features per statement (one round trip each instead of one per feature); a batch that fails or
  // comes back short is checked feature by feature below, which names the feature PostGIS refused.
  const batched = new Map<number, CheckRow>();
  for (const [i, c] of read.candidates.entries()) {
    await onProgress?.({ stage: 'check', done: i, total });
    if (i % BATCH === 0) {
      const batch = read.candidates
        .slice(i, i + BATCH)
        .filter((b) => b.geometry && resolved.provinceOf.has(b.n))
        .map(item);
      const rows = batch.length === 0 ? [] : await run(batch).catch(() => []);
      if (rows.length === batch.length && rows.every((r) => r.valid !== null)) for (const r of rows) batched.set(r.n, r);
    }
    const provinceCode = resolved.provinceOf.get(c.n);
    if (!c.geometry || provinceCode === undefined) continue;
    const say = (severity: Problem['severity'], kind: string, message: Said) => problems.push({ feature: c.n, code: c.code, severity, kind, message: aboutFeature(c.n, c.code, message) });
    let rows: CheckRow[];
    try {
      const known = batched.get(c.n);
      rows = known ? [known] : await run([item(c)]);
    } catch (err) {
      const detail = (err as Error).message;
      say('error', 'invalid_geometry', said(`PostGIS refused the geometry: ${detail}`, `PostGIS không chấp nhận hình học: ${detail}`));
      continue;
    }
    // The embedded PostGIS ends a statement with no row and no error when GEOS throws inside it (ST_MakeValid did
    // on 06688 Phường Hạ Long); the check repairs with posture_make_valid (migration 008), which avoids that on every
    // commune of the country. Should another shape still get no answer, say so rather than take silence for validity.
    if (rows.length === 0 || rows[0].valid === null) {
      say(
        'error',
        'unchecked_geometry',
        said(
          'PostGIS returned no validity result for this geometry (too complex for this database back end); simplify it or import on the PostgreSQL server',
          'PostGIS không trả về kết quả kiểm tra tính hợp lệ cho hình học này (quá phức tạp với cơ sở dữ liệu nhúng); hãy đơn giản hóa hình hoặc nhập trên máy chủ PostgreSQL',
        ),
      );
      continue;
    }
    const r = rows[0];
    if (!r.valid) {
      // The reason is PostGIS's own (ST_IsValidReason), quoted as it is in both languages.
      if (r.noArea) {
        say(
          'error',
          'invalid_geometry',
          said(
            `invalid geometry (${r.reason}) and no area is left after repair (ST_MakeValid gives ${r.repairedType})`,
            `hình học không hợp lệ (${r.reason}) và không còn diện tích sau khi sửa (ST_MakeValid cho ra ${r.repairedType})`,
          ),
        );
      } else {
        say(
          'warning',
          'repaired_geometry',
          said(
            `invalid geometry (${r.reason}); repaired on import with ST_MakeValid (result: ${r.repairedType}, polygonal part kept)`,
            `hình học không hợp lệ (${r.reason}); sẽ được sửa khi nhập bằng ST_MakeValid (kết quả: ${r.repairedType}, giữ phần đa giác)`,
          ),
        );
      }
    }
    if (r.inProvince === false) say('error', 'outside_province', said(`lies outside province ${provinceCode}`, `nằm ngoài tỉnh ${provinceCode}`));
    if (r.existingProvince !== null && r.existingProvince !== provinceCode) {
      say(
        'error',
        'code_in_other_province',
        said(`code ${c.code} already belongs to a commune of province ${r.existingProvince}`, `mã ${c.code} đã thuộc một xã của tỉnh ${r.existingProvince}`),
      );
    }
  }
  await onProgress?.({ stage: 'check', done: total, total });
  const codes = read.candidates.map((c) => c.code).filter((c): c is string => c !== null);
  const missing = await db.query<{ code: string; provinceCode: string }>(
    'SELECT code, province_code AS "provinceCode" FROM commune WHERE province_code = ANY ($1::text[]) AND NOT (code = ANY ($2::text[])) ORDER BY code',
    [resolved.provinces.map((p) => p.code), codes],
  );
  const notInFile = missing.map((r) => r.code);
  for (const { code, provinceCode } of missing) {
    problems.push({
      feature: null,
      code,
      severity: 'warning',
      kind: 'not_in_file',
      message: said(`commune ${code} of province ${provinceCode} is not in the file; it is kept as it is`, `xã ${code} của tỉnh ${provinceCode} không có trong tệp; được giữ nguyên`),
    });
  }
  problems.sort((a, b) => (a.feature ?? 0) - (b.feature ?? 0));
  return {
    format: read.format,
    crs: read.crs,
    featureCount: read.candidates.length,
    errorCount: problems.filter((p) => p.severity === 'error').length,
    warningCount: problems.filter((p) => p.severity === 'warning').length,
    problems,
    notInFile,
    provinces: resolved.provinces,
    provinceOf: resolved.provinceOf,
  };
}

export interface BoundaryCommitResult {
  created: number;
  updated: number;
  repaired: string[];
  /** The provinces written, with the communes created and updated in each. */
  provinces: { code: string; name: string; created: number; updated: number }[];
}

export interface CommitOptions {
  userId: number | null;
  /** The province chosen for the import: every feature goes there unless `provinceOf` says otherwise. */
  provinceCode: string | null;
  provinceName: string | null;
  /** Feature number → province, as checkBoundaries resolved it (a national file holds many provinces). */
  provinceOf?: Map<number, string>;
  fileName: string;
  /** Called between the steps of the transaction (tests use it to stop a process half-way). */
  onStep?: (step: 'province' | 'communes' | 'audit') => Promise<void> | void;
}

/**
 * Writes the candidates in one transaction: all of them, or (on any error, or if the process dies) none. Each
 * feature goes to its province; a province that does not exist yet is created with its official name (or the
 * one given), and every real province written gets its outline re-derived from its communes once the transaction
 * has committed (deriveStaleOutlines: the import does not wait for it).
 */
export async function commitBoundaries(db: Db, candidates: Candidate[], opts: CommitOptions): Promise<BoundaryCommitResult> {
  const rows = candidates.map((c) => ({ code: c.code, province: provinceFor(c, opts), name: c.name, kind: c.kind, population: c.population, geometry: c.geometry }));
  const result = await db.transaction((tx) => writeBoundaries(tx, rows, opts, () => tx.query<Written>(UPSERT, [JSON.stringify(rows)])), { long: true });
  await afterImport(db);
  return result;
}

/** Thrown inside the import's transaction to roll it back when the check found a blocking problem. */
class Blocked {
  constructor(readonly report: BoundaryReport) {}
}

/**
 * The whole import in one transaction: the check (checkBoundaries) stages every feature as it checks it, and when
 * nothing blocks, the communes are written from what was staged. Each geometry is thus parsed, checked and repaired
 * once, and what is written is exactly what was checked. Answers the report, and the result unless a problem
 * blocked the import (then nothing is written).
 */
export async function importBoundaries(
  db: Db,
  read: ReadResult,
  opts: Omit<CommitOptions, 'provinceOf'> & { onProgress?: OnProgress; beforeWrite?: () => Promise<void> },
): Promise<{ report: BoundaryReport; result: BoundaryCommitResult | null }> {
  try {
    const done = await db.transaction(async (tx) => {
      const report = await checkBoundaries(tx, { province: opts.provinceCode, provinceName: opts.provinceName }, read, opts.onProgress, { stage: true });
      if (report.errorCount > 0) throw new Blocked(report);
      await opts.beforeWrite?.();
      const withProvince = { ...opts, provinceOf: report.provinceOf };
      const rows = read.candidates.map((c) => ({ code: c.code, province: provinceFor(c, withProvince) }));
      const staged = (await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM import_stage'))[0].count;
      if (staged !== rows.length) throw new Error(`${rows.length - staged} feature(s) were checked but not staged`);
      const result = await writeBoundaries(tx, rows, withProvince, async () => {
        await tx.query(`SELECT set_config('posture.geom_checked', 'on', true)`);
        const written = await tx.query<Written>(WRITE);
        await tx.query(`SELECT set_config('posture.geom_checked', '', true)`);
        return written;
      });
      return { report, result };
    }, { long: true });
    await afterImport(db);
    return done;
  } catch (err) {
    if (err instanceof Blocked) return { report: err.report, result: null };
    throw err;
  }
}

interface Written {
  code: string;
  provinceCode: string;
  created: boolean;
  geomRepair: string | null;
}

const provinceFor = (c: Candidate, opts: Pick<CommitOptions, 'provinceOf' | 'provinceCode'>): string => {
  const p = opts.provinceOf?.get(c.n) ?? opts.provinceCode;
  if (p === null) throw new HttpError(400, aboutFeature(c.n, c.code, said('no province for this commune', 'không xác định được tỉnh của xã này')));
  return p;
};

/** Bulk writes leave the planner's statistics stale (PostgreSQL then JIT-compiles short queries): refresh them. */
async function afterImport(db: Db) {
  await db.exec('ANALYZE commune; ANALYZE province; ANALYZE border_commune; ANALYZE border_commune_country');
  void deriveStaleOutlines(db);
}

/**
 * The write of an import inside its transaction: creates the provinces that do not exist yet, writes the communes
 * (`upsert`, one statement), marks the provinces' outlines stale, records the data version and the audit entry.
 */
async function writeBoundaries(
  tx: Queryable,
  rows: { code: string | null; province: string }[],
  opts: CommitOptions,
  upsert: () => Promise<Written[]>,
): Promise<BoundaryCommitResult> {
  const codes = [...new Set(rows.map((r) => r.province))].sort();
  const existing = new Map(
    (await tx.query<{ code: string; name: string }>('SELECT code, name FROM province WHERE code = ANY ($1::text[])', [codes])).map((r) => [r.code, r.name]),
  );
  const official = new Map(
    (await tx.query<{ code: string; name: string }>('SELECT code, name FROM ref_province WHERE code = ANY ($1::text[])', [codes])).map((r) => [r.code, r.name]),
  );
  for (const code of codes) {
    if (existing.has(code)) continue;
    const name = official.get(code) ?? (code === opts.provinceCode ? opts.provinceName : null);
    if (!name) {
      throw new HttpError(
        400,
        said(`province ${code} does not exist yet: give its name (provinceName)`, `tỉnh ${code} chưa có trong hệ thống: hãy nhập tên tỉnh (provinceName)`),
      );
    }
    await tx.query(`INSERT INTO province (code, name, source) VALUES ($1, $2, $3)`, [code, name, `import: ${opts.fileName}`]);
    existing.set(code, name);
  }
  await opts.onStep?.('province');
  const written = await upsert();
  if (written.length !== rows.length) {
    const got = new Set(written.map((w) => w.code));
    const list = rows.map((r) => r.code).filter((c) => c !== null && !got.has(c)).join(', ');
    throw new HttpError(409, said(`communes ${list} belong to another province; nothing was imported`, `các xã ${list} thuộc tỉnh khác; không có gì được nhập`));
  }
  await tx.query('UPDATE province SET outline_stale = true WHERE code = ANY ($1::text[]) AND NOT is_demo', [codes]);
  await opts.onStep?.('communes');
  const result: BoundaryCommitResult = {
    created: written.filter((w) => w.created).length,
    updated: written.filter((w) => !w.created).length,
    repaired: written.filter((w) => w.geomRepair !== null).map((w) => w.code).sort(),
    provinces: codes.map((code) => ({
      code,
      name: existing.get(code)!,
      created: written.filter((w) => w.provinceCode === code && w.created).length,
      updated: written.filter((w) => w.provinceCode === code && !w.created).length,
    })),
  };
  await tx.query(
    `INSERT INTO app_meta (key, value) VALUES ('data_version', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [new Date().toISOString()],
  );
  await writeAudit(tx, {
    userId: opts.userId,
    action: 'import',
    entity: 'commune_boundaries',
    entityId: codes.length === 1 ? codes[0] : codes.join(','),
    after: { file: opts.fileName, created: result.created, updated: result.updated, repaired: result.repaired, provinces: codes },
  });
  await opts.onStep?.('audit');
  return result;
}
