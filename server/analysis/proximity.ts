/**
 * Proximity analyses: nearest commune police HQ, distance of communes to the national border and its gates.
 * Distances are geodesic on the WGS84 ellipsoid (see geodesy.ts), as PostGIS `geography` measures them.
 */
import { booleanPointInPolygon, centerOfMass } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { ellipsoidAreaKm2 } from './geodesy.ts';
import { PointIndex } from './point-index.ts';
import { chunksOfLine, minDistanceKm, type Chunk } from './shape-distance.ts';
import type { BorderFC, BorderProximity, CommuneFC, GateFC, HqFC, NearestHq } from './types.ts';
import { checkCollection, checkCommunes, checkPoint, checkRadius, label } from './validate.ts';

/** The largest part of a polygonal geometry, as a Polygon. */
function largestPart(g: Polygon | MultiPolygon): Polygon {
  if (g.type === 'Polygon') return g;
  let best: Polygon = { type: 'Polygon', coordinates: g.coordinates[0] };
  let bestArea = -1;
  for (const coords of g.coordinates) {
    const p: Polygon = { type: 'Polygon', coordinates: coords };
    const a = ellipsoidAreaKm2(p);
    if (a > bestArea) {
      best = p;
      bestArea = a;
    }
  }
  return best;
}

/** Midpoint of the widest interior stretch of a horizontal line at latitude y through the polygon, or null. */
function scanlinePoint(p: Polygon, y: number): Position | null {
  const xs: number[] = [];
  for (const ring of p.coordinates) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i], [x2, y2] = ring[i + 1];
      // Half-open on y so a vertex exactly on the line is counted once.
      if ((y1 <= y && y < y2) || (y2 <= y && y < y1)) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  xs.sort((a, b) => a - b);
  let best: Position | null = null, width = 0;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > width) {
      width = xs[i + 1] - xs[i];
      best = [(xs[i] + xs[i + 1]) / 2, y];
    }
  }
  return best;
}

function interiorPointOf(g: Polygon | MultiPolygon, where: string): Position {
  const part = largestPart(g);
  const c = centerOfMass(part).geometry.coordinates;
  if (booleanPointInPolygon(c, part, { ignoreBoundary: true })) return c;
  // The centre of a crescent or an L lies outside it: take the middle of the widest stretch across the polygon at
  // the centre's latitude, else at mid-height (as PostGIS's ST_PointOnSurface does).
  const ys = part.coordinates[0].map((q) => q[1]);
  for (const y of [c[1], (Math.min(...ys) + Math.max(...ys)) / 2]) {
    const q = scanlinePoint(part, y);
    if (q && booleanPointInPolygon(q, part, { ignoreBoundary: true })) return q;
  }
  throw new Error(`${where}: no interior point (polygon of zero area?)`);
}

/**
 * A point strictly inside each commune, to stand for it in point analyses (nearest HQ): the centre of mass of
 * its largest part when that lies inside, otherwise the middle of the widest stretch across it — never a vertex
 * or a point on a shared edge.
 *
 * @example
 * const pts = interiorPoints(communes);
 * // { type: 'FeatureCollection', features: [{ properties: { code: '99001', name: 'Xã Mường Nhé' }, geometry: { type: 'Point', … } }, …] }
 * nearestHq({ ...pts, features: pts.features.map((f) => ({ ...f, properties: { id: f.properties.code } })) }, hqs);
 */
export function interiorPoints(communes: CommuneFC): FeatureCollection<Point, { code: string; name: string }> {
  checkCommunes(communes);
  return {
    type: 'FeatureCollection',
    features: communes.features.map((f, i): Feature<Point, { code: string; name: string }> => ({
      type: 'Feature',
      properties: { code: f.properties.code, name: f.properties.name },
      geometry: { type: 'Point', coordinates: interiorPointOf(f.geometry, label('commune', f, i, 'code')) },
    })),
  };
}

function checkHqs(hqs: HqFC): Position[] {
  checkCollection(hqs, 'hqs');
  return hqs.features.map((f, i) => {
    const where = label('HQ', f, i, 'id');
    if (typeof f?.properties?.id !== 'number') throw new Error(`${where}: properties.id must be a number`);
    return checkPoint(f, where);
  });
}

/**
 * The nearest commune police HQ to each target point, with the geodesic distance (km, WGS84). Exact (every HQ
 * that could be nearer is measured); on equal distances the HQ with the smaller id wins. With no HQ at all the
 * answer is empty.
 *
 * @example
 * nearestHq({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 7 },
 *   geometry: { type: 'Point', coordinates: [103.02, 21.39] } }] }, hqs);
 * // [{ targetId: 7, hqId: 3, hqName: 'Công an xã Thanh Nưa', distanceKm: 2.41 }]
 */
export function nearestHq(targets: FeatureCollection<Point, { id: string | number }>, hqs: HqFC): NearestHq[] {
  checkCollection(targets, 'targets');
  const hqPos = checkHqs(hqs);
  const targetPos = targets.features.map((f, i) => {
    const where = label('target', f, i, 'id');
    const id = f?.properties?.id;
    if (typeof id !== 'string' && typeof id !== 'number') throw new Error(`${where}: properties.id must be a string or number`);
    return checkPoint(f, where);
  });
  if (hqPos.length === 0) return [];
  const index = new PointIndex(hqPos);
  const hqId = (i: number) => hqs.features[i].properties.id;
  return targets.features.map((f, i) => {
    const n = index.nearest(targetPos[i], hqId)!;
    const hq = hqs.features[n.index].properties;
    return { targetId: f.properties.id, hqId: hq.id, hqName: hq.name, distanceKm: n.km };
  });
}

/**
 * For each commune's point, the nearest HQ of another commune, with the geodesic distance (km): what a border
 * commune whose own HQ stands at its point (0 km) still needs to know about its neighbours. Targets are keyed by
 * commune code; HQs carry theirs (`communeCode`). Communes with no HQ elsewhere are left out.
 *
 * @example
 * nearestOtherHq({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: '99001' },
 *   geometry: { type: 'Point', coordinates: [103.02, 21.39] } }] }, hqs);
 * // [{ targetId: '99001', hqId: 5, hqName: 'Công an xã Chung Chải', distanceKm: 11.8 }]
 */
export function nearestOtherHq(targets: FeatureCollection<Point, { id: string }>, hqs: HqFC): NearestHq[] {
  checkCollection(targets, 'targets');
  const hqPos = checkHqs(hqs);
  const targetPos = targets.features.map((f, i) => {
    const where = label('target', f, i, 'id');
    if (typeof f?.properties?.id !== 'string') throw new Error(`${where}: properties.id must be a commune code`);
    return checkPoint(f, where);
  });
  const index = new PointIndex(hqPos);
  const hqId = (i: number) => hqs.features[i].properties.id;
  return targets.features.flatMap((f, i) => {
    const code = f.properties.id;
    const n = index.nearest(targetPos[i], hqId, (j) => hqs.features[j].properties.communeCode === code);
    if (!n) return [];
    const hq = hqs.features[n.index].properties;
    return [{ targetId: code, hqId: hq.id, hqName: hq.name, distanceKm: n.km }];
  });
}

function polygonChunks(g: Polygon | MultiPolygon): Chunk[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.flatMap((poly) => poly.flatMap((ring) => chunksOfLine(ring)));
}

interface BorderLine {
  countryCode: string;
  chunks: Chunk[];
  /** One vertex per line part, to detect a line lying wholly inside a commune. */
  probes: Position[];
}

function checkBorder(border: BorderFC): BorderLine[] {
  checkCollection(border, 'border');
  if (border.features.length === 0) throw new Error('border: no border line given');
  return border.features.map((f, i) => {
    const where = label('border line', f, i, 'countryCode');
    const g = f?.geometry;
    if (!g || (g.type !== 'LineString' && g.type !== 'MultiLineString')) throw new Error(`${where}: geometry must be a LineString or MultiLineString, got ${(g as { type?: string } | null)?.type ?? 'none'}`);
    if (typeof f.properties?.countryCode !== 'string') throw new Error(`${where}: properties.countryCode must be a string`);
    const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates).filter((l) => Array.isArray(l) && l.length > 0);
    if (lines.length === 0) throw new Error(`${where}: empty geometry`);
    lines.forEach((l) => l.forEach((p) => checkPoint({ type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: p } }, where)));
    return { countryCode: f.properties.countryCode, chunks: lines.flatMap((l) => chunksOfLine(l)), probes: lines.map((l) => l[0]) };
  });
}

function communeToBorderKm(g: Polygon | MultiPolygon, chunks: Chunk[], line: BorderLine): number {
  if (line.probes.some((p) => booleanPointInPolygon(p, g))) return 0;
  return minDistanceKm(chunks, line.chunks);
}

/**
 * For each commune: its minimum geodesic distance to the national border (0 when it touches or crosses it) and
 * the neighbouring country of the nearest border line, and the nearest border gate with its distance from the
 * commune (0 for a gate inside it). Distances are between the commune's whole outline and the line — the
 * closest point is often in the middle of an edge, not at a vertex — as `ST_Distance(geography)` measures them.
 *
 * @example
 * borderProximity(communes, border, gates);
 * // [{ code: '99001', name: 'Xã Mường Nhé', borderKm: 0, countryCode: 'LAO', nearestGateId: 2,
 * //    nearestGateName: 'Cửa khẩu A Pa Chải', gateKm: 12.7 }, …]
 */
export function borderProximity(communes: CommuneFC, border: BorderFC, gates: GateFC): BorderProximity[] {
  checkCommunes(communes);
  const lines = checkBorder(border);
  checkCollection(gates, 'gates');
  const gatePos = gates.features.map((f, i) => {
    const where = label('gate', f, i, 'id');
    if (typeof f?.properties?.id !== 'number') throw new Error(`${where}: properties.id must be a number`);
    return checkPoint(f, where);
  });
  const gateChunks = gatePos.map((p) => chunksOfLine([p]));
  return communes.features.map((f) => {
    const g = f.geometry;
    const chunks = polygonChunks(g);
    let borderKm = Infinity, countryCode = lines[0].countryCode;
    for (const line of lines) {
      const km = communeToBorderKm(g, chunks, line);
      if (km < borderKm) {
        borderKm = km;
        countryCode = line.countryCode;
      }
    }
    let gate = -1, gateKm = Infinity;
    gatePos.forEach((p, i) => {
      const km = booleanPointInPolygon(p, g) ? 0 : minDistanceKm(chunks, gateChunks[i]);
      if (km < gateKm || (km === gateKm && gates.features[i].properties.id < gates.features[gate].properties.id)) {
        gate = i;
        gateKm = km;
      }
    });
    const gp = gate >= 0 ? gates.features[gate].properties : null;
    return {
      code: f.properties.code,
      name: f.properties.name,
      borderKm,
      countryCode,
      nearestGateId: gp ? gp.id : null,
      nearestGateName: gp ? gp.name : null,
      gateKm: gp ? gateKm : null,
    };
  });
}

/**
 * Codes of the communes within `km` kilometres of the national border (distance ≤ km, as `ST_DWithin`), nearest
 * first, in input order on equal distance. `km = 0` gives the communes touching or crossing the border.
 *
 * @example
 * communesWithinBorder(communes, border, 5); // ['99001', '99004', '99012']
 */
export function communesWithinBorder(communes: CommuneFC, border: BorderFC, km: number): string[] {
  checkRadius(km, 'km');
  checkCommunes(communes);
  const lines = checkBorder(border);
  const out: { code: string; km: number; i: number }[] = [];
  communes.features.forEach((f, i) => {
    const chunks = polygonChunks(f.geometry);
    const d = Math.min(...lines.map((line) => communeToBorderKm(f.geometry, chunks, line)));
    if (d <= km) out.push({ code: f.properties.code, km: d, i });
  });
  return out.sort((a, b) => a.km - b.km || a.i - b.i).map((x) => x.code);
}
