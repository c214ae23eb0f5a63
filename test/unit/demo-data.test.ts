import { describe, it, expect } from 'vitest';
import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import { generateDemoDataset } from '../../data/demo/generate.ts';
import type { Dated, ProvinceDataset } from '../../data/demo/types.ts';
import { STATUS_KINDS, type StatusKind } from '../../server/domain.ts';

const AS_OF = '2025-12-31';
const d = generateDemoDataset();

const inForce = (r: Dated, date: string) => r.validFrom <= date && (r.validTo === null || r.validTo > date);
const currentCount = (kind: StatusKind, value: string) =>
  new Set(d.statuses.filter((s) => s.kind === kind && s.value === value && inForce(s, AS_OF)).map((s) => s.communeCode)).size;

/** Records must follow each other without overlap: sorted by start, each starts no earlier than the previous ends. */
function overlaps(records: Dated[]): boolean {
  const sorted = [...records].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  return sorted.some((r, i) => i > 0 && (sorted[i - 1].validTo === null || sorted[i - 1].validTo! > r.validFrom));
}

const closed = (ring: Position[]) => ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1];

describe('generateDemoDataset', () => {
  it('is deterministic: the same seed gives a byte-identical dataset', () => {
    const again = generateDemoDataset();
    expect(again).toEqual(d);
    expect(JSON.stringify(again)).toBe(JSON.stringify(d));
  });

  it('gives a different dataset for a different seed', () => {
    const other = generateDemoDataset(7);
    expect(other.communes).toHaveLength(45);
    expect(JSON.stringify(other.communes)).not.toBe(JSON.stringify(d.communes));
  });

  it('labels the province as demo data, under the unused code 99', () => {
    expect(d.province.code).toBe('99');
    expect(d.province.isDemo).toBe(true);
    expect(d.province.name).toMatch(/Demo/);
    expect(d.province.source).toMatch(/Natural Earth/);
    expect(d.province.geom.type).toBe('MultiPolygon');
  });

  it('has 45 communes with unique 5-digit codes 99001–99045 in order', () => {
    const codes = d.communes.map((c) => c.code);
    expect(codes).toHaveLength(45);
    expect(new Set(codes).size).toBe(45);
    for (const code of codes) expect(code).toMatch(/^99\d{3}$/);
    expect(codes).toEqual([...codes].sort());
    expect(codes[0]).toBe('99001');
    expect(codes[44]).toBe('99045');
  });

  it('has three wards and 42 communes, named with the matching prefix', () => {
    expect(d.communes.filter((c) => c.kind === 'ward')).toHaveLength(3);
    for (const c of d.communes) expect(c.name).toMatch(c.kind === 'ward' ? /^Phường \S/ : /^Xã \S/);
  });

  it('names communes uniquely, in NFC Vietnamese with diacritics, at least one with đ', () => {
    const names = d.communes.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(n.trim()).not.toBe('');
      expect(n).toBe(n.normalize('NFC'));
    }
    const diacritics = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
    expect(names.filter((n) => diacritics.test(n)).length).toBeGreaterThan(35);
    expect(names.some((n) => /[đĐ]/.test(n))).toBe(true);
  });

  it('gives every commune a valid MultiPolygon: closed rings of ≥ 4 positions, no self-intersections', () => {
    for (const c of d.communes) {
      expect(c.geom.type).toBe('MultiPolygon');
      expect(c.geom.coordinates.length).toBeGreaterThan(0);
      for (const polygon of c.geom.coordinates) {
        expect(polygon.length).toBeGreaterThan(0);
        for (const ring of polygon) {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(closed(ring)).toBe(true);
          expect(turf.kinks(turf.polygon([ring])).features, `${c.code} self-intersects`).toHaveLength(0);
        }
      }
    }
  });

  it('tiles the province: commune areas add up to the province area (no overlaps, no gaps)', () => {
    const province = turf.area(d.province.geom);
    const sum = d.communes.reduce((s, c) => s + turf.area(c.geom), 0);
    expect(Math.abs(sum - province) / province).toBeLessThan(0.005);
    expect(province / 1e6).toBeGreaterThan(8500);
    expect(province / 1e6).toBeLessThan(10500);
  });

  it('has about 15 key-and-complex communes as of 2025-12-31 and none before 2019', () => {
    expect(currentCount('key_complex', 'key_complex')).toBeGreaterThanOrEqual(12);
    expect(currentCount('key_complex', 'key_complex')).toBeLessThanOrEqual(18);
    expect(d.statuses.filter((s) => s.kind === 'key_complex' && s.validFrom < '2019-01-01')).toHaveLength(0);
    expect(d.statuses.some((s) => s.kind === 'key_complex' && s.validTo !== null)).toBe(true);
  });

  it('has about 32 drug key areas as of 2025-12-31', () => {
    expect(currentCount('drug_key_area', 'drug_key_area')).toBeGreaterThanOrEqual(28);
    expect(currentCount('drug_key_area', 'drug_key_area')).toBeLessThanOrEqual(36);
  });

  it('has about two thirds of the 45 commune police HQs independent as of 2025-12-31', () => {
    expect(d.hqs).toHaveLength(45);
    const independent = d.hqs.filter((h) => h.history.some((r) => r.status === 'independent' && inForce(r, AS_OF))).length;
    expect(independent / 45).toBeGreaterThan(0.55);
    expect(independent / 45).toBeLessThan(0.8);
  });

  it('uses only status values of the domain vocabulary', () => {
    for (const s of d.statuses) expect(STATUS_KINDS[s.kind].values as readonly string[]).toContain(s.value);
  });

  it('keeps status records non-overlapping per commune and kind, each ending after it starts', () => {
    const groups = new Map<string, Dated[]>();
    for (const s of d.statuses) {
      if (s.validTo !== null) expect(s.validTo > s.validFrom, `${s.communeCode} ${s.kind} ${s.validFrom}`).toBe(true);
      if (s.decisionDate !== null) expect(s.decisionDate <= s.validFrom).toBe(true);
      const key = `${s.communeCode}/${s.kind}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const [key, records] of groups) expect(overlaps(records), key).toBe(false);
  });

  it('keeps every HQ status history non-overlapping, each record ending after it starts', () => {
    for (const h of d.hqs) {
      for (const r of h.history) if (r.validTo !== null) expect(r.validTo > r.validFrom).toBe(true);
      expect(overlaps(h.history), h.communeCode).toBe(false);
    }
  });

  it('has a national border with both Laos and China', () => {
    expect(d.borders.map((b) => b.countryCode).sort()).toEqual(['CHN', 'LAO']);
    for (const b of d.borders) {
      expect(b.geom.type).toBe('MultiLineString');
      expect(turf.length(turf.multiLineString(b.geom.coordinates))).toBeGreaterThan(5);
    }
  });

  it('places every border gate inside the province, within 1 km of its country’s border line', () => {
    expect(d.borderGates.length).toBeGreaterThanOrEqual(4);
    expect(d.borderGates.some((g) => g.countryCode === 'CHN')).toBe(true);
    expect(d.borderGates.filter((g) => g.level === 'international')).toHaveLength(1);
    for (const g of d.borderGates) {
      const border = d.borders.find((b) => b.countryCode === g.countryCode)!;
      const km = Math.min(
        ...border.geom.coordinates.map((line) => turf.pointToLineDistance(g.geom, turf.lineString(line), { units: 'kilometers' })),
      );
      expect(km, g.name).toBeLessThan(1);
      expect(turf.booleanPointInPolygon(g.geom, d.province.geom), g.name).toBe(true);
    }
  });

  it('refers only to existing communes', () => {
    const codes = new Set(d.communes.map((c) => c.code));
    const refs: { what: string; communeCode: string }[] = [
      ...d.statuses.map((s) => ({ what: 'status', communeCode: s.communeCode })),
      ...d.borderGates.map((g) => ({ what: 'gate', communeCode: g.communeCode })),
      ...d.hqs.map((h) => ({ what: 'hq', communeCode: h.communeCode })),
      ...d.teams.map((t) => ({ what: 'teams', communeCode: t.communeCode })),
      ...d.models.map((m) => ({ what: 'model', communeCode: m.communeCode })),
      ...d.villages.map((v) => ({ what: 'village', communeCode: v.communeCode })),
    ];
    for (const r of refs) expect(codes.has(r.communeCode), `${r.what} → ${r.communeCode}`).toBe(true);
  });

  it('places HQs, villages and model activity points inside their own commune', () => {
    const byCode = new Map<string, ProvinceDataset['communes'][number]>(d.communes.map((c) => [c.code, c]));
    const points = [
      ...d.hqs.map((h) => ({ code: h.communeCode, geom: h.geom })),
      ...d.villages.map((v) => ({ code: v.communeCode, geom: v.geom })),
      ...d.models.flatMap((m) => m.points.map((p) => ({ code: m.communeCode, geom: p.geom }))),
    ];
    for (const p of points) expect(turf.booleanPointInPolygon(p.geom, byCode.get(p.code)!.geom), p.code).toBe(true);
  });
});
