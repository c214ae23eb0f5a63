import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type Harness, type TestUser } from '../support/harness.ts';
import { userWrites } from '../../server/repositories/users.ts';
import { HQ_COLUMNS } from '../../server/import/tables/hqs.ts';
import { TEAM_COLUMNS } from '../../server/import/tables/teams.ts';
import { MODEL_COLUMNS } from '../../server/import/tables/models.ts';
import { INDICATOR_COLUMNS } from '../../server/import/tables/indicators.ts';

/** Fixture province for table imports: 91, which no other suite uses; created before and removed after each test. */
const PROVINCE = '91';
type Kind = 'hqs' | 'teams' | 'models' | 'indicators';

interface Report {
  rowCount: number;
  errorCount: number;
  problems: { row: number | null; message: string }[];
  created: number;
  updated: number;
  unchanged: number;
  changes: { row: number | null; message: string }[];
}

/** CSV as Excel's "CSV UTF-8" writes it: BOM, CRLF, quotes only where needed. Cells are written as given. */
function csv(rows: string[][]): Buffer {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

/** A one-sheet workbook; numeric-looking cells are written as numbers, as a spreadsheet user would type them. */
async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  rows.forEach((r, i) => ws.addRow(r.map((c) => (i > 0 && /^-?\d+(\.\d+)?$/.test(c) && !/^0\d/.test(c) ? Number(c) : c))));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HQ_HEADER = [...HQ_COLUMNS];
const hqRow = (o: Partial<Record<(typeof HQ_COLUMNS)[number], string>>) => HQ_COLUMNS.map((c) => o[c] ?? '');

export function tableImportSuite(h: Harness) {
  const upload = (kind: Kind, step: 'preview' | 'commit', body: Buffer, opts: { who?: TestUser; lang?: string; file?: string } = {}) =>
    h.as(opts.who ?? 'admin', {
      method: 'POST',
      url: `/api/import/${kind}/${step}?file=${encodeURIComponent(opts.file ?? `test-${kind}`)}`,
      payload: body,
      headers: { 'content-type': 'application/octet-stream', ...(opts.lang ? { 'accept-language': opts.lang } : {}) },
    });

  /** Everything these imports may write, and the import audit entries. */
  const counts = async () =>
    (
      await h.db.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM police_hq) AS hqs, (SELECT count(*)::int FROM police_hq_status) AS hq_statuses,
           (SELECT count(*)::int FROM security_team_count) AS teams, (SELECT count(*)::int FROM self_governing_model) AS models,
           (SELECT count(*)::int FROM model_activity_point) AS points, (SELECT count(*)::int FROM province_indicator) AS indicators,
           (SELECT coalesce(sum(version), 0)::int FROM police_hq) AS hq_versions,
           (SELECT count(*)::int FROM audit_log WHERE action = 'import') AS audits`,
      )
    )[0];
  const withoutAudit = ({ audits: _audits, ...rest }: Record<string, number>) => rest;

  const cleanUp = async () => {
    await h.db.query(`DELETE FROM police_hq WHERE commune_code LIKE '91%'`);
    await h.db.query(`DELETE FROM self_governing_model WHERE commune_code LIKE '91%'`);
    await h.db.query(`DELETE FROM security_team_count WHERE commune_code LIKE '91%'`);
    await h.db.query(`DELETE FROM province_indicator WHERE province_code = $1`, [PROVINCE]);
    await h.db.query(`DELETE FROM commune WHERE province_code = $1`, [PROVINCE]);
    await h.db.query(`DELETE FROM province WHERE code = $1`, [PROVINCE]);
  };
  beforeEach(async () => {
    await cleanUp();
    await h.db.query(`INSERT INTO province (code, name, geom) VALUES ($1, 'Tỉnh thử nhập bảng', ST_Multi(ST_MakeEnvelope(102.1, 22.3, 102.3, 22.4, 4326)))`, [PROVINCE]);
    await h.db.query(
      `INSERT INTO commune (code, province_code, name, kind, geom) VALUES
         ('91001', $1, 'Xã Sín Thầu', 'commune', ST_Multi(ST_MakeEnvelope(102.1, 22.3, 102.2, 22.4, 4326))),
         ('91002', $1, 'Xã Mường Nhé', 'commune', ST_Multi(ST_MakeEnvelope(102.2, 22.3, 102.3, 22.4, 4326)))`,
      [PROVINCE],
    );
  });
  afterEach(cleanUp);
  afterAll(cleanUp);

  /** Preview and commit both report `message` on `row` (in the language asked for), and nothing is written. */
  async function expectRefused(kind: Kind, file: Buffer, row: number | null, message: RegExp, lang?: string) {
    const before = await counts();
    const preview = await upload(kind, 'preview', file, { lang });
    expect(preview.statusCode, preview.body).toBe(200);
    const report = preview.json() as Report;
    expect(report.errorCount).toBeGreaterThan(0);
    expect(report.problems.filter((p) => p.row === row).map((p) => p.message).join('\n')).toMatch(message);
    const commit = await upload(kind, 'commit', file, { lang });
    expect(commit.statusCode).toBe(400);
    expect(commit.json().message).toMatch(lang === 'vi' ? /lỗi, chưa nhập dữ liệu nào; lỗi đầu tiên: dòng \d+/ : /problem\(s\), nothing was imported; first: row \d+/);
    expect(await counts()).toEqual(before);
  }

  /** Commits a file that must be clean; returns the commit answer. */
  async function commit(kind: Kind, file: Buffer) {
    const res = await upload(kind, 'commit', file);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { inserted: number; created: number; updated: number; unchanged: number; report: Report };
  }

  /** A second commit of the same file changes nothing but adds its audit entry. */
  async function expectIdempotent(kind: Kind, file: Buffer, things: number) {
    const before = await counts();
    const again = await commit(kind, file);
    expect(again).toMatchObject({ inserted: 0, created: 0, updated: 0, unchanged: things });
    expect(again.report.changes).toEqual([]);
    const after = await counts();
    expect(withoutAudit(after)).toEqual(withoutAudit(before));
    expect(after.audits).toBe(before.audits + 1);
  }

  const commune = async (code: string) => {
    const res = await h.as('admin', { method: 'GET', url: `/api/communes/${code}` });
    expect(res.statusCode).toBe(200);
    return res.json().properties as {
      hqStatus?: string;
      hqs: { name: string; status: string | null; staffCount: number; history: { status: string; validFrom: string; validTo: string | null }[] }[];
      teams: { year: number; teamCount: number; memberCount: number }[];
      models: { name: string; establishedOn: string; endedOn: string | null; pointCount: number }[];
    };
  };

  const goodHqs = [
    HQ_HEADER,
    hqRow({ commune_code: '91001', name: 'Công an xã Sín Thầu', lon: '102.15', lat: '22.35', staff_count: '12', status: 'under_construction', status_from: '2024-03-01', decision_no: '12/QĐ-CAT', decision_date: '20/02/2024', note: 'Xây mới' }),
    hqRow({ commune_code: '91002', name: 'Đội Dân phòng Mường Nhé', lon: '102.25', lat: '22.35', staff_count: '8', status: 'independent', status_from: '01/06/2023' }),
  ];

  describe('police HQs', () => {
    it('a CSV previews without writing, commits both HQs with their status, and shows in the commune detail', async () => {
      const file = csv(goodHqs);
      const before = await counts();
      const preview = await upload('hqs', 'preview', file);
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.json()).toMatchObject({ rowCount: 2, errorCount: 0, problems: [], created: 2, updated: 0, unchanged: 0 });
      expect((preview.json() as Report).changes.map((c) => c.message)).toEqual([
        'row 2: new HQ "Công an xã Sín Thầu" (91001), status under_construction from 2024-03-01',
        'row 3: new HQ "Đội Dân phòng Mường Nhé" (91002), status independent from 2023-06-01',
      ]);
      expect(await counts()).toEqual(before);

      expect(await commit('hqs', file)).toMatchObject({ inserted: 2, created: 2, updated: 0 });
      const detail = await commune('91001');
      expect(detail.hqs).toMatchObject([{ name: 'Công an xã Sín Thầu', status: 'under_construction', staffCount: 12, history: [{ status: 'under_construction', validFrom: '2024-03-01', validTo: null }] }]);
      const stored = await h.db.query(`SELECT decision_no AS "decisionNo", decision_date AS "decisionDate", note FROM police_hq_status s JOIN police_hq q ON q.id = s.hq_id WHERE q.commune_code = '91001'`);
      expect(stored).toEqual([{ decisionNo: '12/QĐ-CAT', decisionDate: '2024-02-20', note: 'Xây mới' }]);
      expect((await commune('91002')).hqs[0]).toMatchObject({ name: 'Đội Dân phòng Mường Nhé', status: 'independent' });
      const indicators = await h.as('admin', { method: 'GET', url: '/api/indicators?communes=91001,91002' });
      const independent = (indicators.json().items as { id: string; current: { value: number; total: number } }[]).find((i) => i.id === 'hq_independent')!;
      expect(independent.current).toEqual({ value: 1, total: 2 });
      await expectIdempotent('hqs', file, 2);
    });

    it('a commit refreshes the planner statistics of the tables it wrote, in the same request', async ({ skip }) => {
      // The statistics collector counts ANALYZE runs on PostgreSQL; the embedded database runs it but keeps no count.
      if (h.backend !== 'postgres') skip();
      const analysed = async () =>
        (await h.db.query<{ n: number }>(`SELECT sum(analyze_count)::int AS n FROM pg_stat_user_tables WHERE relname IN ('police_hq', 'police_hq_status') AND schemaname = current_schema()`))[0].n;
      const before = await analysed();
      await commit('hqs', csv(goodHqs));
      // Counts reach the statistics views within a second or so of the ANALYZE.
      await expect.poll(analysed, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 2);
    });

    it('an XLSX updates staff and location, closes the record in force at status_from and adds the new one', async () => {
      await commit('hqs', await xlsx(goodHqs));
      const next = await xlsx([
        HQ_HEADER,
        hqRow({ commune_code: '91001', name: 'công an xã  Sín Thầu', lon: '102.151', lat: '22.35', staff_count: '15', status: 'independent', status_from: '2025-09-02' }),
      ]);
      const preview = (await upload('hqs', 'preview', next)).json() as Report;
      expect(preview).toMatchObject({ errorCount: 0, created: 0, updated: 1 });
      expect(preview.changes[0].message).toMatch(/^row 2: HQ "công an xã Sín Thầu" \(91001\), name "Công an xã Sín Thầu" → "công an xã Sín Thầu", staff 12 → 15, moved 10\d m, status independent from 2025-09-02 closes under_construction since 2024-03-01$/);
      const before = await counts();
      expect(await commit('hqs', next)).toMatchObject({ created: 0, updated: 1 });
      expect((await counts()).hqs).toBe(before.hqs);
      const detail = await commune('91001');
      expect(detail.hqs[0]).toMatchObject({ staffCount: 15, status: 'independent' });
      expect(detail.hqs[0].history.map((r) => [r.status, r.validFrom, r.validTo])).toEqual([
        ['under_construction', '2024-03-01', '2025-09-02'],
        ['independent', '2025-09-02', null],
      ]);
      await expectIdempotent('hqs', next, 1);
    });

    it('a status_from before the start of the record in force is refused, in English and Vietnamese', async () => {
      await commit('hqs', csv(goodHqs));
      const file = csv([HQ_HEADER, hqRow({ commune_code: '91002', name: 'Đội Dân phòng Mường Nhé', lon: '102.25', lat: '22.35', staff_count: '8', status: 'shared', status_from: '2023-01-01' })]);
      await expectRefused('hqs', file, 2, /row 2: status_from 2023-01-01 is earlier than the start of the record in force \(independent since 2023-06-01\)/);
      await expectRefused('hqs', file, 2, /dòng 2: status_from 2023-01-01 sớm hơn ngày bắt đầu của bản ghi đang có hiệu lực \(independent từ 2023-06-01\)/, 'vi');
    });

    it('the HQ export (CSV and XLSX) imports back unchanged', async () => {
      await commit('hqs', csv(goodHqs));
      for (const format of ['csv', 'xlsx']) {
        const exported = await h.as('admin', { method: 'GET', url: `/api/export/hqs?format=${format}&province=91` });
        expect(exported.statusCode).toBe(200);
        const before = await counts();
        const res = await commit('hqs', exported.rawPayload);
        expect(res.report.errorCount).toBe(0);
        expect(res).toMatchObject({ created: 0, updated: 0 });
        expect(res.unchanged).toBe(res.report.rowCount);
        expect(res.unchanged).toBeGreaterThanOrEqual(2);
        expect(withoutAudit(await counts())).toEqual(withoutAudit(before));
      }
    });

    it('problems of each kind, with their row and nothing written', async () => {
      const bad = (o: Partial<Record<(typeof HQ_COLUMNS)[number], string>>) =>
        csv([HQ_HEADER, hqRow({ commune_code: '91001', name: 'Công an xã Sín Thầu', lon: '102.15', lat: '22.35', staff_count: '12', status: 'independent', status_from: '2025-01-01', ...o })]);
      await expectRefused('hqs', bad({ commune_code: '91999' }), 2, /^row 2: commune code "91999" does not exist$/);
      await expectRefused('hqs', bad({ commune_code: '91999' }), 2, /^dòng 2: mã xã "91999" không tồn tại$/, 'vi');
      await expectRefused('hqs', bad({ lon: '22.35', lat: '102.15' }), 2, /row 2: lon 22.35 \/ lat 102.15 look swapped/);
      await expectRefused('hqs', bad({ lon: '2.15', lat: '48.85' }), 2, /row 2: lon 2.15 \/ lat 48.85 lies outside Vietnam/);
      await expectRefused('hqs', bad({ lon: '102.25' }), 2, /row 2: lon\/lat lie 5\.\d km outside commune 91001 \(Xã Sín Thầu\), more than 500 m/);
      await expectRefused('hqs', bad({ lon: '102.25' }), 2, /dòng 2: tọa độ nằm ngoài xã 91001 \(Xã Sín Thầu\) 5,\d km, quá 500 m/, 'vi');
      await expectRefused('hqs', bad({ status: 'closed' }), 2, /row 2: status "closed" is not one of independent, under_construction, planned, shared/);
      await expectRefused('hqs', bad({ status: 'closed' }), 2, /dòng 2: tình trạng \(status\) "closed" không thuộc independent, under_construction, planned, shared/, 'vi');
      await expectRefused('hqs', bad({ status_from: '31/02/2025' }), 2, /row 2: status_from "31\/02\/2025" is not a date \(YYYY-MM-DD or dd\/mm\/yyyy\)/);
      await expectRefused('hqs', bad({ staff_count: '-3' }), 2, /row 2: staff_count -3 is negative/);
      await expectRefused('hqs', bad({ staff_count: '12,5' }), 2, /row 2: staff_count "12,5" is not a whole number/);
      await expectRefused('hqs', bad({ name: '' }), 2, /row 2: name is empty/);
      await expectRefused('hqs', bad({ status_from: '' }), 2, /row 2: status independent of a HQ without status history needs status_from/);
      const twice = csv([...goodHqs, hqRow({ commune_code: '91001', name: 'Công an xã Sín Thầu', lon: '102.16', lat: '22.36', staff_count: '3' })]);
      await expectRefused('hqs', twice, 4, /^row 4: HQ "Công an xã Sín Thầu" of commune 91001 is already on row 2$/);
      await expectRefused('hqs', csv([['commune_code', 'name', 'lon'], ['91001', 'x', '102.15']]), 1,
        /^row 1: missing column\(s\) lat, staff_count, status; expected commune_code, name, lon, lat, staff_count, status, status_from, decision_no, decision_date, note$/);
    });
  });

  describe('grassroots security teams', () => {
    const goodTeams = [[...TEAM_COLUMNS], ['91001', '2024', '10', '40'], ['91001', '2025', '12', '48'], ['91002', '2025', '5', '20']];

    it('a CSV and then a corrected XLSX upsert per commune and year, and the commune and indicators show them', async () => {
      expect(await commit('teams', csv(goodTeams))).toMatchObject({ created: 3, updated: 0 });
      await expectIdempotent('teams', csv(goodTeams), 3);
      const corrected = await xlsx([[...TEAM_COLUMNS], ['91001', '2025', '13', '50'], ['91002', '2025', '5', '20']]);
      const preview = (await upload('teams', 'preview', corrected)).json() as Report;
      expect(preview).toMatchObject({ errorCount: 0, created: 0, updated: 1, unchanged: 1 });
      expect(preview.changes.map((c) => c.message)).toEqual(['row 2: commune 91001, year 2025, teams 12 → 13, members 48 → 50']);
      await commit('teams', corrected);
      expect((await commune('91001')).teams).toEqual([
        { year: 2024, teamCount: 10, memberCount: 40 },
        { year: 2025, teamCount: 13, memberCount: 50 },
      ]);
      const indicators = await h.as('admin', { method: 'GET', url: '/api/indicators?communes=91001,91002' });
      const teams = (indicators.json().items as { id: string; current: { value: number; total: number } }[]).find((i) => i.id === 'security_teams')!;
      expect(teams.current).toEqual({ value: 18, total: 70 });
    });

    it('bad numbers, years, codes and duplicates are refused with their row', async () => {
      const one = (...r: string[]) => csv([[...TEAM_COLUMNS], r]);
      await expectRefused('teams', one('91001', '2025', '2.5', '10'), 2, /^row 2: team_count "2.5" is not a whole number$/);
      await expectRefused('teams', one('91001', '2025', '2.5', '10'), 2, /^dòng 2: team_count "2.5" không phải là số nguyên$/, 'vi');
      await expectRefused('teams', one('91001', '2025', '3', '1.200,5'), 2, /^row 2: member_count "1.200,5": write the number without thousands separators/);
      await expectRefused('teams', one('91001', '1890', '3', '10'), 2, /^row 2: year 1890 is below 1990$/);
      await expectRefused('teams', one('91001', '2025', 'mười', '10'), 2, /^row 2: team_count "mười" is not a number$/);
      await expectRefused('teams', one('abc', '2025', '3', '10'), 2, /^row 2: commune_code "abc" is not a 5-digit code$/);
      await expectRefused('teams', one('91001', '2025', '', '10'), 2, /^row 2: team_count is empty$/);
      await expectRefused('teams', csv([...goodTeams, ['1001', '2025', '1', '1'], ['91001', '2024', '1', '1']]), 6, /^row 6: commune 91001, year 2024 is already on row 2$/);
    });
  });

  describe('self-governing models', () => {
    const header = [...MODEL_COLUMNS];
    const goodModels = [
      header,
      ['91001', 'Tổ tự quản an ninh bản Huổi Lếch', '2023-06-15', '', 'Nhà văn hóa bản Huổi Lếch', '102.15', '22.35'],
      ['91001', 'Tổ tự quản an ninh bản Huổi Lếch', '15/06/2023', '', 'Chốt bản Pa Ma', '102.16', '22.36'],
      ['91002', 'Đội Dân phòng Mường Nhé', '2024-01-10', '2025-12-01', '', '', ''],
    ];

    it('a CSV creates each model with its points; an XLSX then replaces the points, saying so', async () => {
      const first = await commit('models', csv(goodModels));
      expect(first).toMatchObject({ created: 2, updated: 0 });
      expect(first.report.changes.map((c) => c.message)).toEqual([
        'row 2: new model "Tổ tự quản an ninh bản Huổi Lếch" (91001), 2 point(s)',
        'row 4: new model "Đội Dân phòng Mường Nhé" (91002), 0 point(s)',
      ]);
      await expectIdempotent('models', csv(goodModels), 2);
      const next = await xlsx([
        header,
        ['91001', 'Tổ tự quản an ninh bản Huổi Lếch', '2023-06-15', '', 'Nhà văn hóa bản Huổi Lếch', '102.15', '22.35'],
        ['91001', 'Tổ tự quản an ninh bản Huổi Lếch', '2023-06-15', '', 'Chốt bản Pa Ma', '102.17', '22.36'],
        ['91001', 'Tổ tự quản an ninh bản Huổi Lếch', '2023-06-15', '', 'Bến đò Nậm Ma', '', ''],
      ]);
      const preview = (await upload('models', 'preview', next)).json() as Report;
      expect(preview).toMatchObject({ errorCount: 0, created: 0, updated: 1, unchanged: 0 });
      expect(preview.changes.map((c) => c.message)).toEqual(['row 2: model "Tổ tự quản an ninh bản Huổi Lếch" (91001), 3 point(s) replace 2']);
      const vi = (await upload('models', 'preview', next, { lang: 'vi' })).json() as Report;
      expect(vi.changes.map((c) => c.message)).toEqual(['dòng 2: mô hình "Tổ tự quản an ninh bản Huổi Lếch" (xã 91001), 3 điểm thay cho 2 điểm']);
      await commit('models', next);
      expect((await commune('91001')).models).toEqual([{ name: 'Tổ tự quản an ninh bản Huổi Lếch', establishedOn: '2023-06-15', endedOn: null, pointCount: 3 }]);
      expect((await commune('91002')).models).toEqual([{ name: 'Đội Dân phòng Mường Nhé', establishedOn: '2024-01-10', endedOn: '2025-12-01', pointCount: 0 }]);
      await expectIdempotent('models', next, 1);
    });

    it('rows of one model that disagree, repeated points and bad dates are refused', async () => {
      await expectRefused('models', csv([...goodModels.slice(0, 2), ['91001', 'Tổ tự quản an ninh bản Huổi Lếch', '2023-07-01', '', 'Chốt', '102.16', '22.36']]), 3,
        /^row 3: model "Tổ tự quản an ninh bản Huổi Lếch" has established_on\/ended_on 2023-07-01\/– here but 2023-06-15\/– on row 2$/);
      await expectRefused('models', csv([...goodModels.slice(0, 2), goodModels[1]]), 3,
        /^row 3: point "Nhà văn hóa bản Huổi Lếch" of model "Tổ tự quản an ninh bản Huổi Lếch" \(commune 91001\) is already on row 2$/);
      await expectRefused('models', csv([header, ['91002', 'Đội Dân phòng Mường Nhé', '2024-01-10', '2023-01-01', '', '', '']]), 2, /^row 2: ended_on 2023-01-01 is not after established_on 2024-01-10$/);
      await expectRefused('models', csv([header, ['91002', 'Đội Dân phòng Mường Nhé', '', '', '', '', '']]), 2, /^row 2: established_on is empty$/);
      await expectRefused('models', csv([header, ['91002', 'Đội Dân phòng Mường Nhé', '2024-01-10', '', '', '102.25', '22.35']]), 2, /^row 2: lon\/lat are given but point_name is empty$/);
    });
  });

  describe('yearly province indicators', () => {
    const header = [...INDICATOR_COLUMNS];
    const good = [header, ['91', '2024', 'drug_cases', '35'], ['91', '2025', 'drug_cases', '41'], ['91', '2025', 'investigation_rate', '87,5']];

    it('a CSV (comma decimal accepted) and a corrected XLSX upsert, and /api/indicators lists them', async () => {
      expect(await commit('indicators', csv(good))).toMatchObject({ created: 3 });
      await expectIdempotent('indicators', csv(good), 3);
      const corrected = await xlsx([header, ['91', '2025', 'investigation_rate', '90.25']]);
      expect(await commit('indicators', corrected)).toMatchObject({ created: 0, updated: 1 });
      const res = await h.as('admin', { method: 'GET', url: '/api/indicators' });
      const yearly = (res.json().yearly as { provinceCode: string; year: number; indicator: string; value: number }[]).filter((y) => y.provinceCode === PROVINCE);
      expect(yearly.map((y) => [y.year, y.indicator, y.value])).toEqual([
        [2024, 'drug_cases', 35],
        [2025, 'drug_cases', 41],
        [2025, 'investigation_rate', 90.25],
      ]);
    });

    it('unknown provinces and indicators, and values out of their unit, are refused', async () => {
      const one = (...r: string[]) => csv([header, r]);
      await expectRefused('indicators', one('88', '2025', 'drug_cases', '3'), 2, /^row 2: province code "88" does not exist$/);
      await expectRefused('indicators', one('91', '2025', 'murders', '3'), 2, /^row 2: indicator "murders" is not one of drug_arrests, drug_cases, investigation_rate, social_order_cases$/);
      await expectRefused('indicators', one('91', '2025', 'investigation_rate', '120'), 2, /^row 2: value \(percent\) 120 is over 100 \(percent\)$/);
      await expectRefused('indicators', one('91', '2025', 'investigation_rate', '120'), 2, /^dòng 2: value \(phần trăm\) 120 vượt quá 100 \(phần trăm\)$/, 'vi');
      await expectRefused('indicators', one('91', '2025', 'drug_arrests', '4,5'), 2, /^row 2: value \(people\) "4,5" is not a whole number$/);
    });
  });

  describe('exports in the columns of the imports', () => {
    /** Exports `layer` of the fixture province as CSV and XLSX; each imports back with nothing created or changed. */
    async function expectRoundTrip(layer: 'teams' | 'models' | 'indicators', things: number) {
      for (const format of ['csv', 'xlsx']) {
        const exported = await h.as('admin', { method: 'GET', url: `/api/export/${layer}?format=${format}&province=${PROVINCE}` });
        expect(exported.statusCode).toBe(200);
        const before = await counts();
        const res = await commit(layer, exported.rawPayload);
        expect(res).toMatchObject({ created: 0, updated: 0, unchanged: things });
        expect(withoutAudit(await counts())).toEqual(withoutAudit(before));
      }
    }

    it('security teams: CSV and XLSX exports import back unchanged', async () => {
      await commit('teams', csv([[...TEAM_COLUMNS], ['91001', '2024', '10', '40'], ['91002', '2025', '5', '20']]));
      const lines = (await h.as('admin', { method: 'GET', url: `/api/export/teams?format=csv&province=${PROVINCE}` })).body.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines).toEqual(['commune_code,commune_name,year,team_count,member_count', '91001,Xã Sín Thầu,2024,10,40', '91002,Xã Mường Nhé,2025,5,20']);
      await expectRoundTrip('teams', 2);
    });

    it('self-governing models: one row per point (and one for a model without points), importing back unchanged', async () => {
      await commit('models', csv([
        [...MODEL_COLUMNS],
        ['91001', 'Tổ tự quản an ninh bản Huổi Lếch', '2023-06-15', '', 'Nhà văn hóa bản Huổi Lếch', '102.15', '22.35'],
        ['91001', 'Tổ tự quản an ninh bản Huổi Lếch', '2023-06-15', '', 'Bến đò Nậm Ma', '', ''],
        ['91002', 'Đội Dân phòng Mường Nhé', '2024-01-10', '2025-12-01', '', '', ''],
      ]));
      const geojson = (await h.as('admin', { method: 'GET', url: `/api/export/models?format=geojson&province=${PROVINCE}` })).json() as {
        features: { geometry: { coordinates: number[] } | null; properties: { pointName: string | null } }[];
      };
      expect(geojson.features.map((f) => [f.properties.pointName, f.geometry?.coordinates ?? null])).toEqual([
        ['Nhà văn hóa bản Huổi Lếch', [102.15, 22.35]],
        ['Bến đò Nậm Ma', null],
        [null, null],
      ]);
      await expectRoundTrip('models', 2);
    });

    it('yearly indicators: exports of a whole province import back unchanged; a commander whose area lies elsewhere gets none', async () => {
      await commit('indicators', csv([[...INDICATOR_COLUMNS], ['91', '2024', 'drug_cases', '35'], ['91', '2025', 'investigation_rate', '87,5']]));
      await expectRoundTrip('indicators', 2);
      const all = (await h.as('admin', { method: 'GET', url: '/api/export/indicators?format=csv' })).body;
      expect(all).toContain('91,Tỉnh thử nhập bảng,2025,investigation_rate,87.5,percent');
      const partial = await h.as('commanderOne', { method: 'GET', url: `/api/export/indicators?format=csv&province=${PROVINCE}` });
      expect(partial.body.replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual(['province_code,province_name,year,indicator,value,unit']);
    });
  });

  describe('templates and access', () => {
    const COLUMNS: Record<Kind, readonly string[]> = { hqs: HQ_COLUMNS, teams: TEAM_COLUMNS, models: MODEL_COLUMNS, indicators: INDICATOR_COLUMNS };
    // What the example row needs to point at the fixture province instead of the demo one.
    const ADJUST: Record<Kind, Record<string, string>> = {
      hqs: { commune_code: '91001', lon: '102.15', lat: '22.35' },
      teams: { commune_code: '91001' },
      models: { commune_code: '91001', lon: '102.15', lat: '22.35' },
      indicators: { province_code: '91' },
    };

    for (const kind of ['hqs', 'teams', 'models', 'indicators'] as const) {
      it(`${kind}: the CSV and XLSX templates have the column list as header and import once the example is adjusted`, async () => {
        const csvRes = await h.as('admin', { method: 'GET', url: `/api/import/${kind}/template?format=csv` });
        expect(csvRes.statusCode).toBe(200);
        const lines = csvRes.body.replace(/^\uFEFF/, '').trim().split('\r\n');
        expect(lines[0].split(',')).toEqual([...COLUMNS[kind]]);
        expect(lines).toHaveLength(2);

        const xlsxRes = await h.as('admin', { method: 'GET', url: `/api/import/${kind}/template?format=xlsx` });
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(xlsxRes.rawPayload as unknown as ArrayBuffer);
        const sheet = wb.worksheets[0];
        expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([...COLUMNS[kind]]);
        expect(wb.worksheets[1].getRow(1).getCell(1).text).toMatch(/dòng/);

        for (const [c, v] of Object.entries(ADJUST[kind])) sheet.getRow(2).getCell(COLUMNS[kind].indexOf(c) + 1).value = v;
        const adjusted = Buffer.from(await wb.xlsx.writeBuffer());
        const res = await commit(kind, adjusted);
        expect(res).toMatchObject({ created: 1, report: { errorCount: 0 } });
      });
    }

    it('only administrators may import or get templates (403 for a commander)', async () => {
      const before = await counts();
      for (const kind of ['hqs', 'teams', 'models', 'indicators'] as const) {
        expect((await upload(kind, 'commit', csv([[...COLUMNS[kind]]]), { who: 'commanderAll' })).statusCode).toBe(403);
        expect((await upload(kind, 'preview', csv([[...COLUMNS[kind]]]), { who: 'commanderAll' })).statusCode).toBe(403);
        expect((await h.as('commanderAll', { method: 'GET', url: `/api/import/${kind}/template` })).statusCode).toBe(403);
      }
      expect(await counts()).toEqual(before);
    });

    it('an admin limited to another province may not import into communes or a province outside their area', async () => {
      const username = 'tables.admin99';
      if ((await h.db.query(`SELECT 1 FROM app_user WHERE username = $1`, [username])).length === 0) {
        await h.db.transaction((tx) => userWrites.create(tx, null, { username, displayName: 'Quản trị tỉnh 99', password: TEST_PASSWORD, role: 'admin', scopeKind: 'province', provinceCodes: ['99'] }));
      }
      const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
      const cookie = login.cookies.find((c) => c.name === 'posture_session')!;
      const headers = { cookie: `posture_session=${cookie.value}`, 'x-csrf-token': login.json().csrfToken, 'content-type': 'application/octet-stream', 'accept-language': 'vi' };
      const before = await counts();
      const teams = await h.app.inject({ method: 'POST', url: '/api/import/teams/commit', headers, payload: csv([[...TEAM_COLUMNS], ['91001', '2025', '1', '4']]) });
      expect(teams.statusCode).toBe(400);
      expect(teams.json().message).toBe('1 lỗi, chưa nhập dữ liệu nào; lỗi đầu tiên: dòng 2: xã 91001 nằm ngoài địa bàn của bạn');
      const figures = await h.app.inject({ method: 'POST', url: '/api/import/indicators/preview', headers: { ...headers, 'accept-language': 'en' }, payload: csv([[...INDICATOR_COLUMNS], ['91', '2025', 'drug_cases', '4']]) });
      expect((figures.json() as Report).problems).toEqual([{ row: 2, message: 'row 2: province 91 is not entirely in your area' }]);
      expect(await counts()).toEqual(before);
    });

    it('a file that is not a table is refused as a whole', async () => {
      const res = await upload('teams', 'preview', Buffer.from([0xff, 0x00, 0xc3, 0x28, 0xa0]), { lang: 'vi' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/^tệp không phải văn bản UTF-8 hay UTF-16; hãy lưu dưới dạng "CSV UTF-8"/);
    });
  });
}
