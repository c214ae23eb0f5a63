/**
 * Geodesy on the WGS84 ellipsoid, the surface PostGIS `geography` measures on.
 *
 * Turf's `distance`, `destination` and `area` work on a sphere of radius 6371.0088 km. At Vietnamese latitudes
 * that sphere is off by up to +0.43 % north–south (meridional radius of curvature 6,344 km at 21° N, 6,337 km at
 * 10° N) and −0.16 % east–west, and its areas are ≈ +0.28 % too large — a large share of a 0.5 % error budget.
 * So distances and circle vertices use Vincenty's formulas on the ellipsoid, and areas use the authalic
 * (equal-area) sphere, on which Turf's own area formula is exact for the ellipsoid. Polygon overlay
 * (union/intersection/difference) still goes through Turf.
 */
import { area as turfArea } from '@turf/turf';
import type { Polygon, MultiPolygon, Position } from 'geojson';

const A = 6378137;
const F = 1 / 298.257223563;
const B = A * (1 - F);
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const RAD = Math.PI / 180;
/** Turf's sphere radius (metres), used by its area formula. */
const TURF_RADIUS = 6371008.8;
/** Radius of the sphere with the ellipsoid's surface area (metres). */
const AUTHALIC_RADIUS = A * Math.sqrt((1 + ((1 - E2) / (2 * E)) * Math.log((1 + E) / (1 - E))) / 2);
/**
 * The smallest meridional radius of curvature, a(1−e²), at the equator. Any path between two latitudes is at
 * least this radius times their difference, which makes it a safe lower bound for pruning searches.
 */
export const MIN_MERIDIAN_RADIUS_KM = (A * (1 - E2)) / 1000;

/**
 * Geodesic distance in kilometres between two lon/lat positions on WGS84 (Vincenty's inverse formula, accurate to
 * well under a millimetre; falls back to a spherical estimate for nearly antipodal points, which never occur in a
 * province).
 *
 * @example
 * geodesicKm([103, 21], [103, 22]); // 110.7236 (a sphere says 111.195)
 */
export function geodesicKm(p: Position, q: Position): number {
  const L = (q[0] - p[0]) * RAD;
  const U1 = Math.atan((1 - F) * Math.tan(p[1] * RAD));
  const U2 = Math.atan((1 - F) * Math.tan(q[1] * RAD));
  const sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
  let lambda = L;
  for (let iter = 0; iter < 200; iter++) {
    const sinL = Math.sin(lambda), cosL = Math.cos(lambda);
    const x = cosU2 * sinL, y = cosU1 * sinU2 - sinU1 * cosU2 * cosL;
    const sinSigma = Math.sqrt(x * x + y * y);
    if (sinSigma === 0) return 0;
    const cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    const sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinL) / sinSigma;
    const cos2Alpha = 1 - sinAlpha * sinAlpha;
    const cos2SigmaM = cos2Alpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cos2Alpha : 0;
    const C = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
    const prev = lambda;
    lambda = L + (1 - C) * F * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - prev) < 1e-12) {
      const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
      const bigA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      const bigB = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const dSigma = bigB * sinSigma * (cos2SigmaM + (bigB / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
        (bigB / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
      return (B * bigA * (sigma - dSigma)) / 1000;
    }
  }
  return sphericalKm(p, q);
}

/** Great-circle distance on Turf's sphere, only as a fallback. */
function sphericalKm(p: Position, q: Position): number {
  const dLat = (q[1] - p[1]) * RAD, dLon = (q[0] - p[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(p[1] * RAD) * Math.cos(q[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return (2 * TURF_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)))) / 1000;
}

/**
 * The position `km` kilometres from `p` along the geodesic leaving at `bearingDeg` (Vincenty's direct formula).
 *
 * @example
 * geodesicDestination([103, 21.5], 10, 90); // [103.09651, 21.49997]: due east along the geodesic, not the parallel
 */
export function geodesicDestination(p: Position, km: number, bearingDeg: number): Position {
  const s = km * 1000;
  const alpha1 = bearingDeg * RAD;
  const sinA1 = Math.sin(alpha1), cosA1 = Math.cos(alpha1);
  const tanU1 = (1 - F) * Math.tan(p[1] * RAD);
  const cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1), sinU1 = tanU1 * cosU1;
  const sigma1 = Math.atan2(tanU1, cosA1);
  const sinAlpha = cosU1 * sinA1;
  const cos2Alpha = 1 - sinAlpha * sinAlpha;
  const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
  const bigA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const bigB = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  let sigma = s / (B * bigA);
  let sinSigma = 0, cosSigma = 1, cos2SigmaM = 0;
  for (let iter = 0; iter < 100; iter++) {
    cos2SigmaM = Math.cos(2 * sigma1 + sigma);
    sinSigma = Math.sin(sigma);
    cosSigma = Math.cos(sigma);
    const dSigma = bigB * sinSigma * (cos2SigmaM + (bigB / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
      (bigB / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    const prev = sigma;
    sigma = s / (B * bigA) + dSigma;
    if (Math.abs(sigma - prev) < 1e-12) break;
  }
  sinSigma = Math.sin(sigma);
  cosSigma = Math.cos(sigma);
  cos2SigmaM = Math.cos(2 * sigma1 + sigma);
  const tmp = sinU1 * sinSigma - cosU1 * cosSigma * cosA1;
  const lat = Math.atan2(sinU1 * cosSigma + cosU1 * sinSigma * cosA1, (1 - F) * Math.sqrt(sinAlpha * sinAlpha + tmp * tmp));
  const lambda = Math.atan2(sinSigma * sinA1, cosU1 * cosSigma - sinU1 * sinSigma * cosA1);
  const C = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
  const L = lambda - (1 - C) * F * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
  return [p[0] + L / RAD, lat / RAD];
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

function authalicLatDeg(latDeg: number): number {
  const s = Math.sin(latDeg * RAD);
  const q = (lat: number) => (1 - E2) * (lat / (1 - E2 * lat * lat) - (1 / (2 * E)) * Math.log((1 - E * lat) / (1 + E * lat)));
  return Math.asin(Math.max(-1, Math.min(1, q(s) / q(1)))) / RAD;
}

/**
 * Area in km² of a polygon on the WGS84 ellipsoid: latitudes are mapped to authalic latitudes, whose sphere has
 * the same area everywhere as the ellipsoid, and measured there with Turf's formula.
 *
 * @example
 * ellipsoidAreaKm2({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }); // 12308.8
 */
export function ellipsoidAreaKm2(geom: Polygon | MultiPolygon): number {
  const mapRing = (ring: Position[]) => ring.map((p) => [p[0], authalicLatDeg(p[1])]);
  const mapped: Polygon | MultiPolygon =
    geom.type === 'Polygon'
      ? { type: 'Polygon', coordinates: geom.coordinates.map(mapRing) }
      : { type: 'MultiPolygon', coordinates: geom.coordinates.map((poly) => poly.map(mapRing)) };
  return (turfArea(mapped) * (AUTHALIC_RADIUS / TURF_RADIUS) ** 2) / 1e6;
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
