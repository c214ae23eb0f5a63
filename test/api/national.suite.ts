import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { TEST_TODAY, geodataDir, hasGeodata, inCi } from '../support/env.ts';
import { adminUnits } from '../../server/reference-units.ts';
import { deriveStaleOutlines, outlinesDerived } from '../../server/repositories/province-outlines.ts';
import { hasGdal, listen, readWithGdal, serverForClients } from '../support/gdal.ts';
import { analyzeTables } from '../../server/repositories/planner.ts';
import { STATUS_IMPORT_WRITES } from '../../server/repositories/status-import.ts';
import { sqlFile } from '../../server/sql/index.ts';

interface Problem {
  feature: number | null;
  code: string | null;
  severity: 'error' | 'warning';
  kind: string;
  message: string;
}

const DEMO = /^99\d{3}$/;

/**
 * The whole country from ../shared/geodata imported through the boundary route without a province: each feature goes
 * to its province. Then the demo province and the real ones side by side: no answer about one holds a code of the
 * other. Everything imported is removed afterwards.
 */
export function nationalSuite(h: Harness) {
  const upload = (step: 'preview' | 'commit', body: Buffer, query = '') =>
    h.as('admin', {
      method: 'POST',
      url: `/api/import/boundaries/${step}?file=vn_communes_2025.geojson${query}`,
      payload: body,
      headers: { 'content-type': 'application/octet-stream' },
    });
  const realCodes = async () => (await h.db.query<{ code: string }>(`SELECT code FROM province WHERE NOT is_demo`)).map((r) => r.code);
  const cleanUp = async () => {
    const real = await realCodes();
    if (real.length === 0) return;
    await h.db.query(`DELETE FROM commune WHERE province_code = ANY ($1::text[])`, [real]);
    await h.db.query(`DELETE FROM province WHERE code = ANY ($1::text[])`, [real]);
  };
  afterAll(cleanUp);

  it('the official list of 2025 holds 34 provinces and 3,321 communes, each commune in a listed province', async () => {
    const { units } = adminUnits();
    expect(units.provinces).toHaveLength(34);
    expect(units.communes).toHaveLength(3321);
    const [row] = await h.db.query<{ p: number; c: number; orphan: number }>(
      `SELECT (SELECT count(*)::int FROM ref_province) AS p, (SELECT count(*)::int FROM ref_commune) AS c,
         (SELECT count(*)::int FROM ref_commune rc WHERE NOT EXISTS (SELECT 1 FROM ref_province rp WHERE rp.code = rc.province_code)) AS orphan`,
    );
    expect(row).toEqual({ p: 34, c: 3321, orphan: 0 });
    expect(units.provinces.find(([code]) => code === '11')?.[1]).toBe('Điện Biên');
    expect(units.communes.filter(([, , p]) => p === '11')).toHaveLength(45);
  });

  describe.skipIf(!hasGeodata && !inCi)('the national 2025 file (../shared/geodata/vietnam)', () => {
    const file = () => readFileSync(`${geodataDir}/vietnam/vn_communes_2025.geojson`);

    it('a commune of another province than the one chosen is an error naming both', async () => {
      const one = JSON.parse(readFileSync(`${geodataDir}/dienbien/dienbien_communes_2025.geojson`, 'utf8'));
      one.features = one.features.slice(0, 2);
      const res = await upload('preview', Buffer.from(JSON.stringify(one)), '&province=12');
      expect(res.statusCode, res.body).toBe(200);
      const errors = (res.json().report.problems as Problem[]).filter((p) => p.severity === 'error');
      expect(errors.map((p) => p.kind)).toEqual(['other_province', 'other_province']);
      expect(errors[0].message).toMatch(/belongs to province 11 Điện Biên, not to province 12 Lai Châu/);
    });

    it('a province column contradicting the official list is an error naming both', async () => {
      const one = JSON.parse(readFileSync(`${geodataDir}/dienbien/dienbien_communes_2025.geojson`, 'utf8'));
      one.features = one.features.slice(0, 1);
      one.features[0].properties.ma_tinh = '14';
      const res = await upload('preview', Buffer.from(JSON.stringify(one)));
      const errors = (res.json().report.problems as Problem[]).filter((p) => p.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].kind).toBe('province_mismatch');
      expect(errors[0].message).toMatch(/province 11 Điện Biên in the official list, but the file says province 14 Sơn La/);
    });

    it('imports as 34 provinces and 3,321 communes matching the official code lists', async () => {
      const res = await upload('commit', file());
      expect(res.statusCode, res.body.slice(0, 2000)).toBe(200);
      const body = res.json() as { created: number; provinces: { code: string; name: string; created: number }[]; report: { problems: Problem[] } };
      expect(body.created).toBe(3321);
      expect(body.provinces).toHaveLength(34);
      // The two codes of the file that differ from the official list: a lost leading zero, and Xã Ia Mơ's code.
      const corrected = body.report.problems.filter((p) => p.kind === 'code_corrected');
      expect(corrected.map((p) => p.code)).toEqual(['23737']);
      expect(body.report.problems.filter((p) => p.severity === 'error')).toEqual([]);
      // Each province's outline is derived from its communes after the commit, in the background.
      await outlinesDerived(h.db);
      const [check] = await h.db.query<{ n: number; matching: number; provinces: number; outlines: number }>(
        `SELECT count(*)::int AS n,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ref_commune r WHERE r.code = c.code AND r.province_code = c.province_code))::int AS matching,
           count(DISTINCT c.province_code)::int AS provinces,
           (SELECT count(*)::int FROM province p WHERE NOT p.is_demo AND p.geom IS NOT NULL) AS outlines
         FROM commune c JOIN province p ON p.code = c.province_code WHERE NOT p.is_demo`,
      );
      expect(check).toEqual({ n: 3321, matching: 3321, provinces: 34, outlines: 34 });
      // Each outline holds its province's communes and has their area (predicates and areas only: the embedded
      // database's GEOS may end an overlay of these shapes with no row).
      const [cover] = await h.db.query<{ stale: number; outside: number; areaRatio: number }>(
        `WITH per AS (
           SELECT p.code, ST_Area(p.geom::geography) AS outline, sum(ST_Area(c.geom::geography)) AS communes,
             count(*) FILTER (WHERE NOT ST_Intersects(p.geom, ST_PointOnSurface(c.geom))) AS outside
           FROM province p JOIN commune c ON c.province_code = p.code WHERE NOT p.is_demo GROUP BY p.code)
         SELECT (SELECT count(*)::int FROM province WHERE outline_stale) AS stale, sum(outside)::int AS outside,
           max(abs(1 - communes / outline))::float8 AS "areaRatio"
         FROM per`,
      );
      expect(cover).toEqual({ stale: 0, outside: 0, areaRatio: expect.any(Number) });
      expect(cover.areaRatio).toBeLessThan(0.01);
      const names = await h.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM province p JOIN ref_province r ON r.code = p.code AND r.name = p.name`,
      );
      expect(names[0].n).toBe(34);
    }, 600_000);

    it('plans the indicators of one province without reading every status record of the country', async () => {
      // Five years of statuses for every real commune (the last ones in force), written in one statement and analysed
      // as the status import does after its commit; all of it rolled back.
      const rollback = new Error('rolled back');
      const plans = await h.db
        .transaction(async (tx) => {
          await tx.query(
            `INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to)
             SELECT c.code, v.kind, v.value, make_date(y, 1, 1), CASE WHEN y < 2024 THEN make_date(y + 1, 1, 1) END
             FROM commune c JOIN province p ON p.code = c.province_code AND NOT p.is_demo
             CROSS JOIN generate_series(2020, 2024) y
             CROSS JOIN LATERAL (SELECT DISTINCT ON (kind) kind, value FROM status_value ORDER BY kind, ordinal DESC) v`,
          );
          await analyzeTables(tx, STATUS_IMPORT_WRITES);
          const area = (await tx.query<{ code: string }>(`SELECT code FROM commune WHERE province_code = '11'`)).map((r) => r.code);
          const plans: Record<string, unknown> = {};
          for (const [name, params] of [
            ['indicators-figures', [TEST_TODAY, area, null, []]],
            ['indicators-status-breakdown', [TEST_TODAY, area, null]],
            ['indicators-by-province', [TEST_TODAY, area, []]],
          ] as const) {
            plans[name] = (await tx.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sqlFile(name)}`, [...params]))[0]['QUERY PLAN'];
          }
          throw Object.assign(rollback, { plans });
        })
        .catch((err) => {
          if (err !== rollback) throw err;
          return (err as Error & { plans: Record<string, unknown> }).plans;
        });
      for (const [name, plan] of Object.entries(plans)) {
        const scans: string[] = [];
        const walk = (node: Record<string, unknown>) => {
          if (node['Relation Name'] === 'commune_status') scans.push(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`);
          for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
        };
        walk((plan as { Plan: Record<string, unknown> }[])[0].Plan);
        expect(scans.length, name).toBeGreaterThan(0);
        expect(scans, name).not.toContain('Seq Scan');
      }
    });

    it('an outline left marked by a process that stopped is derived on the next start', async () => {
      await h.db.query(`UPDATE province SET geom = NULL, outline_stale = true WHERE code = '11'`);
      await deriveStaleOutlines(h.db);
      const [p] = await h.db.query<{ stale: boolean; km2: number }>(`SELECT outline_stale AS stale, (ST_Area(geom::geography) / 1e6)::float8 AS km2 FROM province WHERE code = '11'`);
      expect(p.stale).toBe(false);
      // Điện Biên 2025: 9,550 km², the sum of its communes' areas in the file.
      expect(p.km2).toBeGreaterThan(9400);
      expect(p.km2).toBeLessThan(9700);
    });

    it('lists the provinces of the area, real ones first and the demo last', async () => {
      const res = await h.as('admin', { method: 'GET', url: '/api/provinces' });
      const list = res.json().provinces as { code: string; isDemo: boolean; communeCount: number }[];
      // Other suites' demo fixture provinces may still be there; they come after the real ones, like the demo.
      expect(list.filter((p) => !p.isDemo)).toHaveLength(34);
      expect(list.findIndex((p) => p.isDemo)).toBe(34);
      expect(list.find((p) => p.code === '99')).toMatchObject({ isDemo: true, communeCount: 45 });
      expect(list.filter((p) => !p.isDemo).reduce((s, p) => s + p.communeCount, 0)).toBe(3321);
      const limited = await h.as('commanderProvince', { method: 'GET', url: '/api/provinces' });
      expect((limited.json().provinces as { code: string }[]).map((p) => p.code)).toEqual(['99']);
    });

    it('the default view is the real country: no demo commune in communes, indicators, border list or exports', async () => {
      const meta = (await h.as('admin', { method: 'GET', url: '/api/meta' })).json();
      expect(meta.province).toMatchObject({ national: true, provinceCount: 34, communeCount: 3321, isDemo: false });
      const ind = (await h.as('admin', { method: 'GET', url: '/api/indicators?asOf=2025-12-31' })).json();
      expect(ind.communeCount).toBe(3321);
      for (const item of ind.items as { communes: string[] }[]) expect(item.communes.filter((c) => DEMO.test(c))).toEqual([]);
      const border = (await h.as('admin', { method: 'GET', url: '/api/border/communes' })).json();
      const rows = (border.communes ?? border.features ?? border) as { code?: string; properties?: { code: string } }[];
      for (const r of rows) expect(r.code ?? r.properties?.code).not.toMatch(DEMO);
      const csv = (await h.as('admin', { method: 'GET', url: '/api/export/communes?format=csv' })).body;
      expect(csv).not.toMatch(/\n99\d{3},/);
      expect(csv).toMatch(/\n03160,/);
    });

    it('the demo view holds only demo communes, and says so', async () => {
      const meta = (await h.as('admin', { method: 'GET', url: '/api/meta?province=99' })).json();
      expect(meta.province).toMatchObject({ code: '99', isDemo: true, national: false, communeCount: 45 });
      const communes = (await h.as('admin', { method: 'GET', url: '/api/communes?province=99' })).json();
      expect(communes.features).toHaveLength(45);
      expect(communes.features.every((f: { properties: { code: string } }) => DEMO.test(f.properties.code))).toBe(true);
      const ind = (await h.as('admin', { method: 'GET', url: '/api/indicators?province=99&asOf=2025-12-31' })).json();
      expect(ind.communeCount).toBe(45);
    });

    it('one real province: only its communes, its own name', async () => {
      const meta = (await h.as('admin', { method: 'GET', url: '/api/meta?province=11' })).json();
      expect(meta.province).toMatchObject({ code: '11', name: 'Điện Biên', isDemo: false, communeCount: 45 });
      const communes = (await h.as('admin', { method: 'GET', url: '/api/communes?province=11' })).json();
      expect(communes.features.map((f: { properties: { code: string } }) => f.properties.code).sort()[0]).toBe('03127');
      expect(communes.features.every((f: { properties: { code: string } }) => !DEMO.test(f.properties.code))).toBe(true);
    });

    it('GDAL reads the 3,321 communes of the country through the OGC API, page after page, with their statuses', async ({ skip }) => {
      if (!(await hasGdal())) {
        if (inCi) throw new Error('GDAL (ogrinfo, ogr2ogr) is required in CI: install gdal-bin');
        return skip();
      }
      const token = ((await h.as('commanderAll', { method: 'POST', url: '/api/tokens', payload: { name: 'national GDAL', readOnly: true } })).json() as { token: string }).token;
      const server = await serverForClients(h);
      let pages = 0;
      server.addHook('onRequest', async (req) => {
        if (req.url.startsWith('/ogc/collections/communes/items')) pages++;
      });
      try {
        const base = await listen(server);
        // The default view of a national user: every real province, never the demo.
        const got = await readWithGdal(`${base}/ogc`, 'communes', token, ['-oo', 'PAGE_SIZE=1000']);
        const expected = await h.db.query<{ code: string; drug_free: string }>(
          `SELECT c.code, s.drug_free FROM commune c JOIN province p ON p.code = c.province_code AND NOT p.is_demo
           JOIN commune_status_at($1::date) s ON s.commune_code = c.code ORDER BY c.code`,
          [TEST_TODAY],
        );
        expect(expected).toHaveLength(3321);
        expect(got.features.map((f) => f.properties.code).sort()).toEqual(expected.map((r) => r.code));
        const statuses = new Map(got.features.map((f) => [f.properties.code, f.properties.drug_free]));
        expect(expected.every((r) => statuses.get(r.code) === r.drug_free)).toBe(true);
        expect(got.features.every((f) => f.geometry?.type === 'MultiPolygon')).toBe(true);
        // The first page GDAL reads to learn the fields, then 4 pages of at most 1,000.
        expect(pages).toBeGreaterThanOrEqual(4);
      } finally {
        await server.close();
      }
    }, 600_000);

    it('every read route: the real view names no demo commune, the demo view no real one', async () => {
      const routes = h.app.routeTable.filter((r) => r.method === 'GET' && r.access === 'read' && !r.url.includes(':') && !r.url.includes('*'));
      expect(routes.length).toBeGreaterThan(10);
      // The export route takes its layer as a parameter: each layer is a URL of its own.
      expect(h.app.routeTable.some((r) => r.url === '/api/export/:layer')).toBe(true);
      for (const layer of ['communes', 'statuses', 'hqs', 'gates', 'teams', 'models', 'indicators']) routes.push({ method: 'GET', url: `/api/export/${layer}`, access: 'read', account: false, schema: {} });
      const query: Record<string, string> = {
        '/api/export/communes': 'format=csv', '/api/export/statuses': 'format=csv', '/api/export/hqs': 'format=csv',
        '/api/export/gates': 'format=csv', '/api/export/teams': 'format=csv', '/api/export/models': 'format=csv',
        '/api/export/indicators': 'format=csv', '/api/export/crosswalk': 'format=csv', '/api/border/export': 'format=csv',
        '/api/search': 'q=xa', '/api/analysis/coverage': 'radiusKm=2', '/api/analysis/proximity': 'borderKm=5',
      };
      // Codes as they appear in JSON ("03160") or as the first cell of a CSV row (03160,): a few of Điện Biên's
      // real codes, and any demo code (a population or an area of 99,xxx in another column is not a code).
      const real = /"(03160|03127|03151|03158|03334)"|^\uFEFF?(03160|03127|03151|03158|03334),/m;
      const demo = /"99\d{3}"|^\uFEFF?99\d{3},/m;
      const checked: string[] = [];
      for (const r of routes) {
        if (r.url === '/api/provinces') continue; // the list to choose a view from: both, by design
        const q = query[r.url] ?? '';
        const asReal = await h.as('admin', { method: 'GET', url: `${r.url}?${q}` });
        const asDemo = await h.as('admin', { method: 'GET', url: `${r.url}?${q}${q ? '&' : ''}province=99` });
        if (asReal.statusCode !== 200 || asDemo.statusCode !== 200) continue;
        expect(asReal.body, `${r.url} (real view)`).not.toMatch(demo);
        expect(asDemo.body, `${r.url} (demo view)`).not.toMatch(real);
        checked.push(r.url);
      }
      expect(checked).toEqual(
        expect.arrayContaining(['/api/communes', '/api/indicators', '/api/hqs', '/api/border/communes', '/api/search', '/api/analysis/coverage', '/api/export/communes', '/api/export/statuses']),
      );
    }, 600_000);

    it('search finds provinces and names the province of each commune; a whole word typed ranks first', async () => {
      const search = async (q: string) =>
        (await h.as('admin', { method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}&limit=10` })).json().items as {
          kind: string; id: string; name: string; provinceName: string | null;
        }[];
      const haLong = await search('ha long');
      expect(haLong[0]).toMatchObject({ kind: 'commune', name: 'Phường Hạ Long', provinceName: 'Quảng Ninh' });
      expect(haLong.findIndex((x) => x.name === 'Xã Pha Long')).toBeGreaterThan(0);
      const quangNinh = await search('Quảng Ninh');
      expect(quangNinh[0]).toMatchObject({ kind: 'province', id: '22', name: 'Quảng Ninh' });
      expect(quangNinh.filter((x) => x.kind === 'commune' && x.name === 'Xã Quảng Ninh').map((x) => x.provinceName).sort()).toEqual(['Quảng Trị', 'Thanh Hóa']);
    });

    it('a malformed view is refused', async () => {
      const res = await h.as('admin', { method: 'GET', url: '/api/communes?province=x1' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('querystring/province must be a 2-digit province code');
      const vi = await h.as('admin', { method: 'GET', url: '/api/communes?province=x1', headers: { 'accept-language': 'vi' } });
      expect(vi.json().message).toBe('tham số/province: phải là mã tỉnh gồm 2 chữ số');
    });
  });
}
