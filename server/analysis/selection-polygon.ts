import type { SelectionPolygon } from '../schemas/campaigns.ts';
import { said } from '../text/lang.ts';
import { SaidError } from '../text/said-error.ts';

/**
 * Checks a drawn selection polygon before it reaches the database: every ring closed, at least 4 positions,
 * longitude and latitude in range, at most `maxVertices` positions in all. Throws a SaidError naming the ring and
 * position at fault. A few self-intersections (a freehand lasso crossing itself) are allowed: the database repairs
 * them. More than `maxCrossings` are refused, since repairing costs the database time and memory that grow with
 * their square (a scribble of 5,000 random vertices holds millions of crossings).
 *
 * @example checkSelectionPolygon({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, 100, 10) // passes
 */
export function checkSelectionPolygon(p: SelectionPolygon, maxVertices: number, maxCrossings: number): void {
  const polygons = p.type === 'Polygon' ? [p.coordinates] : p.coordinates;
  let count = 0;
  polygons.forEach((rings, pi) => {
    rings.forEach((ring, ri) => {
      const where = `polygon${polygons.length > 1 ? ` ${pi + 1}` : ''}, ring ${ri + 1}`;
      const whereVi = `vùng vẽ${polygons.length > 1 ? ` ${pi + 1}` : ''}, vòng ${ri + 1}`;
      if (ring.length < 4) {
        throw new SaidError(
          said(
            `${where}: a ring needs at least 4 positions (3 corners and the closing one), got ${ring.length}`,
            `${whereVi}: một vòng cần ít nhất 4 điểm (3 góc và điểm khép kín), mới có ${ring.length}`,
          ),
        );
      }
      ring.forEach(([lon, lat], i) => {
        if (!Number.isFinite(lon) || lon < -180 || lon > 180 || !Number.isFinite(lat) || lat < -90 || lat > 90) {
          throw new SaidError(
            said(
              `${where}, position ${i + 1}: [${lon}, ${lat}] is not a longitude/latitude in EPSG:4326`,
              `${whereVi}, điểm ${i + 1}: [${lon}, ${lat}] không phải kinh độ/vĩ độ hợp lệ (EPSG:4326)`,
            ),
          );
        }
      });
      const [first, last] = [ring[0], ring[ring.length - 1]];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        throw new SaidError(said(`${where}: not closed (the last position must repeat the first)`, `${whereVi}: chưa khép kín (điểm cuối phải trùng điểm đầu)`));
      }
      count += ring.length;
    });
  });
  if (count > maxVertices) {
    throw new SaidError(
      said(
        `polygon: ${count} positions, more than the ${maxVertices} allowed; simplify the shape`,
        `vùng vẽ: ${count} điểm, nhiều hơn ${maxVertices} điểm cho phép; hãy vẽ hình đơn giản hơn`,
      ),
    );
  }
  if (countCrossings(polygons.flat(), maxCrossings) > maxCrossings) {
    throw new SaidError(
      said(
        `polygon: its outline crosses itself more than the ${maxCrossings} times allowed; draw a simpler shape`,
        `vùng vẽ: đường viền tự cắt nhau nhiều hơn ${maxCrossings} lần cho phép; hãy vẽ hình đơn giản hơn`,
      ),
    );
  }
}

/**
 * How many times the edges of closed rings cross or touch one another (edges next to each other in a ring, which
 * share a corner, are not counted), counting no further than `stopAfter + 1`. A sweep over the edges sorted by
 * their start along one axis: each edge is compared only with the edges whose range on that axis overlaps its own.
 * The axis is the one along which edges overlap least (a comb of long east–west teeth is swept north to south), so
 * a valid outline of 5,000 vertices is checked in milliseconds; the worst case stays quadratic in the number of
 * edges overlapping on both axes.
 *
 * @example countCrossings([[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]], 10) // 1 (a bow tie)
 */
export function countCrossings(rings: number[][][], stopAfter: number): number {
  const n = rings.reduce((sum, r) => sum + Math.max(r.length - 1, 0), 0);
  // Sweep along x unless the edges' y-ranges overlap less, relative to the whole extent.
  const spans = [0, 0];
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  // (Plain loops without temporary arrays: a national boundary file passes a million and a half edges through here.)
  for (const r of rings) {
    for (let i = 0; i + 1 < r.length; i++) {
      const p = r[i];
      const q = r[i + 1];
      for (let k = 0; k < 2; k++) {
        spans[k] += Math.abs(q[k] - p[k]);
        if (p[k] < lo[k]) lo[k] = p[k];
        if (p[k] > hi[k]) hi[k] = p[k];
      }
    }
  }
  const sx = spans[0] / (hi[0] - lo[0] || 1) <= spans[1] / (hi[1] - lo[1] || 1) ? 0 : 1;
  const sy = 1 - sx;
  // Edges as flat arrays, in sweep coordinates: x1, y1, x2, y2 (x1 <= x2), ring, index within ring, ring edge count.
  const x1 = new Float64Array(n);
  const y1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const y2 = new Float64Array(n);
  const ring = new Int32Array(n);
  const index = new Int32Array(n);
  const edges = new Int32Array(n);
  let e = 0;
  rings.forEach((r, ri) => {
    for (let i = 0; i + 1 < r.length; i++, e++) {
      const ax = r[i][sx];
      const ay = r[i][sy];
      const bx = r[i + 1][sx];
      const by = r[i + 1][sy];
      const flip = bx < ax;
      x1[e] = flip ? bx : ax;
      y1[e] = flip ? by : ay;
      x2[e] = flip ? ax : bx;
      y2[e] = flip ? ay : by;
      ring[e] = ri;
      index[e] = i;
      edges[e] = r.length - 1;
    }
  });
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => x1[a] - x1[b]);
  const active: number[] = [];
  let crossings = 0;
  for (const a of order) {
    // Drop edges that end west of this one's start: no later edge (starting further east) reaches them.
    let kept = 0;
    for (const b of active) if (x2[b] >= x1[a]) active[kept++] = b;
    active.length = kept;
    const aMinY = Math.min(y1[a], y2[a]);
    const aMaxY = Math.max(y1[a], y2[a]);
    for (const b of active) {
      if (Math.max(y1[b], y2[b]) < aMinY || Math.min(y1[b], y2[b]) > aMaxY) continue;
      if (ring[a] === ring[b]) {
        const d = Math.abs(index[a] - index[b]);
        if (d === 1 || d === edges[a] - 1) continue;
      }
      if (segmentsMeet(x1[a], y1[a], x2[a], y2[a], x1[b], y1[b], x2[b], y2[b]) && ++crossings > stopAfter) return crossings;
    }
    active.push(a);
  }
  return crossings;
}

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
const within = (a: number, b: number, c: number) => Math.min(a, b) <= c && c <= Math.max(a, b);

function segmentsMeet(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  // Collinear cases: an end of one edge lies on the other.
  return (
    (o1 === 0 && within(ax, bx, cx) && within(ay, by, cy)) ||
    (o2 === 0 && within(ax, bx, dx) && within(ay, by, dy)) ||
    (o3 === 0 && within(cx, dx, ax) && within(cy, dy, ay)) ||
    (o4 === 0 && within(cx, dx, bx) && within(cy, dy, by))
  );
}
