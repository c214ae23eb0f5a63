/**
 * Coverage of communes by their police HQs: which part of each commune, and which share of its population, lies
 * within a given distance of an HQ.
 */
import { bboxClip, difference, featureCollection, intersect, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { ellipsoidAreaKm2, geodesicCircle, geodesicKm } from './geodesy.ts';
import { PointIndex } from './point-index.ts';
import type { CommuneCoverage, CommuneFC, CoverageOptions, CoverageResult, HqFC, VillageFC } from './types.ts';
import { checkCollection, checkCommunes, checkPoint, checkRadius, label } from './validate.ts';

type Poly = Polygon | MultiPolygon;
export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export const DEFAULT_STEPS = 64;

export function boxOf(g: Poly): Box {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) for (const ring of poly) for (const [x, y] of ring) {
    if (x < b.minX) b.minX = x;
    if (x > b.maxX) b.maxX = x;
    if (y < b.minY) b.minY = y;
    if (y > b.maxY) b.maxY = y;
  }
  return b;
}

export function boxesMeet(a: Box, b: Box): boolean {
  return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;
}

export function checkSteps(steps: number | undefined): number {
  const n = steps ?? DEFAULT_STEPS;
  if (!Number.isInteger(n) || n < 8 || n > 1024) throw new Error(`steps must be an integer from 8 to 1024, got ${String(steps)}`);
  return n;
}

const feature = (g: Poly): Feature<Poly> => ({ type: 'Feature', properties: {}, geometry: g });

/**
 * Whether the circle polygon around `center` certainly contains the whole commune: every vertex is within the
 * polygon's apothem r·cos(π/n) (with a margin for the lon/lat edges); the polygon is convex, so the edges are
 * inside too. Lets a commune wholly within reach skip polygon overlay, the expensive step.
 */
function circleContains(center: Position, radiusKm: number, steps: number, g: Poly): boolean {
  const reach = radiusKm * Math.cos(Math.PI / steps) * (1 - 1e-6);
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) for (const p of poly[0]) if (geodesicKm(center, p) > reach) return false;
  return true;
}

/** The part of a (convex) circle polygon inside a box, or null: fewer vertices for the overlay to sweep. */
function clipToBox(circle: Polygon, box: Box): Polygon | null {
  const pad = 1e-7;
  const clipped = bboxClip(circle, [box.minX - pad, box.minY - pad, box.maxX + pad, box.maxY + pad]).geometry as Polygon;
  const ring = clipped.coordinates[0];
  return ring && ring.length >= 4 ? clipped : null;
}

/** Polygon overlay with the commune named in the error when the clipping library gives up. */
export function overlay<T>(where: string, op: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw new Error(`${where}: polygon ${op} failed (${(e as Error).message}); is the geometry valid?`);
  }
}

/** Union of polygons (null for none). */
export function unionAll(polys: Poly[], where: string): Poly | null {
  if (polys.length === 0) return null;
  if (polys.length === 1) return polys[0];
  return overlay(where, 'union', () => union(featureCollection(polys.map(feature)))?.geometry ?? null);
}

export function intersection(a: Poly, b: Poly, where: string): Poly | null {
  return overlay(where, 'intersection', () => intersect(featureCollection([feature(a), feature(b)]))?.geometry ?? null);
}

export function minus(a: Poly, b: Poly[], where: string): Poly | null {
  if (b.length === 0) return a;
  return overlay(where, 'difference', () => difference(featureCollection([feature(a), ...b.map(feature)]))?.geometry ?? null);
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

/**
 * How much of each commune lies within `radiusKm` of a commune police HQ. Each HQ's reach is a geodesic circle on
 * the WGS84 ellipsoid (`steps` vertices, default 64: area −0.16 %); the circles are united and intersected with
 * each commune; areas are ellipsoidal (as `ST_Area(geography)`). With villages, a village counts as covered when
 * its geodesic distance to some HQ is at most `radiusKm` (as `ST_DWithin(geography)`); a village counts for the
 * commune named by its `communeCode` (villages of communes not in the input are ignored; a null population
 * counts as 0). Totals are the sums of the commune rows. HQs outside the communes still cover them.
 *
 * @example
 * const r = coverage(communes, hqs, 5, { villages });
 * r.communes[0]; // { code: '99001', name: 'Xã Mường Nhé', areaKm2: 412.3, coveredKm2: 61.9, share: 0.150,
 *                //   population: 9120, coveredPopulation: 5012 }
 * r.totals.share; // 0.27
 * r.gaps;         // FeatureCollection of the uncovered part of each commune, with its areaKm2
 */
export function coverage(communes: CommuneFC, hqs: HqFC, radiusKm: number, opts: CoverageOptions = {}): CoverageResult {
  checkRadius(radiusKm);
  const steps = checkSteps(opts.steps);
  checkCommunes(communes);
  const hqPos = checkHqPoints(hqs);
  const villagePos = opts.villages ? checkVillages(opts.villages) : null;

  const circles = radiusKm > 0 ? hqPos.map((p) => geodesicCircle(p, radiusKm, steps)) : [];
  const circleBoxes = circles.map(boxOf);
  const coveredParts: Poly[] = [];
  const gaps: CoverageResult['gaps']['features'] = [];
  const rows: CommuneCoverage[] = communes.features.map((f, i) => {
    const where = label('commune', f, i, 'code');
    const g = f.geometry;
    const box = boxOf(g);
    const areaKm2 = ellipsoidAreaKm2(g);
    const near = circles.flatMap((_, j) => (boxesMeet(box, circleBoxes[j]) ? [j] : []));
    let coveredKm2 = 0;
    if (near.some((j) => circleContains(hqPos[j], radiusKm, steps, g))) {
      coveredKm2 = areaKm2;
      coveredParts.push(g);
    } else {
      const reach = unionAll(near.map((j) => clipToBox(circles[j], box)).filter((c): c is Polygon => c !== null), where);
      const covered = reach ? intersection(g, reach, where) : null;
      if (covered) {
        coveredKm2 = Math.min(areaKm2, ellipsoidAreaKm2(covered));
        coveredParts.push(covered);
      }
      const gap = covered && reach ? minus(g, [reach], where) : g;
      if (gap) {
        const gapKm2 = ellipsoidAreaKm2(gap);
        if (gapKm2 > 0) gaps.push({ type: 'Feature', properties: { code: f.properties.code, name: f.properties.name, areaKm2: gapKm2 }, geometry: gap });
      }
    }
    return { code: f.properties.code, name: f.properties.name, areaKm2, coveredKm2, share: areaKm2 > 0 ? coveredKm2 / areaKm2 : 0, population: null, coveredPopulation: null };
  });

  if (opts.villages && villagePos) {
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const r of rows) {
      r.population = 0;
      r.coveredPopulation = 0;
    }
    const index = new PointIndex(hqPos);
    opts.villages.features.forEach((v, i) => {
      const row = byCode.get(v.properties.communeCode);
      if (!row) return;
      const pop = v.properties.population ?? 0;
      row.population! += pop;
      const n = index.nearest(villagePos[i]);
      if (n && n.km <= radiusKm) row.coveredPopulation! += pop;
    });
  }

  const sum = (k: 'areaKm2' | 'coveredKm2') => rows.reduce((s, r) => s + r[k], 0);
  const sumPop = (k: 'population' | 'coveredPopulation') => (opts.villages ? rows.reduce((s, r) => s + (r[k] ?? 0), 0) : null);
  const areaKm2 = sum('areaKm2'), coveredKm2 = sum('coveredKm2');
  const coveredAll = unionAll(coveredParts, 'covered area');
  return {
    radiusKm,
    covered: coveredAll ? { type: 'Feature', properties: {}, geometry: coveredAll } : null,
    gaps: { type: 'FeatureCollection', features: gaps },
    communes: rows,
    totals: { areaKm2, coveredKm2, share: areaKm2 > 0 ? coveredKm2 / areaKm2 : 0, population: sumPop('population'), coveredPopulation: sumPop('coveredPopulation') },
  };
}
