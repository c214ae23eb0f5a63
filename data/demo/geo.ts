/**
 * Plain planar geometry helpers for the demo generator. Turf does the polygon clipping; these cover the hot loops
 * (point-in-polygon over thousands of samples) and the exact bookkeeping that keeps shared edges identical.
 */
import type { MultiPolygon, Position } from 'geojson';
import type { Rng } from './random.ts';

export type Pt = [number, number];
export type Ring = Pt[];

/**
 * Local equirectangular projection around the demo province, in kilometres. Distances and Voronoi cells are
 * computed here so that cells are not stretched east–west (1° of longitude is ~7 % shorter than 1° of latitude).
 */
const LON0 = 102.85;
const LAT0 = 21.65;
const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON = 111.32 * Math.cos((LAT0 * Math.PI) / 180);

export const toKm = ([lon, lat]: Position): Pt => [(lon - LON0) * KM_PER_DEG_LON, (lat - LAT0) * KM_PER_DEG_LAT];
export const toLonLat = ([x, y]: Position): Pt => [LON0 + x / KM_PER_DEG_LON, LAT0 + y / KM_PER_DEG_LAT];

/** Six decimals is ~0.1 m: plenty for the map, and short in JSON. */
export const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
export const roundPt = (p: Position): Pt => [round6(p[0]), round6(p[1])];

export const samePt = (a: Position, b: Position): boolean => a[0] === b[0] && a[1] === b[1];
export const ptKey = (p: Position): string => `${p[0]},${p[1]}`;

export function dist(a: Position, b: Position): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Ray casting; points exactly on the boundary may go either way. */
export function pointInRing(x: number, y: number, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(x: number, y: number, rings: readonly (readonly Position[])[]): boolean {
  if (!pointInRing(x, y, rings[0])) return false;
  for (let h = 1; h < rings.length; h++) if (pointInRing(x, y, rings[h])) return false;
  return true;
}

export function pointInMultiPolygon(p: Position, mp: MultiPolygon): boolean {
  return mp.coordinates.some((poly) => pointInPolygon(p[0], p[1], poly));
}

/** Shoelace area, positive for counter-clockwise rings. */
export function signedArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s / 2;
}

export function bboxOf(points: readonly Position[]): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    if (x < w) w = x;
    if (y < s) s = y;
    if (x > e) e = x;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

const orient = (a: Position, b: Position, c: Position): number => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);

/** True when segments ab and cd touch or cross (collinear overlaps included). */
export function segmentsTouch(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const onSeg = (p: Position, q: Position, r: Position) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  return (d1 === 0 && onSeg(c, d, a)) || (d2 === 0 && onSeg(c, d, b)) || (d3 === 0 && onSeg(a, b, c)) || (d4 === 0 && onSeg(a, b, d));
}

/** Distance from p to segment ab, and the nearest point on it. */
export function nearestOnSegment(p: Position, a: Position, b: Position): { d: number; at: Pt; t: number } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const at: Pt = [a[0] + t * dx, a[1] + t * dy];
  return { d: dist(p, at), at, t };
}

/** Proper crossings between the edges of one ring (adjacent edges sharing a vertex do not count). */
export function ringSelfIntersects(ring: readonly Position[]): boolean {
  const n = ring.length - 1;
  const boxes = [];
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    boxes.push([Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])]);
  }
  for (let i = 0; i < n; i++) {
    const bi = boxes[i];
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const bj = boxes[j];
      if (bi[0] > bj[2] || bj[0] > bi[2] || bi[1] > bj[3] || bj[1] > bi[3]) continue;
      if (segmentsTouch(ring[i], ring[i + 1], ring[j], ring[j + 1])) return true;
    }
  }
  return false;
}

/**
 * Rounds a ring to six decimals and removes what rounding can leave behind: repeated points and zero-width spikes
 * (a → b → a). Returns null when fewer than three distinct corners remain.
 */
export function roundRing(ring: readonly Position[]): Ring | null {
  const pts: Pt[] = [];
  for (const p of ring) {
    const q = roundPt(p);
    if (pts.length === 0 || !samePt(pts[pts.length - 1], q)) pts.push(q);
  }
  if (pts.length > 1 && samePt(pts[0], pts[pts.length - 1])) pts.pop();
  let changed = true;
  while (changed && pts.length >= 3) {
    changed = false;
    for (let i = 0; i < pts.length && pts.length >= 3; i++) {
      const prev = pts[(i - 1 + pts.length) % pts.length];
      const next = pts[(i + 1) % pts.length];
      const cur = pts[i];
      const backtrack = (cur[0] - prev[0]) * (next[0] - cur[0]) + (cur[1] - prev[1]) * (next[1] - cur[1]) < 0;
      const spike = samePt(prev, next) || (orient(prev, cur, next) === 0 && backtrack);
      if (spike || samePt(cur, next)) {
        pts.splice(i, 1);
        changed = true;
        i--;
      }
    }
  }
  if (pts.length < 3 || signedArea([...pts, pts[0]]) === 0) return null;
  pts.push([pts[0][0], pts[0][1]]);
  return pts;
}

/**
 * Midpoint displacement between a and b (kilometres): a natural-looking boundary that stays inside a narrow
 * diamond around ab (lateral offset ≤ ~2 · roughness · |ab|), so neighbouring edges of one cell do not cross.
 * Pieces longer than `maxBend` km bend as if they were `maxBend` long, so very long edges stay near their chord.
 * Returns the interior points only (a and b excluded).
 */
export function fractalLine(a: Pt, b: Pt, rng: Rng, roughness: number, maxStep: number, maxBend = Infinity): Pt[] {
  const out: Pt[] = [];
  const walk = (p: Pt, q: Pt, depth: number) => {
    const len = dist(p, q);
    if (len <= maxStep || depth > 12) return;
    const off = (rng.next() * 2 - 1) * roughness * Math.min(len, maxBend);
    const mid: Pt = [(p[0] + q[0]) / 2 - ((q[1] - p[1]) / len) * off, (p[1] + q[1]) / 2 + ((q[0] - p[0]) / len) * off];
    walk(p, mid, depth + 1);
    out.push(mid);
    walk(mid, q, depth + 1);
  };
  walk(a, b, 0);
  return out;
}

/** Area-weighted centre of a polygon's outer ring (planar). */
export function ringCentroid(ring: readonly Position[]): Pt {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f;
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
  }
  return a === 0 ? [ring[0][0], ring[0][1]] : [cx / (3 * a), cy / (3 * a)];
}

/**
 * Grid sample points inside a ring, row by row: the crossings of each row with the ring give the inside spans, which is
 * far cheaper than a point-in-polygon test per sample.
 */
export function gridInside(ring: readonly Position[], step: number): Pt[] {
  const [w, s, e, n] = bboxOf(ring);
  const out: Pt[] = [];
  for (let y = s + step / 2; y < n; y += step) {
    const xs: number[] = [];
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[i + 1];
      if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const first = w + step / 2 + Math.ceil((xs[k] - w - step / 2) / step) * step;
      for (let x = first; x < xs[k + 1] && x < e; x += step) out.push([x, y]);
    }
  }
  return out;
}

/**
 * Intersection of a simple polygon (`subject`) with a simple polygon without holes (`clip`), Greiner–Hormann.
 * Fast and exact for polygons in general position; returns null when a vertex lies on (or within 1e-9 of) the other
 * polygon's boundary or edges overlap, so the caller can fall back to a robust (slower) clipper.
 *
 * Each crossing is computed from the subject edge taken in a fixed (lexicographic) direction, so two cells sharing
 * an edge get bit-identical crossing points with the clip boundary.
 */
export function clipSimple(subject: readonly Pt[], clip: readonly Pt[]): Pt[][] | null {
  interface Node {
    p: Pt;
    next: Node | null;
    prev: Node | null;
    inter: boolean;
    entry: boolean;
    neighbour: Node | null;
    visited: boolean;
  }
  const EPS = 1e-9;
  const mk = (p: Pt, inter: boolean): Node => ({ p, next: null, prev: null, inter, entry: false, neighbour: null, visited: false });
  const sn = subject.length - 1;
  const cn = clip.length - 1;
  // Only clip edges near the subject can cross it; the clip ring is often much longer than the subject.
  const [sw, ss, se, sN] = bboxOf(subject);
  const candidates: { j: number; box: number[] }[] = [];
  for (let j = 0; j < cn; j++) {
    const c = clip[j];
    const d = clip[j + 1];
    const box = [Math.min(c[0], d[0]), Math.min(c[1], d[1]), Math.max(c[0], d[0]), Math.max(c[1], d[1])];
    if (box[0] <= se && box[2] >= sw && box[1] <= sN && box[3] >= ss) candidates.push({ j, box });
  }
  const sInter: { t: number; node: Node }[][] = Array.from({ length: sn }, () => []);
  const cInter: { t: number; node: Node }[][] = Array.from({ length: cn }, () => []);
  let crossings = 0;
  for (let i = 0; i < sn; i++) {
    const forward = subject[i][0] < subject[i + 1][0] || (subject[i][0] === subject[i + 1][0] && subject[i][1] <= subject[i + 1][1]);
    const a = forward ? subject[i] : subject[i + 1];
    const b = forward ? subject[i + 1] : subject[i];
    const bx = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
    for (const { j, box: cb } of candidates) {
      if (bx[0] > cb[2] || cb[0] > bx[2] || bx[1] > cb[3] || cb[1] > bx[3]) continue;
      const c = clip[j];
      const d = clip[j + 1];
      const rx = b[0] - a[0];
      const ry = b[1] - a[1];
      const sx = d[0] - c[0];
      const sy = d[1] - c[1];
      const denom = rx * sy - ry * sx;
      const qx = c[0] - a[0];
      const qy = c[1] - a[1];
      if (denom === 0) {
        if (qx * ry - qy * rx === 0) return null; // collinear: possibly overlapping
        continue;
      }
      const t = (qx * sy - qy * sx) / denom;
      const u = (qx * ry - qy * rx) / denom;
      if (t < -EPS || t > 1 + EPS || u < -EPS || u > 1 + EPS) continue;
      if (t < EPS || t > 1 - EPS || u < EPS || u > 1 - EPS) return null;
      const p: Pt = [a[0] + t * rx, a[1] + t * ry];
      const ns = mk(p, true);
      const nc = mk(p, true);
      ns.neighbour = nc;
      nc.neighbour = ns;
      sInter[i].push({ t: forward ? t : 1 - t, node: ns });
      cInter[j].push({ t: u, node: nc });
      crossings++;
    }
  }
  if (crossings === 0) {
    if (pointInRing(subject[0][0], subject[0][1], clip)) return [[...subject]];
    if (pointInRing(clip[0][0], clip[0][1], subject)) return [[...clip]];
    return [];
  }
  const link = (ring: readonly Pt[], inter: { t: number; node: Node }[][]): Node[] => {
    const nodes: Node[] = [];
    for (let i = 0; i + 1 < ring.length; i++) {
      nodes.push(mk(ring[i], false));
      const list = inter[i].sort((x, y) => x.t - y.t);
      for (let k = 1; k < list.length; k++) if (list[k].t === list[k - 1].t) throw new Error('tie');
      for (const x of list) nodes.push(x.node);
    }
    nodes.forEach((node, k) => {
      node.next = nodes[(k + 1) % nodes.length];
      node.prev = nodes[(k - 1 + nodes.length) % nodes.length];
    });
    return nodes;
  };
  let sNodes: Node[];
  let cNodes: Node[];
  try {
    sNodes = link(subject, sInter);
    cNodes = link(clip, cInter);
  } catch {
    return null;
  }
  const mark = (nodes: Node[], other: readonly Pt[]) => {
    let inside = pointInRing(nodes[0].p[0], nodes[0].p[1], other);
    for (const node of nodes) {
      if (!node.inter) continue;
      node.entry = !inside;
      inside = !inside;
    }
  };
  mark(sNodes, clip);
  mark(cNodes, subject);
  const out: Pt[][] = [];
  for (const start of sNodes) {
    if (!start.inter || start.visited) continue;
    const ring: Pt[] = [start.p];
    let cur: Node = start;
    for (let guard = 0; guard < 1_000_000; guard++) {
      cur.visited = true;
      cur.neighbour!.visited = true;
      if (cur.entry) {
        do {
          cur = cur.next!;
          ring.push(cur.p);
        } while (!cur.inter);
      } else {
        do {
          cur = cur.prev!;
          ring.push(cur.p);
        } while (!cur.inter);
      }
      cur = cur.neighbour!;
      if (cur === start || cur.neighbour === start || cur.visited) break;
    }
    if (!samePt(ring[0], ring[ring.length - 1])) ring.push(ring[0]);
    out.push(ring);
  }
  return out;
}
