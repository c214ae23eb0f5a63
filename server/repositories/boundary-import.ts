import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/client.ts';
import { sqlFile } from '../sql/index.ts';
import { writeAudit } from './audit.ts';
import { HttpError } from '../errors.ts';
import { aboutFeature, inLanguage, type Candidate, type Problem, type ReadResult } from '../import/boundary-file.ts';
import { said, type Lang, type Said } from '../text/lang.ts';
import type { OnProgress } from '../plugins/progress.ts';
import { resolveProvinces, type ProvinceTarget } from '../import/province-of.ts';
import { deriveStaleOutlines } from './province-outlines.ts';
import { analyzeTables } from './planner.ts';

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

export interface CheckOptions {
  /** Stage every feature under this import id (import_stage) as it is checked, for importBoundaries to write. */
  stageAs?: string;
  /** Statements run at once (Db.parallel; 1 inside a transaction, which has one connection). */
  parallel?: number;
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
  opts: CheckOptions = {},
): Promise<BoundaryReport> {
  const resolved = await resolveProvinces(db, read.candidates, given.province, given.provinceName);
  const problems = [...read.problems, ...resolved.problems];
  const total = read.candidates.length;
  const stage = opts.stageAs;
  type Item = { n: number; code: string | null; province: string | undefined; name?: string; kind?: string; population?: number | null; geometry: unknown };
  const item = (c: Candidate): Item =>
    stage
      ? { n: c.n, code: c.code, province: resolved.provinceOf.get(c.n), name: c.name, kind: c.kind, population: c.population, geometry: c.geometry }
      : { n: c.n, code: c.code, province: resolved.provinceOf.get(c.n), geometry: c.geometry };
  // A staging statement that comes back short (see below) may have staged part of its features: they are removed,
  // so that the feature-by-feature check stages each of them once.
  const run = async (items: Item[]): Promise<(CheckRow & { n: number })[]> => {
    if (!stage) return db.query<CheckRow & { n: number }>(CHECK, [JSON.stringify(items)]);
    const rows = await db.query<CheckRow & { n: number }>(STAGE, [JSON.stringify(items), stage]);
    if (rows.length === items.length && rows.every((r) => r.valid !== null)) return rows;
    await db.query('DELETE FROM import_stage WHERE import_id = $1 AND n = ANY ($2::int[])', [stage, items.map((i) => i.n)]);
    return [];
  };
  // Checked BATCH features per statement (one round trip each instead of one per feature), `parallel` statements at
  // once; a batch that fails or comes back short is checked feature by feature below, which names the feature
  // PostGIS refused.
  const checkable = read.candidates.filter((c) => c.geometry && resolved.provinceOf.has(c.n));
  const batches: Item[][] = [];
  for (let i = 0; i < checkable.length; i += BATCH) batches.push(checkable.slice(i, i + BATCH).map(item));
  const batched = new Map<number, CheckRow>();
  let done = 0;
  let next = 0;
  await onProgress?.({ stage: 'check', done: 0, total });
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      const rows = await run(batch).catch(() => []);
      if (rows.length === batch.length && rows.every((r) => r.valid !== null)) for (const r of rows) batched.set(r.n, r);
      done += batch.length;
      await onProgress?.({ stage: 'check', done: Math.min(done, total - 1), total });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.parallel ?? 1) }, worker));
  for (const c of read.candidates) {
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

/**
 * The whole import: the check (checkBoundaries) stages every feature as it checks it, several batches at once on a
 * PostgreSQL server; when nothing blocks, one transaction writes the communes from what was staged. Each geometry is
 * thus parsed, checked, repaired and measured once, and what is written is exactly what was checked. Answers the
 * report, and the result unless a problem blocked the import (then nothing is written).
 */
export async function importBoundaries(
  db: Db,
  read: ReadResult,
  opts: Omit<CommitOptions, 'provinceOf'> & { onProgress?: OnProgress; beforeWrite?: () => Promise<void> },
): Promise<{ report: BoundaryReport; result: BoundaryCommitResult | null }> {
  const id = randomUUID();
  // What a stopped process left behind.
  await db.query(`DELETE FROM import_stage WHERE staged_at < now() - interval '1 day'`);
  let done: { report: BoundaryReport; result: BoundaryCommitResult | null };
  try {
    const report = await checkBoundaries(db, { province: opts.provinceCode, provinceName: opts.provinceName }, read, opts.onProgress, {
      stageAs: id,
      parallel: db.parallel,
    });
    if (report.errorCount > 0) return { report, result: null };
    await opts.beforeWrite?.();
    const withProvince = { ...opts, provinceOf: report.provinceOf };
    const rows = read.candidates.map((c) => ({ code: c.code, province: provinceFor(c, withProvince) }));
    const result = await db.transaction(async (tx) => {
      const staged = (await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM import_stage WHERE import_id = $1', [id]))[0].count;
      if (staged !== rows.length) throw new Error(`${rows.length - staged} feature(s) were checked but not staged`);
      return writeBoundaries(tx, rows, withProvince, async () => {
        await tx.query(`SELECT set_config('posture.geom_checked', 'on', true)`);
        const written = await tx.query<Written>(WRITE, [id]);
        await tx.query(`SELECT set_config('posture.geom_checked', '', true)`);
        await tx.query('DELETE FROM import_stage WHERE import_id = $1', [id]);
        return written;
      });
    }, { long: true });
    done = { report, result };
  } finally {
    await db.query('DELETE FROM import_stage WHERE import_id = $1', [id]).catch(() => undefined);
  }
  // After the clean-up: the outlines derived in the background would hold the embedded database's one connection.
  await afterImport(db);
  return done;
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
  await analyzeTables(db, ['commune', 'province', 'border_commune', 'border_commune_country']);
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
  // The provinces' rows are locked first, as the background outline derivation takes them (one per transaction)
  // before the revision counters its triggers bump: taking the counters first and the provinces later deadlocked.
  const existing = new Map(
    (await tx.query<{ code: string; name: string }>('SELECT code, name FROM province WHERE code = ANY ($1::text[]) ORDER BY code FOR UPDATE', [codes])).map((r) => [
      r.code,
      r.name,
    ]),
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
