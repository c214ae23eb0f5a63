import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { TEST_TODAY } from '../support/env.ts';
import type { CommuneDetail, HqProperties } from '../../server/schemas/api.ts';
import type { IndicatorsResponse } from '../../server/schemas/indicators.ts';

/** An HQ's status changed from a date through PATCH /api/hqs/:id, as the commune panel's form sends it. */
export function hqEditsSuite(h: Harness) {
  const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

  /** An HQ of a commune no other suite edits, with the start of its latest status record. */
  async function hqOf(code: string) {
    const [hq] = await h.db.query<{ id: number; name: string; version: number; staffCount: number; latest: string | null; status: string | null }>(
      `SELECT h.id, h.name, h.version, h.staff_count AS "staffCount",
         (SELECT max(valid_from)::text FROM police_hq_status s WHERE s.hq_id = h.id) AS latest,
         (SELECT s.status FROM police_hq_status s WHERE s.hq_id = h.id ORDER BY s.valid_from DESC LIMIT 1) AS status
       FROM police_hq h WHERE h.commune_code = $1 ORDER BY h.id LIMIT 1`,
      [code],
    );
    expect(hq, `an HQ in commune ${code}`).toBeDefined();
    return hq;
  }
  const patch = (id: number, payload: object, lang = 'vi') =>
    h.as('admin', { method: 'PATCH', url: `/api/hqs/${id}`, payload, headers: { 'accept-language': lang } });

  describe('HQ status from a date', () => {
    it('closes the record in force, adds the new one with its decision, and the map, dashboard and audit follow', async () => {
      const hq = await hqOf('99010');
      const from = hq.latest && hq.latest >= TEST_TODAY ? nextDay(hq.latest) : TEST_TODAY;
      const target = hq.status === 'independent' ? 'under_construction' : 'independent';
      const indicators = async () => (await h.as('admin', { method: 'GET', url: `/api/indicators?asOf=${from}&communes=99010` })).json() as IndicatorsResponse;
      const before = await indicators();

      const res = await patch(hq.id, { version: hq.version, status: target, statusFrom: from, decisionNo: ' 15/QĐ-CAT ', decisionDate: from, note: 'Bàn giao "trụ sở mới"' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: hq.id, version: hq.version + 1, staffCount: hq.staffCount });

      const detail = (await h.as('admin', { method: 'GET', url: `/api/communes/99010?asOf=${from}` })).json() as CommuneDetail;
      const history = detail.properties.hqs.find((x) => x.id === hq.id)!.history;
      expect(history.at(-1)).toEqual({ status: target, validFrom: from, validTo: null, decisionNo: '15/QĐ-CAT', decisionDate: from, note: 'Bàn giao "trụ sở mới"' });
      if (hq.latest) expect(history.at(-2)!.validTo).toBe(from);
      const hqs = (await h.as('admin', { method: 'GET', url: `/api/hqs?asOf=${from}` })).json() as { features: { properties: HqProperties }[] };
      expect(hqs.features.find((f) => f.properties.id === hq.id)!.properties.status).toBe(target);
      const after = await indicators();
      const independent = (d: IndicatorsResponse) => d.items.find((i) => i.id === 'hq_independent')!.current.value;
      expect(independent(after) - independent(before)).toBe(target === 'independent' ? 1 : -1);

      const [entry] = await h.db.query<{ before: { status: { status: string } | null }; after: { status: { status: string; validFrom: string } } }>(
        `SELECT before, after FROM audit_log WHERE entity = 'police_hq' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
        [String(hq.id)],
      );
      expect(entry.after.status).toMatchObject({ status: target, validFrom: from });
      if (hq.status) expect(entry.before.status?.status).toBe(hq.status);
    });

    it('refuses, in the request language and naming the field, a status that does not add to the end of the history', async () => {
      const hq = await hqOf('99010');
      const latest = hq.latest!;
      const early = await patch(hq.id, { version: hq.version, status: hq.status === 'shared' ? 'planned' : 'shared', statusFrom: latest });
      expect(early.statusCode).toBe(409);
      expect(early.json().message).toBe(`statusFrom: trụ sở "${hq.name}" đã có bản ghi tình trạng từ ${latest}; tình trạng mới phải bắt đầu sau ngày đó`);
      const english = await patch(hq.id, { version: hq.version, status: hq.status === 'shared' ? 'planned' : 'shared', statusFrom: latest }, 'en');
      expect(english.json().message).toMatch(/^statusFrom: HQ ".+" has a status record from \d{4}-\d{2}-\d{2}; a new status must start after it$/);

      const same = await patch(hq.id, { version: hq.version, status: hq.status, statusFrom: nextDay(latest) });
      expect(same.statusCode).toBe(400);
      expect(same.json().message).toMatch(/^status: trụ sở ".+" đã ở tình trạng này từ/);

      const half = await patch(hq.id, { version: hq.version, status: 'planned' });
      expect(half.statusCode).toBe(400);
      expect(half.json().message).toMatch(/^status\/statusFrom: /);

      const decided = await patch(hq.id, { version: hq.version, status: 'planned', statusFrom: nextDay(latest), decisionDate: nextDay(nextDay(latest)) });
      expect(decided.statusCode).toBe(400);
      expect(decided.json().message).toMatch(/^decisionDate: ngày quyết định/);

      const unknown = await patch(hq.id, { version: hq.version, status: 'demolished', statusFrom: nextDay(latest) });
      expect(unknown.statusCode).toBe(400);

      const blank = await patch(hq.id, { version: hq.version, name: '   ' }, 'en');
      expect(blank.statusCode).toBe(400);
      expect(blank.json().message).toMatch(/^name: /);

      // Nothing of the refused edits was written.
      const now = await hqOf('99010');
      expect(now).toEqual(hq);
    });
  });

  describe('moving an HQ', () => {
    it('moves an HQ within its commune, refuses a point in another commune or half a position, and the map and audit follow', async () => {
      const hq = await hqOf('99011');
      // A point inside the HQ's commune other than where it stands, and one well inside another commune.
      const [inside] = await h.db.query<{ lon: number; lat: number }>(
        `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
           SELECT ST_PointOnSurface(ST_Difference(c.geom, ST_Buffer(h.geom::geography, 300)::geometry)) AS p
           FROM commune c, police_hq h WHERE c.code = '99011' AND h.id = $1) s`,
        [hq.id],
      );
      const [elsewhere] = await h.db.query<{ lon: number; lat: number; name: string }>(
        `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat, name FROM commune WHERE code = '99012'`,
      );
      const half = await patch(hq.id, { version: hq.version, lon: inside.lon });
      expect(half.statusCode).toBe(400);
      expect(half.json().message).toBe('vị trí: nhập cả kinh độ và vĩ độ để dời trụ sở, hoặc để trống cả hai');
      const away = await patch(hq.id, { version: hq.version, lon: elsewhere.lon, lat: elsewhere.lat });
      expect(away.statusCode).toBe(400);
      expect(away.json().message).toMatch(/^vị trí: điểm nằm ngoài xã 99011 \(.+\) [\d,]+ km; trụ sở phải nằm trong xã của mình/);
      const awayEn = await patch(hq.id, { version: hq.version, lon: elsewhere.lon, lat: elsewhere.lat }, 'en');
      expect(awayEn.json().message).toMatch(/^lon\/lat: the point is [\d.]+ km outside commune 99011 /);
      expect(await hqOf('99011')).toEqual(hq);

      const moved = await patch(hq.id, { version: hq.version, lon: inside.lon, lat: inside.lat });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ id: hq.id, communeCode: '99011', version: hq.version + 1 });
      const [stored] = await h.db.query<{ d: number }>(
        `SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS d FROM police_hq WHERE id = $1`,
        [hq.id, inside.lon, inside.lat],
      );
      expect(stored.d).toBeLessThan(0.2);
      // The map's HQ layer and the commune panel read the new position.
      const map = (await h.as('admin', { method: 'GET', url: `/api/hqs?asOf=${TEST_TODAY}&province=99` })).json() as {
        features: { geometry: { coordinates: number[] }; properties: HqProperties }[];
      };
      const drawn = map.features.find((f) => f.properties.id === hq.id)!;
      expect(drawn.geometry.coordinates[0]).toBeCloseTo(inside.lon, 5);
      expect(drawn.geometry.coordinates[1]).toBeCloseTo(inside.lat, 5);
      const detail = (await h.as('admin', { method: 'GET', url: `/api/communes/99011?asOf=${TEST_TODAY}` })).json() as CommuneDetail;
      const panel = detail.properties.hqs.find((x) => x.id === hq.id)!;
      expect(panel.lon).toBeCloseTo(inside.lon, 5);
      expect(panel.lat).toBeCloseTo(inside.lat, 5);
      const [audit] = await h.db.query<{ before: { lon: number }; after: { lon: number } }>(
        `SELECT before, after FROM audit_log WHERE entity = 'police_hq' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
        [String(hq.id)],
      );
      expect(audit.after.lon).toBeCloseTo(inside.lon, 5);
      expect(audit.before.lon).not.toBeCloseTo(inside.lon, 5);
    });
  });
}
