/** Input checks shared by the analyses: each throws a plain Error naming the offending feature. */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { HqFC, VillageFC } from './types.ts';
import { checkPosition } from './geodesy.ts';

export function checkRadius(km: number, what = 'radiusKm'): number {
  if (typeof km !== 'number' || !Number.isFinite(km)) throw new Error(`${what} must be a finite number, got ${String(km)}`);
  if (km < 0) throw new Error(`${what} must not be negative, got ${km}`);
  if (km > 1000) throw new Error(`${what} must be at most 1000 km, got ${km}`);
  return km;
}

export function checkCollection(fc: FeatureCollection | undefined, what: string): void {
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error(`${what}: expected a GeoJSON FeatureCollection`);
}

/** The name used in messages: `commune 99001`, `HQ 12`, or the feature's index when it has no identifier. */
export function label(what: string, f: Feature, i: number, key: string): string {
  const id = (f?.properties as Record<string, unknown> | null)?.[key];
  return id === undefined || id === null ? `${what} #${i}` : `${what} ${String(id)}`;
}

function checkRing(ring: Position[], where: string): void {
  if (!Array.isArray(ring) || ring.length < 4) throw new Error(`${where}: a ring needs at least 4 positions, got ${Array.isArray(ring) ? ring.length : 0}`);
  ring.forEach((p) => checkPosition(p, where));
  const a = ring[0], b = ring[ring.length - 1];
  if (a[0] !== b[0] || a[1] !== b[1]) throw new Error(`${where}: ring not closed`);
}

/** Checks a polygonal feature: Polygon or MultiPolygon, not empty, closed rings of valid positions. */
export function checkPolygonal(f: Feature, where: string): Polygon | MultiPolygon {
  const g = f?.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) throw new Error(`${where}: geometry must be a Polygon or MultiPolygon, got ${g ? g.type : 'none'}`);
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polys) || polys.length === 0 || polys.some((p) => !Array.isArray(p) || p.length === 0)) throw new Error(`${where}: empty geometry`);
  polys.forEach((poly) => poly.forEach((ring) => checkRing(ring, where)));
  return g;
}

export function checkPoint(f: Feature, where: string): Position {
  const g = f?.geometry;
  if (!g || g.type !== 'Point') throw new Error(`${where}: geometry must be a Point, got ${g ? g.type : 'none'}`);
  return checkPosition((g as Point).coordinates, where);
}

/** Checks the communes: unique codes, polygonal geometry. */
export function checkCommunes(fc: FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>): void {
  checkCollection(fc, 'communes');
  const seen = new Set<string>();
  fc.features.forEach((f, i) => {
    const where = label('commune', f, i, 'code');
    const code = f?.properties?.code;
    if (typeof code !== 'string' || code === '') throw new Error(`${where}: properties.code must be a non-empty string`);
    if (seen.has(code)) throw new Error(`${where}: code appears more than once`);
    seen.add(code);
    checkPolygonal(f, where);
  });
}

/** Vertices of each geodesic circle when not given: the inscribed 64-gon has −0.16 % of the circle's area. */
export const DEFAULT_STEPS = 64;

export function checkSteps(steps: number | undefined): number {
  const n = steps ?? DEFAULT_STEPS;
  if (!Number.isInteger(n) || n < 8 || n > 1024) throw new Error(`steps must be an integer from 8 to 1024, got ${String(steps)}`);
  return n;
}

export function checkVillages(villages: VillageFC): Position[] {
  checkCollection(villages, 'villages');
  return villages.features.map((f, i) => {
    const where = label('village', f, i, 'id');
    const pop = f?.properties?.population;
    if (pop !== null && pop !== undefined && (typeof pop !== 'number' || !Number.isFinite(pop) || pop < 0)) {
      throw new Error(`${where}: population must be a non-negative number, got ${JSON.stringify(pop)}`);
    }
    return checkPoint(f, where);
  });
}

export function checkHqPoints(hqs: HqFC): Position[] {
  checkCollection(hqs, 'hqs');
  return hqs.features.map((f, i) => checkPoint(f, label('HQ', f, i, 'id')));
}

