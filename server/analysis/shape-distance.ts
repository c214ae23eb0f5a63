/**
 * Minimum distance between two sets of line segments (polygon boundaries, border lines, points), as PostGIS
 * `ST_Distance(geography, geography)` computes it: the closest pair of points is found with edges taken as
 * great-circle arcs on the sphere, then that pair is measured on the ellipsoid. The closest point is often in
 * the middle of an edge (a commune edge running along the border), so vertex-to-line distances are not enough:
 * every candidate arc pair is measured endpoint-to-arc both ways, which is exact for arcs that do not cross,
 * and crossings are detected separately (distance 0).
 *
 * Segments are grouped in chunks of consecutive vertices with a lon/lat box; chunk pairs are visited nearest box
 * first and the search stops when a box lower bound exceeds the best distance found.
 */
import type { Position } from 'geojson';
import { MIN_MERIDIAN_RADIUS_KM, geodesicKm } from './geodesy.ts';

const RAD = Math.PI / 180;
const CHUNK = 16;
const SPHERE_KM = 6371.0088;

export interface Chunk {
  /** lon, lat of each vertex. */
  ll: Float64Array;
  /** x, y, z on the unit sphere of each vertex. */
  v: Float64Array;
  /** Unit normal of each segment's great circle (0,0,0 for a degenerate segment). */
  n: Float64Array;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function chunkOf(coords: Position[]): Chunk {
  const m = coords.length;
  const ll = new Float64Array(m * 2), v = new Float64Array(m * 3), n = new Float64Array(Math.max(0, m - 1) * 3);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < m; i++) {
    const [lon, lat] = coords[i];
    ll[2 * i] = lon;
    ll[2 * i + 1] = lat;
    const cl = Math.cos(lat * RAD);
    v[3 * i] = cl * Math.cos(lon * RAD);
    v[3 * i + 1] = cl * Math.sin(lon * RAD);
    v[3 * i + 2] = Math.sin(lat * RAD);
    minX = Math.min(minX, lon); maxX = Math.max(maxX, lon);
    minY = Math.min(minY, lat); maxY = Math.max(maxY, lat);
  }
  for (let i = 0; i + 1 < m; i++) {
    const ax = v[3 * i], ay = v[3 * i + 1], az = v[3 * i + 2];
    const bx = v[3 * i + 3], by = v[3 * i + 4], bz = v[3 * i + 5];
    const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
    const len = Math.hypot(cx, cy, cz);
    if (len > 1e-15) {
      n[3 * i] = cx / len; n[3 * i + 1] = cy / len; n[3 * i + 2] = cz / len;
    }
  }
  return { ll, v, n, minX, minY, maxX, maxY };
}

/** Chunks of a polyline (a ring is a closed polyline); a single position is a chunk with no segment. */
export function chunksOfLine(coords: Position[]): Chunk[] {
  if (coords.length === 1) return [chunkOf(coords)];
  const out: Chunk[] = [];
  for (let i = 0; i + 1 < coords.length; i += CHUNK) out.push(chunkOf(coords.slice(i, Math.min(coords.length, i + CHUNK + 1))));
  return out;
}

/** A lower bound of the geodesic distance between any two points of two boxes (km). */
function boxLowerBoundKm(a: Chunk, b: Chunk): number {
  const dLat = Math.max(0, a.minY - b.maxY, b.minY - a.maxY);
  const dLon = Math.max(0, a.minX - b.maxX, b.minX - a.maxX);
  if (dLat === 0 && dLon === 0) return 0;
  const phi = Math.min(89, Math.max(Math.abs(a.minY), Math.abs(a.maxY), Math.abs(b.minY), Math.abs(b.maxY)));
  // 0.99: margin for a geodesic bulging poleward of the boxes between them.
  return 0.99 * MIN_MERIDIAN_RADIUS_KM * RAD * Math.hypot(dLat, dLon * Math.cos(phi * RAD));
}

function cross2(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function onBox(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/** Whether two lon/lat segments touch or cross (planar; at commune scale the curvature of an edge is negligible). */
function segmentsMeet(ll1: Float64Array, i: number, ll2: Float64Array, j: number): boolean {
  const ax = ll1[2 * i], ay = ll1[2 * i + 1], bx = ll1[2 * i + 2], by = ll1[2 * i + 3];
  const cx = ll2[2 * j], cy = ll2[2 * j + 1], dx = ll2[2 * j + 2], dy = ll2[2 * j + 3];
  const d1 = cross2(cx, cy, dx, dy, ax, ay), d2 = cross2(cx, cy, dx, dy, bx, by);
  const d3 = cross2(ax, ay, bx, by, cx, cy), d4 = cross2(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 === 0 && onBox(cx, cy, dx, dy, ax, ay)) || (d2 === 0 && onBox(cx, cy, dx, dy, bx, by)) ||
    (d3 === 0 && onBox(ax, ay, bx, by, cx, cy)) || (d4 === 0 && onBox(ax, ay, bx, by, dx, dy));
}

interface Best {
  angle: number;
  p: [number, number, number];
  q: [number, number, number];
}

/** Closest point to p on segment s of chunk c (unit vectors), updating best when nearer. */
function pointToArc(px: number, py: number, pz: number, c: Chunk, s: number, best: Best, pFirst: boolean): void {
  const v = c.v, n = c.n;
  const ax = v[3 * s], ay = v[3 * s + 1], az = v[3 * s + 2];
  let qx = ax, qy = ay, qz = az;
  const hasEnd = 3 * s + 3 < v.length;
  if (hasEnd) {
    const bx = v[3 * s + 3], by = v[3 * s + 4], bz = v[3 * s + 5];
    const nx = n[3 * s], ny = n[3 * s + 1], nz = n[3 * s + 2];
    let inside = false;
    if (nx !== 0 || ny !== 0 || nz !== 0) {
      const t = px * nx + py * ny + pz * nz;
      let cx = px - t * nx, cy = py - t * ny, cz = pz - t * nz;
      const len = Math.hypot(cx, cy, cz);
      if (len > 1e-15) {
        cx /= len; cy /= len; cz /= len;
        // c lies on the arc when a→c and c→b both turn the arc's way.
        const s1 = (ay * cz - az * cy) * nx + (az * cx - ax * cz) * ny + (ax * cy - ay * cx) * nz;
        const s2 = (cy * bz - cz * by) * nx + (cz * bx - cx * bz) * ny + (cx * by - cy * bx) * nz;
        if (s1 >= 0 && s2 >= 0) {
          qx = cx; qy = cy; qz = cz;
          inside = true;
        }
      }
    }
    if (!inside && px * bx + py * by + pz * bz > px * ax + py * ay + pz * az) {
      qx = bx; qy = by; qz = bz;
    }
  }
  const xx = py * qz - pz * qy, xy = pz * qx - px * qz, xz = px * qy - py * qx;
  const angle = Math.atan2(Math.hypot(xx, xy, xz), px * qx + py * qy + pz * qz);
  if (angle < best.angle) {
    best.angle = angle;
    if (pFirst) {
      best.p = [px, py, pz]; best.q = [qx, qy, qz];
    } else {
      best.p = [qx, qy, qz]; best.q = [px, py, pz];
    }
  }
}

function segmentCount(c: Chunk): number {
  return Math.max(1, c.ll.length / 2 - 1);
}

function toLonLat(v: [number, number, number]): Position {
  return [Math.atan2(v[1], v[0]) / RAD, Math.atan2(v[2], Math.hypot(v[0], v[1])) / RAD];
}

/**
 * Minimum geodesic distance (km) between two sets of chunks; 0 when a segment of one touches or crosses a segment
 * of the other. Does not test containment (a point or line inside a polygon): callers do.
 */
export function minDistanceKm(as: Chunk[], bs: Chunk[]): number {
  if (as.length === 0 || bs.length === 0) return Infinity;
  const pairs: { lb: number; a: Chunk; b: Chunk }[] = [];
  for (const a of as) for (const b of bs) pairs.push({ lb: boxLowerBoundKm(a, b), a, b });
  pairs.sort((x, y) => x.lb - y.lb);
  const best: Best = { angle: Infinity, p: [0, 0, 0], q: [0, 0, 0] };
  for (const { lb, a, b } of pairs) {
    if (lb > best.angle * SPHERE_KM) break;
    const na = segmentCount(a), nb = segmentCount(b);
    const aSeg = a.ll.length > 2, bSeg = b.ll.length > 2;
    if (lb === 0 && aSeg && bSeg) {
      for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) if (segmentsMeet(a.ll, i, b.ll, j)) return 0;
    }
    // Endpoint of one to arc of the other, both ways: exact for non-crossing arcs.
    const av = a.v, bv = b.v;
    for (let i = 0; i < av.length / 3; i++) for (let j = 0; j < nb; j++) pointToArc(av[3 * i], av[3 * i + 1], av[3 * i + 2], b, j, best, true);
    for (let j = 0; j < bv.length / 3; j++) for (let i = 0; i < na; i++) pointToArc(bv[3 * j], bv[3 * j + 1], bv[3 * j + 2], a, i, best, false);
  }
  if (best.angle === 0) return 0;
  return geodesicKm(toLonLat(best.p), toLonLat(best.q));
}
