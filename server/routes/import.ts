import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../schemas/common.ts';
import Type from 'typebox';
import { BoundaryCommit, BoundaryImportQuery, BoundaryPreview, StatusCommit, StatusImportQuery, StatusReport, TemplateQuery } from '../schemas/import.ts';
import { checkStatusRows, readTable, STATUS_COLUMNS, TableFileError, type StatusRow } from '../import/status-table.ts';
import { checkStatusRowsInDb, commitStatusRows } from '../repositories/status-import.ts';
import { toCsv, toXlsx } from '../exports/table.ts';
import { readBoundaryFile, ImportFileError, type ReadResult } from '../import/boundary-file.ts';
import { checkBoundaries, commitBoundaries, reportIn } from '../repositories/boundary-import.ts';
import { HttpError } from '../errors.ts';
import { langOf, said, type Said } from '../text/lang.ts';
import { authOf } from '../plugins/auth.ts';
import demoProvinceRoutes from './demo-province.ts';
import type { RoutePlugin } from './types.ts';
import tableImportRoutes from './table-import.ts';

/** Content types an uploaded file may be sent with; the body is the file itself (no multipart envelope). */
export const UPLOAD_TYPES = [
  'application/octet-stream',
  'application/zip',
  'application/x-zip-compressed',
  'application/geo+json',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Reads an uploaded file into memory, refusing it with a 413 that says the limit as soon as it grows past it
 * (the declared Content-Length is checked first, so a too-large file is refused before it is sent in full).
 */
export function addUploadParser(app: FastifyInstance, maxBytes: number) {
  const tooLarge = (size: Said) =>
    new HttpError(
      413,
      said(
        `the file is ${size.en}; the import limit is ${mb(maxBytes)} (POSTURE_IMPORT_MAX_MB): split the file or ask the administrator to raise the limit`,
        `tệp có dung lượng ${size.vi}; giới hạn nhập là ${mb(maxBytes)} (POSTURE_IMPORT_MAX_MB): hãy chia nhỏ tệp hoặc đề nghị quản trị viên nâng giới hạn`,
      ),
    );
  app.addContentTypeParser(UPLOAD_TYPES, (req: FastifyRequest, payload, done) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      payload.resume();
      return done(tooLarge(said(mb(declared), mb(declared))), undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    payload.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        done(tooLarge(said(`over ${mb(maxBytes)}`, `trên ${mb(maxBytes)}`)), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => {
      if (!failed) done(null, Buffer.concat(chunks));
    });
    payload.on('error', (err: Error) => {
      if (!failed) done(err, undefined);
    });
  });
}

export function fileOf(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new HttpError(
      400,
      said(`send the file itself as the request body, with Content-Type ${UPLOAD_TYPES[0]}`, `hãy gửi chính tệp làm nội dung yêu cầu, với Content-Type ${UPLOAD_TYPES[0]}`),
    );
  }
  return body;
}

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
    async (req) => {
      const file = await read(req.body);
      const report = await checkBoundaries(db, req.query.province, file);
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
    },
  );

  // Commit: the same checks again (the file is sent again: nothing is kept between the two requests), then
  // everything in one transaction, or nothing when any blocking problem remains.
  app.post(
    '/import/boundaries/commit',
    {
      bodyLimit,
      config: { access: 'admin' },
      schema: { querystring: BoundaryImportQuery, response: { 200: BoundaryCommit, 400: ApiError, 409: ApiError, 413: ApiError } },
    },
    async (req) => {
      const file = await read(req.body);
      const report = await checkBoundaries(db, req.query.province, file);
      if (report.errorCount > 0) {
        const first = report.problems.find((p) => p.severity === 'error')!;
        throw new HttpError(
          400,
          said(
            `${report.errorCount} blocking problem(s), nothing was imported; first: ${first.message.en}`,
            `${report.errorCount} lỗi chặn, không có gì được nhập; lỗi đầu tiên: ${first.message.vi}`,
          ),
        );
      }
      const result = await commitBoundaries(db, file.candidates, {
        userId: authOf(req).userId,
        provinceCode: req.query.province,
        provinceName: req.query.provinceName ?? null,
        fileName: req.query.file ?? 'upload',
      });
      return { ...result, report: reportIn(report, langOf(req)) };
    },
  );
};

/** Reads and checks a status table; the rows are returned only when nothing blocks. */
async function checkStatusFile(db: Parameters<typeof checkStatusRowsInDb>[0], body: unknown): Promise<{ report: StatusReport; rows: StatusRow[] }> {
  let table;
  try {
    table = await readTable(fileOf(body));
  } catch (err) {
    if (err instanceof TableFileError) throw new HttpError(400, err.message);
    throw err;
  }
  const { rows, problems } = checkStatusRows(table);
  const all = [...problems, ...(await checkStatusRowsInDb(db, rows))].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { report: { rowCount: table.records.length, errorCount: all.length, problems: all }, rows };
}

const statusRoutes: RoutePlugin = async (app, { db, config }) => {
  addUploadParser(app, config.importMaxBytes);
  const bodyLimit = config.importMaxBytes + 1;

  app.post(
    '/import/statuses/preview',
    { bodyLimit, config: { access: 'admin' }, schema: { querystring: StatusImportQuery, response: { 200: StatusReport, 400: ApiError, 413: ApiError } } },
    async (req) => (await checkStatusFile(db, req.body)).report,
  );

  app.post(
    '/import/statuses/commit',
    { bodyLimit, config: { access: 'admin' }, schema: { querystring: StatusImportQuery, response: { 200: StatusCommit, 400: ApiError, 413: ApiError } } },
    async (req) => {
      const { report, rows } = await checkStatusFile(db, req.body);
      if (report.errorCount > 0) throw new HttpError(400, `${report.errorCount} problem(s), nothing was imported; first: ${report.problems[0].message}`);
      const inserted = await commitStatusRows(db, rows, { userId: authOf(req).userId, fileName: req.query.file ?? 'upload' });
      return { inserted, report };
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
        'kind/value: key_complex, drug_key_area, transformation (designated, transforming, transformed, maintained, challenge), drug_free (not_started, building, certified, revoked), safe_standard (met, not_met).',
        'Ngày: YYYY-MM-DD hoặc dd/mm/yyyy. valid_to để trống = còn hiệu lực.',
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
};
export default all;
