/**
 * The demo province outline and its national border lines.
 *
 * The outline is a seeded, irregular blob roughly where Điện Biên lies, intersected with Vietnam's real territory, so
 * its west and north edges are the real (Natural Earth) border with Laos and China while the inland edges are made up.
 */
import * as turf from '@turf/turf';
import type { GeoJsonProperties, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import {
  bboxOf,
  clipSimple,
  fractalLine,
  nearestOnSegment,
  ringSelfIntersects,
  roundPt,
  roundRing,
  signedArea,
  toKm,
  toLonLat,
  type Pt,
  type Ring,
} from './geo.ts';
import { loadNaturalEarth } from './natural-earth.ts';
import { Rng } from './random.ts';

/**
 * Coarse corners of the blob (lon, lat), clockwise from the northern tip. "Inland" corners lie inside Vietnam and
 * become the made-up boundary with neighbouring provinces; the others lie well inside Laos or China, so only the real
 * border is left of them after the intersection with Vietnam.
 */
const CORNERS: { at: Pt; inland: boolean }[] = [
  { at: [102.36, 22.5], inland: true },
  { at: [102.52, 22.27], inland: true },
  { at: [102.66, 22.2], inland: true },
  { at: [102.78, 22.1], inland: true },
  { at: [102.93, 22.07], inland: true },
  { at: [103.06, 22.06], inland: true },
  { at: [103.2, 22.03], inland: true },
  { at: [103.33, 22.1], inland: true },
  { at: [103.43, 21.99], inland: true },
  { at: [103.54, 21.7], inland: true },
  { at: [103.43, 21.47], inland: true },
  { at: [103.37, 21.3], inland: true },
  { at: [103.39, 21.13], inland: true },
  { at: [103.3, 21.03], inland: true },
  { at: [103.24, 20.95], inland: true },
  { at: [103.22, 20.74], inland: false },
  { at: [102.95, 20.85], inland: false },
  { at: [102.7, 21.2], inland: false },
  { at: [102.55, 21.6], inland: false },
  { at: [102.35, 21.95], inland: false },
  { at: [102.05, 22.3], inland: false },
  { at: [102.02, 22.45], inland: false },
  { at: [102.2, 22.62], inland: false },
];

export interface BorderLine {
  countryCode: 'LAO' | 'CHN';
  geom: MultiLineString;
}

/** The blob: every corner-to-corner edge is replaced by a rough line, as administrative boundaries follow ridges and streams. */
function blob(rng: Rng): Ring {
  for (let attempt = 0; ; attempt++) {
    const roughness = attempt < 5 ? 0.22 : 0.12;
    const km = CORNERS.map((c) => {
      const p = toKm(c.at);
      // Shift inland corners a little so each seed gives its own shape.
      return c.inland ? ([p[0] + rng.range(-3, 3), p[1] + rng.range(-3, 3)] as Pt) : p;
    });
    const ring: Pt[] = [];
    km.forEach((a, i) => {
      const b = km[(i + 1) % km.length];
      ring.push(a, ...fractalLine(a, b, rng, roughness, 1.2));
    });
    ring.push(ring[0]);
    if (!ringSelfIntersects(ring)) return ring.map((p) => roundPt(toLonLat(p)));
  }
}

/** Vietnam's polygons that reach near the blob, rounded like everything else (the mainland, in practice). */
function vietnamNear(bbox: number[]): MultiPolygon {
  const { vietnam } = loadNaturalEarth();
  const coordinates: Position[][][] = [];
  for (const poly of vietnam.coordinates) {
    const [w, s, e, n] = bboxOf(poly[0]);
    if (e < bbox[0] || w > bbox[2] || n < bbox[1] || s > bbox[3]) continue;
    const rings = poly.map((r) => roundRing(r)).filter((r): r is Ring => r !== null);
    if (rings.length > 0) coordinates.push(rings);
  }
  return { type: 'MultiPolygon', coordinates };
}

/** The province outline: one polygon, rounded to 6 decimals, outer ring counter-clockwise. */
export function buildOutline(rng: Rng): MultiPolygon {
  const shape = blob(rng);
  const near = vietnamNear(bboxOf(shape));
  // Vietnam's mainland polygon near the blob is simple and hole-free, so the fast clipper applies; turf is the fallback.
  const simple = near.coordinates.length === 1 && near.coordinates[0].length === 1;
  const fast = simple ? clipSimple(shape, near.coordinates[0][0] as Ring) : null;
  let parts: Position[][][];
  if (fast) parts = fast.map((r) => [r]);
  else {
    const cut = turf.intersect<GeoJsonProperties>(
      turf.featureCollection<Polygon | MultiPolygon>([turf.polygon([shape]), turf.multiPolygon(near.coordinates)]),
    );
    if (!cut) throw new Error('demo outline does not overlap Vietnam');
    parts = cut.geometry.type === 'Polygon' ? [cut.geometry.coordinates] : cut.geometry.coordinates;
  }
  // Where the rough inland edge wanders across the border it can leave slivers; the province is the main part.
  const main = parts.reduce((a, b) => (turf.area(turf.polygon(b)) > turf.area(turf.polygon(a)) ? b : a));
  const rings = main.map((r) => roundRing(r)).filter((r): r is Ring => r !== null);
  const outer = signedArea(rings[0]) > 0 ? rings[0] : [...rings[0]].reverse();
  return { type: 'MultiPolygon', coordinates: [[outer, ...rings.slice(1)]] };
}

/**
 * The national border along the province: the runs of outline edges that lie on Natural Earth's border line. The
 * outline's border vertices are Natural Earth's own, so the lines coincide with the province edge exactly.
 */
export function borderLines(outline: MultiPolygon): BorderLine[] {
  const outer = outline.coordinates[0][0] as Ring;
  const { borders } = loadNaturalEarth();
  const [w, s, e, n] = bboxOf(outer);
  const segmentsOf = (ml: MultiLineString) => {
    const segs: [Pt, Pt][] = [];
    for (const line of ml.coordinates) {
      for (let i = 0; i + 1 < line.length; i++) {
        const a = roundPt(line[i]);
        const b = roundPt(line[i + 1]);
        if (Math.max(a[0], b[0]) < w - 0.01 || Math.min(a[0], b[0]) > e + 0.01) continue;
        if (Math.max(a[1], b[1]) < s - 0.01 || Math.min(a[1], b[1]) > n + 0.01) continue;
        segs.push([a, b]);
      }
    }
    return segs;
  };
  const countries = (['LAO', 'CHN'] as const).map((code) => ({ code, segs: segmentsOf(borders[code]) }));
  // Within ~0.1 m: rounding moves points by at most 0.07 m.
  const EPS = 1e-6;
  const onLine = (p: Pt, segs: [Pt, Pt][]) => segs.some(([a, b]) => nearestOnSegment(p, a, b).d < EPS);
  const edgeCountry = (a: Pt, b: Pt): 'LAO' | 'CHN' | null => {
    const mid: Pt = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    for (const c of countries) if (onLine(mid, c.segs) && onLine(a, c.segs) && onLine(b, c.segs)) return c.code;
    return null;
  };
  const ring = outer.slice(0, -1);
  const owner = ring.map((p, i) => edgeCountry(p, ring[(i + 1) % ring.length]));
  // Start the walk on an inland edge so that no run is split at the ring's seam.
  const start = owner.findIndex((o) => o === null);
  const runs: Record<BorderLine['countryCode'], Position[][]> = { LAO: [], CHN: [] };
  let current: { code: 'LAO' | 'CHN'; line: Position[] } | null = null;
  for (let k = 0; k < ring.length; k++) {
    const i = (start + k) % ring.length;
    const code = owner[i];
    if (current && current.code !== code) {
      runs[current.code].push(current.line);
      current = null;
    }
    if (code) {
      if (!current) current = { code, line: [ring[i]] };
      current.line.push(ring[(i + 1) % ring.length]);
    }
  }
  if (current) runs[current.code].push(current.line);
  return (['LAO', 'CHN'] as const)
    .filter((code) => runs[code].length > 0)
    .map((code) => ({ countryCode: code, geom: { type: 'MultiLineString', coordinates: runs[code] } }));
}
