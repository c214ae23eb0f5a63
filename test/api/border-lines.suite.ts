import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { geodataDir, hasGeodata, inCi } from '../support/env.ts';
import { writeProvinceDataset } from '../../server/repositories/dataset.ts';
import { writeBundledBorder } from '../../server/reference-border.ts';
import { dienBienDataset } from './conformance.suite.ts';

/** The bundled national border lines, the border-line import and what both mean for the border communes. */
export function borderLinesSuite(h: Harness) {
  const upload = (step: 'preview' | 'commit', body: Buffer | string, query = 'file=lines.geojson', who: 'admin' | 'commanderAll' | 'borderAll' = 'admin', lang = 'en') =>
    h.as(who, {
      method: 'POST',
      url: `/api/import/borders/${step}?${query}`,
      payload: body,
      headers: { 'content-type': 'application/octet-stream', 'accept-language': lang },
    });
  const fc = (features: unknown[], extra: object = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });
  const line = (coordinates: number[][], properties: object = {}) => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates } });
  /** Everything an import may write. */
  const state = async () =>
    (
      await h.db.query<{ lines: number; fingerprint: string; audits: number; borderCommunes: number }>(
        `SELECT (SELECT count(*)::int FROM national_border) AS lines,
           (SELECT string_agg(country_code || ':' || md5(ST_AsBinary(geom)), ',' ORDER BY id) FROM national_border) AS fingerprint,
           (SELECT count(*)::int FROM audit_log WHERE entity = 'national_border') AS audits,
           (SELECT count(*)::int FROM border_commune) AS "borderCommunes"`,
      )
    )[0];

  afterAll(async () => {
    // Other suites see the bundled lines again.
    await h.db.transaction((tx) => writeBundledBorder(tx));
  });

  describe('bundled lines', () => {
    it('holds the land border with China, Laos and Cambodia, of plausible lengths', async () => {
      const res = await h.as('admin', { method: 'GET', url: '/api/borders' });
      expect(res.statusCode).toBe(200);
      const lines = res.json().features as { properties: { countryCode: string; lengthKm: number } }[];
      const km = Object.fromEntries(lines.map((f) => [f.properties.countryCode, f.properties.lengthKm]));
      expect(Object.keys(km).sort()).toEqual(['CHN', 'KHM', 'LAO']);
      // Official figures: China 1,449 km, Laos 2,337 km, Cambodia 1,137 km; the OSM land polygons give a little less
      // along rivers (their Vietnamese bank) and generalised bends.
      expect(km.CHN).toBeGreaterThan(1300);
      expect(km.CHN).toBeLessThan(1500);
      expect(km.LAO).toBeGreaterThan(2100);
      expect(km.LAO).toBeLessThan(2400);
      expect(km.KHM).toBeGreaterThan(1050);
      expect(km.KHM).toBeLessThan(1250);
      const [{ sources }] = await h.db.query<{ sources: string[] }>(`SELECT array_agg(DISTINCT source) AS sources FROM national_border`);
      expect(sources.every((s) => /OpenStreetMap/.test(s) && /ODbL/.test(s))).toBe(true);
    });

    it('gives the demo province border communes facing Laos and China', async () => {
      const rows = await h.db.query<{ country: string; n: number }>(
        `SELECT country_code AS country, count(*)::int AS n FROM border_commune_country WHERE commune_code LIKE '99%' GROUP BY 1 ORDER BY 1`,
      );
      const n = Object.fromEntries(rows.map((r) => [r.country, r.n]));
      expect(n.LAO).toBeGreaterThanOrEqual(8);
      expect(n.CHN).toBeGreaterThanOrEqual(1);
      expect(n.KHM).toBeUndefined();
    });
  });

  describe.skipIf(!hasGeodata && !inCi)('on the real Điện Biên communes', () => {
    let loadedHere = false;
    const ensureDienBien = async () => {
      const [{ n }] = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM commune WHERE province_code = '11'`);
      if (n > 0) return;
      const { dataset } = dienBienDataset();
      await h.db.transaction((tx) => writeProvinceDataset(tx, dataset));
      loadedHere = true;
    };
    afterAll(async () => {
      if (!loadedHere) return;
      await h.db.transaction(async (tx) => {
        await tx.query(`DELETE FROM commune WHERE province_code = '11'`);
        await tx.query(`DELETE FROM province WHERE code = '11'`);
      });
    });
    const facing = async (country: string) =>
      (
        await h.db.query<{ code: string }>(
          `SELECT x.commune_code AS code FROM border_commune_country x JOIN commune c ON c.code = x.commune_code
           WHERE c.province_code = '11' AND x.country_code = $1 ORDER BY 1`,
          [country],
        )
      ).map((r) => r.code);
    /** Independent of the derivation: communes within the setting's distance of the country's stored line. */
    const within = async (country: string) =>
      (
        await h.db.query<{ code: string }>(
          `SELECT c.code FROM commune c, border_setting s WHERE c.province_code = '11'
             AND EXISTS (SELECT 1 FROM national_border b WHERE b.country_code = $1
               AND ST_DWithin(c.geom, b.geom, 0.05) AND ST_DWithin(c.geom::geography, b.geom::geography, s.distance_m))
           ORDER BY 1`,
          [country],
        )
      ).map((r) => r.code);

    it('derives at least 15 border communes from the bundled lines at the default distance', async () => {
      await ensureDienBien();
      const lao = await facing('LAO');
      const chn = await facing('CHN');
      const all = new Set([...lao, ...chn]);
      expect(all.size).toBeGreaterThanOrEqual(15);
      // Sín Thầu holds the Vietnam–Laos–China tri-point; the provincial capital lies far inland.
      expect(chn).toContain('03158');
      expect(lao).toContain('03158');
      expect(all.has('03127')).toBe(false);
      expect(lao).toEqual(await within('LAO'));
      expect(chn).toEqual(await within('CHN'));
    }, 120_000);

    it('imports the OSM-derived lines of the shared data (country from iso_b) and derives what PostGIS finds directly', async () => {
      await ensureDienBien();
      const file = readFileSync(`${geodataDir}/borders/vn_laos_china_border_lines.geojson`);
      const before = await state();
      const preview = await upload('preview', file, 'file=vn_laos_china_border_lines.geojson');
      expect(preview.statusCode, preview.body).toBe(200);
      const p = preview.json();
      expect(p.countries.map((c: { country: string }) => c.country)).toEqual(['CHN', 'LAO']);
      for (const c of p.countries) {
        // The same OSM border, derived another way (the edges the two polygons share): the bundled line is those edges
        // plus the crossings of the gaps between them, and for China the Beilun estuary below the last shared edge,
        // which the reference lacks (≈ 2.2 km from its end).
        expect(c.distanceFromCurrentM).toBeLessThan(c.country === 'LAO' ? 50 : 2500);
        expect(Math.abs(c.lengthKm - c.currentLengthKm) / c.currentLengthKm).toBeLessThan(0.02);
      }
      expect(await state()).toEqual(before);

      const commit = await upload('commit', file, 'file=vn_laos_china_border_lines.geojson');
      expect(commit.statusCode, commit.body).toBe(200);
      const after = await state();
      expect(after.audits).toBe(before.audits + 1);
      expect(after.lines).toBe(before.lines);
      const rows = await h.db.query<{ country: string; source: string }>(`SELECT country_code AS country, source FROM national_border ORDER BY 1`);
      expect(rows.map((r) => r.country)).toEqual(['CHN', 'KHM', 'LAO']);
      expect(rows.find((r) => r.country === 'LAO')!.source).toBe('import: vn_laos_china_border_lines.geojson');
      expect(rows.find((r) => r.country === 'KHM')!.source).toMatch(/OpenStreetMap/);
      for (const country of ['LAO', 'CHN']) expect(await facing(country)).toEqual(await within(country));
      expect((await facing('LAO')).length).toBeGreaterThanOrEqual(12);
      expect(await facing('CHN')).toContain('03158');
      // What the preview announced is what the commit did.
      for (const c of p.countries) {
        expect(commit.json().countries.find((x: { country: string }) => x.country === c.country).communesAfter).toBe(c.communesAfter);
      }
    }, 240_000);
  });

  describe('refuses bad files, writing nothing', () => {
    const refused = async (body: Buffer | string, query: string, message: RegExp) => {
      const before = await state();
      for (const step of ['preview', 'commit'] as const) {
        const res = await upload(step, body, query);
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().message).toMatch(message);
      }
      expect(await state()).toEqual(before);
    };
    const ok = line([[103.0, 21.5], [103.1, 21.6]]);

    it('points', () => refused(fc([{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [103, 21.5] } }]), 'country=LAO', /feature 1: Point is not a line/));
    it('a polygon', () =>
      refused(
        fc([ok, ok, { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[103, 21], [103.1, 21], [103.1, 21.1], [103, 21]]] } }]),
        'country=LAO',
        /feature 3: Polygon is not a line; border lines must be LineString or MultiLineString/,
      ));
    it('an unsupported coordinate system', () =>
      refused(fc([ok], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::99999' } } }), 'country=LAO', /99999/));
    it('projected coordinates declared as WGS 84', () => refused(fc([line([[500000, 2400000], [501000, 2401000]])]), 'country=LAO', /feature 1: coordinates .* are not longitude\/latitude/));
    it('an unknown country in the request', () => refused(fc([ok]), 'country=FRA', /FRA/));
    it('an unknown or missing country in the properties', async () => {
      await refused(fc([line([[103, 21.5], [103.1, 21.6]], { iso_b: 'THA' })]), 'file=x', /feature 1: iso_b "THA" is not a country/);
      await refused(fc([ok]), 'file=x', /feature 1: no country/);
    });
    it('an empty collection', () => refused(fc([]), 'country=LAO', /no features/));
    it('garbage bytes', () => refused(Buffer.from([0x00, 0x9f, 0x92, 0x96, 0xff, 0x01]), 'country=LAO', /neither GeoJSON|malformed JSON/));
    it('says it in Vietnamese when asked', async () => {
      const res = await upload('preview', fc([{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [103, 21.5] } }]), 'country=LAO', 'admin', 'vi');
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/đối tượng 1: Point không phải là đường/);
    });
  });

  it('is for administrators only', async () => {
    const body = fc([line([[103.0, 21.5], [103.1, 21.6]])]);
    for (const who of ['commanderAll', 'borderAll'] as const) {
      for (const step of ['preview', 'commit'] as const) expect((await upload(step, body, 'country=LAO', who)).statusCode).toBe(403);
    }
  });
}
