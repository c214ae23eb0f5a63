import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import type { FeatureCollection, Point } from 'geojson';
import { geodesicKm } from '../../server/analysis/geodesy.ts';
import { borderProximity, communesWithinBorder, interiorPoints, nearestHq, nearestOtherHq } from '../../server/analysis/proximity.ts';
import type { BorderFC, CommuneFC, GateFC } from '../../server/analysis/types.ts';
import { expectGolden, loadCase } from './analysis-fixtures.ts';

const noGates: GateFC = { type: 'FeatureCollection', features: [] };

describe('nearest HQ', () => {
  it('finds the nearest HQ of each commune and village; on equal distance the smaller id wins', async () => {
    const c = loadCase('nearest-hq');
    const pts = interiorPoints(c.communes);
    const targets: FeatureCollection<Point, { id: string | number }> = {
      type: 'FeatureCollection',
      features: [...pts.features.map((f) => ({ ...f, properties: { id: f.properties.code } })), ...c.villages.features.map((f) => ({ ...f, properties: { id: f.properties.id } }))],
    };
    const r = nearestHq(targets, c.hqs);
    expect(r.map((x) => [x.targetId, x.hqId])).toEqual([['11001', 5], ['11002', 2], [1, 2], [2, 2]]);
    // Village 1 is exactly half-way: both HQs are at the same distance.
    expect(geodesicKm([103.0625, 21.42], [103.03125, 21.42])).toBe(geodesicKm([103.0625, 21.42], [103.09375, 21.42]));
    expect(r[2].distanceKm).toBeCloseTo(geodesicKm([103.0625, 21.42], [103.09375, 21.42]), 12);
    expect(r[1].hqName).toBe('Công an phường Điện Biên Phủ');
    await expectGolden('nearest-hq', { interiorPoints: pts, nearest: r });
  });

  it('answers nothing when there is no HQ, and refuses targets without an id', () => {
    const c = loadCase('nearest-hq');
    const targets = { ...c.villages, features: c.villages.features.map((f) => ({ ...f, properties: { id: f.properties.id } })) };
    expect(nearestHq(targets, { type: 'FeatureCollection', features: [] })).toEqual([]);
    const noId = { ...targets, features: [{ ...targets.features[0], properties: {} }] } as never;
    expect(() => nearestHq(noId, c.hqs)).toThrow('target #0: properties.id must be a string or number');
    const line = { ...targets, features: [{ ...targets.features[0], geometry: { type: 'LineString', coordinates: [[103, 21], [104, 21]] } }] } as never;
    expect(() => nearestHq(line, c.hqs)).toThrow('target 1: geometry must be a Point, got LineString');
  });
});

describe('nearest HQ of another commune', () => {
  const hq = (id: number, communeCode: string, lon: number) => ({
    type: 'Feature' as const,
    properties: { id, name: `Công an xã ${id}`, communeCode, status: 'independent' },
    geometry: { type: 'Point' as const, coordinates: [lon, 21] },
  });
  const at = (id: string, lon: number) => ({ type: 'Feature' as const, properties: { id }, geometry: { type: 'Point' as const, coordinates: [lon, 21] } });

  it('passes over the commune\'s own HQ (at 0 km) and measures the nearest one of another commune geodesically', () => {
    const hqs = { type: 'FeatureCollection' as const, features: [hq(1, '01', 103), hq(2, '02', 103.1), hq(3, '03', 103.3), hq(4, '01', 103.01)] };
    const r = nearestOtherHq({ type: 'FeatureCollection', features: [at('01', 103), at('03', 103.3)] }, hqs);
    expect(r.map((x) => [x.targetId, x.hqId])).toEqual([['01', 2], ['03', 2]]);
    expect(r[0].distanceKm).toBeCloseTo(geodesicKm([103, 21], [103.1, 21]), 12);
    expect(r[1].distanceKm).toBeCloseTo(geodesicKm([103.3, 21], [103.1, 21]), 12);
    // The plain nearest HQ of 01 is its own, at 0 km: the answer the other one completes.
    expect(nearestHq({ type: 'FeatureCollection', features: [at('01', 103)] }, hqs)[0]).toMatchObject({ hqId: 1, distanceKm: 0 });
  });

  it('leaves out a commune whose HQs are the only ones', () => {
    const hqs = { type: 'FeatureCollection' as const, features: [hq(1, '01', 103)] };
    expect(nearestOtherHq({ type: 'FeatureCollection', features: [at('01', 103)] }, hqs)).toEqual([]);
  });
});

describe('interior points', () => {
  it('lie strictly inside each commune, also for a crescent whose centre is outside it and for a commune in two parts', () => {
    const crescent: CommuneFC = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '11005', name: 'Xã Mường Lói' }, geometry: { type: 'Polygon', coordinates: [[[103, 21], [103.1, 21], [103.1, 21.1], [103, 21.1], [103, 21.09], [103.09, 21.09], [103.09, 21.01], [103, 21.01], [103, 21]]] } },
        loadCase('multipolygon-commune').communes.features[0],
      ],
    };
    const pts = interiorPoints(crescent);
    pts.features.forEach((p, i) => expect(booleanPointInPolygon(p, crescent.features[i].geometry, { ignoreBoundary: true })).toBe(true));
    expect(pts.features.map((p) => p.properties.name)).toEqual(['Xã Mường Lói', 'Xã Sín Thầu']);
  });
});

describe('border proximity', () => {
  it('0 for a commune touching the border, the mid-edge distance otherwise, gates on the border line at 0 from the commune they touch', async () => {
    const c = loadCase('points-on-border');
    const r = borderProximity(c.communes, c.border, c.gates);
    const [touching, south] = r;
    expect(touching).toMatchObject({ code: '11001', borderKm: 0, countryCode: 'LAO', nearestGateId: 3, nearestGateName: 'Cửa khẩu Huổi Puốc', gateKm: 0 });
    // The south commune's nearest border is the Laos line along 21.45° N: about a meridian arc from its north
    // edge (edges are great circles, which bow up to a metre north of the parallels here).
    const arc = geodesicKm([103.02, 21.35], [103.02, 21.45]);
    expect(south.countryCode).toBe('LAO');
    expect(Math.abs(south.borderKm - arc)).toBeLessThan(0.001);
    expect(Math.abs(south.gateKm! - arc)).toBeLessThan(0.001);
    await expectGolden('points-on-border', r);
  });

  it('measures to the middle of a long border segment, far nearer than any of its vertices', () => {
    const c = loadCase('points-on-border');
    const china: BorderFC = { ...c.border, features: c.border.features.filter((f) => f.properties.countryCode === 'CHN') };
    const [row] = borderProximity({ ...c.communes, features: [c.communes.features[0]] }, china, noGates);
    const meridian = geodesicKm([103.025, 21.45], [103.025, 21.5]);
    // The great circle between the two far vertices bows a few metres north of the parallel.
    expect(row.borderKm).toBeGreaterThan(meridian);
    expect(row.borderKm).toBeLessThan(meridian + 0.01);
    expect(geodesicKm([103.0, 21.45], [102.9, 21.5])).toBeGreaterThan(11);
    expect(row).toMatchObject({ countryCode: 'CHN', nearestGateId: null, nearestGateName: null, gateKm: null });
  });

  it('lists the communes within N km of the border, nearest first', () => {
    const c = loadCase('points-on-border');
    expect(communesWithinBorder(c.communes, c.border, 0)).toEqual(['11001']);
    expect(communesWithinBorder(c.communes, c.border, 5.6)).toEqual(['11001']);
    expect(communesWithinBorder(c.communes, c.border, 12)).toEqual(['11001', '11004']);
    expect(() => communesWithinBorder(c.communes, c.border, -2)).toThrow('km must not be negative, got -2');
    expect(() => communesWithinBorder(c.communes, { type: 'FeatureCollection', features: [] }, 2)).toThrow('border: no border line given');
    const emptyLine = { ...c.border, features: [{ ...c.border.features[0], geometry: { type: 'LineString', coordinates: [] } }] } as BorderFC;
    expect(() => communesWithinBorder(c.communes, emptyLine, 2)).toThrow('border line LAO: empty geometry');
  });
});
