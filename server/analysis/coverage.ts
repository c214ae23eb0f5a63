/**
 * Coverage of communes by their police HQs: which part of each commune, and which share of its population, lies
 * within a given distance of an HQ.
 */
import { bboxClip } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { ellipsoidAreaKm2, geodesicCircle, geodesicKm } from './geodesy.ts';
import { boxOf, boxesMeet, intersection, minus, unionAll, type Box } from './overlay.ts';
import { PointIndex } from './point-index.ts';
import type { CommuneCoverage, CommuneFC, CoverageOptions, CoverageResult, HqFC, VillageFC } from './types.ts';
import { checkCommunes, checkHqPoints, checkRadius, checkSteps, checkVillages, label } from './validate.ts';

type Poly = Polygon | MultiPolygon;

/**
 * Whether the circle polygon around `center` certainly contains the whole commune: every vertex is within the
 * polygon's apothem r·cos(π/n), less 0.1 % for the curvature of lon/lat over the circle (a few 10⁻⁴ at 5 km);
 * the polygon is convex in lon/lat, so the commune's edges are inside too. Lets a commune wholly within reach
 * skip polygon overlay, the expensive step.
 */
function circleContains(center: Position, radiusKm: number, steps: number, g: Poly): boolean {
  const reach = radiusKm * Math.cos(Math.PI / steps) * (1 - 1e-3);
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

  if (opts.villages && villagePos) villageCoverage(rows, opts.villages, villagePos, hqPos, radiusKm);

  const coveredAll = unionAll(coveredParts, 'covered area');
  return {
    radiusKm,
    covered: coveredAll ? { type: 'Feature', properties: {}, geometry: coveredAll } : null,
    gaps: { type: 'FeatureCollection', features: gaps },
    communes: rows,
    totals: coverageTotals(rows, opts.villages !== undefined),
  };
}

/**
 * Fills `population` and `coveredPopulation` of the commune rows from the villages: a village counts for the
 * commune named by its `communeCode` (others are ignored), as covered when its geodesic distance to some HQ is at
 * most `radiusKm`; a null population counts as 0. Per-point work, where a point index beats any overlay.
 */
export function villageCoverage(rows: CommuneCoverage[], villages: VillageFC, villagePos: Position[], hqPos: Position[], radiusKm: number): void {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const r of rows) {
    r.population = 0;
    r.coveredPopulation = 0;
  }
  const index = new PointIndex(hqPos);
  villages.features.forEach((v, i) => {
    const row = byCode.get(v.properties.communeCode);
    if (!row) return;
    const pop = v.properties.population ?? 0;
    row.population! += pop;
    const n = index.nearest(villagePos[i]);
    if (n && n.km <= radiusKm) row.coveredPopulation! += pop;
  });
}

/** Totals are the sums of the commune rows; the populations are null without villages. */
export function coverageTotals(rows: CommuneCoverage[], withVillages: boolean): CoverageResult['totals'] {
  const sum = (k: 'areaKm2' | 'coveredKm2') => rows.reduce((s, r) => s + r[k], 0);
  const sumPop = (k: 'population' | 'coveredPopulation') => (withVillages ? rows.reduce((s, r) => s + (r[k] ?? 0), 0) : null);
  const areaKm2 = sum('areaKm2'), coveredKm2 = sum('coveredKm2');
  return { areaKm2, coveredKm2, share: areaKm2 > 0 ? coveredKm2 / areaKm2 : 0, population: sumPop('population'), coveredPopulation: sumPop('coveredPopulation') };
}
