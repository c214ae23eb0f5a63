import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../support/harness.ts';
import { INDICATOR_IDS, type IndicatorId, type IndicatorsResponse } from '../../server/schemas/indicators.ts';
import { ACHIEVED_VALUES } from '../../server/domain.ts';

/**
 * A fixture province "98" with six square communes in a row (98001 west … 98006 east), a national border line
 * along the north edge of 98001 and 98002 only, and hand-written records around the as-of date 2024-06-30. Every
 * expected figure below is counted by hand from these records, not by the SQL under test.
 */
const FIXTURE = ['98001', '98002', '98003', '98004', '98005', '98006'];
const AS_OF = '2024-06-30';
const SELECT_ALL = `communes=${FIXTURE.join(',')}`;

type F = [value: number, total: number];
interface Expected {
  current: F;
  previous: F | null;
  communes: string[];
}

/** Figures on 2024-06-30 (previous: 2023-06-30) over the six fixture communes. */
/** Transformed (or certified) and every later value short of a relapse: what the figures count as achieved. */
const achieved = (kind: keyof typeof ACHIEVED_VALUES, value: string) => (ACHIEVED_VALUES[kind] as readonly string[]).includes(value);

const EXPECTED: Record<IndicatorId, Expected> = {
  // 98001 ends on the as-of day (not counted then), 98002 starts on it (counted), 98003 since 2021, 98004 since 2023-07-01.
  key_complex: { current: [3, 6], previous: [2, 6], communes: ['98002', '98003', '98004'] },
  // Stages in force: 98001 transformed (from the as-of day), 98002 and 98004 designated, 98003 transforming,
  // 98005 maintained; a year earlier 98001 and 98003 transforming, 98005 maintained.
  key_complex_transformed: { current: [2, 5], previous: [1, 3], communes: ['98001', '98005'] },
  // Nothing recorded in the fixture communes: zero now, no comparison.
  drug_key_area: { current: [0, 6], previous: null, communes: [] },
  // Border: 98001 certified (from 2023-06-30, the comparison day itself), 98002 revoked 2024-01-15.
  border_drug_free: { current: [1, 2], previous: [2, 2], communes: ['98001'] },
  // Inland: 98003 certified on the as-of day; 98004's certificate ended on it (certified a year earlier).
  inland_drug_free: { current: [1, 4], previous: [1, 4], communes: ['98003'] },
  // 98005 met (assessed 2023-12-10), 98006 met (not met the year before), 98003's 2022 "met" ended 2023-12-10.
  safe_standard: { current: [2, 6], previous: [1, 6], communes: ['98005', '98006'] },
  // HQs in force: 98001 independent since 2024-01-01, 98002 independent (and a second, shared HQ), 98003 under
  // construction, 98004 independent from the as-of day; 98005 has none, 98006's record starts the next day.
  hq_independent: { current: [3, 4], previous: [1, 3], communes: ['98001', '98002', '98004'] },
  // Staff 5 + (7 + 2) + 4 + 6 over four units; a year earlier 5 + 7 + 6 over three (98003 not yet planned).
  officers: { current: [24, 4], previous: [18, 3], communes: ['98001', '98002', '98003', '98004'] },
  // 98001: 2024 → 12 teams / 36 members (2022's 10 / 30 a year earlier); 98003: 2023 → 5 / 16; 98002 only has 2025.
  security_teams: { current: [17, 52], previous: [15, 46], communes: ['98001', '98003'] },
  // Now: 98001's two models (3 + 2 points; one established on the as-of day); 98004's ended on it; 98006's starts
  // the next day. A year earlier: 98001's first (3) and 98004's (4).
  self_governing_models: { current: [2, 5], previous: [2, 7], communes: ['98001'] },
};

async function insertFixture(h: Harness): Promise<void> {
  await h.db.transaction(async (tx) => {
    const square = (i: number) => {
      const w = 105 + i * 0.1;
      const e = w + 0.1;
      return `POLYGON((${w} 10, ${e} 10, ${e} 10.1, ${w} 10.1, ${w} 10))`;
    };
    await tx.query(`INSERT INTO province (code, name, is_demo, source, geom) VALUES ('98', 'Tỉnh Thử nghiệm “Đ''98”', true, 'test fixture',
      ST_Multi(ST_GeomFromText('POLYGON((105 10, 105.6 10, 105.6 10.1, 105 10.1, 105 10))', 4326)))`);
    for (const [i, code] of FIXTURE.entries()) {
      await tx.query(`INSERT INTO commune (code, province_code, name, kind, population, geom) VALUES ($1, '98', $2, 'commune', 1000, ST_Multi(ST_GeomFromText($3, 4326)))`, [
        code,
        `Xã Đồng ‘Thử’ "${i + 1}"`,
        square(i),
      ]);
    }
    // ≈ 550 m north of 98001 and 98002; 98003 starts ≈ 5 km east of the line's end.
    await tx.query(`INSERT INTO national_border (country_code, name, source, geom)
      VALUES ('KHM', 'Fixture border 98', 'test fixture', ST_GeomFromText('MULTILINESTRING((105 10.105, 105.15 10.105))', 4326))`);

    const statuses: [string, string, string, string, string | null][] = [
      ['98001', 'key_complex', 'key_complex', '2022-01-01', '2024-06-30'],
      ['98002', 'key_complex', 'key_complex', '2024-06-30', null],
      ['98003', 'key_complex', 'key_complex', '2021-03-01', null],
      ['98004', 'key_complex', 'key_complex', '2023-07-01', null],
      ['98001', 'transformation', 'designated', '2022-01-01', '2022-04-01'],
      ['98001', 'transformation', 'transforming', '2022-04-01', '2024-06-30'],
      ['98001', 'transformation', 'transformed', '2024-06-30', null],
      ['98002', 'transformation', 'designated', '2024-06-30', null],
      ['98003', 'transformation', 'designated', '2021-03-01', '2021-06-01'],
      ['98003', 'transformation', 'transforming', '2021-06-01', null],
      ['98004', 'transformation', 'designated', '2023-07-01', null],
      ['98005', 'transformation', 'transformed', '2020-01-01', '2021-01-01'],
      ['98005', 'transformation', 'maintained', '2021-01-01', null],
      ['98001', 'drug_free', 'building', '2020-01-01', '2023-06-30'],
      ['98001', 'drug_free', 'certified', '2023-06-30', null],
      ['98002', 'drug_free', 'certified', '2022-01-01', '2024-01-15'],
      ['98002', 'drug_free', 'revoked', '2024-01-15', null],
      ['98003', 'drug_free', 'certified', '2024-06-30', null],
      ['98004', 'drug_free', 'certified', '2021-01-01', '2024-06-30'],
      ['98004', 'drug_free', 'building', '2024-06-30', null],
      ['98005', 'safe_standard', 'met', '2023-12-10', '2024-12-10'],
      ['98005', 'safe_standard', 'not_met', '2024-12-10', null],
      ['98006', 'safe_standard', 'not_met', '2022-12-10', '2023-12-10'],
      ['98006', 'safe_standard', 'met', '2023-12-10', null],
      ['98003', 'safe_standard', 'met', '2022-12-10', '2023-12-10'],
    ];
    for (const [code, kind, value, from, to] of statuses) {
      await tx.query(
        `INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to, decision_no, decision_date)
         VALUES ($1, $2, $3, $4, $5, $6, $4)`,
        [code, kind, value, from, to, `${code}-${kind}-${from}/QĐ-UBND`],
      );
    }

    const hqs: [string, number, [string, string, string | null][]][] = [
      ['98001', 5, [['shared', '2020-01-01', '2024-01-01'], ['independent', '2024-01-01', null]]],
      ['98002', 7, [['independent', '2019-05-01', null]]],
      ['98003', 4, [['planned', '2023-09-01', '2024-03-01'], ['under_construction', '2024-03-01', null]]],
      ['98004', 6, [['shared', '2021-01-01', '2024-06-30'], ['independent', '2024-06-30', null]]],
      ['98006', 3, [['independent', '2024-07-01', null]]],
      // A second HQ in 98002, created after the first: the commune still counts once.
      ['98002', 2, [['shared', '2024-01-01', null]]],
    ];
    for (const [code, staff, history] of hqs) {
      const [{ id }] = await tx.query<{ id: number }>(
        `INSERT INTO police_hq (commune_code, name, staff_count, geom)
         SELECT $1, 'Công an xã ' || $1, $2, ST_PointOnSurface(geom) FROM commune WHERE code = $1 RETURNING id`,
        [code, staff],
      );
      for (const [status, from, to] of history) {
        await tx.query(`INSERT INTO police_hq_status (hq_id, status, valid_from, valid_to, decision_no, decision_date) VALUES ($1, $2, $3, $4, $5, $3)`, [
          id,
          status,
          from,
          to,
          `HQ ${code} ${from}`,
        ]);
      }
    }

    for (const [code, year, teams, members] of [
      ['98001', 2022, 10, 30],
      ['98001', 2024, 12, 36],
      ['98002', 2025, 9, 27],
      ['98003', 2023, 5, 16],
    ] as const) {
      await tx.query(`INSERT INTO security_team_count (commune_code, year, team_count, member_count) VALUES ($1, $2, $3, $4)`, [code, year, teams, members]);
    }

    for (const [code, name, from, to, points] of [
      ['98001', 'Tổ tự quản 1', '2022-05-01', null, 3],
      ['98001', 'Camera an ninh', '2024-06-30', null, 2],
      ['98004', 'Tổ liên gia', '2021-01-01', '2024-06-30', 4],
      ['98006', 'Tiếng kẻng', '2024-07-01', null, 1],
    ] as const) {
      const [{ id }] = await tx.query<{ id: number }>(
        `INSERT INTO self_governing_model (commune_code, name, established_on, ended_on) VALUES ($1, $2, $3, $4) RETURNING id`,
        [code, name, from, to],
      );
      for (let p = 1; p <= points; p++) await tx.query(`INSERT INTO model_activity_point (model_id, name) VALUES ($1, $2)`, [id, `${name} ${p}`]);
    }

    for (const [year, indicator, value] of [
      [2023, 'social_order_cases', 140],
      [2023, 'investigation_rate', 88.5],
      [2024, 'social_order_cases', 95],
      [2024, 'investigation_rate', 90],
      [2025, 'social_order_cases', 80],
    ] as const) {
      await tx.query(`INSERT INTO province_indicator (province_code, year, indicator, value) VALUES ('98', $1, $2, $3)`, [year, indicator, value]);
    }
  });
}

async function removeFixture(h: Harness): Promise<void> {
  await h.db.transaction(async (tx) => {
    const inFixture = `(SELECT code FROM commune WHERE province_code = '98')`;
    await tx.query(`DELETE FROM self_governing_model WHERE commune_code IN ${inFixture}`);
    await tx.query(`DELETE FROM security_team_count WHERE commune_code IN ${inFixture}`);
    await tx.query(`DELETE FROM police_hq WHERE commune_code IN ${inFixture}`);
    await tx.query(`DELETE FROM commune_status WHERE commune_code IN ${inFixture}`);
    await tx.query(`DELETE FROM province_indicator WHERE province_code = '98'`);
    await tx.query(`DELETE FROM national_border WHERE name = 'Fixture border 98'`);
    await tx.query(`DELETE FROM commune WHERE province_code = '98'`);
    await tx.query(`DELETE FROM province WHERE code = '98'`);
  });
}

interface Fc<P> {
  features: { properties: P }[];
}
type CommuneProps = { code: string; hqStatus: string | null } & Record<'key_complex' | 'drug_key_area' | 'transformation' | 'drug_free' | 'safe_standard', string>;

export function indicatorsSuite(h: Harness) {
  const get = async (user: TestUser, query: string) => {
    const res = await h.as(user, { method: 'GET', url: `/api/indicators${query ? `?${query}` : ''}` });
    return { status: res.statusCode, body: res.json() as IndicatorsResponse & { message?: string } };
  };
  const item = (r: IndicatorsResponse, id: IndicatorId) => r.items.find((i) => i.id === id)!;

  describe('fixture province 98 with hand-counted figures', () => {
    beforeAll(() => insertFixture(h));
    afterAll(() => removeFixture(h));

    it('computes every indicator, its value a year earlier and the communes behind it, on 2024-06-30', async () => {
      const { status, body } = await get('admin', `asOf=${AS_OF}&${SELECT_ALL}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ asOf: AS_OF, previousAsOf: '2023-06-30', communeCount: 6, selection: true, yearly: [] });
      expect(body.items.map((i) => i.id)).toEqual([...INDICATOR_IDS]);
      for (const id of INDICATOR_IDS) {
        const e = EXPECTED[id];
        expect(item(body, id), id).toEqual({
          id,
          current: { value: e.current[0], total: e.current[1] },
          previous: e.previous && { value: e.previous[0], total: e.previous[1] },
          communes: e.communes,
        });
      }
    });

    it('answers "nothing recorded" for the comparison date when it precedes every record', async () => {
      const { body } = await get('admin', `asOf=2019-06-30&${SELECT_ALL}`);
      expect(body.previousAsOf).toBe('2018-06-30');
      expect(body.items.every((i) => i.previous === null)).toBe(true);
      // Only 98002's first HQ (independent since 2019-05-01) exists then.
      expect(item(body, 'hq_independent').current).toEqual({ value: 1, total: 1 });
      expect(item(body, 'officers')).toMatchObject({ current: { value: 7, total: 1 }, communes: ['98002'] });
      expect(item(body, 'key_complex').current).toEqual({ value: 0, total: 6 });
      expect(item(body, 'security_teams').current).toEqual({ value: 0, total: 0 });
    });

    it('breaks the communes down per status value as of the date, absent values and zeros included', async () => {
      const { body } = await get('admin', `asOf=${AS_OF}&${SELECT_ALL}`);
      const of = (kind: string) => body.statusBreakdown.filter((b) => b.kind === kind).map((b) => [b.value, b.count, b.communes.join(' ')]);
      expect(of('key_complex')).toEqual([['key_complex', 3, '98002 98003 98004'], ['not_key', 3, '98001 98005 98006']]);
      expect(of('transformation')).toEqual([
        ['designated', 2, '98002 98004'],
        ['plan_approved', 0, ''],
        ['transforming', 1, '98003'],
        ['transformed', 1, '98001'],
        ['challenge', 0, ''],
        ['maintained', 1, '98005'],
        ['reassessed', 0, ''],
        ['relapsed', 0, ''],
        ['none', 1, '98006'],
      ]);
      expect(of('drug_free')).toEqual([
        ['not_started', 2, '98005 98006'],
        ['designated', 0, ''],
        ['plan_approved', 0, ''],
        ['building', 1, '98004'],
        ['certified', 2, '98001 98003'],
        ['challenge', 0, ''],
        ['maintained', 0, ''],
        ['reassessed', 0, ''],
        ['revoked', 1, '98002'],
      ]);
      expect(of('safe_standard')).toEqual([['met', 2, '98005 98006'], ['not_met', 0, ''], ['not_assessed', 4, '98001 98002 98003 98004']]);
      expect(of('hq')).toEqual([
        ['independent', 3, '98001 98002 98004'],
        ['under_construction', 1, '98003'],
        ['planned', 0, ''],
        ['shared', 0, ''],
        ['none', 2, '98005 98006'],
      ]);
    });

    it('gives a trend from the first year with a record to the as-of year, read on 31 December', async () => {
      const { body } = await get('admin', `asOf=${AS_OF}&${SELECT_ALL}`);
      expect([...new Set(body.trend.map((t) => t.year))]).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
      const count = (year: number, kind: string, value: string) => body.trend.find((t) => t.year === year && t.kind === kind && t.value === value)!.count;
      // 31 Dec 2023: 98001 (until 2024-06-30), 98003, 98004 (from 2023-07-01); 2021: 98003 only.
      expect([2019, 2020, 2021, 2022, 2023].map((y) => count(y, 'key_complex', 'key_complex'))).toEqual([0, 0, 1, 2, 3]);
      expect([2019, 2020, 2021, 2022, 2023].map((y) => count(y, 'hq', 'independent'))).toEqual([1, 1, 1, 1, 1]);
      expect(count(2023, 'drug_free', 'certified')).toBe(3); // 98001, 98002 (revoked 2024), 98004
      // The as-of year is read on the as-of date: the same counts as the breakdown.
      for (const b of body.statusBreakdown) expect(count(2024, b.kind, b.value), `${b.kind}=${b.value}`).toBe(b.count);
    });

    it("counts in each year of the trend what commune_status_at gives on that year's day, at any as-of date", async () => {
      // Edges of the counting: a record ending on 31 December, one starting the day after the as-of date in its year.
      const extra = `('98004', 'safe_standard', 'met', '2020-03-01', '2022-12-31'), ('98001', 'safe_standard', 'met', '2024-07-01', NULL)`;
      await h.db.query(`INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to) VALUES ${extra}`);
      try {
        for (const asOf of ['2024-06-30', '2023-12-31', '2023-12-30', '2021-01-01']) {
          const { body } = await get('admin', `asOf=${asOf}&${SELECT_ALL}`);
          expect(body.trend.length, asOf).toBeGreaterThan(0);
          for (const year of new Set(body.trend.map((t) => t.year))) {
            const day = `${year}-12-31` < asOf ? `${year}-12-31` : asOf;
            const direct = await h.db.query<{ kind: string; value: string; n: number }>(
              `SELECT k.kind, k.value, count(*)::int AS n FROM commune_status_at($1::date) s
               CROSS JOIN LATERAL (VALUES ('key_complex', s.key_complex), ('drug_key_area', s.drug_key_area), ('transformation', s.transformation),
                 ('drug_free', s.drug_free), ('safe_standard', s.safe_standard)) k (kind, value)
               WHERE s.commune_code = ANY ($2::text[]) GROUP BY 1, 2`,
              [day, FIXTURE],
            );
            for (const t of body.trend.filter((x) => x.year === year && x.kind !== 'hq')) {
              expect(t.count, `${asOf} ${year} ${t.kind}=${t.value}`).toBe(direct.find((d) => d.kind === t.kind && d.value === t.value)?.n ?? 0);
            }
          }
        }
      } finally {
        await h.db.query(`DELETE FROM commune_status WHERE (commune_code, kind, valid_from) IN (('98004', 'safe_standard', '2020-03-01'), ('98001', 'safe_standard', '2024-07-01'))`);
      }
    });

    it('computes a subset selection only over the selected communes', async () => {
      const { body } = await get('commanderAll', `asOf=${AS_OF}&communes=98004,98001,98001`);
      expect(body.communeCount).toBe(2);
      expect(item(body, 'key_complex')).toEqual({ id: 'key_complex', current: { value: 1, total: 2 }, previous: { value: 1, total: 2 }, communes: ['98004'] });
      expect(item(body, 'border_drug_free').current).toEqual({ value: 1, total: 1 });
      expect(item(body, 'inland_drug_free')).toMatchObject({ current: { value: 0, total: 1 }, previous: { value: 1, total: 1 } });
      expect(item(body, 'officers').current).toEqual({ value: 11, total: 2 });
    });

    it('gives the yearly figures of each province the area covers entirely, up to the as-of year, and none for a selection', async () => {
      const { body } = await get('commanderAll', `asOf=${AS_OF}`);
      expect(body.selection).toBe(false);
      expect(body.yearly.filter((y) => y.provinceCode === '98')).toEqual([
        { provinceCode: '98', year: 2023, indicator: 'social_order_cases', value: 140, unit: 'cases' },
        { provinceCode: '98', year: 2023, indicator: 'investigation_rate', value: 88.5, unit: 'percent' },
        { provinceCode: '98', year: 2024, indicator: 'social_order_cases', value: 95, unit: 'cases' },
        { provinceCode: '98', year: 2024, indicator: 'investigation_rate', value: 90, unit: 'percent' },
      ]);
      expect(body.yearly.some((y) => y.provinceCode === '99')).toBe(true);
      const province99 = await get('commanderProvince', `asOf=${AS_OF}`);
      expect(province99.body.yearly.length).toBeGreaterThan(0);
      expect(province99.body.yearly.every((y) => y.provinceCode === '99')).toBe(true);
    });

    it('ignores selected communes outside the area, and answers 404 when none is left', async () => {
      const mixed = await get('commanderOne', `asOf=${AS_OF}&communes=99001,98001`);
      expect(mixed.status).toBe(200);
      expect(mixed.body.communeCount).toBe(1);
      expect(JSON.stringify(mixed.body)).not.toMatch(/98\d{3}/);
      const outside = await get('commanderOne', `asOf=${AS_OF}&communes=98001,98002`);
      expect(outside.status).toBe(404);
      expect(outside.body.message).toMatch(/none of the 2 selected communes is in your area/);
    });

    it('gives the full dated timeline of a commune: statuses and HQ history with decision numbers and dates, models with their end', async () => {
      const res = await h.as('admin', { method: 'GET', url: `/api/communes/98001?asOf=${AS_OF}` });
      expect(res.statusCode).toBe(200);
      const p = (res.json() as { properties: Record<string, unknown> }).properties as {
        key_complex: string;
        transformation: string;
        history: { kind: string; value: string; validFrom: string; validTo: string | null; decisionNo: string | null; decisionDate: string | null }[];
        hqs: { status: string; history: { status: string; validFrom: string; validTo: string | null; decisionNo: string | null; decisionDate: string | null }[] }[];
        teams: unknown[];
        models: { name: string; establishedOn: string; endedOn: string | null; pointCount: number }[];
      };
      expect(p.key_complex).toBe('not_key'); // ended on the as-of day
      expect(p.transformation).toBe('transformed');
      expect(p.history.map((r) => [r.kind, r.value, r.validFrom, r.validTo])).toEqual([
        ['drug_free', 'building', '2020-01-01', '2023-06-30'],
        ['key_complex', 'key_complex', '2022-01-01', '2024-06-30'],
        ['transformation', 'designated', '2022-01-01', '2022-04-01'],
        ['transformation', 'transforming', '2022-04-01', '2024-06-30'],
        ['drug_free', 'certified', '2023-06-30', null],
        ['transformation', 'transformed', '2024-06-30', null],
      ]);
      for (const r of p.history) expect([r.decisionNo, r.decisionDate]).toEqual([`98001-${r.kind}-${r.validFrom}/QĐ-UBND`, r.validFrom]);
      expect(p.hqs).toHaveLength(1);
      expect(p.hqs[0].status).toBe('independent');
      expect(p.hqs[0].history).toEqual([
        { status: 'shared', validFrom: '2020-01-01', validTo: '2024-01-01', decisionNo: 'HQ 98001 2020-01-01', decisionDate: '2020-01-01', note: null },
        { status: 'independent', validFrom: '2024-01-01', validTo: null, decisionNo: 'HQ 98001 2024-01-01', decisionDate: '2024-01-01', note: null },
      ]);
      expect(p.teams).toEqual([{ year: 2022, teamCount: 10, memberCount: 30 }, { year: 2024, teamCount: 12, memberCount: 36 }]);
      const ended = (await h.as('admin', { method: 'GET', url: '/api/communes/98004' })).json() as { properties: { models: unknown[] } };
      expect(ended.properties.models).toEqual([{ name: 'Tổ liên gia', establishedOn: '2021-01-01', endedOn: '2024-06-30', pointCount: 4 }]);
    });

    it("limits a border officer's figures to the border communes of the area", async () => {
      const { body } = await get('borderAll', `asOf=${AS_OF}&${SELECT_ALL}`);
      expect(body.communeCount).toBe(2);
      expect(item(body, 'border_drug_free').current).toEqual({ value: 1, total: 2 });
      expect(item(body, 'inland_drug_free').current).toEqual({ value: 0, total: 0 });
    });
  });

  describe('demo province 99', () => {
    const asOf = '2025-12-31';

    it('gives figures consistent with the communes, HQs and details of the map API', async () => {
      const { status, body } = await get('commanderProvince', `asOf=${asOf}`);
      expect(status).toBe(200);
      expect(body.communeCount).toBe(45);
      expect(body.previousAsOf).toBe('2024-12-31');
      const fc = (await h.as('commanderProvince', { method: 'GET', url: `/api/communes?asOf=${asOf}` })).json() as Fc<CommuneProps>;
      const communes = fc.features.map((f) => f.properties);
      const codes = (pred: (c: CommuneProps) => boolean) => communes.filter(pred).map((c) => c.code).sort();
      const border = new Set(
        (
          await h.db.query<{ code: string }>(
            `SELECT c.code FROM commune c WHERE c.province_code = '99'
               AND EXISTS (SELECT 1 FROM national_border_piece b WHERE ST_DWithin(c.geom, b.geom, 0.05) AND ST_DWithin(c.geom::geography, b.geom::geography, 1000))`,
          )
        ).map((r) => r.code),
      );
      expect(border.size).toBeGreaterThan(5);
      const check = (id: IndicatorId, communesBehind: string[], total: number) => {
        const i = item(body, id);
        expect(i.communes, id).toEqual(communesBehind);
        expect(i.current, id).toEqual({ value: communesBehind.length, total });
      };
      check('key_complex', codes((c) => c.key_complex === 'key_complex'), 45);
      check('key_complex_transformed', codes((c) => achieved('transformation', c.transformation)), codes((c) => c.transformation !== 'none').length);
      check('drug_key_area', codes((c) => c.drug_key_area === 'drug_key_area'), 45);
      check('border_drug_free', codes((c) => border.has(c.code) && achieved('drug_free', c.drug_free)), border.size);
      check('inland_drug_free', codes((c) => !border.has(c.code) && achieved('drug_free', c.drug_free)), 45 - border.size);
      check('safe_standard', codes((c) => c.safe_standard === 'met'), 45);
      check('hq_independent', codes((c) => c.hqStatus === 'independent'), codes((c) => c.hqStatus !== null).length);
      for (const kind of ['key_complex', 'drug_key_area', 'transformation', 'drug_free', 'safe_standard'] as const) {
        for (const b of body.statusBreakdown.filter((x) => x.kind === kind)) expect(b.communes, `${kind}=${b.value}`).toEqual(codes((c) => c[kind] === b.value));
      }

      const hqs = ((await h.as('commanderProvince', { method: 'GET', url: `/api/hqs?asOf=${asOf}` })).json() as Fc<{ communeCode: string; status: string | null; staffCount: number }>).features
        .map((f) => f.properties)
        .filter((p) => p.status !== null);
      const units = [...new Set(hqs.map((p) => p.communeCode))].sort();
      expect(item(body, 'officers')).toMatchObject({ current: { value: hqs.reduce((s, p) => s + p.staffCount, 0), total: units.length }, communes: units });

      let teams = 0;
      let members = 0;
      let models = 0;
      let points = 0;
      const withModels: string[] = [];
      for (const code of communes.map((c) => c.code)) {
        const d = (await h.as('commanderProvince', { method: 'GET', url: `/api/communes/${code}?asOf=${asOf}` })).json() as {
          properties: { teams: { year: number; teamCount: number; memberCount: number }[]; models: { establishedOn: string; endedOn: string | null; pointCount: number }[] };
        };
        const latest = d.properties.teams.filter((t) => t.year <= 2025).at(-1);
        teams += latest?.teamCount ?? 0;
        members += latest?.memberCount ?? 0;
        const active = d.properties.models.filter((m) => m.establishedOn <= asOf && (m.endedOn === null || m.endedOn > asOf));
        models += active.length;
        points += active.reduce((s, m) => s + m.pointCount, 0);
        if (active.length > 0) withModels.push(code);
      }
      expect(item(body, 'security_teams').current).toEqual({ value: teams, total: members });
      expect(item(body, 'self_governing_models')).toMatchObject({ current: { value: models, total: points }, communes: withModels });
      expect(teams).toBeGreaterThan(1000);
      expect(models).toBeGreaterThan(20);
    });

    it('compares with the same figures one year earlier', async () => {
      const { body } = await get('commanderProvince', `asOf=${asOf}`);
      const earlier = await get('commanderProvince', 'asOf=2024-12-31');
      for (const id of INDICATOR_IDS) expect(item(body, id).previous, id).toEqual(item(earlier.body, id).current);
    });

    it('keeps every value within its total and lists the yearly province figures up to the as-of year', async () => {
      const { body } = await get('commanderProvince', `asOf=${asOf}`);
      for (const id of INDICATOR_IDS.filter((x) => x !== 'officers' && x !== 'security_teams' && x !== 'self_governing_models')) {
        const i = item(body, id);
        expect(i.current.value, id).toBeLessThanOrEqual(i.current.total!);
        expect(i.communes, id).toHaveLength(i.current.value);
      }
      const years = [...new Set(body.yearly.map((y) => y.year))];
      expect(years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
      expect(body.yearly.filter((y) => y.year === 2025).map((y) => y.indicator)).toEqual(['social_order_cases', 'drug_cases', 'drug_arrests', 'investigation_rate']);
      const trendYears = [...new Set(body.trend.map((t) => t.year))];
      expect(trendYears.at(-1)).toBe(2025);
      for (const year of trendYears) {
        const keyKind = body.trend.filter((t) => t.year === year && t.kind === 'key_complex');
        expect(keyKind.reduce((s, t) => s + t.count, 0), String(year)).toBe(45);
      }
      const earlier = await get('commanderProvince', 'asOf=2023-06-30');
      expect(earlier.body.yearly.at(-1)!.year).toBe(2023);
    });

    it('shows a commune-limited commander only their commune and no province figures', async () => {
      const { status, body } = await get('commanderOne', `asOf=${asOf}`);
      expect(status).toBe(200);
      expect(body.communeCount).toBe(1);
      expect(body.yearly).toEqual([]);
      const seen = new Set([...body.items.flatMap((i) => i.communes), ...body.statusBreakdown.flatMap((b) => b.communes)]);
      expect([...seen]).toEqual(['99001']);
      for (const kind of ['key_complex', 'hq']) expect(body.statusBreakdown.filter((b) => b.kind === kind).reduce((s, b) => s + b.count, 0)).toBe(1);
      const two = await get('plannerTwo', `asOf=${asOf}&communes=99003`);
      expect(two.body.communeCount).toBe(1);
      expect(two.body.selection).toBe(true);
    });

    it('names no commune outside the area of any area-limited user, with or without a selection', async () => {
      const border = (
        await h.db.query<{ code: string }>(
          `SELECT c.code FROM commune c WHERE EXISTS (SELECT 1 FROM national_border_piece b WHERE ST_DWithin(c.geom, b.geom, 0.05) AND ST_DWithin(c.geom::geography, b.geom::geography, 1000))`,
        )
      ).map((r) => r.code);
      const province99 = (await h.db.query<{ code: string }>(`SELECT code FROM commune WHERE province_code = '99'`)).map((r) => r.code);
      const areas: [TestUser, string[]][] = [
        ['commanderProvince', province99],
        ['commanderOne', ['99001']],
        ['plannerTwo', ['99002', '99003']],
        ['borderAll', border],
      ];
      for (const [user, area] of areas) {
        for (const query of [`asOf=${asOf}`, `asOf=${asOf}&communes=99001,99002,99003,99004`]) {
          const { status, body } = await get(user, query);
          expect(status, `${user} ${query}`).toBe(200);
          const named = new Set(JSON.stringify(body).match(/"\d{5}"/g)?.map((c) => c.slice(1, -1)) ?? []);
          expect([...named].filter((c) => !area.includes(c)), `${user} ${query}`).toEqual([]);
          expect(body.communeCount).toBe(query.includes('communes=') ? area.filter((c) => ['99001', '99002', '99003', '99004'].includes(c)).length : area.length);
        }
      }
    });

    it('uses today by default and steps back one year from 29 February to 28 February', async () => {
      expect((await get('commanderOne', '')).body.asOf).toBe('2025-12-31');
      expect((await get('commanderOne', 'asOf=2024-02-29')).body.previousAsOf).toBe('2023-02-28');
    });

    it('refuses a bad query with a message naming the parameter', async () => {
      for (const query of ['asOf=2025-02-30', 'asOf=31-12-2025', 'communes=9900', 'communes=99001,abc', 'communes=99001,']) {
        const { status, body } = await get('commanderProvince', query);
        expect(status, query).toBe(400);
        expect(body.message, query).toMatch(query.startsWith('asOf') ? /asOf/ : /communes/);
      }
    });
  });
}
