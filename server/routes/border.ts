import Type from 'typebox';
import { ApiError, AsOfQuery } from '../schemas/common.ts';
import { BorderCollection, BorderGateCollection, BorderGateUpdateBody } from '../schemas/api.ts';
import {
  BorderCommuneList,
  BorderExportQuery,
  BorderGateCreateBody,
  BorderGateEditRecord,
  BorderIndicators,
  BorderSegmentCollection,
  BorderSetting,
  BorderSettingBody,
} from '../schemas/border.ts';
import { mapLayers } from '../repositories/map-layers.ts';
import { edits } from '../repositories/edits.ts';
import { borderSettings, borderView } from '../repositories/border.ts';
import { borderCommuneColumns, DEMO_NOTE } from '../exports/border-communes.ts';
import { toCsv, toXlsx } from '../exports/table.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

const GateParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const routes: RoutePlugin = async (app, { db, today, reads }) => {
  app.get('/borders', { config: { access: 'read' }, schema: { response: { 200: BorderCollection } } }, async (req, reply) =>
    reads.answer(req, reply, {}, (scope) => mapLayers(db, scope).borders()),
  );

  app.get('/border-gates', { config: { access: 'read' }, schema: { querystring: AsOfQuery, response: { 200: BorderGateCollection } } }, async (req, reply) => {
    const asOf = req.query.asOf ?? today();
    return reads.answer(req, reply, { asOf }, (scope) => mapLayers(db, scope).borderGates(asOf));
  });

  app.post(
    '/border-gates',
    { config: { access: 'edit_border' }, schema: { body: BorderGateCreateBody, response: { 201: BorderGateEditRecord, 400: ApiError } } },
    async (req, reply) => {
      const auth = authOf(req);
      const created = await db.transaction((tx) => edits.createBorderGate(tx, auth.userId, auth.scope, req.body));
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/border-gates/:id',
    {
      config: { access: 'edit_border' },
      schema: { params: GateParams, body: BorderGateUpdateBody, response: { 200: BorderGateEditRecord, 400: ApiError, 404: ApiError, 409: ApiError } },
    },
    async (req) => {
      const auth = authOf(req);
      return db.transaction((tx) => edits.updateBorderGate(tx, auth.userId, auth.scope, req.params.id, req.body));
    },
  );

  app.get('/border/segments', { config: { access: 'read' }, schema: { response: { 200: BorderSegmentCollection } } }, async (req, reply) =>
    reads.answer(req, reply, {}, (scope) => borderView(db, scope).segments()),
  );

  app.get('/border/communes', { config: { access: 'read' }, schema: { querystring: AsOfQuery, response: { 200: BorderCommuneList } } }, async (req, reply) => {
    const asOf = req.query.asOf ?? today();
    return reads.answer(req, reply, { asOf }, async (scope) => {
      const [communes, setting] = await Promise.all([borderView(db, scope).communes(asOf), borderSettings.get(db)]);
      return { asOf, distanceM: setting.distanceM, communes };
    });
  });

  app.get('/border/indicators', { config: { access: 'read' }, schema: { querystring: AsOfQuery, response: { 200: BorderIndicators } } }, async (req, reply) => {
    const asOf = req.query.asOf ?? today();
    return reads.answer(req, reply, { asOf }, (scope) => borderView(db, scope).indicators(asOf));
  });

  // Files: CSV (UTF-8 with BOM), XLSX or GeoJSON of the border communes in the caller's area as of a date.
  app.get('/border/export', { config: { access: 'read' }, schema: { querystring: BorderExportQuery } }, async (req, reply) => {
    const asOf = req.query.asOf ?? today();
    const format = req.query.format ?? 'csv';
    const view = borderView(db, authOf(req).scope);
    const communes = await view.communes(asOf);
    const demo = communes.some((c) => c.isDemo);
    const base = `xa-bien-gioi-${asOf}${demo ? '-du-lieu-mau' : ''}`;
    const columns = borderCommuneColumns();
    reply.header('Cache-Control', 'no-store');
    if (format === 'xlsx') {
      const notes = [`Xã biên giới / Border communes — ${asOf}`, ...(demo ? [DEMO_NOTE] : [])];
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename="${base}.xlsx"`)
        .send(await toXlsx('Xã biên giới', columns, communes, notes));
    }
    if (format === 'geojson') {
      const fc = await view.geojson(asOf);
      return reply
        .type('application/geo+json; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${base}.geojson"`)
        .send(JSON.stringify(fc));
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${base}.csv"`)
      .send(toCsv(columns, communes));
  });

  app.get('/border/settings', { config: { access: 'read' }, schema: { response: { 200: BorderSetting } } }, async () => borderSettings.get(db));

  app.patch(
    '/border/settings',
    { config: { access: 'admin' }, schema: { body: BorderSettingBody, response: { 200: BorderSetting, 409: ApiError } } },
    async (req) => {
      const auth = authOf(req);
      return db.transaction((tx) => borderSettings.update(tx, auth.userId, req.body), { long: true });
    },
  );
};
export default routes;
