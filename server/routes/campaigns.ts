
import type { FastifyReply } from 'fastify';
import { ApiError } from '../schemas/common.ts';
import {
  CampaignCreateBody,
  CampaignDetail,
  CampaignList,
  CampaignParams,
  CampaignUpdateBody,
  ExportQuery,
  SelectionBody,
  SelectionExportBody,
  SelectionResult,
  StageChangeBody,
} from '../schemas/campaigns.ts';
import { campaignEdits, campaigns, selection } from '../repositories/campaigns.ts';
import { campaignColumns, selectionColumns } from '../exports/campaigns.ts';
import { DEMO_NOTE } from '../exports/border-communes.ts';
import { toCsv, toXlsx, type Column } from '../exports/table.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

const Errors = { 400: ApiError, 404: ApiError, 409: ApiError };

async function sendTable<R>(
  reply: FastifyReply,
  format: 'csv' | 'xlsx' | 'geojson',
  base: string,
  sheet: string,
  columns: Column<R>[],
  rows: R[],
  notes: string[],
  geojson: () => Promise<unknown>,
) {
  reply.header('Cache-Control', 'no-store');
  if (format === 'xlsx') {
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename="${base}.xlsx"`)
      .send(await toXlsx(sheet, columns, rows, notes));
  }
  if (format === 'geojson') {
    return reply
      .type('application/geo+json; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${base}.geojson"`)
      .send(JSON.stringify(await geojson()));
  }
  return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${base}.csv"`).send(toCsv(columns, rows));
}

const routes: RoutePlugin = async (app, { db, today }) => {
  // A selection is a question, not a change: POST only because a drawn polygon does not fit in a URL.
  app.post(
    '/selection',
    { config: { access: 'read' }, schema: { body: SelectionBody, response: { 200: SelectionResult, 400: ApiError } } },
    async (req) => selection(db, authOf(req).scope).select(req.body.asOf ?? today(), req.body),
  );

  app.post('/selection/export', { config: { access: 'read' }, schema: { body: SelectionExportBody, response: { 400: ApiError } } }, async (req, reply) => {
    const asOf = req.body.asOf ?? today();
    const sel = selection(db, authOf(req).scope);
    const { communes } = await sel.select(asOf, req.body);
    const demo = communes.some((c) => c.isDemo);
    const notes = [`Vùng chọn / Selection — ${asOf}`, ...(demo ? [DEMO_NOTE] : [])];
    const base = `vung-chon-${asOf}${demo ? '-du-lieu-mau' : ''}`;
    return sendTable(reply, req.body.format ?? 'csv', base, 'Vùng chọn', selectionColumns(), communes, notes, () => sel.geojson(asOf, req.body));
  });

  app.get('/campaigns', { config: { access: 'read' }, schema: { response: { 200: CampaignList } } }, async (req) => ({
    today: today(),
    campaigns: await campaigns(db, authOf(req).scope).list(today()),
  }));

  app.get(
    '/campaigns/:id',
    { config: { access: 'read' }, schema: { params: CampaignParams, response: { 200: CampaignDetail, 404: ApiError } } },
    async (req) => campaigns(db, authOf(req).scope).detail(req.params.id, today()),
  );

  app.post(
    '/campaigns',
    { config: { access: 'edit_status' }, schema: { body: CampaignCreateBody, response: { 201: CampaignDetail, ...Errors } } },
    async (req, reply) => {
      const auth = authOf(req);
      const id = await db.transaction((tx) => campaignEdits.create(tx, auth.userId, auth.scope, req.body));
      return reply.status(201).send(await campaigns(db, auth.scope).detail(id, today()));
    },
  );

  app.patch(
    '/campaigns/:id',
    { config: { access: 'edit_status' }, schema: { params: CampaignParams, body: CampaignUpdateBody, response: { 200: CampaignDetail, ...Errors } } },
    async (req) => {
      const auth = authOf(req);
      await db.transaction((tx) => campaignEdits.update(tx, auth.userId, auth.scope, req.params.id, req.body));
      return campaigns(db, auth.scope).detail(req.params.id, today());
    },
  );

  app.post(
    '/campaigns/:id/stages',
    { config: { access: 'edit_status' }, schema: { params: CampaignParams, body: StageChangeBody, response: { 200: CampaignDetail, ...Errors } } },
    async (req) => {
      const auth = authOf(req);
      await db.transaction((tx) => campaignEdits.changeStage(tx, auth.userId, auth.scope, req.params.id, req.body));
      return campaigns(db, auth.scope).detail(req.params.id, today());
    },
  );

  // Files: one row per target commune of the caller's area (CSV with BOM, XLSX) or the communes as GeoJSON.
  app.get(
    '/campaigns/:id/export',
    { config: { access: 'read' }, schema: { params: CampaignParams, querystring: ExportQuery, response: { 404: ApiError } } },
    async (req, reply) => {
      const scope = authOf(req).scope;
      const c = await campaigns(db, scope).detail(req.params.id, today());
      const rows = c.communes.map((x) => ({ ...x, campaign: c }));
      const notes = [`${c.name} (${c.periodStart} – ${c.periodEnd})`, ...(c.isDemo ? [DEMO_NOTE] : [])];
      const base = `chien-dich-${c.id}${c.isDemo ? '-du-lieu-mau' : ''}`;
      const stageOf = new Map(c.communes.map((x) => [x.code, x]));
      return sendTable(reply, req.query.format ?? 'csv', base, 'Chiến dịch', campaignColumns(), rows, notes, async () => {
        const fc = await selection(db, scope).geojson(today(), { codes: c.communes.map((x) => x.code) });
        fc.features.sort((a, b) => String(a.id).localeCompare(String(b.id)));
        for (const f of fc.features) {
          const x = stageOf.get(String(f.id));
          Object.assign(f.properties, { campaign: c.name, stage: x?.stage ?? null, stageSince: x?.lastOn ?? null });
        }
        return fc;
      });
    },
  );
};
export default routes;

