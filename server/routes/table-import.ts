import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/client.ts';
import { ApiError } from '../schemas/common.ts';
import { StatusImportQuery, TemplateQuery } from '../schemas/import.ts';
import { TableImportCommit, TableImportReport } from '../schemas/table-import.ts';
import type { TableImportReport as Report } from '../schemas/table-import.ts';
import { readTable, TableFileError } from '../import/status-table.ts';
import { parseTable, type TableSpec } from '../import/tables/spec.ts';
import type { TableProblem } from '../import/tables/cells.ts';
import { hqSpec } from '../import/tables/hqs.ts';
import { teamSpec } from '../import/tables/teams.ts';
import { modelSpec } from '../import/tables/models.ts';
import { indicatorSpec } from '../import/tables/indicators.ts';
import { hqImporter, indicatorImporter, lockTableImports, modelImporter, teamImporter, type Checked, type TableImporter } from '../repositories/table-import.ts';
import { crosswalkSpec } from '../import/tables/crosswalk.ts';
import type { Inherited } from '../repositories/crosswalk.ts';
import { crosswalkImporter } from '../repositories/crosswalk-import.ts';
import { writeAudit } from '../repositories/audit.ts';
import { analyzeTables } from '../repositories/planner.ts';
import { toCsv, toXlsx } from '../exports/table.ts';
import { HttpError } from '../errors.ts';
import { authOf } from '../plugins/auth.ts';
import { langOf, said, type Lang } from '../text/lang.ts';
import { addUploadParser, fileOf } from '../plugins/upload.ts';
import type { RouteDeps, RoutePlugin } from './types.ts';

/** A table import kind: what `/api/import/<name>/…` reads (spec) and writes (importer). */
interface TableKind<R, O> {
  name: 'crosswalk' | 'hqs' | 'teams' | 'models' | 'indicators';
  spec: TableSpec<R>;
  importer: TableImporter<R, O>;
}

const byRow = (a: TableProblem, b: TableProblem) => (a.row ?? 0) - (b.row ?? 0);
const inLang = (ps: TableProblem[], lang: Lang) => ps.map((p) => ({ row: p.row, message: p.message[lang] }));

/**
 * Preview, commit and template routes of one kind, all following the table import contract: the preview checks
 * and writes nothing; the commit checks again inside its transaction and writes everything with one audit entry,
 * or nothing.
 */
function kindRoutes<R, O>(kind: TableKind<R, O>): RoutePlugin {
  return async (app, { db, config, today }: RouteDeps) => {
    const bodyLimit = config.importMaxBytes + 1;
    const { spec, importer } = kind;

    // The file is read again by the commit: nothing is kept between the two requests.
    async function parse(body: unknown) {
      let table;
      try {
        table = await readTable(fileOf(body));
      } catch (err) {
        if (err instanceof TableFileError) throw new HttpError(400, err.said);
        throw err;
      }
      return { rowCount: table.records.length, ...parseTable(spec, table) };
    }

    async function check(q: Queryable, req: FastifyRequest, body: unknown) {
      const parsed = await parse(body);
      const found: Checked<O> = await importer.check(q, parsed.rows, { scope: authOf(req).scope.communes, today: today() });
      const problems = [...parsed.problems, ...found.problems].sort(byRow);
      const lang = langOf(req);
      const report = {
        rowCount: parsed.rowCount,
        errorCount: problems.length,
        problems: inLang(problems, lang),
        created: found.created,
        updated: found.updated,
        unchanged: found.unchanged,
        changes: inLang([...found.changes].sort(byRow), lang),
        ...(found.warnings ? { warnings: inLang([...found.warnings].sort(byRow), lang) } : {}),
      };
      return { report, problems, found };
    }

    const withInherited = <T extends object>(report: T, inherited: void | Inherited, lang: Lang) =>
      inherited ? { ...report, derived: inherited.derived.map((l) => l[lang]), kept: inherited.kept.map((l) => l[lang]) } : report;

    /** Thrown to roll back a preview's trial commit, carrying its report out of the transaction. */
    class PreviewDone {
      constructor(readonly report: Report) {}
    }

    app.post(
      `/import/${kind.name}/preview`,
      { bodyLimit, config: { access: 'admin' }, schema: { querystring: StatusImportQuery, response: { 200: TableImportReport, 400: ApiError, 413: ApiError } } },
      async (req) => {
        if (!importer.previewByRollback) return (await check(db, req, req.body)).report;
        try {
          await db.transaction(async (tx) => {
            // The trial commit writes (then rolls back): it waits for commits like a commit would.
            await lockTableImports(tx);
            const { report, problems, found } = await check(tx, req, req.body);
            if (problems.length > 0) throw new PreviewDone(report);
            throw new PreviewDone(withInherited(report, await importer.apply(tx, found.ops), langOf(req)));
          }, { long: true });
        } catch (err) {
          if (err instanceof PreviewDone) return err.report;
          throw err;
        }
        throw new Error('unreachable: a preview transaction always rolls back');
      },
    );

    app.post(
      `/import/${kind.name}/commit`,
      { bodyLimit, config: { access: 'admin' }, schema: { querystring: StatusImportQuery, response: { 200: TableImportCommit, 400: ApiError, 413: ApiError } } },
      async (req) => {
        const done = await db.transaction(async (tx) => {
          // Two commits of one file at the same moment would both find an HQ or model missing and both create it.
          await lockTableImports(tx);
          const { report, problems, found } = await check(tx, req, req.body);
          if (problems.length > 0) {
            const n = problems.length;
            throw new HttpError(400, said(
              `${n} problem(s), nothing was imported; first: ${problems[0].message.en}`,
              `${n} lỗi, chưa nhập dữ liệu nào; lỗi đầu tiên: ${problems[0].message.vi}`,
            ));
          }
          const inherited = await importer.apply(tx, found.ops);
          const file = req.query.file ?? 'upload';
          await writeAudit(tx, {
            userId: authOf(req).userId, action: 'import', entity: importer.entity, entityId: null,
            after: {
              file, rows: report.rowCount, created: found.created, updated: found.updated, unchanged: found.unchanged,
              ...(inherited ? { derived: inherited.derived.length, kept: inherited.kept.length } : {}),
            },
          });
          return { inserted: found.created, created: found.created, updated: found.updated, unchanged: found.unchanged, report: withInherited(report, inherited, langOf(req)) };
        }, { long: true });
        await analyzeTables(db, importer.writes);
        return done;
      },
    );

    // Generated from the column list, so the template always matches what the import reads.
    app.get(
      `/import/${kind.name}/template`,
      { config: { access: 'admin' }, schema: { querystring: TemplateQuery, response: { 200: Type.Any() } } },
      async (req, reply) => {
        const columns = spec.columns.map((c) => ({ header: c, value: (r: Record<string, string>) => r[c] ?? '', width: Math.max(12, c.length + 2) }));
        if (req.query.format === 'xlsx') {
          reply.header('content-disposition', `attachment; filename="${spec.templateName}.xlsx"`);
          return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(kind.name, columns, [spec.example], spec.notes));
        }
        reply.header('content-disposition', `attachment; filename="${spec.templateName}.csv"`);
        return reply.type('text/csv; charset=utf-8').send(toCsv(columns, [spec.example]));
      },
    );
  };
}

/** `/api/import/{crosswalk,hqs,teams,models,indicators}/{preview,commit,template}`. */
const tableImportRoutes: RoutePlugin = async (app, deps) => {
  addUploadParser(app, deps.config.importMaxBytes);
  await app.register(kindRoutes({ name: 'crosswalk', spec: crosswalkSpec, importer: crosswalkImporter }), deps);
  await app.register(kindRoutes({ name: 'hqs', spec: hqSpec, importer: hqImporter }), deps);
  await app.register(kindRoutes({ name: 'teams', spec: teamSpec, importer: teamImporter }), deps);
  await app.register(kindRoutes({ name: 'models', spec: modelSpec, importer: modelImporter }), deps);
  await app.register(kindRoutes({ name: 'indicators', spec: indicatorSpec, importer: indicatorImporter }), deps);
};
export default tableImportRoutes;
