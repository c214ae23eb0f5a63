import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { writeProvinceDataset } from '../../server/repositories/dataset.ts';
import { mapLayers } from '../../server/repositories/map-layers.ts';
import { seedDemoIfEmpty } from '../../server/seed.ts';
import { deriveInherited } from '../../server/repositories/crosswalk.ts';
import { demoDataset, removeFixture } from '../support/demo-fixture.ts';
import type { DemoProvince, DemoProvinceContents, DemoProvinceRemoved } from '../../server/schemas/demo-province.ts';

/** Fixture province for demo removal and for messages in Vietnamese: 89, which no other suite uses. */
const PROVINCE = '89';
const FIXTURES = new URL('../fixtures/import/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));

export function demoProvinceSuite(h: Harness) {
  const list = async () => ((await h.as('admin', { method: 'GET', url: '/api/demo-provinces' })).json() as { provinces: DemoProvince[] }).provinces;
  const remove = (confirm: string, who: 'admin' | 'commanderAll' | 'plannerTwo' = 'admin', code = PROVINCE) =>
    h.as(who, { method: 'DELETE', url: `/api/demo-provinces/${code}?confirm=${encodeURIComponent(confirm)}`, headers: { 'accept-language': 'vi' } });

  /** Rows tied to the fixture province, counted here independently of the server's query. */
  const contents = async (): Promise<DemoProvinceContents & { provinces: number }> =>
    (
      await h.db.query<DemoProvinceContents & { provinces: number }>(
        `SELECT (SELECT count(*)::int FROM province WHERE code = '89') AS provinces,
           (SELECT count(*)::int FROM commune WHERE code LIKE '89%') AS communes,
           (SELECT count(*)::int FROM commune_status WHERE commune_code LIKE '89%') AS statuses,
           (SELECT count(*)::int FROM commune_crosswalk WHERE new_code LIKE '89%') AS crosswalk,
           (SELECT count(*)::int FROM former_commune_status WHERE old_code LIKE '89%') AS "formerStatuses",
           (SELECT count(*)::int FROM commune_status_source s JOIN former_commune_status f ON f.id = s.former_status_id WHERE f.old_code LIKE '89%') AS "inheritanceLinks",
           (SELECT count(*)::int FROM police_hq WHERE commune_code LIKE '89%') AS hqs,
           (SELECT count(*)::int FROM police_hq_status s JOIN police_hq q ON q.id = s.hq_id WHERE q.commune_code LIKE '89%') AS "hqStatuses",
           (SELECT count(*)::int FROM security_team_count WHERE commune_code LIKE '89%') AS teams,
           (SELECT count(*)::int FROM self_governing_model WHERE commune_code LIKE '89%') AS models,
           (SELECT count(*)::int FROM model_activity_point p JOIN self_governing_model m ON m.id = p.model_id WHERE m.commune_code LIKE '89%') AS "modelPoints",
           (SELECT count(*)::int FROM village WHERE commune_code LIKE '89%') AS villages,
           (SELECT count(*)::int FROM border_gate WHERE commune_code LIKE '89%') AS "borderGates",
           (SELECT count(*)::int FROM border_commune WHERE commune_code LIKE '89%') AS "borderCommunes",
           (SELECT count(*)::int FROM campaign WHERE province_code = '89') AS campaigns,
           (SELECT count(*)::int FROM campaign_commune WHERE commune_code LIKE '89%') AS "campaignCommunes",
           (SELECT count(*)::int FROM campaign_milestone m JOIN campaign k ON k.id = m.campaign_id WHERE k.province_code = '89') AS "campaignMilestones",
           (SELECT count(*)::int FROM campaign_stage_change WHERE commune_code LIKE '89%') AS "campaignSteps",
           (SELECT count(*)::int FROM province_indicator WHERE province_code = '89') AS indicators,
           (SELECT count(*)::int FROM user_scope_province WHERE province_code = '89') AS "userScopeProvinces",
           (SELECT count(*)::int FROM user_scope_commune WHERE commune_code LIKE '89%') AS "userScopeCommunes"`,
      )
    )[0];

  const cleanUp = () => removeFixture(h.db);

  /** The fixture province with a campaign (two communes, a milestone, a step) and two accounts whose area is in it. */
  async function createFixture() {
    await cleanUp();
    await h.db.transaction(async (tx) => {
      await writeProvinceDataset(tx, demoDataset());
      const [{ id }] = await tx.query<{ id: number }>(
        `INSERT INTO campaign (province_code, kind, name, period_start, period_end) VALUES ('89', 'drug_free', 'Chiến dịch mẫu 89', '2024-01-01', '2024-12-31') RETURNING id`,
      );
      await tx.query(`INSERT INTO campaign_commune (campaign_id, commune_code, stage) VALUES ($1, '89001', 'building'), ($1, '89002', 'proposed')`, [id]);
      await tx.query(`INSERT INTO campaign_milestone (campaign_id, title, due_on) VALUES ($1, 'Tổng kết', '2024-12-01')`, [id]);
      await tx.query(`INSERT INTO campaign_stage_change (campaign_id, commune_code, from_stage, stage, effective_on) VALUES ($1, '89001', 'proposed', 'building', '2024-02-01')`, [id]);
      // Two former communes merged into 89003, both meeting the safe standard: 89003 inherits it (a third record).
      await tx.query(`INSERT INTO commune_crosswalk (old_code, old_name, new_code, effective_date) VALUES ('89101', 'Xã Mẫu Cũ Một', '89003', '2025-07-01'), ('89102', 'Xã Mẫu Cũ Hai', '89003', '2025-07-01')`);
      await tx.query(
        `INSERT INTO former_commune_status (old_code, kind, value, valid_from, valid_to) VALUES ('89101', 'safe_standard', 'met', '2024-01-01', '2025-07-01'), ('89102', 'safe_standard', 'met', '2023-01-01', '2025-07-01')`,
      );
      await deriveInherited(tx, ['89003']);
      const users = await tx.query<{ id: number; username: string }>(
        `INSERT INTO app_user (username, display_name, password_hash, role, scope_kind)
         VALUES ('demo89-province', 'Tài khoản tỉnh 89', 'x', 'commander', 'province'), ('demo89-communes', 'Tài khoản xã 89', 'x', 'planner', 'communes')
         RETURNING id, username`,
      );
      const byName = new Map(users.map((u) => [u.username, u.id]));
      await tx.query(`INSERT INTO user_scope_province (user_id, province_code) VALUES ($1, '89')`, [byName.get('demo89-province')]);
      await tx.query(`INSERT INTO user_scope_commune (user_id, commune_code) VALUES ($1, '89001'), ($1, '89002')`, [byName.get('demo89-communes')]);
    });
  }

  describe('demo province removal (fixture province 89)', () => {
    beforeEach(createFixture);
    afterAll(cleanUp);

    const expected: DemoProvinceContents = {
      communes: 3,
      statuses: 3,
      crosswalk: 2,
      formerStatuses: 2,
      inheritanceLinks: 2,
      hqs: 1,
      hqStatuses: 1,
      teams: 1,
      models: 1,
      modelPoints: 1,
      villages: 1,
      borderGates: 1,
      borderCommunes: 0,
      campaigns: 1,
      campaignCommunes: 2,
      campaignMilestones: 1,
      campaignSteps: 1,
      indicators: 1,
      userScopeProvinces: 1,
      userScopeCommunes: 2,
    };

    it('previews what goes with the province and whose area empties, writing nothing', async () => {
      const before = await contents();
      expect(before).toEqual({ provinces: 1, ...expected });
      const p = (await list()).find((x) => x.code === PROVINCE)!;
      expect(p).toMatchObject({ code: '89', name: 'Tỉnh mẫu kiểm thử xóa', contents: expected, removable: true });
      expect(p.usersLeftEmpty.map((u) => u.username)).toEqual(['demo89-communes', 'demo89-province']);
      expect(await contents()).toEqual(before);
    });

    it('removes the demo province and everything tied to it in one go, with one audit entry holding the counts', async () => {
      const othersBefore = (await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM commune WHERE province_code <> '89'`))[0].n;
      const res = await remove('89');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as DemoProvinceRemoved;
      expect(body).toMatchObject({ code: '89', removed: expected });
      expect(body.usersLeftEmpty.map((u) => u.username)).toEqual(['demo89-communes', 'demo89-province']);
      const after = await contents();
      expect(Object.values(after).every((n) => n === 0), JSON.stringify(after)).toBe(true);
      // The accounts stay (an administrator gives them a new area); only their scope rows went.
      expect((await h.db.query(`SELECT 1 FROM app_user WHERE username LIKE 'demo89-%'`)).length).toBe(2);
      expect((await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM commune WHERE province_code <> '89'`))[0].n).toBe(othersBefore);
      const audit = await h.db.query<{ action: string; username: string; before: { removed: DemoProvinceContents; isDemo: boolean } }>(
        `SELECT a.action, u.username, a.before FROM audit_log a JOIN app_user u ON u.id = a.user_id WHERE a.entity = 'province' AND a.entity_id = '89'`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'delete', username: 'admin', before: { removed: expected, isDemo: true } });
      expect((await list()).some((p) => p.code === PROVINCE)).toBe(false);
      // A restart seeds the demo only into a database without any province: it leaves this one alone.
      expect(await seedDemoIfEmpty(h.db)).toBeNull();
      expect(await contents()).toEqual(after);
    });

    it('refuses a province that is not marked as demo (409), removing nothing', async () => {
      await h.db.query(`UPDATE province SET is_demo = false WHERE code = '89'`);
      const before = await contents();
      const res = await remove('89');
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toBe('tỉnh 89 (Tỉnh mẫu kiểm thử xóa) là dữ liệu thật, không phải dữ liệu mẫu; chỉ xóa được tỉnh dữ liệu mẫu');
      expect(await contents()).toEqual(before);
      expect((await list()).some((p) => p.code === PROVINCE)).toBe(false);
    });

    it('asks for the code typed again, and answers 404 for a province that does not exist', async () => {
      const before = await contents();
      const wrong = await remove('99');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().message).toBe('hãy gõ mã tỉnh 89 để xác nhận việc xóa');
      expect((await remove('88', 'admin', '88')).statusCode).toBe(404);
      expect(await contents()).toEqual(before);
    });

    it('is for administrators only (403), preview included', async () => {
      const before = await contents();
      for (const who of ['commanderAll', 'plannerTwo'] as const) {
        expect((await remove('89', who)).statusCode).toBe(403);
        expect((await h.as(who, { method: 'GET', url: '/api/demo-provinces' })).statusCode).toBe(403);
      }
      expect(await contents()).toEqual(before);
    });

    it('a view over two provinces is named as such, demo only when every commune of it is demo', async () => {
      const scope = { communes: ['89001', '99001'] };
      expect(await mapLayers(h.db, scope).province()).toMatchObject({ code: '', national: true, provinceCount: 2, communeCount: 2, isDemo: true });
      expect(await mapLayers(h.db, { communes: ['89001'] }).province()).toMatchObject({ code: '89', national: false, provinceCount: 1, isDemo: true });
      // With province 99 real, the two-province view is no longer demo. Tried inside a transaction that is rolled
      // back, so province 99 is never changed for anyone else.
      const seen = await h.db
        .transaction(async (tx) => {
          await tx.query(`UPDATE province SET is_demo = false WHERE code = '99'`);
          const isDemo = (await mapLayers(tx, scope).province())?.isDemo;
          throw Object.assign(new Error('roll back'), { isDemo });
        })
        .catch((err: { isDemo?: boolean }) => err.isDemo);
      expect(seen).toBe(false);
      expect((await h.db.query<{ d: boolean }>(`SELECT is_demo AS d FROM province WHERE code = '99'`))[0].d).toBe(true);
    });
  });

  describe('boundary import messages in Vietnamese', () => {
    afterAll(cleanUp);
    const upload = (step: 'preview' | 'commit', body: Buffer, lang = 'vi') =>
      h.as('admin', {
        method: 'POST',
        url: `/api/import/boundaries/${step}?province=${PROVINCE}&provinceName=${encodeURIComponent('Tỉnh thử')}`,
        payload: body,
        headers: { 'content-type': 'application/octet-stream', 'accept-language': lang },
      });
    const problems = async (file: Buffer) => {
      const res = await upload('preview', file);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { report: { problems: { message: string }[] } }).report.problems.map((p) => p.message);
    };

    it('names the feature and its code in each finding', async () => {
      expect(await problems(fixture('duplicate-codes.geojson'))).toContain('đối tượng 2 (96001): mã 96001 đã dùng cho đối tượng 1');
      expect(await problems(fixture('unclosed-ring.geojson'))).toEqual([
        'đối tượng 1 (96001): 1 vòng không khép kín, đã khép bằng cách nối điểm cuối với điểm đầu: đa giác 1 vòng 1 (2,2 km); hãy kiểm tra hình dạng trên bản đồ',
      ]);
      expect((await problems(fixture('point-geometry.geojson'))).join('\n')).toMatch(/^đối tượng 1 \(96001\): hình học là Point; xã phải là Polygon hoặc MultiPolygon$/m);
      expect((await problems(fixture('outside-vietnam.geojson'))).join('\n')).toMatch(/^đối tượng 1 \(96001\): nằm ngoài lãnh thổ Việt Nam \(vị trí /m);
      const missing = (await problems(fixture('missing-code-and-empty-name.geojson'))).join('\n');
      expect(missing).toMatch(/^đối tượng 1: không có mã xã \(thuộc tính ma_xa hoặc code\)$/m);
      expect(missing).toMatch(/^đối tượng 2 \(96002\): tên trống \(thuộc tính ten hoặc name\)$/m);
      expect(await problems(fixture('mojibake-names.geojson'))).toContain(
        'đối tượng 1 (96001): tên "XÃ£ MÆ°á»\u009dng NhÃ©" có vẻ bị giải mã sai (UTF-8 bị đọc theo bảng mã khác); có lẽ là "Xã Mường Nhé"',
      );
    });

    it('says a finding of the database (repaired geometry) in Vietnamese, and English stays the default', async () => {
      const vi = await problems(fixture('self-intersecting-ring.geojson'));
      expect(vi.join('\n')).toMatch(/^đối tượng 1 \(96001\): hình học không hợp lệ \(.+\); sẽ được sửa khi nhập bằng ST_MakeValid/m);
      const en = (await upload('preview', fixture('self-intersecting-ring.geojson'), 'en')).json() as { report: { problems: { message: string }[] } };
      expect(en.report.problems.map((p) => p.message).join('\n')).toMatch(/^feature 1 \(96001\): invalid geometry \(.+\); repaired on import with ST_MakeValid/m);
    });

    it('refuses a whole file, a commit with errors and a missing body in Vietnamese', async () => {
      const malformed = await upload('preview', fixture('malformed-json.geojson'));
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().message).toMatch(/^JSON sai cú pháp ở dòng \d+, cột \d+: /);
      const crs = await upload('preview', fixture('unsupported-crs.geojson'));
      expect(crs.json().message).toMatch(/^hệ tọa độ "urn:ogc:def:crs:EPSG::2154" không được hỗ trợ/);
      const commit = await upload('commit', fixture('duplicate-codes.geojson'));
      expect(commit.statusCode).toBe(400);
      expect(commit.json().message).toMatch(/^\d+ lỗi chặn, không có gì được nhập; lỗi đầu tiên: đối tượng \d+ \(96001\): /);
      const empty = await h.as('admin', {
        method: 'POST',
        url: `/api/import/boundaries/preview?province=${PROVINCE}`,
        headers: { 'content-type': 'application/octet-stream', 'accept-language': 'vi' },
      });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().message).toBe('hãy gửi chính tệp làm nội dung yêu cầu, với Content-Type application/octet-stream');
      expect((await h.db.query(`SELECT 1 FROM commune WHERE province_code = '89'`)).length).toBe(0);
    });

    it('says the size limit in Vietnamese (413)', async () => {
      const res = await upload('preview', Buffer.alloc(51 * 1024 * 1024, 0x20));
      expect(res.statusCode).toBe(413);
      expect(res.json().message).toBe('tệp có dung lượng 51.0 MB; giới hạn nhập là 50.0 MB (POSTURE_IMPORT_MAX_MB): hãy chia nhỏ tệp hoặc đề nghị quản trị viên nâng giới hạn');
    });
  });
}
