import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { Harness } from '../support/harness.ts';
import { geodataDir, hasGeodata, inCi } from '../support/env.ts';
import { writeProvinceDataset } from '../../server/repositories/dataset.ts';
import type { ProvinceDataset } from '../../data/demo/types.ts';
import type { Queryable } from '../../server/db/client.ts';

interface SourceProps {
  ma_xa: string;
  ten: string;
  loai: string;
  dan_so: number;
  dien_tich_km2: number;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(`${geodataDir}/${path}`, 'utf8')) as T;
const toMulti = (g: Polygon | MultiPolygon): MultiPolygon => (g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g);
const toMultiLine = (g: LineString | MultiLineString): MultiLineString =>
  g.type === 'LineString' ? { type: 'MultiLineString', coordinates: [g.coordinates] } : g;

/**
 * Writes the dataset and its border lines (the seeder leaves the national border to the bundled lines; these tests
 * use the OSM lines clipped to Điện Biên).
 */
export async function writeWithBorders(tx: Queryable, dataset: ProvinceDataset) {
  const report = await writeProvinceDataset(tx, dataset);
  await tx.query(
    `INSERT INTO national_border (country_code, name, source, geom)
     SELECT x."countryCode", x.name, x.source, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.geom), 4326))
     FROM json_to_recordset($1::json) AS x("countryCode" text, name text, source text, geom text)`,
    [JSON.stringify(dataset.borders.map((b) => ({ ...b, geom: JSON.stringify(b.geom) })))],
  );
  return report;
}

/** Điện Biên 2025 from ../shared/geodata as a dataset: the same write path a real province import takes. */
export function dienBienDataset(): { dataset: ProvinceDataset; source: Feature<Polygon, SourceProps>[] } {
  const communes = readJson<FeatureCollection<Polygon, SourceProps>>('dienbien/dienbien_communes_2025.geojson');
  const outline = readJson<FeatureCollection<MultiPolygon>>('dienbien/dienbien_province_outline.geojson');
  const borders = readJson<FeatureCollection<LineString | MultiLineString, { iso_b: string; border: string }>>('dienbien/dienbien_border_lines.geojson');
  const dataset: ProvinceDataset = {
    province: { code: '11', name: 'Điện Biên', isDemo: false, source: 'conformance test', geom: outline.features[0].geometry },
    communes: communes.features.map((f) => ({
      code: f.properties.ma_xa,
      name: f.properties.ten,
      kind: f.properties.loai === 'Phường' ? 'ward' : 'commune',
      population: f.properties.dan_so,
      geom: toMulti(f.geometry),
    })),
    borders: borders.features.map((f) => ({
      countryCode: f.properties.iso_b as 'LAO' | 'CHN',
      name: f.properties.border,
      source: 'OpenStreetMap (ODbL)',
      geom: toMultiLine(f.geometry),
    })),
    borderGates: [],
    statuses: [],
    hqs: [],
    teams: [],
    models: [],
    villages: [],
    indicators: [],
  };
  return { dataset, source: communes.features };
}

class Rollback extends Error {}

export function conformanceSuite(h: Harness) {
  describe.skipIf(!hasGeodata && !inCi)('conformance on real Điện Biên boundaries (2025)', () => {
    it('loads the 45 communes with official codes, names with diacritics, valid geometry and the right total area', async () => {
      const { dataset, source } = dienBienDataset();
      const turfAreaKm2 = source.reduce((s, f) => s + turf.area(f), 0) / 1e6;
      await expect(
        h.db.transaction(async (tx) => {
          const report = await writeWithBorders(tx, dataset);
          // The source documents one self-intersecting ring (03368 Xã Mường Nhà); it must be repaired and reported.
          expect(report.repairs.map((r) => r.code)).toContain('03368');

          const rows = await tx.query<{ code: string; name: string; valid: boolean; area: number }>(
            `SELECT code, name, ST_IsValid(geom) AS valid, area_km2 AS area FROM commune WHERE province_code = '11' ORDER BY code`,
          );
          expect(rows.map((r) => r.code)).toEqual(source.map((f) => f.properties.ma_xa).sort());
          const byCode = new Map(rows.map((r) => [r.code, r]));
          for (const f of source) {
            expect(byCode.get(f.properties.ma_xa)!.name).toBe(f.properties.ten);
          }
          expect(byCode.get('03127')!.name).toBe('Phường Điện Biên Phủ');
          expect(rows.every((r) => r.valid)).toBe(true);

          const dbTotal = rows.reduce((s, r) => s + r.area, 0);
          const [{ pgTotal }] = await tx.query<{ pgTotal: number }>(
            `SELECT sum(ST_Area(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(x.g), 4326))::geography)) / 1e6 AS "pgTotal"
             FROM json_to_recordset($1::json) AS x(g text)`,
            [JSON.stringify(source.map((f) => ({ g: JSON.stringify(f.geometry) })))],
          );
          // Stored areas agree with PostGIS geography on the raw input, with Turf's spherical area and with the
          // published figure (9,539 km²; the simplified source polygons differ from it slightly).
          expect(Math.abs(dbTotal - pgTotal) / pgTotal).toBeLessThan(0.001);
          expect(Math.abs(dbTotal - turfAreaKm2) / dbTotal).toBeLessThan(0.005);
          expect(Math.abs(dbTotal - 9539) / 9539).toBeLessThan(0.02);

          const borders = await tx.query<{ country: string; km: number }>(
            `SELECT country_code AS country, ST_Length(geom::geography) / 1000 AS km FROM national_border b
             WHERE EXISTS (SELECT 1 FROM province p WHERE p.code = '11' AND ST_DWithin(p.geom::geography, b.geom::geography, 1000))
               AND b.source = 'OpenStreetMap (ODbL)' ORDER BY country_code`,
          );
          expect(borders.map((b) => b.country)).toEqual(['CHN', 'LAO']);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
    });

    it('derives the border communes of Điện Biên facing Laos and China from the real boundaries and border', async () => {
      const { dataset } = dienBienDataset();
      await expect(
        h.db.transaction(async (tx) => {
          await writeWithBorders(tx, dataset);
          // Only the real (OpenStreetMap) border here: the demo's Natural Earth line follows the same border.
          await tx.query(`DELETE FROM national_border WHERE source <> 'OpenStreetMap (ODbL)'`);
          const derived = await tx.query<{ code: string; name: string; countries: string[]; distanceM: number }>(
            `SELECT c.code, c.name, b.countries, b.distance_m AS "distanceM" FROM border_commune b JOIN commune c ON c.code = b.commune_code
             WHERE c.province_code = '11' ORDER BY c.code`,
          );
          const independent = await tx.query<{ code: string }>(
            // (A planar 0.05° ≈ 5 km pre-filter first: the geodesic test alone takes seconds on the 394 km line.)
            `SELECT c.code FROM commune c WHERE c.province_code = '11'
               AND EXISTS (SELECT 1 FROM national_border b
                 WHERE ST_DWithin(c.geom, b.geom, 0.05) AND ST_DWithin(c.geom::geography, b.geom::geography, 1000)) ORDER BY 1`,
          );
          expect(derived.map((r) => r.code)).toEqual(independent.map((r) => r.code));
          // Plausible: a third of the 45 communes, along the 394 km with Laos and the 41.5 km with China.
          expect(derived.length).toBeGreaterThanOrEqual(12);
          expect(derived.length).toBeLessThanOrEqual(20);
          // Sín Thầu holds the Vietnam–Laos–China tri-point (A Pa Chải): the one commune facing China, and Laos too.
          expect(derived.filter((r) => r.countries.includes('CHN')).map((r) => r.code)).toEqual(['03158']);
          expect(derived.find((r) => r.code === '03158')!.countries).toEqual(['CHN', 'LAO']);
          // The provincial capital lies far inland.
          expect(derived.map((r) => r.code)).not.toContain('03127');
          const segments = await tx.query<{ country: string; reachKm: number; lineKm: number; shares: number }>(
            `SELECT x.country_code AS country,
               ST_Length(ST_Intersection((SELECT ST_Union(geom) FROM national_border b WHERE b.country_code = x.country_code),
                 ST_Union(bc.reach_area))::geography) / 1000 AS "reachKm",
               (SELECT sum(ST_Length(geom::geography)) FROM national_border b WHERE b.country_code = x.country_code) / 1000 AS "lineKm",
               sum(x.border_share) AS shares
             FROM border_commune_country x JOIN border_commune bc ON bc.commune_code = x.commune_code
             WHERE x.commune_code LIKE '03%' GROUP BY x.country_code ORDER BY 1`,
          );
          // The border communes reach (almost) the whole line clipped to the province; shares of overlapping reaches add up to ≥ 1.
          for (const s of segments) {
            expect(s.reachKm / s.lineKm).toBeGreaterThan(0.98);
            expect(s.shares).toBeGreaterThanOrEqual(0.999);
          }
          expect(segments.map((s) => s.country)).toEqual(['CHN', 'LAO']);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
    });
  });
}
