import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Harness, TestUser } from '../support/harness.ts';
import type { CampaignDetail, SelectionResult } from '../../server/schemas/campaigns.ts';

/**
 * A fixture province "97" of three square communes in a row (97001 west … 97003 east, 0.05° each) far from the
 * demo province and any border, so that selections and stage changes here touch nothing other suites count.
 * 97001 is key-and-complex since 2018-03-01; 97002 has an independent HQ.
 */
const FIXTURE = ['97001', '97002', '97003'];
const square = (i: number) => {
  const x = 100 + i * 0.05;
  return `POLYGON((${x} 10, ${x + 0.05} 10, ${x + 0.05} 10.05, ${x} 10.05, ${x} 10))`;
};
/** Covers 97001 and the west half of 97002. */
const DRAWN = { type: 'Polygon', coordinates: [[[99.99, 9.99], [100.07, 9.99], [100.07, 10.06], [99.99, 10.06], [99.99, 9.99]]] };

type Json = Record<string, unknown>;

export function campaignsSuite(h: Harness) {
  const call = async (who: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => h.as(who, { method, url, payload });
  const create = async (who: TestUser, body: Json) => call(who, 'POST', '/api/campaigns', body);
  const counts = async (code: string) => {
    const [r] = await h.db.query<{ statuses: number; steps: number; audit: number }>(
      `SELECT (SELECT count(*)::int FROM commune_status WHERE commune_code = $1) AS statuses,
         (SELECT count(*)::int FROM campaign_stage_change WHERE commune_code = $1) AS steps,
         (SELECT count(*)::int FROM audit_log) AS audit`,
      [code],
    );
    return r;
  };

  beforeAll(async () => {
    await h.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO province (code, name, is_demo, source) VALUES ('97', 'Tỉnh Thử nghiệm Kế hoạch', true, 'test fixture') ON CONFLICT DO NOTHING`);
      for (const [i, code] of FIXTURE.entries()) {
        await tx.query(
          `INSERT INTO commune (code, province_code, name, kind, population, geom) VALUES ($1, '97', $2, 'commune', 1000, ST_Multi(ST_GeomFromText($3, 4326)))`,
          [code, `Xã Thử ${['Một', 'Hai', 'Ba'][i]}`, square(i)],
        );
      }
      await tx.query(`INSERT INTO commune_status (commune_code, kind, value, valid_from) VALUES ('97001', 'key_complex', 'key_complex', '2018-03-01')`);
      const [{ id }] = await tx.query<{ id: number }>(
        `INSERT INTO police_hq (commune_code, name, geom) VALUES ('97002', 'Công an xã Thử Hai', ST_SetSRID(ST_MakePoint(100.075, 10.025), 4326)) RETURNING id`,
      );
      await tx.query(`INSERT INTO police_hq_status (hq_id, status, valid_from) VALUES ($1, 'independent', '2020-01-01')`, [id]);
    });
  });

  describe('selection', () => {
    it('selects the communes a drawn polygon touches, scored and explained, highest first', async () => {
      const res = await call('admin', 'POST', '/api/selection', { polygon: DRAWN });
      expect(res.statusCode).toBe(200);
      const body = res.json() as SelectionResult;
      expect(body.communes.map((c) => c.code)).toEqual(['97001', '97002']);
      const [a, b] = body.communes;
      // 97001: key-and-complex 3 + not drug-free 2 + no HQ 2 + HQ distance 2 × (2.7 km / 20) + 7 whole years / 10 × 1.
      expect(a.parts.find((p) => p.criterion === 'key_complex')).toEqual({ criterion: 'key_complex', value: 1, weight: 3, points: 3 });
      expect(a.yearsDesignated).toBe(7);
      expect(a.nearestHqKm).toBeGreaterThan(2.5);
      expect(a.nearestHqKm).toBeLessThan(2.8);
      expect(a.score).toBeCloseTo(a.parts.reduce((s, p) => s + p.points, 0), 5);
      // 97002: its own independent HQ (distance 0), not drug-free only.
      expect(b.hasIndependentHq).toBe(true);
      expect(b.score).toBe(2);
    });

    it('applies attribute filters and the weights the planner sets', async () => {
      const res = await call('admin', 'POST', '/api/selection', { codes: FIXTURE, filters: { independentHq: false }, weights: { key_complex: 0, hq_distance: 0, years_designated: 0 } });
      const body = res.json() as SelectionResult;
      expect(body.communes.map((c) => [c.code, c.score])).toEqual([['97001', 4], ['97003', 4]]);
      const near = await call('admin', 'POST', '/api/selection', { codes: FIXTURE, filters: { withinHqKm: 1, keyComplex: false } });
      expect((near.json() as SelectionResult).communes.map((c) => c.code)).toEqual(['97002']);
    });

    it('refuses a ring that is not closed or has too many positions, saying where', async () => {
      const open = await call('admin', 'POST', '/api/selection', { polygon: { type: 'Polygon', coordinates: [[[100, 10], [100.1, 10], [100.1, 10.1], [100, 10.1]]] } });
      expect(open.statusCode).toBe(400);
      expect(open.json().message).toBe('polygon, ring 1: not closed (the last position must repeat the first)');
      const ring = Array.from({ length: 6000 }, (_, i) => [100 + Math.cos(i / 1000) / 10, 10 + Math.sin(i / 1000) / 10]);
      ring.push(ring[0]);
      const huge = await call('admin', 'POST', '/api/selection', { polygon: { type: 'Polygon', coordinates: [ring] } });
      expect(huge.statusCode).toBe(400);
      expect(huge.json().message).toMatch(/^polygon: 6001 positions, more than the 5000 allowed/);
      const bad = await call('admin', 'POST', '/api/selection', { polygon: { type: 'Polygon', coordinates: [[[100, 10], [200, 10], [100, 11], [100, 10]]] } });
      expect(bad.json().message).toBe('polygon, ring 1, position 2: [200, 10] is not a longitude/latitude in EPSG:4326');
    });

    it('never selects a commune outside the caller area', async () => {
      const world = { type: 'Polygon', coordinates: [[[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]] };
      const res = await call('plannerTwo', 'POST', '/api/selection', { polygon: world });
      expect((res.json() as SelectionResult).communes.map((c) => c.code).sort()).toEqual(['99002', '99003']);
    });

    it('exports the selection as CSV with a BOM and the points of each criterion', async () => {
      const res = await call('admin', 'POST', '/api/selection/export', { polygon: DRAWN, format: 'csv' });
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.body.split('\r\n');
      expect(lines[0].startsWith('\uFEFFcode,name,score,')).toBe(true);
      expect(lines[0]).toContain('points_key_complex');
      expect(lines[1].startsWith('97001,Xã Thử Một,')).toBe(true);
      expect(lines[2].startsWith('97002,Xã Thử Hai,2,')).toBe(true);
    });
  });

  describe('campaigns', () => {
    let campaign: CampaignDetail;

    beforeAll(async () => {
      const res = await create('admin', {
        kind: 'transformation',
        name: '=HYPERLINK("x") Chuyển hoá địa bàn 2026',
        periodStart: '2025-06-01',
        periodEnd: '2026-12-31',
        responsibleUnit: 'Phòng Cảnh sát QLHC về TTXH',
        targets: { achieve: 2, maintain: 1 },
        communeCodes: ['97001', '97002'],
        milestones: [
          { title: 'Phê duyệt kế hoạch', dueOn: '2025-09-30' },
          { title: 'Đánh giá giữa kỳ', dueOn: '2026-06-30' },
          { title: 'Khảo sát', dueOn: '2025-07-01', doneOn: '2025-07-01' },
        ],
      });
      expect(res.statusCode).toBe(201);
      campaign = res.json() as CampaignDetail;
    });

    it('creates a campaign with its targets as proposed communes, and counts overdue milestones against today', () => {
      expect(campaign.communes.map((c) => [c.code, c.stage, c.nextStages])).toEqual([
        ['97001', 'proposed', ['designated']],
        ['97002', 'proposed', ['designated']],
      ]);
      expect(campaign.progress).toMatchObject({ communes: 2, achieved: 0, targetAchieve: 2, targetMaintain: 1, overdueMilestones: 1 });
      expect(campaign.milestones.filter((m) => m.overdue).map((m) => m.title)).toEqual(['Phê duyệt kế hoạch']);
    });

    it('edits a campaign, refusing a stale version with 409 and changing nothing', async () => {
      const stale = await call('admin', 'PATCH', `/api/campaigns/${campaign.id}`, { version: campaign.version + 5, name: 'Tên khác' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().message).toContain('was changed by someone else');
      const ok = await call('admin', 'PATCH', `/api/campaigns/${campaign.id}`, { version: campaign.version, responsibleUnit: 'Công an tỉnh', addCommunes: ['97003'] });
      expect(ok.statusCode).toBe(200);
      const after = ok.json() as CampaignDetail;
      expect(after.version).toBe(campaign.version + 1);
      expect(after.name).toBe(campaign.name);
      expect(after.responsibleUnit).toBe('Công an tỉnh');
      expect(after.communes.map((c) => c.code)).toEqual(FIXTURE);
    });

    it('moves a commune through stages, writing dated status records seen by the map and the commune history', async () => {
      const first = await call('admin', 'POST', `/api/campaigns/${campaign.id}/stages`, {
        communeCode: '97001', stage: 'designated', on: '2026-01-10', version: 1, decisionNo: '15/QĐ-UBND', decisionDate: '2026-01-05', note: 'Đưa vào danh sách',
      });
      expect(first.statusCode).toBe(200);
      const second = await call('admin', 'POST', `/api/campaigns/${campaign.id}/stages`, {
        communeCode: '97001', stage: 'plan_approved', on: '2026-02-01', version: 2, decisionNo: '20/KH-CAT',
      });
      expect(second.statusCode).toBe(200);
      const third = await call('admin', 'POST', `/api/campaigns/${campaign.id}/stages`, { communeCode: '97001', stage: 'transforming', on: '2026-03-01', version: 3 });
      const detail = third.json() as CampaignDetail;
      expect(detail.communes.find((c) => c.code === '97001')).toMatchObject({ stage: 'transforming', lastOn: '2026-03-01', nextStages: ['transformed'] });
      expect(detail.steps.map((s) => [s.fromStage, s.stage, s.on])).toEqual([
        ['proposed', 'designated', '2026-01-10'],
        ['designated', 'plan_approved', '2026-02-01'],
        ['plan_approved', 'transforming', '2026-03-01'],
      ]);

      const map = async (asOf: string) =>
        ((await call('admin', 'GET', `/api/communes?asOf=${asOf}`)).json() as { features: { properties: Json }[] }).features.find((f) => f.properties.code === '97001')!
          .properties.transformation;
      expect(await map('2026-01-09')).toBe('none');
      expect(await map('2026-01-20')).toBe('designated');
      expect(await map('2026-03-05')).toBe('transforming');
      const history = ((await call('admin', 'GET', '/api/communes/97001?asOf=2026-03-05')).json() as { properties: { history: Json[] } }).properties.history.filter(
        (r) => r.kind === 'transformation',
      );
      expect(history.map((r) => [r.value, r.validFrom, r.validTo, r.decisionNo])).toEqual([
        ['designated', '2026-01-10', '2026-02-01', '15/QĐ-UBND'],
        ['plan_approved', '2026-02-01', '2026-03-01', '20/KH-CAT'],
        ['transforming', '2026-03-01', null, null],
      ]);
      const [{ linked }] = await h.db.query<{ linked: number }>(
        `SELECT count(*)::int AS linked FROM commune_status WHERE commune_code = '97001' AND campaign_id = $1`,
        [campaign.id],
      );
      expect(linked).toBe(3);
    });

    it('refuses a transition the lifecycle forbids, a date going backwards and a stale version, writing nothing', async () => {
      const before = await counts('97002');
      const jump = await call('admin', 'POST', `/api/campaigns/${campaign.id}/stages`, { communeCode: '97002', stage: 'transformed', on: '2026-02-01', version: 1 });
      expect(jump.statusCode).toBe(400);
      expect(jump.json().message).toBe('commune 97002: a transformation campaign cannot go from proposed to transformed; allowed next: designated');
      const unknownStage = await call('admin', 'POST', `/api/campaigns/${campaign.id}/stages`, { communeCode: '97002', stage: 'done', on: '2026-02-01', version: 1 });
      expect(unknownStage.statusCode).toBe(400);
      const stale = await call('admin', 'POST', `/api/campaigns/${campaign.id}/stages`, { communeCode: '97002', stage: 'designated', on: '2026-02-01', version: 7 });
      expect(stale.statusCode).toBe(409);
      expect(await counts('97002')).toEqual(before);

      const ok = await call('admin', 'POST', `/api/campaigns/${campaign.id}/stages`, { communeCode: '97002', stage: 'designated', on: '2026-02-01', version: 1 });
      expect(ok.statusCode).toBe(200);
      const mid = await counts('97002');
      const back = await call('admin', 'POST', `/api/campaigns/${campaign.id}/stages`, { communeCode: '97002', stage: 'plan_approved', on: '2026-01-15', version: 2 });
      expect(back.statusCode).toBe(400);
      expect(back.json().message).toContain("date 2026-01-15 is before the previous step's date 2026-02-01");
      expect(await counts('97002')).toEqual(mid);
    });

    it('refuses unknown commune codes, naming them', async () => {
      const res = await create('admin', { kind: 'drug_free', name: 'Xã không ma tuý', periodStart: '2026-01-01', periodEnd: '2026-12-31', communeCodes: ['97001', '00000', 'abc'] });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('communeCodes: unknown commune codes or outside your area: 00000, abc');
      const stage = await call('admin', 'POST', `/api/campaigns/${campaign.id}/stages`, { communeCode: '12345', stage: 'designated', on: '2026-02-01', version: 1 });
      expect(stage.statusCode).toBe(400);
      expect(stage.json().message).toContain('12345 is not a target commune');
    });

    it('keeps a planner to the area: 99001 refused for a planner of 99002/99003, other areas invisible', async () => {
      const body = { kind: 'drug_free', name: 'Xây dựng xã biên giới không ma tuý', periodStart: '2026-01-01', periodEnd: '2026-12-31' };
      const refused = await create('plannerTwo', { ...body, communeCodes: ['99002', '99001'] });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toBe('communeCodes: unknown commune codes or outside your area: 99001');
      const ok = await create('plannerTwo', { ...body, communeCodes: ['99002', '99003'] });
      expect(ok.statusCode).toBe(201);
      expect((await call('plannerTwo', 'GET', `/api/campaigns/${campaign.id}`)).statusCode).toBe(404);
      const list = (await call('plannerTwo', 'GET', '/api/campaigns')).json() as { campaigns: { id: number }[] };
      expect(list.campaigns.map((c) => c.id)).toContain((ok.json() as CampaignDetail).id);
      expect(list.campaigns.map((c) => c.id)).not.toContain(campaign.id);
    });

    it('lets a commander read but not write', async () => {
      expect((await call('commanderAll', 'GET', `/api/campaigns/${campaign.id}`)).statusCode).toBe(200);
      expect((await create('commanderAll', { kind: 'drug_free', name: 'x', periodStart: '2026-01-01', periodEnd: '2026-12-31', communeCodes: ['97001'] })).statusCode).toBe(403);
      expect((await call('commanderAll', 'POST', `/api/campaigns/${campaign.id}/stages`, { communeCode: '97003', stage: 'designated', on: '2026-02-01', version: 1 })).statusCode).toBe(403);
    });

    it('exports the campaign as CSV (formulas neutralised), XLSX and GeoJSON', async () => {
      const csv = await call('admin', 'GET', `/api/campaigns/${campaign.id}/export?format=csv`);
      expect(csv.headers['content-disposition']).toMatch(/filename="chien-dich-\d+-du-lieu-mau\.csv"/);
      const lines = csv.body.split('\r\n');
      expect(lines[0]).toBe('\uFEFFcode,name,campaign,kind,stage,stage_since,decision_no,decision_date,note,period_start,period_end,responsible_unit,data');
      expect(lines[1]).toBe(`97001,Xã Thử Một,"'=HYPERLINK(""x"") Chuyển hoá địa bàn 2026",transformation,transforming,2026-03-01,,,,2025-06-01,2026-12-31,Công an tỉnh,demo`);

      const xlsx = await call('admin', 'GET', `/api/campaigns/${campaign.id}/export?format=xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      expect(ws.getRow(2).getCell(1).value).toBe('97001');
      expect(ws.getRow(2).getCell(3).value).toBe('\'=HYPERLINK("x") Chuyển hoá địa bàn 2026');
      expect(ws.getRow(2).getCell(5).value).toBe('transforming');

      const geo = (await call('admin', 'GET', `/api/campaigns/${campaign.id}/export?format=geojson`)).json() as { features: { id: string; properties: Json; geometry: { type: string } }[] };
      expect(geo.features.map((f) => [f.id, f.properties.stage])).toEqual([['97001', 'transforming'], ['97002', 'designated'], ['97003', 'proposed']]);
      expect(geo.features[0].geometry.type).toBe('MultiPolygon');
    });
  });

  describe('one value per stage, and messages in the request\'s language', () => {
    const vi = { 'accept-language': 'vi' };
    const step = (id: number, body: Json, headers: Record<string, string> = {}) =>
      h.as('admin', { method: 'POST', url: `/api/campaigns/${id}/stages`, payload: body, headers });
    let id = 0;

    beforeAll(async () => {
      const res = await create('admin', { kind: 'drug_free', name: 'Xây dựng xã không ma tuý 97003', periodStart: '2026-01-01', periodEnd: '2027-12-31', communeCodes: ['97003'] });
      expect(res.statusCode).toBe(201);
      id = (res.json() as CampaignDetail).id;
    });

    const drugFree = async (asOf: string) =>
      ((await call('admin', 'GET', `/api/communes/97003?asOf=${asOf}`)).json() as { properties: { history: Json[] } }).properties.history
        .filter((r) => r.kind === 'drug_free')
        .map((r) => [r.value, r.validFrom, r.validTo, r.decisionNo]);

    it('takes a second step on the same day (the form defaults to today): that day\'s record takes the later stage, both steps are kept', async () => {
      expect((await step(id, { communeCode: '97003', stage: 'designated', on: '2026-04-01', version: 1, decisionNo: '1/QĐ' })).statusCode).toBe(200);
      const same = await step(id, { communeCode: '97003', stage: 'plan_approved', on: '2026-04-01', version: 2, decisionNo: '2/KH' });
      expect(same.statusCode).toBe(200);
      expect(await drugFree('2026-04-02')).toEqual([['plan_approved', '2026-04-01', null, '2/KH']]);
      const detail = same.json() as CampaignDetail;
      expect(detail.steps.filter((s) => s.communeCode === '97003').map((s) => [s.fromStage, s.stage, s.on])).toEqual([
        ['proposed', 'designated', '2026-04-01'],
        ['designated', 'plan_approved', '2026-04-01'],
      ]);
      // Both steps link the one record of that day.
      const [{ linked }] = await h.db.query<{ linked: number }>(
        `SELECT count(DISTINCT status_id)::int AS linked FROM campaign_stage_change WHERE campaign_id = $1 AND status_id IS NOT NULL`,
        [id],
      );
      expect(linked).toBe(1);
    });

    it('writes each stage\'s own value: the trial period after certification is "challenge", not "certified"', async () => {
      let version = 3;
      for (const [stage, on] of [['transforming', '2026-05-01'], ['certified', '2026-09-01'], ['challenge', '2026-10-01']] as const) {
        const res = await step(id, { communeCode: '97003', stage, on, version: version++ });
        expect(res.statusCode, stage).toBe(200);
      }
      expect((await drugFree('2026-10-02')).map((r) => r[0])).toEqual(['plan_approved', 'building', 'certified', 'challenge']);
      const props = ((await call('admin', 'GET', '/api/communes?asOf=2026-10-02')).json() as { features: { properties: Json }[] }).features.find(
        (f) => f.properties.code === '97003',
      )!.properties;
      expect(props.drug_free).toBe('challenge');
    });

    it('words a refused step in Vietnamese for a Vietnamese request, with the stages\' labels and dd/mm/yyyy dates', async () => {
      const jump = await step(id, { communeCode: '97003', stage: 'designated', on: '2026-11-01', version: 6 }, vi);
      expect(jump.statusCode).toBe(400);
      expect(jump.json().message).toBe(
        'xã 97003: chiến dịch xây dựng xã không ma túy không thể chuyển từ “Thời gian thử thách” sang “Được xác định”; giai đoạn tiếp theo được phép: Duy trì kết quả, Đã đánh giá lại, Đang thực hiện',
      );
      const back = await step(id, { communeCode: '97003', stage: 'maintained', on: '2026-09-30', version: 6 }, vi);
      expect(back.json().message).toBe('xã 97003: ngày hiệu lực 30/09/2026 trước ngày của bước trước (01/10/2026); ngày các bước không được lùi lại');
      const stale = await step(id, { communeCode: '97003', stage: 'maintained', on: '2026-12-01', version: 99 }, vi);
      expect(stale.statusCode).toBe(409);
      expect(stale.json().message).toBe('xã 97003 trong chiến dịch “Xây dựng xã không ma tuý 97003” vừa được người khác sửa (phiên bản 6, của bạn 99); hãy tải lại rồi thử lại');
      // The same refusal to an English request stays in English.
      expect((await step(id, { communeCode: '97003', stage: 'maintained', on: '2026-09-30', version: 6 })).json().message).toContain('is before the previous step');
    });

    it('words Fastify\'s own validation and body errors in Vietnamese, naming the field', async () => {
      const wrongType = await step(id, { communeCode: '97003', stage: 5, on: '2026-12-01', version: 6 }, vi);
      expect(wrongType.statusCode).toBe(400);
      expect(wrongType.json().message).toBe('nội dung/stage: phải là một chuỗi ký tự');
      const missing = await step(id, { communeCode: '97003', stage: 'maintained', on: '2026-12-01' }, vi);
      expect(missing.json().message).toBe('nội dung: thiếu trường bắt buộc "version"');
      const badDate = await step(id, { communeCode: '97003', stage: 'maintained', on: '12/01/2026', version: 6 }, vi);
      expect(badDate.json().message).toMatch(/^nội dung\/on: phải là ngày dạng YYYY-MM-DD, từ \d{4}-\d{2}-\d{2} đến \d{4}-\d{2}-\d{2}$/);
      const notJson = await h.as('admin', { method: 'POST', url: `/api/campaigns/${id}/stages`, payload: '{"communeCode":', headers: { ...vi, 'content-type': 'application/json' } });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json().message).toBe('nội dung yêu cầu không phải JSON hợp lệ');
      const english = await step(id, { communeCode: '97003', stage: 5, on: '2026-12-01', version: 6 });
      expect(english.json().message).toBe('body/stage must be string');
    });

    it('migration 016 relabels a record an earlier step wrote with another stage\'s value, and leaves others as they were', async () => {
      const { readFile } = await import('node:fs/promises');
      const sql = await readFile(new URL('../../server/db/migrations/016-status-vocabulary.sql', import.meta.url), 'utf8');
      const relabel = sql.slice(sql.indexOf('UPDATE commune_status'));
      const [{ borrowed }] = await h.db.query<{ borrowed: number }>(
        `INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to) VALUES ('97003', 'transformation', 'transformed', '2019-01-01', '2019-06-01') RETURNING id AS borrowed`,
      );
      const [{ own }] = await h.db.query<{ own: number }>(
        `INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to) VALUES ('97003', 'transformation', 'transformed', '2019-06-01', '2019-09-01') RETURNING id AS own`,
      );
      await h.db.query(
        `INSERT INTO campaign_stage_change (campaign_id, commune_code, from_stage, stage, effective_on, status_id) VALUES ($1, '97003', 'transformed', 'challenge', '2019-01-01', $2)`,
        [id, borrowed],
      );
      await h.db.query(relabel);
      const rows = await h.db.query<{ id: number; value: string }>(`SELECT id, value FROM commune_status WHERE id = ANY ($1::int[]) ORDER BY valid_from`, [[borrowed, own]]);
      expect(rows.map((r) => r.value)).toEqual(['challenge', 'transformed']);
    });
  });
}
