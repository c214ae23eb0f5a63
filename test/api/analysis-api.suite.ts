import { describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../support/harness.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { TEST_TODAY } from '../support/env.ts';
import { coverage } from '../../server/analysis/coverage.ts';
import type { CommuneFC, HqFC, VillageFC } from '../../server/analysis/types.ts';
import type { BestSitesAnswer, CoverageAnswer, ProximityAnswer } from '../../server/schemas/analysis.ts';

/**
 * Analysis endpoints: validation, area scope, the cache and its ETag, invalidation by the data version, and answers
 * checked against the analysis functions and against PostGIS's own geodesic measures.
 * Radii differ between tests so that each one controls whether its first request is a cache miss.
 */
export function analysisApiSuite(h: Harness) {
  const get = (user: TestUser, url: string, headers: Record<string, string> = {}) => h.as(user, { method: 'GET', url, headers });
  const post = (user: TestUser, url: string, payload: object) => h.as(user, { method: 'POST', url, payload });
  const dataVersion = async () => (await h.db.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'data_revision'`))[0].value;

  describe('validation', () => {
    const bad = async (res: Awaited<ReturnType<typeof get>>, pattern: RegExp) => {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().message).toMatch(pattern);
    };

    it('states the radius bounds when the radius is out of range', async () => {
      await bad(await get('commanderAll', '/api/analysis/coverage?radiusKm=0'), /radiusKm must be more than 0 and at most 50 km; got 0/);
      await bad(await get('commanderAll', '/api/analysis/coverage?radiusKm=80'), /radiusKm must be more than 0 and at most 50 km; got 80/);
      await bad(await get('commanderAll', '/api/analysis/coverage?radiusKm=-3'), /more than 0 and at most 50 km/);
    });

    it('names the field when the radius is missing or not a number', async () => {
      await bad(await get('commanderAll', '/api/analysis/coverage'), /querystring.*radiusKm/);
      await bad(await get('commanderAll', '/api/analysis/coverage?radiusKm=abc'), /querystring\/radiusKm must be number/);
    });

    it('accepts only known HQ statuses and lists them', async () => {
      await bad(
        await get('commanderAll', '/api/analysis/coverage?radiusKm=5&statuses=independent,bogus'),
        /statuses: "bogus" is not an HQ status; expected one of independent, under_construction, planned, shared/,
      );
      await bad(await get('commanderAll', '/api/analysis/coverage?radiusKm=5&statuses=,'), /statuses must name at least one HQ status/);
      await bad(await get('commanderAll', '/api/analysis/proximity?borderKm=500'), /borderKm must be between 0 and 100 km; got 500/);
    });

    it('bounds k, the number of points and their coordinates', async () => {
      const body = { k: 3, radiusKm: 5, objective: 'population', candidates: 'communes' };
      await bad(await post('commanderAll', '/api/analysis/best-sites', { ...body, k: 0 }), /body\/k must be a whole number from 1 to 10; got 0/);
      await bad(await post('commanderAll', '/api/analysis/best-sites', { ...body, k: 11 }), /from 1 to 10; got 11/);
      await bad(await post('commanderAll', '/api/analysis/best-sites', { ...body, radiusKm: 51 }), /body\/radiusKm must be more than 0 and at most 50 km/);
      await bad(await post('commanderAll', '/api/analysis/best-sites', { ...body, objective: 'votes' }), /body\/objective/);
      await bad(await post('commanderAll', '/api/analysis/best-sites', { ...body, candidates: 'points' }), /body\/points must hold at least one point/);
      const pts = (n: number) => Array.from({ length: n }, (_, i) => ({ lon: 103 + i / 1000, lat: 21.4 }));
      await bad(await post('commanderAll', '/api/analysis/best-sites', { ...body, candidates: 'points', points: pts(51) }), /body\/points must NOT have more than 50 items/);
      await bad(await post('commanderAll', '/api/analysis/best-sites', { ...body, candidates: 'points', points: [{ lon: 200, lat: 21 }] }), /body\/points\/0\/lon must be <= 180/);
      await bad(await post('commanderAll', '/api/analysis/best-sites', { ...body, candidates: 'points', points: [{ lon: 103, lat: 'north' }] }), /body\/points\/0\/lat must be number/);
      await bad(
        await post('commanderAll', '/api/analysis/best-sites', { ...body, objective: 'area', candidates: 'villages' }),
        /the area objective compares at most 250 candidates; villages give \d+ here/,
      );
    });
  });

  describe('coverage', () => {
    it('agrees with the coverage function run on the same data, and with PostGIS areas', async () => {
      const res = await get('commanderAll', `/api/analysis/coverage?radiusKm=6.5&statuses=shared,independent&asOf=${TEST_TODAY}`);
      expect(res.statusCode, res.body).toBe(200);
      const a = res.json() as CoverageAnswer;
      expect(a.params).toEqual({ radiusKm: 6.5, statuses: ['independent', 'shared'], asOf: TEST_TODAY });

      // The same inputs read independently: through the map API and straight from the village table.
      const communes = (await get('commanderAll', `/api/communes?asOf=${TEST_TODAY}`)).json() as CommuneFC;
      const allHqs = (await get('commanderAll', `/api/hqs?asOf=${TEST_TODAY}`)).json() as HqFC;
      const hqs: HqFC = { ...allHqs, features: allHqs.features.filter((f) => ['independent', 'shared'].includes(f.properties.status)) };
      const villages: VillageFC = {
        type: 'FeatureCollection',
        features: (
          await h.db.query<{ id: number; name: string; communeCode: string; population: number; g: VillageFC['features'][number]['geometry'] }>(
            `SELECT id, name, commune_code AS "communeCode", coalesce(population, 0) AS population, ST_AsGeoJSON(geom, 6)::json AS g FROM village ORDER BY id`,
          )
        ).map(({ g, ...properties }) => ({ type: 'Feature', geometry: g, properties })),
      };
      expect(a.hqCount).toBe(hqs.features.length);
      expect(a.hqCount).toBeGreaterThan(0);
      expect(a.villageCount).toBe(villages.features.length);

      // The server overlays in PostGIS; the Turf function on the same inputs is the cross-check, within 0.5 %.
      const direct = coverage(communes, hqs, 6.5, { villages });
      expect(Math.abs(a.totals.areaKm2 - direct.totals.areaKm2) / direct.totals.areaKm2).toBeLessThan(0.005);
      expect(Math.abs(a.totals.coveredKm2 - direct.totals.coveredKm2) / direct.totals.coveredKm2).toBeLessThan(0.005);
      a.communes.forEach((c, i) => expect(Math.abs(c.coveredKm2 - direct.communes[i].coveredKm2) / c.areaKm2, c.code).toBeLessThan(0.005));
      expect(a.totals.coveredPopulation).toBe(direct.totals.coveredPopulation);
      expect(a.communes.map((c) => [c.code, c.coveredPopulation])).toEqual(direct.communes.map((c) => [c.code, c.coveredPopulation]));

      // Turf's areas against PostGIS's geodesic areas of the same communes: within 0.5 %.
      const pg = new Map((await h.db.query<{ code: string; km2: number }>('SELECT code, area_km2 AS km2 FROM commune')).map((r) => [r.code, r.km2]));
      for (const c of a.communes) {
        expect(Math.abs(c.areaKm2 - pg.get(c.code)!) / pg.get(c.code)!).toBeLessThan(0.005);
        expect(c.coveredKm2).toBeLessThanOrEqual(c.areaKm2 + 1e-6);
        expect(c.share).toBeGreaterThanOrEqual(0);
        expect(c.share).toBeLessThanOrEqual(1);
      }
      expect(a.totals.share).toBeGreaterThan(0);
      expect(a.totals.share).toBeLessThan(1);
      expect(a.covered?.geometry.type).toMatch(/Polygon$/);
      expect(a.gaps.features.length).toBeGreaterThan(0);
    });

    it('covers only the communes of a commune-scoped user', async () => {
      const one = (await get('commanderOne', '/api/analysis/coverage?radiusKm=4.5')).json() as CoverageAnswer;
      expect(one.communes.map((c) => c.code)).toEqual(['99001']);
      expect(one.gaps.features.every((f) => f.properties.code === '99001')).toBe(true);
      const [{ n }] = await h.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM police_hq h JOIN police_hq_status_at($1::date) s ON s.hq_id = h.id
         WHERE h.commune_code = '99001' AND s.status IN ('independent', 'shared')`,
        [TEST_TODAY],
      );
      expect(one.hqCount).toBe(n);
      const two = (await get('plannerTwo', '/api/analysis/coverage?radiusKm=4.5')).json() as CoverageAnswer;
      expect(two.communes.map((c) => c.code)).toEqual(['99002', '99003']);
    });

    it('answers with nothing covered when no HQ has the chosen statuses', async () => {
      // Before the demo data begins, no HQ had any status.
      const res = await get('commanderAll', '/api/analysis/coverage?radiusKm=3&asOf=1990-01-01');
      expect(res.statusCode, res.body).toBe(200);
      const a = res.json() as CoverageAnswer;
      expect(a.hqCount).toBe(0);
      expect(a.covered).toBeNull();
      expect(a.totals.coveredKm2).toBe(0);
      expect(a.communes).toHaveLength(45);
    });
  });

  describe('cache and ETag', () => {
    it('serves a repeated or equivalent request from the cache, and 304 to If-None-Match', async () => {
      const first = await get('commanderProvince', '/api/analysis/coverage?radiusKm=7.25&statuses=independent,shared');
      expect(first.statusCode).toBe(200);
      expect(first.headers['x-analysis-cache']).toBe('miss');
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(first.headers['cache-control']).toBe('private, no-cache');

      // Same parameters written differently: same entry, same ETag.
      const again = await get('commanderProvince', `/api/analysis/coverage?radiusKm=7.250&statuses=shared,independent&asOf=${TEST_TODAY}`);
      expect(again.headers['x-analysis-cache']).toBe('hit');
      expect(again.headers.etag).toBe(etag);
      expect(again.body).toBe(first.body);

      const notModified = await get('commanderProvince', '/api/analysis/coverage?radiusKm=7.25', { 'if-none-match': etag });
      expect(notModified.statusCode).toBe(304);
      expect(notModified.body).toBe('');
      expect(notModified.headers.etag).toBe(etag);

      // Another area, or other parameters: another ETag.
      const scoped = await get('commanderOne', '/api/analysis/coverage?radiusKm=7.25', { 'if-none-match': etag });
      expect(scoped.statusCode).toBe(200);
      expect(scoped.headers.etag).not.toBe(etag);
      const other = await get('commanderProvince', '/api/analysis/coverage?radiusKm=7.5', { 'if-none-match': etag });
      expect(other.statusCode).toBe(200);
    });

    it('caches best sites by their body too', async () => {
      const body = { k: 2, radiusKm: 5.5, objective: 'area', candidates: 'points', points: [{ lon: 103.02, lat: 21.38, name: ' Điểm "A" ' }, { lon: 103.1, lat: 21.5 }] };
      const first = await post('admin', '/api/analysis/best-sites', body);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.headers['x-analysis-cache']).toBe('miss');
      const second = await post('admin', '/api/analysis/best-sites', { ...body, points: [{ lon: 103.0200001, lat: 21.38, name: 'Điểm "A"' }, { lon: 103.1, lat: 21.5 }] });
      expect(second.headers['x-analysis-cache']).toBe('hit');
      expect(second.headers.etag).toBe(first.headers.etag);
    });
  });

  describe('data version', () => {
    it('changes with an HQ edit through the API, and so do the proximity answer and its ETag', async () => {
      const [hq] = await h.db.query<{ id: number; name: string; version: number }>(
        `SELECT id, name, version FROM police_hq WHERE commune_code = '99002' ORDER BY id LIMIT 1`,
      );
      const url = '/api/analysis/proximity?borderKm=3&statuses=independent,shared,under_construction,planned';
      const before = await get('plannerTwo', url);
      expect(before.statusCode, before.body).toBe(200);
      const v0 = await dataVersion();
      expect((before.json() as ProximityAnswer).dataVersion).toBe(v0);

      const renamed = `${hq.name} (đổi tên)`;
      const patch = await h.as('plannerTwo', { method: 'PATCH', url: `/api/hqs/${hq.id}`, payload: { version: hq.version, name: renamed } });
      expect(patch.statusCode, patch.body).toBe(200);
      try {
        const v1 = await dataVersion();
        expect(Number(v1)).toBeGreaterThan(Number(v0));
        const after = await get('plannerTwo', url, { 'if-none-match': before.headers.etag as string });
        expect(after.statusCode).toBe(200);
        expect(after.headers['x-analysis-cache']).toBe('miss');
        expect(after.headers.etag).not.toBe(before.headers.etag);
        const a = after.json() as ProximityAnswer;
        expect(a.dataVersion).toBe(v1);
        expect(a.communes.some((c) => c.hqId === hq.id && c.hqName === renamed)).toBe(true);
        expect((before.json() as ProximityAnswer).communes.some((c) => c.hqName === renamed)).toBe(false);
      } finally {
        await h.as('plannerTwo', { method: 'PATCH', url: `/api/hqs/${hq.id}`, payload: { version: hq.version + 1, name: hq.name } });
      }
    });

    it('moves with a write to any table the analyses read, and with no other', async () => {
      // Statement-level triggers: even a statement that touches no row counts (and changes nothing here).
      const writes = {
        commune: 'name = name',
        police_hq: 'name = name',
        police_hq_status: 'note = note',
        village: 'name = name',
        national_border: 'name = name',
        border_gate: 'name = name',
      };
      for (const [table, set] of Object.entries(writes)) {
        const before = Number(await dataVersion());
        await h.db.query(`UPDATE ${table} SET ${set} WHERE false`);
        expect(Number(await dataVersion()), table).toBe(before + 1);
      }
      const before = await dataVersion();
      await h.db.query(`UPDATE commune_status SET note = note WHERE false`);
      expect(await dataVersion()).toBe(before);
    });

    it('changes with an HQ status change, and coverage follows it', async () => {
      const [rec] = await h.db.query<{ id: number; hqId: number }>(
        `SELECT s.id, s.hq_id AS "hqId" FROM police_hq_status s JOIN police_hq h ON h.id = s.hq_id
         WHERE h.commune_code = '99001' AND s.status = 'independent' AND s.valid_from <= $1 AND (s.valid_to IS NULL OR s.valid_to > $1) LIMIT 1`,
        [TEST_TODAY],
      );
      expect(rec, 'commune 99001 has an independent HQ in the demo data').toBeDefined();
      const url = '/api/analysis/coverage?radiusKm=2.75&statuses=independent';
      const before = (await get('commanderOne', url)).json() as CoverageAnswer;
      const v0 = await dataVersion();
      await h.db.query(`UPDATE police_hq_status SET status = 'planned' WHERE id = $1`, [rec.id]);
      try {
        expect(Number(await dataVersion())).toBeGreaterThan(Number(v0));
        const res = await get('commanderOne', url);
        expect(res.headers['x-analysis-cache']).toBe('miss');
        const after = res.json() as CoverageAnswer;
        expect(after.hqCount).toBe(before.hqCount - 1);
        expect(after.totals.coveredKm2).toBeLessThan(before.totals.coveredKm2);
      } finally {
        await h.db.query(`UPDATE police_hq_status SET status = 'independent' WHERE id = $1`, [rec.id]);
      }
    });
  });

  describe('worker threads', () => {
    it('keeps the event loop free while a long analysis runs', async () => {
      // The longest gap between ticks of a 10 ms timer while the request runs.
      let last = performance.now();
      let maxGap = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
      }, 10);
      // Proximity measures every commune against the whole national border line, in a worker thread.
      const res = await get('commanderAll', '/api/analysis/proximity?borderKm=7.75');
      // A block that ends with the request is seen here, before the timer gets to run again.
      maxGap = Math.max(maxGap, performance.now() - last);
      clearInterval(tick);
      expect(res.statusCode, res.body).toBe(200);
      const jobMs = Number(/dur=(\d+)/.exec(String(res.headers['server-timing']))![1]);
      // Long enough for a block of half its length to stand out from a loaded machine's own pauses.
      expect(jobMs).toBeGreaterThan(250);
      // Run in this thread, the job would have held the loop for its whole duration.
      expect(maxGap).toBeLessThan(jobMs / 2);
    });
  });

  describe('cancelling', () => {
    it('stops the work when the caller goes away, so the next analysis does not wait for it', async () => {
      // The app over the same database, counting the best-sites statements it is given.
      let statements = 0;
      const counting = {
        ...h.db,
        query: (sql: string, params?: readonly unknown[]) => {
          if (sql.includes('json_to_recordset($7::json)')) statements++;
          return h.db.query(sql, params);
        },
      } as typeof h.db;
      const app = await buildApp({ db: counting, config: loadConfig({}), version: 'test', today: () => TEST_TODAY });
      await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const addr = app.server.address();
        const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
        const s = await h.login('commanderAll');
        const headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' };
        const controller = new AbortController();
        // Best sites by area at 20 km: two candidates per statement, some thirty statements of work.
        const res = await fetch(`${base}/api/analysis/best-sites`, {
          method: 'POST',
          headers: { ...headers, accept: 'application/x-ndjson' },
          body: JSON.stringify({ k: 10, radiusKm: 20, objective: 'area', candidates: 'communes' }),
          signal: controller.signal,
        });
        const reader = res.body!.getReader();
        // Cancelled once the first step is reported done.
        let text = '';
        while (!/"done":[1-9]/.test(text)) {
          const { value, done } = await reader.read();
          expect(done, text).toBe(false);
          text += new TextDecoder().decode(value);
        }
        const total = Number(/"total":(\d+)/.exec(text)![1]);
        controller.abort();
        const atCancel = statements;
        const started = performance.now();
        const next = await fetch(`${base}/api/analysis/coverage?radiusKm=3.3`, { headers });
        expect(next.status).toBe(200);
        // The whole answer is read: a body left unread keeps the connection busy, and the server's close waits for it.
        await next.arrayBuffer();
        expect(performance.now() - started).toBeLessThan(8000);
        await new Promise((r) => setTimeout(r, 1000));
        // The work has stopped, well before the end: no statement is started any more, of the many the answer needed.
        const settled = statements;
        await new Promise((r) => setTimeout(r, 1500));
        expect(statements).toBe(settled);
        expect(statements).toBeGreaterThanOrEqual(atCancel);
        expect(statements).toBeLessThan(total);
      } finally {
        await app.close();
      }
    }, 180_000);
  });

  describe('proximity', () => {
    it('finds the nearest HQ and the border distance PostGIS finds (within 0.5 %)', async () => {
      const res = await get('commanderProvince', '/api/analysis/proximity?borderKm=5');
      expect(res.statusCode, res.body).toBe(200);
      const a = res.json() as ProximityAnswer;
      expect(a.communes).toHaveLength(45);
      expect(a.villages.length).toBeGreaterThan(0);
      expect(a.lines.features).toHaveLength(a.communes.length + a.villages.length);

      // Nearest HQ to each village, measured by PostGIS on the spheroid.
      const pg = await h.db.query<{ id: number; hqId: number; km: number }>(
        `SELECT v.id, n.hq_id AS "hqId", n.km FROM village v
         CROSS JOIN LATERAL (
           SELECT h.id AS hq_id, ST_Distance(v.geom::geography, h.geom::geography) / 1000 AS km
           FROM police_hq h JOIN police_hq_status_at($1::date) s ON s.hq_id = h.id
           WHERE s.status IN ('independent', 'shared') ORDER BY 2 LIMIT 1) n`,
        [TEST_TODAY],
      );
      const byId = new Map(pg.map((r) => [r.id, r]));
      for (const v of a.villages) {
        const ref = byId.get(v.id)!;
        expect(Math.abs(v.hqKm! - ref.km)).toBeLessThanOrEqual(Math.max(0.005 * ref.km, 0.01));
      }
      const sameHq = a.villages.filter((v) => v.hqId === byId.get(v.id)!.hqId).length;
      expect(sameHq / a.villages.length).toBeGreaterThan(0.98);

      const border = new Map(
        (
          await h.db.query<{ code: string; km: number }>(
            `SELECT c.code, min(ST_Distance(c.geom::geography, b.geom::geography)) / 1000 AS km FROM commune c, national_border b GROUP BY c.code`,
          )
        ).map((r) => [r.code, r.km]),
      );
      for (const c of a.communes) {
        expect(Math.abs(c.borderKm! - border.get(c.code)!)).toBeLessThanOrEqual(Math.max(0.005 * border.get(c.code)!, 0.05));
        expect(c.nearBorder).toBe(border.get(c.code)! <= 5 + 0.05 ? c.nearBorder : false);
      }
      expect(a.nearBorder.length).toBeGreaterThan(0);
      expect(a.nearBorder.every((code) => border.get(code)! <= 5.05)).toBe(true);
      expect(a.communes.filter((c) => c.nearestGateId !== null).length).toBeGreaterThan(0);
    });

    it('gives each commune the nearest HQ of another commune too, never nearer than its nearest HQ and as far as PostGIS allows', async () => {
      const a = (await get('commanderProvince', '/api/analysis/proximity?borderKm=5')).json() as ProximityAnswer;
      // From the commune's outline, PostGIS's distance to the nearest HQ of another commune is a lower bound of the
      // distance from a point inside it.
      const pg = new Map(
        (
          await h.db.query<{ code: string; km: number }>(
            `SELECT c.code, (SELECT min(ST_Distance(c.geom::geography, h.geom::geography)) / 1000
               FROM police_hq h JOIN police_hq_status_at($1::date) s ON s.hq_id = h.id
               WHERE s.status IN ('independent', 'shared') AND h.commune_code <> c.code) AS km
             FROM commune c WHERE c.province_code = (SELECT province_code FROM commune WHERE code = '99001')`,
            [TEST_TODAY],
          )
        ).map((r) => [r.code, r.km]),
      );
      // Where the nearest HQ is nearer than every other commune's, it is the commune's own.
      const own = a.communes.filter((c) => c.hqKm !== null && c.otherHqKm !== null && c.hqKm < c.otherHqKm - 1e-9);
      expect(own.length).toBeGreaterThan(0);
      for (const c of a.communes) {
        expect(c.otherHqKm, c.code).not.toBeNull();
        expect(c.otherHqKm!).toBeGreaterThanOrEqual(c.hqKm! - 1e-9);
        expect(c.otherHqKm!).toBeGreaterThanOrEqual(pg.get(c.code)! - 0.01);
      }
      // A commune whose own HQ is its nearest learns how far the neighbours' are.
      expect(own.every((c) => c.otherHqKm! > 0)).toBe(true);
    });
  });

  describe('best sites', () => {
    it('names, for a site in a commune that already has an independent HQ, that HQ and its distance (PostGIS, ±0.5 %)', async () => {
      const res = await post('commanderProvince', '/api/analysis/best-sites', { k: 10, radiusKm: 5, objective: 'population', candidates: 'communes' });
      const a = res.json() as BestSitesAnswer;
      for (const site of a.sites) {
        expect(site.communeCode).toBe(site.candidateId);
        const [lon, lat] = site.geometry.coordinates as [number, number];
        const [ref] = await h.db.query<{ name: string; km: number }>(
          `SELECT h.name, ST_Distance(h.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) / 1000 AS km
           FROM police_hq h JOIN police_hq_status_at($3::date) s ON s.hq_id = h.id
           WHERE h.commune_code = $4 AND s.status = 'independent' ORDER BY 2 LIMIT 1`,
          [lon, lat, TEST_TODAY, site.candidateId],
        );
        if (!ref) {
          expect(site.ownHqKm, site.candidateId).toBeNull();
        } else {
          expect(site.ownHqName).toBe(ref.name);
          expect(Math.abs(site.ownHqKm! - ref.km)).toBeLessThanOrEqual(Math.max(0.005 * ref.km, 0.01));
        }
      }
      expect(a.sites.some((s) => s.ownHqKm !== null), 'some of ten sites lie in a commune with an independent HQ').toBe(true);
    });

    it('ranks commune interior points by the population they would add', async () => {
      const res = await post('commanderProvince', '/api/analysis/best-sites', { k: 3, radiusKm: 5, objective: 'population', candidates: 'communes' });
      expect(res.statusCode, res.body).toBe(200);
      const a = res.json() as BestSitesAnswer;
      expect(a.candidateCount).toBe(45);
      expect(a.sites.map((s) => s.rank)).toEqual([1, 2, 3]);
      for (let i = 1; i < a.sites.length; i++) {
        expect(a.sites[i].addedPopulation).toBeLessThanOrEqual(a.sites[i - 1].addedPopulation);
        expect(a.sites[i].cumulativePopulation).toBe(a.sites[i - 1].cumulativePopulation + a.sites[i].addedPopulation);
      }
      expect(a.sites.every((s) => /^99\d{3}$/.test(s.candidateId))).toBe(true);

      // The first site adds the people of the villages within 5 km of it that no HQ reaches yet (PostGIS, ±2 %).
      const [lon, lat] = a.sites[0].geometry.coordinates as [number, number];
      const [{ added }] = await h.db.query<{ added: number }>(
        `SELECT coalesce(sum(v.population), 0)::int AS added FROM village v
         WHERE ST_DWithin(v.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 5000)
           AND NOT EXISTS (SELECT 1 FROM police_hq h JOIN police_hq_status_at($3::date) s ON s.hq_id = h.id
             WHERE s.status IN ('independent', 'shared') AND ST_DWithin(v.geom::geography, h.geom::geography, 5000))`,
        [lon, lat, TEST_TODAY],
      );
      expect(added).toBeGreaterThan(0);
      expect(Math.abs(a.sites[0].addedPopulation - added) / added).toBeLessThan(0.02);
    });

    it('only offers candidates inside a commune-scoped user area', async () => {
      const res = await post('plannerTwo', '/api/analysis/best-sites', { k: 5, radiusKm: 3, objective: 'area', candidates: 'communes' });
      expect(res.statusCode, res.body).toBe(200);
      const a = res.json() as BestSitesAnswer;
      expect(a.candidateCount).toBe(2);
      expect(a.sites.every((s) => ['99002', '99003'].includes(s.candidateId))).toBe(true);
    });
  });
}
