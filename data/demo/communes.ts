/**
 * Partitions the province outline into communes: relaxed (Lloyd) seed points, their Voronoi cells with rough shared
 * edges, clipped to the outline. Shared edges are built once and used by both neighbours, so communes tile the province
 * with identical boundary vertices on either side.
 */
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import {
  bboxOf,
  clipSimple,
  fractalLine,
  gridInside,
  nearestOnSegment,
  pointInPolygon,
  pointInRing,
  ptKey,
  ringSelfIntersects,
  roundPt,
  roundRing,
  signedArea,
  toKm,
  toLonLat,
  type Pt,
  type Ring,
} from './geo.ts';
import { hash32, Rng } from './random.ts';

export interface Cell {
  /** Seed point of the cell (lon, lat). */
  site: Pt;
  geom: MultiPolygon;
}

export interface PartitionOptions {
  count: number;
  /** (lon, lat) around which cells are smaller: the provincial capital. */
  capital: Pt;
}

/**
 * Sampling density: cells end up with roughly equal weight, so they are small where the density is high. Around
 * the capital cells are urban-sized; in the remote north they are larger, as upland communes are.
 */
function density([x, y]: Pt, capitalKm: Pt): number {
  const d = Math.hypot(x - capitalKm[0], y - capitalKm[1]);
  const north = Math.max(0, Math.min(1, (y + 20) / 80));
  return (1 + 9 * Math.exp(-((d / 7) ** 2)) + 1.2 * Math.exp(-((d / 30) ** 2))) * (1.25 - 0.55 * north);
}

/** Seed points spread with a density-weighted Lloyd relaxation on a fine grid of sample points. */
function relaxedSites(outlineKm: Ring, rng: Rng, opts: PartitionOptions): Pt[] {
  const capitalKm = toKm(opts.capital);
  const step = 1.2;
  const samples = gridInside(outlineKm, step);
  const m = samples.length;
  const xs = Float64Array.from(samples, (p) => p[0]);
  const ys = Float64Array.from(samples, (p) => p[1]);
  const ws = Float64Array.from(samples, (p) => density(p, capitalKm));
  const cumulative = new Float64Array(m);
  for (let k = 0, acc = 0; k < m; k++) cumulative[k] = acc += ws[k];

  const sites: Pt[] = [];
  for (let guard = 0; sites.length < opts.count && guard < 100_000; guard++) {
    // A grid sample drawn in proportion to the density, kept only at a minimum gap from the sites so far.
    const r = rng.next() * cumulative[m - 1];
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    const p: Pt = [xs[lo], ys[lo]];
    const gap = 9 / Math.sqrt(ws[lo]);
    if (sites.every((q) => Math.hypot(q[0] - p[0], q[1] - p[1]) > gap)) sites.push(p);
  }
  if (sites.length < opts.count) throw new Error('could not place the commune seed points');

  const owner = new Int32Array(m);
  const sx = new Float64Array(opts.count);
  const sy = new Float64Array(opts.count);
  for (let iter = 0; iter < 14; iter++) {
    const ax = new Float64Array(opts.count);
    const ay = new Float64Array(opts.count);
    const aw = new Float64Array(opts.count);
    sites.forEach((p, j) => ([sx[j], sy[j]] = p));
    for (let k = 0; k < m; k++) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < opts.count; j++) {
        const d = (xs[k] - sx[j]) ** 2 + (ys[k] - sy[j]) ** 2;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      owner[k] = best;
      ax[best] += xs[k] * ws[k];
      ay[best] += ys[k] * ws[k];
      aw[best] += ws[k];
    }
    for (let j = 0; j < opts.count; j++) if (aw[j] > 0) sites[j] = [ax[j] / aw[j], ay[j] / aw[j]];
  }
  // A centroid can fall outside a concave piece of the outline; such a site moves to its nearest own sample.
  return sites.map((p, j) => {
    if (pointInPolygon(p[0], p[1], [outlineKm])) return p;
    let best: Pt = p;
    let bestD = Infinity;
    for (let k = 0; k < m; k++) {
      const d = owner[k] === j ? (xs[k] - p[0]) ** 2 + (ys[k] - p[1]) ** 2 : Infinity;
      if (d < bestD) [bestD, best] = [d, [xs[k], ys[k]]];
    }
    return best;
  });
}

/** Voronoi cells (kilometres) whose shared edges are rough lines, identical for both neighbours. */
function roughCells(sites: Pt[], extent: [number, number, number, number], seed: number): Ring[] {
  const vor = turf.voronoi(turf.featureCollection(sites.map((p) => turf.point(p))), { bbox: extent });
  const rings = vor.features.map((f, i) => {
    if (!f) throw new Error(`no Voronoi cell for site ${i}`);
    return f.geometry.coordinates[0] as Pt[];
  });
  const onExtent = (a: Pt, b: Pt) =>
    (a[0] === extent[0] && b[0] === extent[0]) ||
    (a[0] === extent[2] && b[0] === extent[2]) ||
    (a[1] === extent[1] && b[1] === extent[1]) ||
    (a[1] === extent[3] && b[1] === extent[3]);
  const straight = new Set<string>();
  const lines = new Map<string, Pt[]>();
  const edge = (a: Pt, b: Pt): Pt[] => {
    const ka = ptKey(a);
    const kb = ptKey(b);
    const forward = ka < kb;
    const key = forward ? `${ka}|${kb}` : `${kb}|${ka}`;
    let line = lines.get(key);
    if (!line) {
      const [p, q] = forward ? [a, b] : [b, a];
      // Each edge draws from its own stream, so its shape does not depend on which neighbour asks first.
      line = straight.has(key) || onExtent(a, b) ? [] : fractalLine(p, q, new Rng(hash32(key, seed)), 0.17, 0.6, 6);
      lines.set(key, line);
    }
    return forward ? line : [...line].reverse();
  };
  const keysOf = (ring: Pt[]) =>
    ring.slice(0, -1).map((a, i) => {
      const [ka, kb] = [ptKey(a), ptKey(ring[i + 1])];
      return ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
    });
  for (let pass = 0; ; pass++) {
    const out = rings.map((ring) => {
      const pts: Pt[] = [];
      for (let i = 0; i + 1 < ring.length; i++) pts.push(ring[i], ...edge(ring[i], ring[i + 1]));
      pts.push(pts[0]);
      return pts;
    });
    // Rough edges meeting at a very sharp Voronoi corner can cross, and a rough edge can swing past a site close to
    // it; straighten that cell's edges and rebuild.
    const bad = out.map((r, i) => (ringSelfIntersects(r) || !pointInRing(sites[i][0], sites[i][1], r) ? i : -1)).filter((i) => i >= 0);
    if (bad.length === 0 || pass > 4) return out;
    for (const i of bad) {
      for (const key of keysOf(rings[i])) {
        straight.add(key);
        lines.delete(key);
      }
    }
  }
}

/**
 * The outline cut down to a box a little larger than the cell. Polygon clipping cost grows with the vertex count of
 * both inputs; what lies outside the box cannot affect the cell.
 */
function outlineNear(outline: MultiPolygon, ring: Ring) {
  const [w, s, e, n] = bboxOf(ring);
  const m = 0.02;
  const clipped = turf.bboxClip(turf.polygon(outline.coordinates[0]), [w - m, s - m, e + m, n + m]);
  const rings = (clipped.geometry as Polygon).coordinates.filter((r) => r.length >= 4);
  return turf.polygon(rings);
}

const polygonsOf = (g: Polygon | MultiPolygon): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

function roundPolygons(polys: Position[][][]): Ring[][] {
  const out: Ring[][] = [];
  for (const poly of polys) {
    const rings = poly.map((r) => roundRing(r));
    if (!rings[0]) continue;
    const outer = signedArea(rings[0]) > 0 ? rings[0] : [...rings[0]].reverse();
    const holes = rings.slice(1).filter((r): r is Ring => r !== null).map((r) => (signedArea(r) < 0 ? r : [...r].reverse()));
    out.push([outer, ...holes]);
  }
  return out;
}

const areaOf = (poly: Position[][]) => turf.area(turf.polygon(poly));

/**
 * Cells of the outline, one per site, in site order, and the outline with the cells' corners on it. A cell that the
 * outline cuts into several pieces keeps its largest piece; each smaller piece joins the neighbour it shares the most
 * boundary with, so communes are single polygons (almost always) and the tiling has no gaps.
 */
export function partition(outline: MultiPolygon, rng: Rng, opts: PartitionOptions): { cells: Cell[]; outline: MultiPolygon } {
  const outer = outline.coordinates[0][0] as Ring;
  const holes = outline.coordinates[0].length > 1;
  const outlineKm = outer.map(toKm);
  const sitesKm = relaxedSites(outlineKm, rng.fork('sites'), opts);
  const [w, s, e, n] = bboxOf(outlineKm);
  const cellsKm = roughCells(sitesKm, [w - 40, s - 40, e + 40, n + 40], rng.int(0, 0x7fffffff));

  const pieces: Ring[][][] = cellsKm.map((ringKm) => {
    const ring = ringKm.map((p) => roundPt(toLonLat(p)));
    // The fast clipper covers the general case; turf (much slower) handles degenerate contacts and holes.
    const fast = holes ? null : clipSimple(ring, outer);
    let polys: Position[][][];
    if (fast) polys = fast.map((r) => [r]);
    else {
      const cut = turf.intersect(turf.featureCollection([turf.polygon([ring]), outlineNear(outline, ring)]));
      polys = cut ? polygonsOf(cut.geometry) : [];
    }
    return roundPolygons(polys).sort((a, b) => areaOf(b) - areaOf(a));
  });
  pieces.forEach((p, i) => {
    if (p.length === 0) throw new Error(`commune cell ${i} lies outside the province`);
  });

  const vertexOwners = new Map<string, Set<number>>();
  pieces.forEach((polys, i) => {
    for (const ring of polys[0]) for (const p of ring) {
      const k = ptKey(p);
      if (!vertexOwners.has(k)) vertexOwners.set(k, new Set());
      vertexOwners.get(k)!.add(i);
    }
  });
  const main: Ring[][][] = pieces.map((polys) => [polys[0]]);
  pieces.forEach((polys, i) => {
    for (const fragment of polys.slice(1)) {
      const shared = new Map<number, number>();
      for (const p of fragment[0]) {
        for (const j of vertexOwners.get(ptKey(p)) ?? []) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
      }
      const target = [...shared.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
      const merged =
        target === undefined || main[target].length !== 1
          ? null
          : turf.union(turf.featureCollection([turf.polygon(main[target][0]), turf.polygon(fragment)]));
      const mergedPolys = merged ? roundPolygons(polygonsOf(merged.geometry)) : [];
      // Should the pieces fail to fuse into one polygon, the fragment stays with its own cell as a second part.
      if (target !== undefined && mergedPolys.length === 1) main[target] = mergedPolys;
      else main[i].push(fragment);
    }
  });

  const cells: Cell[] = main.map((polys, i) => ({
    site: roundPt(toLonLat(sitesKm[i])),
    geom: { type: 'MultiPolygon', coordinates: polys },
  }));
  return { cells, outline: withCommuneCorners(outline, cells) };
}

/**
 * Where a commune boundary meets the outline, the (rounded) meeting point is a commune vertex but not an outline
 * vertex, so the commune could poke out by a few centimetres. Adding these points to the outline makes the communes
 * cover the province exactly: their union is the province, and each lies within it.
 */
function withCommuneCorners(outline: MultiPolygon, cells: Cell[]): MultiPolygon {
  const outer = outline.coordinates[0][0] as Ring;
  const onOutline = new Set(outer.map(ptKey));
  // Outline edges bucketed on a coarse grid, so each commune vertex is tested against a handful of edges only.
  const CELL = 0.02;
  const buckets = new Map<string, number[]>();
  const bucketKey = (x: number, y: number) => `${Math.floor(x / CELL)},${Math.floor(y / CELL)}`;
  for (let i = 0; i + 1 < outer.length; i++) {
    const [w, s, e, n] = bboxOf([outer[i], outer[i + 1]]);
    for (let gx = Math.floor((w - 1e-6) / CELL); gx <= Math.floor((e + 1e-6) / CELL); gx++) {
      for (let gy = Math.floor((s - 1e-6) / CELL); gy <= Math.floor((n + 1e-6) / CELL); gy++) {
        const k = `${gx},${gy}`;
        if (!buckets.has(k)) buckets.set(k, []);
        buckets.get(k)!.push(i);
      }
    }
  }
  const extra: { p: Pt; t: number }[][] = outer.map(() => []);
  const seen = new Set<string>();
  for (const cell of cells) {
    for (const poly of cell.geom.coordinates) {
      for (const p of poly[0] as Pt[]) {
        const k = ptKey(p);
        if (onOutline.has(k) || seen.has(k)) continue;
        seen.add(k);
        for (const i of buckets.get(bucketKey(p[0], p[1])) ?? []) {
          const { d, t } = nearestOnSegment(p, outer[i], outer[i + 1]);
          if (d < 1e-6) {
            extra[i].push({ p, t });
            break;
          }
        }
      }
    }
  }
  const ring: Pt[] = [];
  for (let i = 0; i + 1 < outer.length; i++) {
    ring.push(outer[i]);
    for (const x of extra[i].sort((u, v) => u.t - v.t)) ring.push(x.p);
  }
  ring.push(ring[0]);
  return { type: 'MultiPolygon', coordinates: [[ring, ...outline.coordinates[0].slice(1)]] };
}
