import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { coverage } from '../../server/analysis/coverage.ts';
import { ellipsoidAreaKm2, geodesicCircle } from '../../server/analysis/geodesy.ts';
import type { CommuneFC, VillageFC } from '../../server/analysis/types.ts';
import { expectGolden, loadCase } from './analysis-fixtures.ts';

const ngon = (r: number, n = 64) => Math.PI * r * r * (n * Math.sin((2 * Math.PI) / n)) / (2 * Math.PI);
const run = (name: string) => {
  const c = loadCase(name);
  const villages = c.params.villages === 'empty' ? ({ type: 'FeatureCollection', features: [] } as VillageFC) : c.villages.features.length ? c.villages : undefined;
  return { c, r: coverage(c.communes, c.hqs, c.params.radiusKm as number, { villages }) };
};

describe('coverage', () => {
  it('an HQ exactly on the edge two communes share covers half its circle in each', async () => {
    const { r } = run('hq-on-commune-edge');
    const [a, b] = r.communes;
    expect(a.name).toBe('Xã Mường Nhé');
    expect(b.name).toBe('Phường Điện Biên Phủ');
    expect(Math.abs(a.coveredKm2 - b.coveredKm2)).toBeLessThan(1e-6);
    expect(Math.abs(r.totals.coveredKm2 - ngon(2)) / ngon(2)).toBeLessThan(1e-4);
    expect(r.totals.share).toBeCloseTo(r.totals.coveredKm2 / r.totals.areaKm2, 12);
    // Villages 1 (1 km west of the HQ) and 2 (≈1.2 km) are within 2 km; village 3 (≈5 km) is not.
    expect([a.coveredPopulation, b.coveredPopulation]).toEqual([420, 1310]);
    expect(r.totals).toMatchObject({ population: 1825, coveredPopulation: 1730 });
    expect(r.gaps.features.map((g) => g.properties.code)).toEqual(['11001', '11002']);
    expect(r.covered!.geometry.type).toBe('Polygon');
    await expectGolden('hq-on-commune-edge', r);
  });

  it('radius 0 covers no area, but a village exactly at an HQ is within 0 km', async () => {
    const { r } = run('radius-zero');
    expect(r.covered).toBeNull();
    expect(r.communes.every((c) => c.coveredKm2 === 0 && c.share === 0)).toBe(true);
    expect(r.gaps.features).toHaveLength(2);
    expect(r.communes[0]).toMatchObject({ population: 1000, coveredPopulation: 800 });
    await expectGolden('radius-zero', r);
  });

  it('a commune in two parts: the gap keeps a hole where the circle is and the whole other part', async () => {
    const { c, r } = run('multipolygon-commune');
    const [row] = r.communes;
    expect(row.areaKm2).toBeCloseTo(ellipsoidAreaKm2(c.communes.features[0].geometry), 9);
    expect(Math.abs(row.coveredKm2 - ngon(1)) / ngon(1)).toBeLessThan(1e-8);
    const gap = r.gaps.features[0].geometry;
    expect(gap.type).toBe('MultiPolygon');
    expect(gap.coordinates).toHaveLength(2);
    expect(gap.coordinates.map((p) => p.length).sort()).toEqual([1, 2]);
    expect(r.gaps.features[0].properties.areaKm2).toBeCloseTo(row.areaKm2 - row.coveredKm2, 6);
    expect(row).toMatchObject({ population: 800, coveredPopulation: 300 });
    await expectGolden('multipolygon-commune', r);
  });

  it('with no HQ nothing is covered and every commune is a gap', async () => {
    const { r } = run('empty-hqs');
    expect(r.covered).toBeNull();
    expect(r.totals).toMatchObject({ coveredKm2: 0, share: 0, population: 150, coveredPopulation: 0 });
    expect(r.gaps.features.map((g) => g.properties.areaKm2)).toEqual(r.communes.map((c) => c.areaKm2));
    await expectGolden('empty-hqs', r);
  });

  it('an empty village list gives population 0, not unknown; no village list gives null', async () => {
    const { c, r } = run('empty-villages');
    expect(r.totals).toMatchObject({ population: 0, coveredPopulation: 0 });
    expect(r.communes.every((x) => x.population === 0 && x.coveredPopulation === 0)).toBe(true);
    expect(coverage(c.communes, c.hqs, 3).totals).toMatchObject({ population: null, coveredPopulation: null });
    await expectGolden('empty-villages', r);
  });

  it('a circle larger than the commune covers all of it (share 1, no gap)', () => {
    const { c } = run('hq-on-commune-edge');
    const r = coverage(c.communes, c.hqs, 20);
    expect(r.communes.map((x) => x.share)).toEqual([1, 1]);
    expect(r.gaps.features).toEqual([]);
  });

  it('counts a village for the commune it belongs to and ignores villages of communes not given', () => {
    const { c } = run('hq-on-commune-edge');
    const villages: VillageFC = { ...c.villages, features: [...c.villages.features, { ...c.villages.features[0], properties: { ...c.villages.features[0].properties, id: 99, communeCode: '99999' } }] };
    expect(coverage(c.communes, c.hqs, 2, { villages }).totals.population).toBe(1825);
  });

  it('refuses bad input with a message naming what is wrong', () => {
    const { c } = run('hq-on-commune-edge');
    expect(() => coverage(c.communes, c.hqs, -1)).toThrow('radiusKm must not be negative, got -1');
    expect(() => coverage(c.communes, c.hqs, Number.NaN)).toThrow('radiusKm must be a finite number');
    expect(() => coverage(c.communes, c.hqs, 2, { steps: 3 })).toThrow('steps must be an integer from 8 to 1024, got 3');
    const empty = { ...c.communes, features: [{ ...c.communes.features[0], geometry: { type: 'Polygon', coordinates: [] } as Polygon }] } as CommuneFC;
    expect(() => coverage(empty, c.hqs, 2)).toThrow('commune 11001: empty geometry');
    const open = { ...c.communes, features: [{ ...c.communes.features[0], geometry: { type: 'Polygon', coordinates: [[[103, 21], [104, 21], [104, 22], [103, 22]]] } as Polygon }] } as CommuneFC;
    expect(() => coverage(open, c.hqs, 2)).toThrow('commune 11001: ring not closed');
    const twice = { ...c.communes, features: [c.communes.features[0], c.communes.features[0]] } as CommuneFC;
    expect(() => coverage(twice, c.hqs, 2)).toThrow('commune 11001: code appears more than once');
    const badHq = { ...c.hqs, features: [{ ...c.hqs.features[0], geometry: { type: 'Point', coordinates: [203, 21] } }] } as typeof c.hqs;
    expect(() => coverage(c.communes, badHq, 2)).toThrow('HQ 1: position [203,21] is outside lon −180..180');
    const badVillage = { ...c.villages, features: [{ ...c.villages.features[0], properties: { ...c.villages.features[0].properties, population: -5 } }] } as VillageFC;
    expect(() => coverage(c.communes, c.hqs, 2, { villages: badVillage })).toThrow('village 1: population must be a non-negative number, got -5');
    expect(() => coverage({ type: 'Feature' } as unknown as CommuneFC, c.hqs, 2)).toThrow('communes: expected a GeoJSON FeatureCollection');
  });

  it('more circle steps bring the covered area closer to the true circle (64 → −0.16 %, 256 → −0.01 %)', () => {
    const { c } = run('multipolygon-commune');
    const circle = Math.PI;
    const at = (steps: number) => coverage(c.communes, c.hqs, 1, { steps }).totals.coveredKm2;
    expect((at(64) - circle) / circle).toBeCloseTo(-0.0016, 4);
    expect((at(256) - circle) / circle).toBeCloseTo(-0.0001, 4);
    expect(ellipsoidAreaKm2(geodesicCircle([103.015, 21.415], 1, 256) as Polygon)).toBeCloseTo(at(256), 9);
  });
});

