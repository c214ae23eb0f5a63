/**
 * Exact nearest-point and within-distance searches on the ellipsoid for a few thousand points, without a tree:
 * points sorted by latitude, scanned outwards from the query's latitude until the latitude difference alone
 * (times the smallest meridional radius, a safe lower bound of any distance) exceeds the best so far. A point
 * whose distance on a sphere, less its margin, already exceeds the best (or the bound) is passed over without being
 * measured on the ellipsoid, which costs several times more.
 */
import type { Position } from 'geojson';
import { MIN_MERIDIAN_RADIUS_KM, SPHERICAL_MARGIN, geodesicKm, sphericalKm } from './geodesy.ts';

const KM_PER_DEG_LAT_MIN = (MIN_MERIDIAN_RADIUS_KM * Math.PI) / 180;

export class PointIndex {
  /** Indices into the constructor's array, by latitude. */
  private readonly order: number[];
  private readonly lats: Float64Array;

  constructor(private readonly points: Position[]) {
    this.order = points.map((_, i) => i).sort((a, b) => points[a][1] - points[b][1] || a - b);
    this.lats = Float64Array.from(this.order, (i) => points[i][1]);
  }

  get size(): number {
    return this.points.length;
  }

  private firstAtOrAbove(lat: number): number {
    let lo = 0, hi = this.lats.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lats[mid] < lat) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The nearest point to `q` and its geodesic distance; ties go to the point whose `tieKey` is smaller (its index
   * by default); points for which `skip` is true are passed over. Null when no point is left.
   */
  nearest(q: Position, tieKey: (i: number) => number = (i) => i, skip?: (i: number) => boolean): { index: number; km: number } | null {
    if (this.points.length === 0) return null;
    const start = this.firstAtOrAbove(q[1]);
    let best = -1, bestKm = Infinity;
    const consider = (i: number) => {
      if (skip?.(i) || sphericalKm(q, this.points[i]) * SPHERICAL_MARGIN > bestKm) return;
      const km = geodesicKm(q, this.points[i]);
      if (km < bestKm || (km === bestKm && tieKey(i) < tieKey(best))) {
        best = i;
        bestKm = km;
      }
    };
    for (let j = start; j < this.lats.length; j++) {
      if ((this.lats[j] - q[1]) * KM_PER_DEG_LAT_MIN > bestKm) break;
      consider(this.order[j]);
    }
    for (let j = start - 1; j >= 0; j--) {
      if ((q[1] - this.lats[j]) * KM_PER_DEG_LAT_MIN > bestKm) break;
      consider(this.order[j]);
    }
    return best < 0 ? null : { index: best, km: bestKm };
  }

  /** Indices of the points within `km` of `q` (distance ≤ km, as ST_DWithin), in index order. */
  within(q: Position, km: number): number[] {
    const out: number[] = [];
    const dLat = km / KM_PER_DEG_LAT_MIN;
    for (let j = this.firstAtOrAbove(q[1] - dLat); j < this.lats.length && this.lats[j] <= q[1] + dLat; j++) {
      const i = this.order[j];
      const roughly = sphericalKm(q, this.points[i]);
      if (roughly * SPHERICAL_MARGIN > km) continue;
      if (roughly / SPHERICAL_MARGIN <= km || geodesicKm(q, this.points[i]) <= km) out.push(i);
    }
    return out.sort((a, b) => a - b);
  }
}
