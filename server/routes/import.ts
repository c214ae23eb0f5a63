import { ApiError } from '../schemas/common.ts';
import { STATUS_KINDS, STATUS_KIND_NAMES } from '../domain.ts';
import Type from 'typebox';
import { BoundaryCommit, BoundaryImportQuery, BoundaryPreview, StatusCommit, StatusImportQuery, StatusReport, TemplateQuery } from '../schemas/import.ts';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/client.ts';
import { checkStatusRows, readTable, STATUS_COLUMNS, TableFileError } from '../import/status-table.ts';
import { commitStatusRows, planStatusRows, STATUS_IMPORT_WRITES } from '../repositories/status-import.ts';
import { lockTableImports } from '../repositories/table-import.ts';
import { analyzeTables } from '../repositories/planner.ts';
import { toCsv, toXlsx } from '../exports/table.ts';
import { readBoundaryFile, ImportFileError, type ReadResult } from '../import/boundary-file.ts';
import { checkBoundaries, importBoundaries, reportIn } from '../repositories/boundary-import.ts';
import { HttpError } from '../errors.ts';
import { langOf, said } from '../text/lang.ts';
import { authOf } from '../plugins/auth.ts';
import { addUploadParser, fileOf } from '../plugins/upload.ts';
import { withProgress } from '../plugins/progress.ts';
import demoProvinceRoutes from './demo-province.ts';
import type { RoutePlugin } from './types.ts';
import tableImportRoutes from './table-import.ts';
import borderImportRoutes from './border-import.ts';

async function read(body: unknown): Promise<ReadResult> {
  try {
    return await readBoundaryFile(fileOf(body));
  } catch (err) {
    if (err instanceof ImportFileError) throw new HttpError(400, err.said);
    throw err;
  }
}

const routes: RoutePlugin = async (app, { db, config }) => {
  addUploadParser(app, config.importMaxBytes);
  const bodyLimit = config.importMaxBytes + 1;

  // Preview: reads and checks the file, writes nothing.
  app.post(
    '/import/boundaries/preview',
    {
      bodyLimit,
      config: { access: 'admin' },
      schema: { querystring: BoundaryImportQuery, response: { 200: BoundaryPreview, 400: ApiError, 413: ApiError } },
    },
    async (req, reply) => {
      const file = await read(req.body);
      // The database check is the long part (one query per feature): streamed with its progress on request.
      return withProgress(req, reply, async (onProgress) => {
        const report = await checkBoundaries(db, { province: req.query.province ?? null, provinceName: req.query.provinceName ?? null }, file, onProgress);
        const worst = new Map<number, 'warning' | 'error'>();
        for (const p of report.problems) if (p.feature !== null && worst.get(p.feature) !== 'error') worst.set(p.feature, p.severity);
        return {
          report: reportIn(report, langOf(req)),
          features: {
            type: 'FeatureCollection' as const,
            features: file.candidates
              .filter((c) => c.geometry !== null)
              .map((c) => ({
                type: 'Feature' as const,
                id: c.n,
                geometry: c.geometry!,
                properties: { n: c.n, code: c.code, name: c.name, kind: c.kind, status: worst.get(c.n) ?? ('ok' as const) },
              })),
          },
        };
      });
    },
  );

  // Commit: the same checks again (the file is sent again: nothing is kept between the two requests), in the
  // transaction that writes everything, or nothing when any blocking problem remains.
  app.post(
    '/import/boundaries/commit',
    {
      bodyLimit,
      config: { access: 'admin' },
      schema: { querystring: BoundaryImportQuery, response: { 200: BoundaryCommit, 400: ApiError, 409: ApiError, 413: ApiError } },
    },
    async (req, reply) => {
      const file = await read(req.body);
      return withProgress(req, reply, async (onProgress) => {
        const { report, result } = await importBoundaries(db, file, {
          userId: authOf(req).userId,
          provinceCode: req.query.province ?? null,
          provinceName: req.query.provinceName ?? null,
          fileName: req.query.file ?? 'upload',
          onProgress,
          beforeWrite: () => onProgress({ stage: 'write' }),
        });
        if (result === null) {
          const first = report.problems.find((p) => p.severity === 'error')!;
          throw new HttpError(
            400,
            said(
              `${report.errorCount} blocking problem(s), nothing was imported; first: ${first.message.en}`,
              `${report.errorCount} lỗi chặn, không có gì được nhập; lỗi đầu tiên: ${first.message.vi}`,
            ),
          );
        }
        return { ...result, report: reportIn(report, langOf(req)) };
      });
    },
  );
};

/** Thrown to roll back a status preview's trial commit, carrying its report out of the transaction. */
class PreviewDone {
  constructor(readonly report: StatusReport) {}
}

const statusRoutes: RoutePlugin = async (app, { db, config }) => {
  addUploadParser(app, config.importMaxBytes);
  const bodyLimit = config.importMaxBytes + 1;

  /**
   * Reads, checks and (unless blocked) commits a status table in the transaction `tx`. A preview runs it too, in a
   * transaction rolled back afterwards, so that it lists the inherited statuses a commit derives.
   */
  async function run(tx: Queryable, req: FastifyRequest): Promise<{ report: StatusReport; inserted: number; former: number }> {
    let table;
    try {
      table = await readTable(fileOf(req.body));
    } catch (err) {
      if (err instanceof TableFileError) throw new HttpError(400, err.said);
      throw err;
    }
    const lang = langOf(req);
    const { rows, problems, skipped } = checkStatusRows(table);
    const plan = await planStatusRows(tx, rows, authOf(req).scope.communes);
    const all = [...problems.map((p) => ({ row: p.row, message: p.message[lang] })), ...plan.problems.map((p) => ({ row: p.row, message: p.message[lang] }))]
      .sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const report: StatusReport = {
      rowCount: table.records.length, errorCount: all.length, problems: all,
      warnings: plan.warnings.map((w) => ({ row: w.row, message: w.message[lang] })),
      skipped, currentRows: plan.current.length, formerRows: plan.former.length, derived: [], kept: [],
    };
    if (all.length > 0) return { report, inserted: 0, former: 0 };
    const done = await commitStatusRows(tx, plan, { userId: authOf(req).userId, fileName: (req.query as { file?: string }).file ?? 'upload' });
    report.derived = done.inherited.derived.map((l) => l[lang]);
    report.kept = done.inherited.kept.map((l) => l[lang]);
    return { report, inserted: done.inserted, former: done.former };
  }

  app.post(
    '/import/statuses/preview',
    { bodyLimit, config: { access: 'admin' }, schema: { querystring: StatusImportQuery, response: { 200: StatusReport, 400: ApiError, 413: ApiError } } },
    async (req) => {
      try {
        await db.transaction(async (tx) => {
          // The trial commit writes (then rolls back): it waits for commits like a commit would.
          await lockTableImports(tx);
          throw new PreviewDone((await run(tx, req)).report);
        }, { long: true });
      } catch (err) {
        if (err instanceof PreviewDone) return err.report;
        throw err;
      }
      throw new Error('unreachable: a preview transaction always rolls back');
    },
  );

  app.post(
    '/import/statuses/commit',
    { bodyLimit, config: { access: 'admin' }, schema: { querystring: StatusImportQuery, response: { 200: StatusCommit, 400: ApiError, 413: ApiError } } },
    async (req) => {
      const done = await db.transaction(async (tx) => {
        // Serialised with the other table imports: derivation reads what a concurrent crosswalk commit writes.
        await lockTableImports(tx);
        const { report, inserted, former } = await run(tx, req);
        if (report.errorCount > 0) {
          const n = report.errorCount;
          throw new HttpError(400, said(
            `${n} problem(s), nothing was imported; first: ${report.problems[0].message}`,
            `${n} lỗi, chưa nhập dữ liệu nào; lỗi đầu tiên: ${report.problems[0].message}`,
          ));
        }
        return { inserted, former, report };
      }, { long: true });
      await analyzeTables(db, STATUS_IMPORT_WRITES);
      return done;
    },
  );

  // Generated from the column list, so the template always matches what the import reads.
  app.get(
    '/import/statuses/template',
    { config: { access: 'admin' }, schema: { querystring: TemplateQuery, response: { 200: Type.Any() } } },
    async (req, reply) => {
      const columns = STATUS_COLUMNS.map((c) => ({ header: c, value: (r: Record<string, string>) => r[c] ?? '' }));
      const example = [{ commune_code: '99001', kind: 'drug_free', value: 'building', valid_from: '2025-01-01', valid_to: '', decision_no: '12/QĐ-UBND', decision_date: '2024-12-20', note: 'Ví dụ - xóa dòng này' }];
      const notes = [
        'Một dòng cho mỗi bản ghi tình trạng. One row per status record.',
        `kind/value: ${STATUS_KIND_NAMES.map((k) => (k === 'key_complex' || k === 'drug_key_area' ? k : `${k} (${STATUS_KINDS[k].values.join(', ')})`)).join(', ')}. challenge = thời gian thử thách sau khi đạt (trial period after success); relapsed = phức tạp trở lại.`,
        'Ngày: YYYY-MM-DD hoặc dd/mm/yyyy. valid_to để trống = còn hiệu lực.',
        'Xã cũ (trước sắp xếp, có trong bảng chuyển mã): ghi mã xã cũ; bản ghi phải kết thúc trước hoặc đúng ngày hiệu lực (để trống valid_to = kết thúc tại ngày đó); tình trạng được kế thừa sang xã mới. Former communes (in the crosswalk): their records end by the merger and are inherited by the new commune.',
        'Dòng có cột inherited_from (bản ghi kế thừa, trong tệp xuất) được bỏ qua. Rows marked inherited_from are skipped.',
      ];
      if (req.query.format === 'xlsx') {
        reply.header('content-disposition', 'attachment; filename="mau-nhap-tinh-trang.xlsx"');
        return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx('statuses', columns, example, notes));
      }
      reply.header('content-disposition', 'attachment; filename="mau-nhap-tinh-trang.csv"');
      return reply.type('text/csv; charset=utf-8').send(toCsv(columns, example));
    },
  );
};

const all: RoutePlugin = async (app, deps) => {
  await app.register(routes, deps);
  await app.register(statusRoutes, deps);
  await app.register(tableImportRoutes, deps);
  await app.register(demoProvinceRoutes, deps);
  await app.register(borderImportRoutes, deps);
};
export default all;
