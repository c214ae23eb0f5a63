import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type Harness } from '../support/harness.ts';
import { geodataDir, hasGeodata, inCi } from '../support/env.ts';
import { userWrites } from '../../server/repositories/users.ts';
import { STATUS_COLUMNS } from '../../server/import/status-table.ts';

/**
 * Fixture province for the commune code crosswalk: 92, which no other suite uses. Four new communes; former
 * communes 921xx merge into them on 2025-07-01, and 92002 keeps the code of its former unit Phường Him Lam Thử.
 */
const PROVINCE = '92';
const HEADER = ['old_code', 'old_name', 'new_code', 'effective_date', 'decision_no', 'note'];
const STATUS_HEADER = [...STATUS_COLUMNS];

interface Report {
  rowCount: number;
  errorCount: number;
  problems: { row: number | null; message: string }[];
  warnings?: { row: number | null; message: string }[];
  created: number;
  updated: number;
  unchanged: number;
  changes: { row: number | null; message: string }[];
  derived?: string[];
  kept?: string[];
}
interface StatusReport {
  rowCount: number;
  errorCount: number;
  problems: { row: number | null; message: string }[];
  warnings: { row: number | null; message: string }[];
  skipped: number;
  currentRows: number;
  formerRows: number;
  derived: string[];
  kept: string[];
}

/** CSV as Excel's "CSV UTF-8" writes it: BOM, CRLF, quotes only where needed. */
function csv(rows: string[][]): Buffer {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

const MAPPINGS = [
  ['92101', 'Phường Noong Bua Thử', '92001', '2025-07-01', '1661/NQ-UBTVQH15', ''],
  ['92102', 'Phường Thanh Bình Thử', '92001', '2025-07-01', '1661/NQ-UBTVQH15', ''],
  ['92002', 'Phường Him Lam Thử', '92002', '2025-07-01', '', 'giữ mã'],
  ['92103', 'Phường Tân Thanh Thử', '92002', '2025-07-01', '', ''],
  ['92104', 'Xã Thanh Minh Thử', '92003', '01/07/2025', '', ''],
  ['92105', 'Xã Pá Khoang Thử', '92003', '', '', 'ngày mặc định'],
  ['92106', 'Xã Nà Tấu Thử', '92004', '2025-07-01', '', ''],
];
const crosswalkFile = csv([HEADER, ...MAPPINGS]);

/** Status rows: commune_code, kind, value, valid_from, valid_to (the other columns empty). */
const statusFile = (rows: string[][]) => csv([STATUS_HEADER, ...rows.map((r) => [...r, ...Array(STATUS_HEADER.length - r.length).fill('')])]);

/** Records of the former communes, one aggregation rule each (see domain/inheritance.ts). */
const FORMER_ROWS = [
  ['92101', 'key_complex', 'key_complex', '2023-01-01', ''],
  ['92101', 'drug_free', 'certified', '2022-01-01', '2025-07-01'],
  ['92102', 'drug_free', 'building', '2023-01-01', ''],
  ['92101', 'transformation', 'transformed', '2022-01-01', ''],
  ['92102', 'transformation', 'transforming', '2023-05-01', ''],
  ['92101', 'safe_standard', 'met', '2024-01-01', ''],
  ['92102', 'safe_standard', 'met', '2024-01-01', ''],
  ['92104', 'drug_free', 'certified', '2022-01-01', ''],
  ['92105', 'drug_free', 'revoked', '2024-01-01', ''],
  ['92104', 'safe_standard', 'met', '2024-01-01', ''],
  ['92002', 'drug_key_area', 'drug_key_area', '2021-01-01', '2024-01-01'],
  ['92103', 'drug_key_area', 'drug_key_area', '2024-06-01', ''],
  ['92106', 'drug_free', 'building', '2024-01-01', ''],
];

export function crosswalkSuite(h: Harness) {
  const upload = (kind: 'crosswalk' | 'statuses', step: 'preview' | 'commit', body: Buffer, opts: { lang?: string; file?: string; headers?: Record<string, string> } = {}) =>
    h.as('admin', {
      method: 'POST',
      url: `/api/import/${kind}/${step}?file=${encodeURIComponent(opts.file ?? `test-${kind}.csv`)}`,
      payload: body,
      headers: { 'content-type': 'application/octet-stream', ...(opts.lang ? { 'accept-language': opts.lang } : {}) },
    });
  const commit = async (kind: 'crosswalk' | 'statuses', body: Buffer, opts: { lang?: string; file?: string } = {}) => {
    const res = await upload(kind, 'commit', body, opts);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { inserted: number; created?: number; updated?: number; unchanged?: number; former?: number; report: Report & StatusReport };
  };

  /** Everything these imports write, for "nothing was written" checks. */
  const counts = async () =>
    (
      await h.db.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM commune_crosswalk WHERE new_code LIKE '92%') AS crosswalk,
           (SELECT count(*)::int FROM former_commune_status WHERE old_code LIKE '92%') AS former,
           (SELECT count(*)::int FROM commune_status WHERE commune_code LIKE '92%') AS statuses,
           (SELECT count(*)::int FROM commune_status_source s JOIN commune_status c ON c.id = s.status_id WHERE c.commune_code LIKE '92%') AS links,
           (SELECT count(*)::int FROM audit_log WHERE action = 'import') AS audits`,
      )
    )[0];

  /** The fixture's status records of current communes, inherited ones with their provenance and source codes. */
  const statuses = () =>
    h.db.query<{ code: string; kind: string; value: string; from: string; to: string | null; provenance: string | null; sources: string | null }>(
      `SELECT s.commune_code AS code, s.kind, s.value, s.valid_from AS from, s.valid_to AS to,
         CASE WHEN s.provenance LIKE 'inherited%' THEN s.provenance END AS provenance,
         (SELECT string_agg(f.old_code || ':' || f.value, ' ' ORDER BY f.old_code) FROM commune_status_source src
          JOIN former_commune_status f ON f.id = src.former_status_id WHERE src.status_id = s.id) AS sources
       FROM commune_status s WHERE s.commune_code LIKE '92%' ORDER BY 1, 2, 4`,
    );
  const formerRecords = () =>
    h.db.query<{ code: string; kind: string; value: string; from: string; to: string }>(
      `SELECT old_code AS code, kind, value, valid_from AS from, valid_to AS to FROM former_commune_status WHERE old_code LIKE '92%' ORDER BY 1, 2, 4`,
    );

  const cleanUp = async () => {
    await h.db.query(`DELETE FROM commune_status WHERE commune_code LIKE '92%'`);
    await h.db.query(`DELETE FROM former_commune_status WHERE old_code IN (SELECT old_code FROM commune_crosswalk WHERE new_code LIKE '92%')`);
    await h.db.query(`DELETE FROM commune_crosswalk WHERE new_code LIKE '92%'`);
    await h.db.query(`DELETE FROM commune WHERE province_code = $1`, [PROVINCE]);
    await h.db.query(`DELETE FROM province WHERE code = $1`, [PROVINCE]);
  };

  /** An admin whose area is province 99 only. */
  async function outsideAdmin() {
    const username = 'crosswalk.admin99';
    if ((await h.db.query(`SELECT 1 FROM app_user WHERE username = $1`, [username])).length === 0) {
      await h.db.transaction((tx) => userWrites.create(tx, null, { username, displayName: 'Quản trị tỉnh 99', password: TEST_PASSWORD, role: 'admin', scopeKind: 'province', provinceCodes: ['99'] }));
    }
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'posture_session')!;
    return (url: string, body: Buffer, lang = 'en') =>
      h.app.inject({
        method: 'POST', url, payload: body,
        headers: { cookie: `posture_session=${cookie.value}`, 'x-csrf-token': login.json().csrfToken, 'content-type': 'application/octet-stream', 'accept-language': lang },
      });
  }

  describe('commune code crosswalk (fixture province 92)', () => {
    beforeEach(async () => {
      await cleanUp();
      await h.db.query(`INSERT INTO province (code, name, geom) VALUES ($1, 'Tỉnh thử chuyển mã', ST_Multi(ST_MakeEnvelope(103.0, 21.0, 103.4, 21.1, 4326)))`, [PROVINCE]);
      await h.db.query(
        `INSERT INTO commune (code, province_code, name, kind, geom) VALUES
           ('92001', $1, 'Phường Mường Thanh Thử', 'ward', ST_Multi(ST_MakeEnvelope(103.0, 21.0, 103.1, 21.1, 4326))),
           ('92002', $1, 'Phường Điện Biên Phủ Thử', 'ward', ST_Multi(ST_MakeEnvelope(103.1, 21.0, 103.2, 21.1, 4326))),
           ('92003', $1, 'Xã Thanh Nưa Thử', 'commune', ST_Multi(ST_MakeEnvelope(103.2, 21.0, 103.3, 21.1, 4326))),
           ('92004', $1, 'Xã Nà Tấu Mới Thử', 'commune', ST_Multi(ST_MakeEnvelope(103.3, 21.0, 103.4, 21.1, 4326)))`,
        [PROVINCE],
      );
    });
    afterAll(cleanUp);

    it('offers a CSV and an XLSX template whose columns the import reads, with notes on the official columns', async () => {
      const res = await h.as('admin', { method: 'GET', url: '/api/import/crosswalk/template?format=csv' });
      expect(res.statusCode).toBe(200);
      expect(res.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(HEADER.join(','));
      const xlsx = await h.as('admin', { method: 'GET', url: '/api/import/crosswalk/template?format=xlsx' });
      expect(xlsx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const text: string[] = [];
      wb.worksheets.forEach((ws) => ws.eachRow((r) => text.push((r.values as unknown[]).join(' '))));
      expect(text.join('\n')).toContain('ma_xa_cu, ten_xa_cu, ma_xa_moi_2025');
      expect(text.join('\n')).toContain('2025-07-01');
    });

    it('reports each bad row by number, in English and Vietnamese, and writes nothing', async () => {
      const file = csv([
        HEADER,
        ['92101', 'Phường Noong Bua Thử', '92999', '2025-07-01', '', ''],
        ['92102', 'Phường Thanh Bình Thử', '92001', '2025-07-01', '', ''],
        ['92102', 'Phường Thanh Bình Thử', '92001', '2025-07-01', '', ''],
        ['921x3', 'Phường Tân Thanh Thử', '92002', '2025-07-01', '', ''],
        ['92104', 'Xã Thanh Minh Thử', '92003', '31/06/2025', '', ''],
        ['92105', '', '92003', '2025-07-01', '', ''],
        ['92001', 'Phường Mường Thanh Thử', '92002', '2025-07-01', '', ''],
      ]);
      const before = await counts();
      const preview = await upload('crosswalk', 'preview', file);
      expect(preview.statusCode, preview.body).toBe(200);
      expect((preview.json() as Report).problems).toEqual([
        { row: 2, message: 'row 2: new commune code "92999" does not exist' },
        { row: 4, message: 'row 4: old code 92102 is already on row 3' },
        { row: 5, message: 'row 5: old_code "921x3" is not a 5-digit code' },
        { row: 6, message: 'row 6: effective_date "31/06/2025" is not a date (YYYY-MM-DD or dd/mm/yyyy)' },
        { row: 7, message: 'row 7: old_name is empty' },
        { row: 8, message: 'row 8: old code 92001 is a current commune (Phường Mường Thanh Thử): a commune still on the map cannot be merged into 92002 (Phường Điện Biên Phủ Thử)' },
      ]);
      const vi = (await upload('crosswalk', 'preview', file, { lang: 'vi' })).json() as Report;
      expect(vi.problems[0].message).toBe('dòng 2: mã xã mới "92999" không tồn tại');
      expect(vi.problems[1].message).toBe('dòng 4: mã xã cũ 92102 đã có ở dòng 3');
      const res = await upload('crosswalk', 'commit', file, { lang: 'vi' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('6 lỗi, chưa nhập dữ liệu nào; lỗi đầu tiên: dòng 2: mã xã mới "92999" không tồn tại');
      expect(await counts()).toEqual(before);
    });

    it('commits the mappings with one audit entry, warns about a kept code, and a second commit changes nothing', async () => {
      const before = await counts();
      const preview = (await upload('crosswalk', 'preview', crosswalkFile)).json() as Report;
      expect(preview).toMatchObject({ rowCount: 7, errorCount: 0, created: 7, updated: 0, unchanged: 0 });
      expect(preview.warnings).toEqual([{
        row: 4,
        message: 'row 4: code 92002 is kept by the new commune Phường Điện Biên Phủ Thử: status rows for 92002 dated before 2025-07-01 belong to the former Phường Him Lam Thử, from that date to Phường Điện Biên Phủ Thử',
      }]);
      expect(await counts()).toEqual(before);

      const first = await commit('crosswalk', crosswalkFile);
      expect(first).toMatchObject({ inserted: 7, created: 7, updated: 0, unchanged: 0 });
      const stored = await h.db.query(`SELECT old_code, old_name, new_code, effective_date, decision_no, note FROM commune_crosswalk WHERE new_code LIKE '92%' ORDER BY 1`);
      expect(stored).toHaveLength(7);
      expect(stored).toContainEqual({ old_code: '92105', old_name: 'Xã Pá Khoang Thử', new_code: '92003', effective_date: '2025-07-01', decision_no: null, note: 'ngày mặc định' });
      expect(stored).toContainEqual({ old_code: '92104', old_name: 'Xã Thanh Minh Thử', new_code: '92003', effective_date: '2025-07-01', decision_no: null, note: null });
      const after = await counts();
      expect(after).toMatchObject({ crosswalk: 7, audits: before.audits + 1 });

      const again = await commit('crosswalk', crosswalkFile);
      expect(again).toMatchObject({ inserted: 0, created: 0, updated: 0, unchanged: 7 });
      expect(again.report.changes).toEqual([]);
      expect(await counts()).toEqual({ ...after, audits: after.audits + 1 });
    });

    it('refuses an old code already mapped to another new commune', async () => {
      await commit('crosswalk', crosswalkFile);
      const before = await counts();
      const file = csv([HEADER, ['92101', 'Phường Noong Bua Thử', '92003', '2025-07-01', '', '']]);
      const report = (await upload('crosswalk', 'preview', file)).json() as Report;
      expect(report.problems).toEqual([{ row: 2, message: 'row 2: old code 92101 (Phường Noong Bua Thử) is already mapped to 92001 (Phường Mường Thanh Thử), not 92003 (Xã Thanh Nưa Thử)' }]);
      expect((await upload('crosswalk', 'commit', file)).statusCode).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it('imports records of former communes, closes open ones at the merger, and derives each kind by its rule', async () => {
      await commit('crosswalk', crosswalkFile);
      // 92004 already has a record entered directly from the merger day: nothing is inherited over it.
      await commit('statuses', statusFile([['92004', 'drug_free', 'certified', '2025-07-01', '']]));
      const file = statusFile(FORMER_ROWS);
      const before = await counts();
      const preview = (await upload('statuses', 'preview', file)).json() as StatusReport;
      expect(preview).toMatchObject({ errorCount: 0, currentRows: 0, formerRows: 13 });
      expect(preview.warnings.map((w) => w.row)).toEqual([2, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14]);
      expect(preview.warnings[0].message).toBe('row 2: key_complex = key_complex of former commune 92101 (Phường Noong Bua Thử) has no end: it is closed at the merger into 92001 (Phường Mường Thanh Thử) on 2025-07-01');
      expect(preview.kept).toEqual(['92004 Xã Nà Tấu Mới Thử: drug_free: kept the record already entered (certified 2025-07-01 – …); building not inherited']);
      expect(preview.derived).toContain('92001 Phường Mường Thanh Thử: drug_free = building from 2025-07-01, inherited from 92101 Phường Noong Bua Thử, 92102 Phường Thanh Bình Thử');
      expect(await counts()).toEqual(before);

      const done = await commit('statuses', file);
      expect(done).toMatchObject({ inserted: 0, former: 13 });
      expect(done.report.derived).toEqual(preview.derived);
      expect(done.report.kept).toEqual(preview.kept);
      expect((await formerRecords()).find((r) => r.code === '92101' && r.kind === 'key_complex')).toEqual({ code: '92101', kind: 'key_complex', value: 'key_complex', from: '2023-01-01', to: '2025-07-01' });

      const noongBua = 'inherited from 92101 Phường Noong Bua Thử';
      const both = `${noongBua}, 92102 Phường Thanh Bình Thử`;
      expect(await statuses()).toEqual([
        // ANY: one former unit was a key complex. ALL certified? no: the least advanced, building. Least advanced stage.
        { code: '92001', kind: 'drug_free', value: 'building', from: '2025-07-01', to: null, provenance: both, sources: '92101:certified 92102:building' },
        { code: '92001', kind: 'key_complex', value: 'key_complex', from: '2025-07-01', to: null, provenance: noongBua, sources: '92101:key_complex' },
        { code: '92001', kind: 'safe_standard', value: 'met', from: '2025-07-01', to: null, provenance: both, sources: '92101:met 92102:met' },
        { code: '92001', kind: 'transformation', value: 'transforming', from: '2025-07-01', to: null, provenance: both, sources: '92101:transformed 92102:transforming' },
        // The record of Him Lam (92002) ended in 2024: only Tân Thanh's is in force the day before the merger.
        { code: '92002', kind: 'drug_key_area', value: 'drug_key_area', from: '2025-07-01', to: null, provenance: 'inherited from 92103 Phường Tân Thanh Thử', sources: '92103:drug_key_area' },
        // Any revoked → revoked; met by one unit only → not met.
        { code: '92003', kind: 'drug_free', value: 'revoked', from: '2025-07-01', to: null, provenance: 'inherited from 92104 Xã Thanh Minh Thử, 92105 Xã Pá Khoang Thử', sources: '92104:certified 92105:revoked' },
        { code: '92003', kind: 'safe_standard', value: 'not_met', from: '2025-07-01', to: null, provenance: 'inherited from 92104 Xã Thanh Minh Thử', sources: '92104:met' },
        // Entered directly: kept, nothing inherited.
        { code: '92004', kind: 'drug_free', value: 'certified', from: '2025-07-01', to: null, provenance: null, sources: null },
      ]);

      // Deriving again (a crosswalk commit does) writes nothing new.
      const settled = await counts();
      const again = await commit('crosswalk', crosswalkFile);
      expect(again.report.derived).toEqual([]);
      expect(again.report.kept).toHaveLength(1);
      expect(await counts()).toEqual({ ...settled, audits: settled.audits + 1 });
    });

    it('replaces an inherited record when a former unit gets a new record, without duplicating it', async () => {
      await commit('crosswalk', crosswalkFile);
      await commit('statuses', statusFile([['92101', 'safe_standard', 'met', '2024-01-01', '']]));
      // Only one of the two former units met the standard: not met.
      expect((await statuses()).map((s) => `${s.code} ${s.kind} ${s.value}`)).toEqual(['92001 safe_standard not_met']);
      await commit('statuses', statusFile([['92102', 'safe_standard', 'met', '2024-06-01', '']]));
      expect((await statuses()).map((s) => `${s.code} ${s.kind} ${s.value} ${s.sources}`)).toEqual(['92001 safe_standard met 92101:met 92102:met']);
    });

    it('refuses records of a merged code from the merger on, naming the new commune, and keeps a shared code apart by date', async () => {
      await commit('crosswalk', crosswalkFile);
      const before = await counts();
      const bad = statusFile([
        ['92101', 'drug_free', 'certified', '2025-08-01', ''],
        ['92102', 'key_complex', 'key_complex', '2024-01-01', '2025-09-01'],
      ]);
      const report = (await upload('statuses', 'preview', bad)).json() as StatusReport;
      expect(report.problems).toEqual([
        { row: 2, message: 'row 2: commune 92101 (Phường Noong Bua Thử) was merged into 92001 (Phường Mường Thanh Thử) on 2025-07-01: enter records from 2025-07-01 under commune code 92001' },
        { row: 3, message: 'row 3: the period of former commune 92102 (Phường Thanh Bình Thử) runs past its merger into 92001 (Phường Mường Thanh Thử) on 2025-07-01: end it on 2025-07-01 at the latest and enter the rest under 92001' },
      ]);
      const vi = (await upload('statuses', 'commit', bad, { lang: 'vi' }));
      expect(vi.statusCode).toBe(400);
      expect(vi.json().message).toBe('2 lỗi, chưa nhập dữ liệu nào; lỗi đầu tiên: dòng 2: xã 92101 (Phường Noong Bua Thử) đã được sắp xếp vào 92001 (Phường Mường Thanh Thử) từ 2025-07-01: bản ghi từ ngày 2025-07-01 hãy nhập theo mã xã 92001');
      expect(await counts()).toEqual(before);

      // 92002: Phường Him Lam Thử before the merger, Phường Điện Biên Phủ Thử from it.
      const shared = await commit('statuses', statusFile([
        ['92002', 'transformation', 'designated', '2023-01-01', ''],
        ['92002', 'transformation', 'transforming', '2025-09-01', ''],
      ]));
      expect(shared).toMatchObject({ inserted: 1, former: 1 });
      expect(await formerRecords()).toEqual([{ code: '92002', kind: 'transformation', value: 'designated', from: '2023-01-01', to: '2025-07-01' }]);
      // Inherited from the merger until the record entered directly starts.
      expect((await statuses()).map((s) => `${s.code} ${s.kind} ${s.value} ${s.from} ${s.to}`)).toEqual([
        '92002 transformation designated 2025-07-01 2025-09-01',
        '92002 transformation transforming 2025-09-01 null',
      ]);
    });

    it('the commune detail lists the former communes, their records and the sources of inherited records', async () => {
      await commit('crosswalk', crosswalkFile);
      await commit('statuses', statusFile(FORMER_ROWS));
      const res = await h.as('admin', { method: 'GET', url: '/api/communes/92001' });
      expect(res.statusCode).toBe(200);
      const p = res.json().properties;
      expect(p.formerUnits).toEqual([
        { oldCode: '92101', oldName: 'Phường Noong Bua Thử', effectiveDate: '2025-07-01', decisionNo: '1661/NQ-UBTVQH15' },
        { oldCode: '92102', oldName: 'Phường Thanh Bình Thử', effectiveDate: '2025-07-01', decisionNo: '1661/NQ-UBTVQH15' },
      ]);
      expect(p.formerHistory).toHaveLength(7);
      expect(p.formerHistory[0]).toMatchObject({ oldCode: '92101', oldName: 'Phường Noong Bua Thử', kind: 'drug_free', value: 'certified', validFrom: '2022-01-01', validTo: '2025-07-01' });
      const drugFree = p.history.find((r: { kind: string }) => r.kind === 'drug_free');
      expect(drugFree).toMatchObject({ value: 'building', validFrom: '2025-07-01', validTo: null });
      expect(drugFree.inheritedFrom).toEqual([
        { oldCode: '92101', oldName: 'Phường Noong Bua Thử', value: 'certified', validFrom: '2022-01-01', validTo: '2025-07-01' },
        { oldCode: '92102', oldName: 'Phường Thanh Bình Thử', value: 'building', validFrom: '2023-01-01', validTo: '2025-07-01' },
      ]);
      // The status on a day after the merger is the inherited one.
      const asOf = (await h.as('admin', { method: 'GET', url: '/api/communes/92001?asOf=2025-08-01' })).json().properties;
      expect(asOf).toMatchObject({ drug_free: 'building', key_complex: 'key_complex', transformation: 'transforming', safe_standard: 'met' });
    });

    it('round trip: exported statuses (inherited ones marked) and crosswalk import back to the same data', async () => {
      await commit('crosswalk', crosswalkFile);
      await commit('statuses', statusFile([['92004', 'drug_free', 'certified', '2025-07-01', '']]), { file: 'round.csv' });
      await commit('statuses', statusFile(FORMER_ROWS), { file: 'round.csv' });
      const current = await statuses();
      const former = await formerRecords();
      const exported = (await h.as('admin', { method: 'GET', url: `/api/export/statuses?format=csv&province=${PROVINCE}` })).body.replace(/^\uFEFF/, '').split('\r\n');
      expect(exported[0]).toBe('commune_code,commune_name,kind,value,valid_from,valid_to,decision_no,decision_date,note,provenance,inherited_from');
      const mine = [exported[0], ...exported.filter((l) => l.startsWith('92'))];
      expect(mine.filter((l) => l.endsWith('"92101, 92102"'))).toHaveLength(3);
      expect(mine).toHaveLength(1 + current.length + former.length);

      const crosswalkCsv = (await h.as('admin', { method: 'GET', url: `/api/export/crosswalk?format=csv&province=${PROVINCE}` })).body;
      expect(crosswalkCsv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('new_code,new_name,old_code,old_name,effective_date,decision_no,note');
      const again = await commit('crosswalk', Buffer.from(crosswalkCsv));
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 7 });

      await h.db.query(`DELETE FROM commune_status WHERE commune_code LIKE '92%'`);
      await h.db.query(`DELETE FROM former_commune_status WHERE old_code LIKE '92%'`);
      const back = await commit('statuses', Buffer.from(mine.join('\r\n')), { file: 'round.csv' });
      expect(back.report.skipped).toBe(7);
      expect(await formerRecords()).toEqual(former);
      expect(await statuses()).toEqual(current);
    });

    it('an admin limited to another province may not map to, or import records of, communes outside their area', async () => {
      await commit('crosswalk', crosswalkFile);
      const post = await outsideAdmin();
      const before = await counts();
      const mapping = await post('/api/import/crosswalk/preview', csv([HEADER, ['92107', 'Xã Ngoài Thử', '92001', '2025-07-01', '', '']]));
      expect((mapping.json() as Report).problems).toEqual([{ row: 2, message: 'row 2: new commune 92001 (Phường Mường Thanh Thử) is outside your area' }]);
      const records = await post('/api/import/statuses/commit', statusFile([
        ['92003', 'drug_free', 'building', '2025-08-01', ''],
        ['92101', 'drug_free', 'building', '2024-01-01', ''],
      ]), 'vi');
      expect(records.statusCode).toBe(400);
      expect(records.json().message).toBe('2 lỗi, chưa nhập dữ liệu nào; lỗi đầu tiên: dòng 2: xã 92003 (Xã Thanh Nưa Thử) nằm ngoài địa bàn của bạn');
      const preview = (await post('/api/import/statuses/preview', statusFile([['92101', 'drug_free', 'building', '2024-01-01', '']]))).json() as StatusReport;
      expect(preview.problems).toEqual([{ row: 2, message: 'row 2: former commune 92101 (Phường Noong Bua Thử), now part of 92001 (Phường Mường Thanh Thử), is outside your area' }]);
      expect(await counts()).toEqual(before);
    });
  });

  describe.skipIf(!hasGeodata && !inCi)('conformance: the real Điện Biên crosswalk (129 former communes → 45)', () => {
    let importedCommunes = false;
    beforeAll(async () => {
      const [{ n }] = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM commune WHERE province_code = '11'`);
      if (n === 45) return;
      const file = readFileSync(`${geodataDir}/dienbien/dienbien_communes_2025.geojson`);
      const res = await h.as('admin', {
        method: 'POST',
        url: `/api/import/boundaries/commit?province=11&provinceName=${encodeURIComponent('Điện Biên')}&file=dienbien_communes_2025.geojson`,
        payload: file,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(res.statusCode, res.body).toBe(200);
      importedCommunes = true;
    });
    afterAll(async () => {
      await h.db.query(`DELETE FROM commune_status WHERE commune_code IN (SELECT code FROM commune WHERE province_code = '11')`);
      await h.db.query(`DELETE FROM former_commune_status WHERE old_code IN (SELECT old_code FROM commune_crosswalk x JOIN commune c ON c.code = x.new_code WHERE c.province_code = '11')`);
      await h.db.query(`DELETE FROM commune_crosswalk WHERE new_code IN (SELECT code FROM commune WHERE province_code = '11')`);
      if (importedCommunes) {
        await h.db.query(`DELETE FROM commune WHERE province_code = '11'`);
        await h.db.query(`DELETE FROM province WHERE code = '11'`);
      }
    });

    it('imports the official code list as it is and inherits the former wards\' statuses', async () => {
      const file = readFileSync(`${geodataDir}/codes/dienbien_communes_pre2025_to_2025.csv`);
      const res = await h.as('admin', {
        method: 'POST', url: '/api/import/crosswalk/commit?file=dienbien_communes_pre2025_to_2025.csv', payload: file,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ created: 129, updated: 0 });
      const rows = await h.db.query<{ old: string; new: string; date: string; province: string }>(
        `SELECT x.old_code AS old, x.new_code AS new, x.effective_date AS date, c.province_code AS province
         FROM commune_crosswalk x JOIN commune c ON c.code = x.new_code WHERE c.province_code = '11'`,
      );
      expect(rows).toHaveLength(129);
      expect(new Set(rows.map((r) => r.new)).size).toBe(45);
      expect(rows.every((r) => r.date === '2025-07-01')).toBe(true);
      const to = new Map(rows.map((r) => [r.old, r.new]));
      expect(to.get('03124')).toBe('03334');
      expect(to.get('03130')).toBe('03127');
      expect(to.get('03127')).toBe('03127');

      const statusesDone = await h.as('admin', {
        method: 'POST', url: '/api/import/statuses/commit?file=former.csv',
        payload: statusFile([
          ['03124', 'drug_free', 'certified', '2023-05-01', ''],
          ['03127', 'safe_standard', 'met', '2024-01-01', ''],
          ['03130', 'key_complex', 'key_complex', '2022-01-01', ''],
        ]),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(statusesDone.statusCode, statusesDone.body).toBe(200);
      const inherited = await h.db.query<{ code: string; kind: string; value: string; provenance: string }>(
        `SELECT commune_code AS code, kind, value, provenance FROM commune_status WHERE commune_code IN ('03334', '03127') ORDER BY 1, 2`,
      );
      expect(inherited).toContainEqual({ code: '03127', kind: 'key_complex', value: 'key_complex', provenance: 'inherited from 03130 Phường Thanh Bình' });
      // Him Lam met the standard, but Thanh Bình and Tân Thanh (also merged into 03127) had no assessment.
      expect(inherited).toContainEqual({ code: '03127', kind: 'safe_standard', value: 'not_met', provenance: 'inherited from 03127 Phường Him Lam' });
      const noongBua = inherited.find((r) => r.code === '03334' && r.kind === 'drug_free');
      expect(noongBua?.provenance).toBe('inherited from 03124 Phường Noong Bua');
    });
  });
}
