import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Harness, TestUser } from '../support/harness.ts';
import { TEST_USERS } from '../support/harness.ts';
import { TEST_TODAY } from '../support/env.ts';
import type { BorderCommune, BorderCommuneList, BorderGateEditRecord, BorderIndicators, BorderSetting } from '../../server/schemas/border.ts';

/**
 * A fixture province of its own (code 93, communes 93001–93006, far south of the demo province) with its own
 * border lines, so that every expected value can be worked out by hand:
 *
 *   y=10.1  ───────────── LAO line (x 106.0 → 106.1) ─────────────
 *           │E│  (93005: square on the corner, touches both lines)
 *           │     C (93003: 0.015° ≈ 1.64 km east of the KHM line, 2.4 km below the LAO line)
 *           │<D (93004: triangle touching the KHM line at one vertex)
 *           │ B  (93002: triangle with a vertex 0.00001° ≈ 1.1 m east of the KHM line)
 *           │A│  (93001: square whose west edge lies on the KHM line)          F (93006: 5.5 km inland)
 *   x=106.0 KHM line (y 10.0 → 10.1)
 */
const P = '93';
const sq = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const FIXTURE_COMMUNES = [
  { code: '93001', name: 'Xã Biên Đầu (thử)', geom: sq(106.0, 10.0, 106.02, 10.02) },
  // A triangle whose west vertex is 0.00001° east of the line. (Not a square: PostGIS 3.3 measures two exactly
  // parallel meridian arcs 1 m apart as 0 m apart on the geography type.)
  { code: '93002', name: 'Xã Cách Một Mét', geom: { type: 'Polygon', coordinates: [[[106.00001, 10.0375], [106.02, 10.03], [106.02, 10.045], [106.00001, 10.0375]]] } },
  { code: '93003', name: '=Xã Ngoài Tầm', geom: sq(106.015, 10.068, 106.03, 10.078) },
  { code: '93004', name: 'Xã Chạm Một Điểm', geom: { type: 'Polygon', coordinates: [[[106.0, 10.06], [106.02, 10.055], [106.02, 10.065], [106.0, 10.06]]] } },
  { code: '93005', name: 'Xã Hai Nước', geom: sq(106.0, 10.085, 106.02, 10.1) },
  { code: '93006', name: 'Xã Nội Địa', geom: sq(106.05, 10.0, 106.07, 10.02) },
];
const FIXTURE_BORDERS = [
  { country: 'KHM', geom: { type: 'MultiLineString', coordinates: [[[106.0, 10.0], [106.0, 10.1]]] } },
  { country: 'LAO', geom: { type: 'MultiLineString', coordinates: [[[106.0, 10.1], [106.1, 10.1]]] } },
];
const SOURCE = 'border suite fixture';

class Rollback extends Error {}

export function borderSuite(h: Harness) {
  const get = async <T>(url: string, user: TestUser = 'admin') => {
    const res = await h.as(user, { method: 'GET', url });
    if (res.statusCode !== 200) throw new Error(`GET ${url} as ${user}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  };
  const derived = (tx = h.db as Pick<typeof h.db, 'query'>) =>
    tx.query<{ code: string; countries: string[]; distanceM: number; touches: boolean }>(
      `SELECT commune_code AS code, countries, distance_m AS "distanceM", touches FROM border_commune
       WHERE commune_code LIKE '93%' ORDER BY commune_code`,
    );
  const facing = (code: string, country: string) =>
    h.db.query<{ lengthM: number; share: number; distanceM: number }>(
      `SELECT border_length_m AS "lengthM", border_share AS share, distance_m AS "distanceM" FROM border_commune_country
       WHERE commune_code = $1 AND country_code = $2`,
      [code, country],
    );
  const setting = () => get<BorderSetting>('/api/border/settings');
  const setDistance = async (distanceM: number) => {
    const { version } = await setting();
    const res = await h.as('admin', { method: 'PATCH', url: '/api/border/settings', payload: { version, distanceM } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as BorderSetting;
  };

  beforeAll(async () => {
    await h.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO province (code, name, source) VALUES ($1, 'Tỉnh Thử Biên Giới', $2)`, [P, SOURCE]);
      await tx.query(
        `INSERT INTO commune (code, province_code, name, kind, population, geom)
         SELECT x.code, $2, x.name, 'commune', 1000, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.geom), 4326))
         FROM json_to_recordset($1::json) AS x(code text, name text, geom text)`,
        [JSON.stringify(FIXTURE_COMMUNES.map((c) => ({ ...c, geom: JSON.stringify(c.geom) }))), P],
      );
      await tx.query(
        `INSERT INTO national_border (country_code, name, source, geom)
         SELECT x.country, 'fixture ' || x.country, $2, ST_SetSRID(ST_GeomFromGeoJSON(x.geom), 4326)
         FROM json_to_recordset($1::json) AS x(country text, geom text)`,
        [JSON.stringify(FIXTURE_BORDERS.map((b) => ({ ...b, geom: JSON.stringify(b.geom) }))), SOURCE],
      );
    });
  });

  afterAll(async () => {
    await h.db.transaction(async (tx) => {
      await tx.query(`UPDATE border_setting SET distance_m = 1000 WHERE distance_m <> 1000`);
      await tx.query(`DELETE FROM border_gate WHERE commune_code LIKE '93%'`);
      await tx.query(`DELETE FROM national_border WHERE source = $1`, [SOURCE]);
      await tx.query(`DELETE FROM commune WHERE province_code = $1`, [P]);
      await tx.query(`DELETE FROM province WHERE code = $1`, [P]);
    });
  });

  describe('derivation on a hand-made province', () => {
    it('finds the touching, the 1 m, the single-point and the two-country communes, not the one 1.6 km away', async () => {
      const rows = await derived();
      expect(rows.map((r) => r.code)).toEqual(['93001', '93002', '93004', '93005']);
      const by = new Map(rows.map((r) => [r.code, r]));
      expect(by.get('93001')).toMatchObject({ countries: ['KHM'], distanceM: 0, touches: true });
      expect(by.get('93002')!.touches).toBe(false);
      // 0.00001° of longitude at 10°N on the WGS 84 ellipsoid is 1.096 m.
      expect(by.get('93002')!.distanceM).toBeGreaterThan(1.05);
      expect(by.get('93002')!.distanceM).toBeLessThan(1.15);
      expect(by.get('93004')).toMatchObject({ countries: ['KHM'], distanceM: 0, touches: true });
      expect(by.get('93005')).toMatchObject({ countries: ['KHM', 'LAO'], distanceM: 0, touches: true });
    });

    it('measures the border within reach (1 km) and its share of the province border with each country', async () => {
      // 93001: the KHM line from 10.0° up to 10.02° + 1 km: 0.02° of latitude (2,212 m) + 1,000 m.
      const [a] = await facing('93001', 'KHM');
      expect(a.lengthM).toBeGreaterThan(3212 * 0.99);
      expect(a.lengthM).toBeLessThan(3212 * 1.01);
      // 93005 is the only commune near the LAO line: 0.02° of longitude at 10.1°N (2,193 m) + 1,000 m, all of it.
      const [e] = await facing('93005', 'LAO');
      expect(e.lengthM).toBeGreaterThan(3193 * 0.99);
      expect(e.lengthM).toBeLessThan(3193 * 1.01);
      expect(e.share).toBeCloseTo(1, 6);
      // Reaches overlap, so the shares on the KHM line add up to at least 1; the union of reaches is ≤ the line (11.06 km).
      const shares = await h.db.query<{ sum: number; max: number }>(
        `SELECT sum(border_share) AS sum, max(border_share) AS max FROM border_commune_country WHERE country_code = 'KHM' AND commune_code LIKE '93%'`,
      );
      expect(shares[0].sum).toBeGreaterThanOrEqual(1);
      expect(shares[0].max).toBeLessThanOrEqual(1);
      const [{ total }] = await h.db.query<{ total: number }>(
        `SELECT sum(border_length_m) / sum(border_share) AS total FROM border_commune_country WHERE country_code = 'KHM' AND commune_code = '93001'`,
      );
      expect(total).toBeLessThanOrEqual(11062 * 1.001);
    });

    it('agrees with an independent geodesic query', async () => {
      const expected = await h.db.query<{ code: string }>(
        `SELECT c.code FROM commune c WHERE c.province_code = $1
           AND EXISTS (SELECT 1 FROM national_border_piece b WHERE ST_DWithin(c.geom, b.geom, 0.05) AND ST_DWithin(c.geom::geography, b.geom::geography, 1000)) ORDER BY 1`,
        [P],
      );
      expect((await derived()).map((r) => r.code)).toEqual(expected.map((r) => r.code));
    });

    it('re-derives when a commune geometry changes, in the same transaction', async () => {
      await expect(
        h.db.transaction(async (tx) => {
          await tx.query(`UPDATE commune SET geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) WHERE code = '93006'`, [
            JSON.stringify(sq(106.0, 10.0, 106.01, 10.01)),
          ]);
          expect((await derived(tx)).map((r) => r.code)).toContain('93006');
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect((await derived()).map((r) => r.code)).not.toContain('93006');
    });

    it('leaves the derivation alone when a commune changes without a new geometry', async () => {
      const stamp = () => h.db.query<{ at: string }>(`SELECT derived_at AS at FROM border_commune WHERE commune_code = '93001'`);
      const [before] = await stamp();
      await h.db.query(`UPDATE commune SET population = population + 1 WHERE province_code = $1`, [P]);
      expect(await stamp()).toEqual([before]);
    });

    it('re-derives when the border line changes', async () => {
      await expect(
        h.db.transaction(async (tx) => {
          await tx.query(`DELETE FROM national_border WHERE source = $1 AND country_code = 'LAO'`, [SOURCE]);
          expect((await derived(tx)).find((r) => r.code === '93005')!.countries).toEqual(['KHM']);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
    });

    it('re-derives when an administrator changes the distance, and only touching communes remain at 0 m', async () => {
      try {
        const wide = await setDistance(2000);
        expect(wide.distanceM).toBe(2000);
        expect((await derived()).map((r) => r.code)).toEqual(['93001', '93002', '93003', '93004', '93005']);
        await setDistance(0);
        expect((await derived()).map((r) => r.code)).toEqual(['93001', '93004', '93005']);
        // Touching at a single point: a border commune with no length of border.
        const [d] = await facing('93004', 'KHM');
        expect(d.lengthM).toBe(0);
      } finally {
        await setDistance(1000);
      }
      expect((await derived()).map((r) => r.code)).toEqual(['93001', '93002', '93004', '93005']);
      const audit = await get<{ items: { entity: string; after: { distanceM: number } }[] }>('/api/audit?entity=border_setting&limit=5');
      expect(audit.items[0].after.distanceM).toBe(1000);
    });

    it('refuses a stale setting version (409) and a commander (403)', async () => {
      const { version } = await setting();
      const stale = await h.as('admin', { method: 'PATCH', url: '/api/border/settings', payload: { version: version - 1 || 999, distanceM: 500 } });
      expect(stale.statusCode).toBe(409);
      const commander = await h.as('commanderAll', { method: 'PATCH', url: '/api/border/settings', payload: { version, distanceM: 500 } });
      expect(commander.statusCode).toBe(403);
      expect((await setting()).distanceM).toBe(1000);
    });
  });

  describe('border API on the demo province', () => {
    const demo = async (user: TestUser = 'admin') =>
      (await get<BorderCommuneList>(`/api/border/communes?asOf=${TEST_TODAY}&province=99`, user)).communes.filter((c) => c.code.startsWith('99'));

    it('lists the border communes an independent PostGIS query finds, with distance and nearest gate and HQ', async () => {
      const list = await demo();
      // Geodesic distances to the lines, cut into their stored pieces (the distance to a line is the least distance
      // to its pieces; measured against each whole line, the query takes a minute on the embedded database).
      const expected = await h.db.query<{ code: string; distanceM: number; countries: string[] }>(
        `SELECT c.code, min(ST_Distance(c.geom::geography, b.geom::geography)) AS "distanceM",
           array_agg(DISTINCT b.country_code ORDER BY b.country_code) AS countries
         FROM commune c JOIN national_border_piece b ON ST_DWithin(c.geom::geography, b.geom::geography, 1000)
         WHERE c.province_code = '99' GROUP BY c.code ORDER BY c.code`,
      );
      expect(list.map((c) => c.code).sort()).toEqual(expected.map((r) => r.code));
      const byCode = new Map(list.map((c) => [c.code, c]));
      for (const e of expected) {
        const c = byCode.get(e.code)!;
        expect(c.faces.map((f) => f.countryCode)).toEqual(e.countries);
        expect(c.distanceM).toBeCloseTo(e.distanceM, 0);
      }
      // Nearest open gate and nearest existing HQ by brute force over all of them.
      const gates = await h.db.query<{ code: string; name: string; d: number }>(
        `SELECT DISTINCT ON (c.code) c.code, g.name, ST_Distance(g.geom::geography, c.geom::geography) AS d
         FROM commune c CROSS JOIN border_gate g
         WHERE c.code = ANY ($1::text[]) AND (g.opened_on IS NULL OR g.opened_on <= $2::date) AND (g.closed_on IS NULL OR g.closed_on > $2::date)
         ORDER BY c.code, d, g.id`,
        [expected.map((r) => r.code), TEST_TODAY],
      );
      for (const g of gates) {
        expect(byCode.get(g.code)!.nearestGate!.name).toBe(g.name);
        expect(byCode.get(g.code)!.nearestGate!.distanceM).toBeCloseTo(g.d, 0);
      }
      const hqs = await h.db.query<{ code: string; d: number }>(
        `SELECT c.code, min(ST_Distance(h.geom::geography, c.geom::geography)) AS d
         FROM commune c CROSS JOIN police_hq h JOIN police_hq_status_at($2::date) s ON s.hq_id = h.id AND s.status IS NOT NULL
         WHERE c.code = ANY ($1::text[]) GROUP BY c.code`,
        [expected.map((r) => r.code), TEST_TODAY],
      );
      for (const q of hqs) expect(byCode.get(q.code)!.nearestHq!.distanceM).toBeCloseTo(q.d, 0);
      const changes = await h.db.query<{ code: string; on: string }>(
        `SELECT commune_code AS code, max(valid_from)::text AS on FROM commune_status
         WHERE commune_code = ANY ($1::text[]) AND valid_from <= $2::date GROUP BY 1`,
        [expected.map((r) => r.code), TEST_TODAY],
      );
      expect(changes.length).toBeGreaterThan(0);
      for (const ch of changes) expect(byCode.get(ch.code)!.lastChange!.on).toBe(ch.on);
    }, 120_000);

    it('counts drug-free border communes per country and once each for the province', async () => {
      const list = await demo();
      const ind = await get<BorderIndicators>(`/api/border/indicators?asOf=${TEST_TODAY}`, 'commanderProvince');
      const certified = (c: BorderCommune) => c.drugFree === 'certified';
      expect(ind.province).toEqual({ drugFree: list.filter(certified).length, total: list.length });
      for (const k of ind.countries) {
        const facing = list.filter((c) => c.faces.some((f) => f.countryCode === k.countryCode));
        expect({ drugFree: k.drugFree, total: k.total }).toEqual({ drugFree: facing.filter(certified).length, total: facing.length });
      }
      const [{ n }] = await h.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM commune_status_at($1::date) s JOIN border_commune b ON b.commune_code = s.commune_code
         WHERE s.commune_code LIKE '99%' AND s.drug_free = 'certified'`,
        [TEST_TODAY],
      );
      expect(ind.province.drugFree).toBe(n);
      expect(ind.countries.map((k) => k.countryCode)).toEqual(['CHN', 'LAO']);
    });

    it('measures the border segments per country on the geography type', async () => {
      const fc = await get<{ features: { properties: { countryCode: string; lengthKm: number; communeCount: number } }[] }>(
        '/api/border/segments',
        'commanderProvince',
      );
      // The national line within the reach of the demo's border communes facing the country (the lines run the
      // whole land border; the demo province holds a few hundred kilometres of it).
      const lines = await h.db.query<{ country: string; km: number }>(
        `SELECT x.country_code AS country,
           ST_Length(ST_Intersection((SELECT ST_Union(geom) FROM national_border b WHERE b.country_code = x.country_code AND b.source <> $1),
             ST_Union(bc.reach_area))::geography) / 1000 AS km
         FROM border_commune_country x JOIN border_commune bc ON bc.commune_code = x.commune_code
         WHERE x.commune_code LIKE '99%' GROUP BY 1 ORDER BY 1`,
        [SOURCE],
      );
      expect(fc.features.map((f) => f.properties.countryCode)).toEqual(lines.map((l) => l.country));
      expect(lines.map((l) => l.country)).toEqual(['CHN', 'LAO']);
      for (const l of lines) {
        const seg = fc.features.find((f) => f.properties.countryCode === l.country)!;
        expect(Math.abs(seg.properties.lengthKm - l.km) / l.km).toBeLessThan(0.01);
      }
    });

    it('limits a commune-scoped user to their own border communes', async () => {
      const all = (await demo()).map((c) => c.code);
      for (const user of ['commanderOne', 'plannerTwo'] as const) {
        const scope = (TEST_USERS[user] as { communeCodes: readonly string[] }).communeCodes;
        const seen = (await get<BorderCommuneList>('/api/border/communes', user)).communes;
        expect(seen.map((c) => c.code)).toEqual(all.filter((c) => scope.includes(c)));
        for (const c of seen) {
          if (c.nearestHq) expect(scope).toContain(c.nearestHq.communeCode);
        }
      }
      const ind = await get<BorderIndicators>('/api/border/indicators', 'commanderOne');
      expect(ind.province.total).toBe(all.includes('99001') ? 1 : 0);
    });
  });

  describe('exports', () => {
    const fetchExport = (format: string, user: TestUser = 'commanderProvince') =>
      h.as(user, { method: 'GET', url: `/api/border/export?format=${format}&asOf=${TEST_TODAY}` });

    it('writes CSV in UTF-8 with a BOM, a header and one row per border commune, formulas neutralised', async () => {
      const expected = (await get<BorderCommuneList>(`/api/border/communes?asOf=${TEST_TODAY}`, 'commanderProvince')).communes;
      const res = await fetchExport('csv');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="xa-bien-gioi-2025-12-31-du-lieu-mau\.csv"/);
      expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = res.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(lines[0]).toMatch(/^code,name,countries,distance_to_border_km,/);
      expect(lines).toHaveLength(expected.length + 1);
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(expected.map((c) => c.code));
      expect(res.body).toContain(expected[0].name);
    });

    it('neutralises a name starting with = in the CSV (fixture commune at 2 km)', async () => {
      try {
        await setDistance(2000);
        const res = await fetchExport('csv', 'admin');
        expect(res.body).toContain(`93003,'=Xã Ngoài Tầm,`);
        expect(res.body).not.toMatch(/,=Xã/);
      } finally {
        await setDistance(1000);
      }
    });

    it('writes an XLSX that opens with the same rows and a demo note', async () => {
      const expected = (await get<BorderCommuneList>(`/api/border/communes?asOf=${TEST_TODAY}`, 'commanderProvince')).communes;
      const res = await fetchExport('xlsx');
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      expect(ws.rowCount).toBe(expected.length + 1);
      expect(ws.getRow(1).getCell(1).value).toBe('code');
      expect(ws.getRow(2).getCell(1).value).toBe(expected[0].code);
      expect(ws.getRow(2).getCell(2).value).toBe(expected[0].name);
      expect(wb.worksheets[1].getRow(2).getCell(1).value).toMatch(/Dữ liệu mẫu/);
    });

    it('writes valid GeoJSON polygons of the border communes', async () => {
      const res = await fetchExport('geojson');
      expect(res.statusCode).toBe(200);
      const fc = JSON.parse(res.body) as { type: string; features: { id: string; geometry: { type: string; coordinates: number[][][][] }; properties: { code: string } }[] };
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features.length).toBeGreaterThan(0);
      for (const f of fc.features) {
        expect(f.geometry.type).toBe('MultiPolygon');
        expect(f.id).toBe(f.properties.code);
        expect(f.properties.code.startsWith('99')).toBe(true);
        const ring = f.geometry.coordinates[0][0];
        expect(ring[0]).toEqual(ring[ring.length - 1]);
      }
    });

    it('exports only the user’s area', async () => {
      const res = await fetchExport('csv', 'commanderOne');
      const rows = res.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1);
      expect(rows.every((r) => r.startsWith('99001,'))).toBe(true);
    });
  });

  describe('border gate editing', () => {
    const create = (payload: object, user: TestUser = 'borderAll') => h.as(user, { method: 'POST', url: '/api/border-gates', payload });
    const gate = { name: 'Cửa khẩu thử Biên Đầu', level: 'secondary', countryCode: 'KHM', lon: 106.005, lat: 10.01 };

    it('adds a gate inside the border buffer, assigns its commune and audits it', async () => {
      const res = await create(gate);
      expect(res.statusCode, res.body).toBe(201);
      const g = res.json() as BorderGateEditRecord;
      expect(g).toMatchObject({ name: gate.name, communeCode: '93001', countryCode: 'KHM', version: 1 });
      expect(g.borderDistanceM).toBeGreaterThan(500);
      expect(g.borderDistanceM).toBeLessThan(600);
      const [audit] = await h.db.query<{ action: string; username: string }>(
        `SELECT a.action, u.username FROM audit_log a JOIN app_user u ON u.id = a.user_id WHERE a.entity = 'border_gate' AND a.entity_id = $1`,
        [String(g.id)],
      );
      expect(audit).toEqual({ action: 'create', username: 'borderall' });
    });

    it('refuses a point too far from the border, a blank name and an unknown country, naming the field', async () => {
      const far = await create({ ...gate, lon: 106.09, lat: 10.01 });
      expect(far.statusCode).toBe(400);
      expect(far.json().message).toMatch(/^lon\/lat: the point is 9\.\d km from the border with Cambodia; a border gate must lie within 5 km/);
      const blank = await create({ ...gate, name: '   ' });
      expect(blank.statusCode).toBe(400);
      expect(blank.json().message).toBe('name: must not be blank');
      const unknown = await create({ ...gate, countryCode: 'ZZZ' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().message).toMatch(/^countryCode: unknown country/);
      const badLon = await create({ ...gate, lon: 300 });
      expect(badLon.statusCode).toBe(400);
      expect(badLon.json().message).toMatch(/lon/);
    });

    it('words the same refusals in Vietnamese for a Vietnamese request', async () => {
      const inVi = (payload: object) => h.as('borderAll', { method: 'POST', url: '/api/border-gates', payload, headers: { 'accept-language': 'vi' } });
      expect((await inVi({ ...gate, lon: 106.09, lat: 10.01 })).json().message).toMatch(
        /^vị trí \(kinh độ\/vĩ độ\): điểm cách biên giới với Campuchia 9,\d km; cửa khẩu phải nằm trong phạm vi 5 km tính từ biên giới$/,
      );
      expect((await inVi({ ...gate, name: '   ' })).json().message).toBe('tên: không được để trống');
      expect((await inVi({ ...gate, countryCode: 'ZZZ' })).json().message).toBe('nước: không có mã nước "ZZZ"');
      const badLon = (await inVi({ ...gate, lon: 300 })).json().message as string;
      expect(badLon).toMatch(/^nội dung\/lon: phải không lớn hơn 180$/);
    });

    it('moves, renames and closes a gate with the version read, refusing a stale one (409)', async () => {
      const g = (await create({ ...gate, name: 'Cửa khẩu sẽ dời' })).json() as BorderGateEditRecord;
      const moved = await h.as('borderAll', { method: 'PATCH', url: `/api/border-gates/${g.id}`, payload: { version: g.version, lon: 106.002, lat: 10.09, name: 'Cửa khẩu Hai Nước' } });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ communeCode: '93005', name: 'Cửa khẩu Hai Nước', version: 2, lon: 106.002, lat: 10.09 });
      const stale = await h.as('borderAll', { method: 'PATCH', url: `/api/border-gates/${g.id}`, payload: { version: 1, name: 'x' } });
      expect(stale.statusCode).toBe(409);
      const farMove = await h.as('borderAll', { method: 'PATCH', url: `/api/border-gates/${g.id}`, payload: { version: 2, lon: 106.09, lat: 10.0 } });
      expect(farMove.statusCode).toBe(400);
      const closed = await h.as('borderAll', { method: 'PATCH', url: `/api/border-gates/${g.id}`, payload: { version: 2, closedOn: '2025-06-01' } });
      expect(closed.statusCode).toBe(200);
      expect(closed.json()).toMatchObject({ closedOn: '2025-06-01', version: 3 });
      const audits = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'border_gate' AND entity_id = $1`, [String(g.id)]);
      expect(audits[0].n).toBe(3);
    });

    it('refuses gate editing to commanders and planners (403)', async () => {
      expect((await create(gate, 'commanderAll')).statusCode).toBe(403);
      const [{ id }] = await h.db.query<{ id: number }>(`SELECT min(id) AS id FROM border_gate`);
      const res = await h.as('plannerTwo', { method: 'PATCH', url: `/api/border-gates/${id}`, payload: { version: 1, name: 'x' } });
      expect(res.statusCode).toBe(403);
    });
  });
}
