/**
 * Geodesy on the WGS84 ellipsoid, the surface PostGIS `geography` measures on, through GeographicLib (Karney's
 * algorithms, which PostGIS itself uses for geography: exact to nanometres, and they never fail to converge).
 *
 * Turf's `distance`, `destination` and `area` work on a sphere of radius 6371.0088 km. At Vietnamese latitudes
 * that sphere is off by up to +0.43 % north–south (meridional radius of curvature 6,344 km at 21° N, 6,337 km at
 * 10° N) and −0.16 % east–west, and its areas are ≈ +0.28 % too large — a large share of a 0.5 % error budget.
 * So distances, circle vertices and areas are measured on the ellipsoid here. Polygon overlay
 * (union/intersection/difference) still goes through Turf.
 */
import geographiclib from 'geographiclib-geodesic';
import type { Polygon, MultiPolygon, Position } from 'geojson';

const { Geodesic } = geographiclib;
const WGS84 = Geodesic.WGS84;
const RAD = Math.PI / 180;
const E2 = WGS84.f * (2 - WGS84.f);

/**
 * The smallest meridional radius of curvature, a(1−e²), at the equator. Any path between two latitudes is at
 * least this radius times their difference, which makes it a safe lower bound for pruning searches.
 */
export const MIN_MERIDIAN_RADIUS_KM = (WGS84.a * (1 - E2)) / 1000;

/**
 * Geodesic distance in kilometres between two lon/lat positions on WGS84.
 *
 * @example
 * geodesicKm([103, 21], [103, 22]); // 110.7236 (a sphere says 111.195)
 */
export function geodesicKm(p: Position, q: Position): number {
  return WGS84.Inverse(p[1], p[0], q[1], q[0], Geodesic.DISTANCE).s12! / 1000;
}

/** Turf's sphere radius (km). */
const SPHERE_KM = 6371.0088;

/**
 * Great-circle distance on Turf's sphere: within 0.6 % of the geodesic distance anywhere (the sphere's radius lies
 * between the ellipsoid's smallest and largest radii of curvature, 6,335 and 6,400 km), at a fraction of its cost.
 * Searches use it, with that margin, to skip points that cannot be the answer before measuring the rest exactly.
 */
export function sphericalKm(p: Position, q: Position): number {
  const dLat = (q[1] - p[1]) * RAD, dLon = (q[0] - p[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(p[1] * RAD) * Math.cos(q[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * SPHERE_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** `sphericalKm` times this is never more than the geodesic distance, and divided by it never less. */
export const SPHERICAL_MARGIN = 0.99;

/**
 * The position `km` kilometres from `p` along the geodesic leaving at `bearingDeg`.
 *
 * @example
 * geodesicDestination([103, 21.5], 10, 90); // [103.09651, 21.49997]: due east along the geodesic, not the parallel
 */
export function geodesicDestination(p: Position, km: number, bearingDeg: number): Position {
  const r = WGS84.Direct(p[1], p[0], bearingDeg, km * 1000, Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.LONG_UNROLL);
  return [r.lon2!, r.lat2!];
}

/**
 * A geodesic circle as a closed ring of `steps` vertices, each exactly `km` from the centre on the ellipsoid
 * (counter-clockwise, first vertex due north). An inscribed polygon: its area is n·sin(2π/n)/(2π) of the circle's
 * (−0.16 % for 64 steps, −0.04 % for 128).
 *
 * @example
 * ellipsoidAreaKm2(geodesicCircle([103, 21.5], 10, 64)); // 313.65 = 100π · 64·sin(2π/64)/(2π)
 */
export function geodesicCircle(center: Position, km: number, steps: number): Polygon {
  const ring: Position[] = [];
  for (let i = 0; i < steps; i++) ring.push(geodesicDestination(center, km, (-360 * i) / steps));
  ring.push([ring[0][0], ring[0][1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Area in m² enclosed by a ring of geodesic edges, whichever its orientation. */
function ringAreaM2(ring: Position[]): number {
  const polygon = WGS84.Polygon(false);
  const last = ring.length - 1;
  const closed = last > 0 && ring[0][0] === ring[last][0] && ring[0][1] === ring[last][1];
  for (let i = 0; i < (closed ? last : ring.length); i++) polygon.AddPoint(ring[i][1], ring[i][0]);
  // Signed, so that a clockwise ring gives its own area negated rather than the rest of the Earth's.
  return Math.abs(polygon.Compute(false, true).area!);
}

/**
 * Area in km² of a polygon on the WGS84 ellipsoid, its edges geodesics (as PostGIS `ST_Area(geography)`): each
 * outer ring's area less its holes'.
 *
 * @example
 * ellipsoidAreaKm2({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }); // 12308.8
 */
export function ellipsoidAreaKm2(geom: Polygon | MultiPolygon): number {
  const polygons = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  let m2 = 0;
  for (const rings of polygons) rings.forEach((ring, i) => (m2 += (i === 0 ? 1 : -1) * ringAreaM2(ring)));
  return m2 / 1e6;
}

/** Throws unless `p` is a finite lon/lat position; `where` names the offending input in the message. */
export function checkPosition(p: Position | undefined, where: string): Position {
  if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
    throw new Error(`${where}: coordinates must be two finite numbers, got ${JSON.stringify(p)}`);
  }
  if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
    throw new Error(`${where}: position ${JSON.stringify(p)} is outside lon −180..180, lat −90..90`);
  }
  return p;
}
