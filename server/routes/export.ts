import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import { AsOfQuery, IsoDate } from '../schemas/common.ts';
import { ProvinceCode } from '../schemas/auth.ts';
import { mapLayers } from '../repositories/map-layers.ts';
import { toFeatureCollection } from '../repositories/geojson.ts';
import { sqlFile } from '../sql/index.ts';
import { CROSSWALK_EXPORT_COLUMNS, EXPORT_COLUMNS, EXPORT_LAYERS, rowsOf, type ExportLayer } from '../exports/layers.ts';
import { crosswalkIn } from '../repositories/crosswalk.ts';
import { toCsv, toXlsx } from '../exports/table.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

/** Layers that are a table of records (one query each) rather than a map layer. */
const TABLES = {
  statuses: sqlFile('export-statuses'),
  teams: sqlFile('export-teams'),
  models: sqlFile('export-models'),
  indicators: sqlFile('export-indicators'),
} as const;
const PROVINCE_SCOPE = sqlFile('export-province-scope');

const ExportParams = Type.Object({ layer: Type.Union(EXPORT_LAYERS.map((l) => Type.Literal(l))) });
const ExportQuery = Type.Object({
  format: Type.Union([Type.Literal('geojson'), Type.Literal('csv'), Type.Literal('xlsx')], { default: 'geojson' }),
  asOf: Type.Optional(IsoDate),
  /** Only this province's records (within the caller's area, never beyond it). */
  province: Type.Optional(ProvinceCode),
});

const CrosswalkExportQuery = Type.Object({
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' }),
  province: Type.Optional(ProvinceCode),
});

const routes: RoutePlugin = async (app, { db, today }) => {
  /** The caller's communes, narrowed to one province when asked (never widened): null = everywhere. */
  async function communesOf(req: FastifyRequest, province: string | undefined): Promise<string[] | null> {
    const mine = authOf(req).scope.communes;
    if (province === undefined) return mine;
    return (await db.query<{ code: string }>(PROVINCE_SCOPE, [province, mine])).map((r) => r.code);
  }

  // The commune code crosswalk of the caller's area (mappings whose new commune is in it), as a table the crosswalk
  // import reads back.
  app.get(
    '/export/crosswalk',
    { config: { access: 'read' }, schema: { querystring: CrosswalkExportQuery, response: { 200: Type.Any() } } },
    async (req, reply) => {
      const rows = await crosswalkIn(db, await communesOf(req, req.query.province));
      const base = `posture-crosswalk-${today()}`;
      if (req.query.format === 'csv') {
        reply.header('content-disposition', `attachment; filename="${base}.csv"`);
        return reply.type('text/csv; charset=utf-8').send(toCsv(CROSSWALK_EXPORT_COLUMNS, rows as never));
      }
      reply.header('content-disposition', `attachment; filename="${base}.xlsx"`);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await toXlsx('crosswalk', CROSSWALK_EXPORT_COLUMNS, rows as never, ['Posture export: commune code crosswalk / Bảng chuyển mã xã']));
    },
  );

  // What the user can see, in their area: communes with their statuses as of a date, every status record,
  // police HQs and border gates. Text cells that a spreadsheet would run as formulas are neutralised.
  app.get(
    '/export/:layer',
    { config: { access: 'read' }, schema: { params: ExportParams, querystring: Type.Intersect([ExportQuery, AsOfQuery]), response: { 200: Type.Any() } } },
    async (req, reply) => {
      const scope = { communes: await communesOf(req, req.query.province) };
      const asOf = req.query.asOf ?? today();
      const layer: ExportLayer = req.params.layer;
      const layers = mapLayers(db, scope);
      const fc =
        layer === 'communes' ? await layers.communes(asOf)
        : layer === 'hqs' ? await layers.hqs(asOf)
        : layer === 'gates' ? await layers.borderGates(asOf)
        : toFeatureCollection(await db.query<{ geometry: unknown }>(TABLES[layer], [scope.communes]));
      // Demo data says so in the file name, in the workbook's note sheet and in the GeoJSON.
      const isDemo = (await layers.province())?.isDemo ?? false;
      const base = `posture-${layer}-${asOf}${isDemo ? '-du-lieu-mau-demo' : ''}`;
      if (req.query.format === 'geojson') {
        reply.header('content-disposition', `attachment; filename="${base}.geojson"`);
        return reply.type('application/geo+json; charset=utf-8').send(JSON.stringify(isDemo ? { ...fc, demo: true, note: 'Dữ liệu mẫu / Demo data' } : fc));
      }
      const rows = rowsOf(fc as never);
      if (req.query.format === 'csv') {
        reply.header('content-disposition', `attachment; filename="${base}.csv"`);
        return reply.type('text/csv; charset=utf-8').send(toCsv(EXPORT_COLUMNS[layer], rows));
      }
      reply.header('content-disposition', `attachment; filename="${base}.xlsx"`);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await toXlsx(layer, EXPORT_COLUMNS[layer], rows, [`Posture export: ${layer}, as of ${asOf}`, ...(isDemo ? ['Dữ liệu mẫu / Demo data: not real records.'] : [])]));
    },
  );
};
export default routes;
