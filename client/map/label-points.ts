import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Where to put a polygon's label: its pole of inaccessibility (the inside point farthest from the
 * edges), found with the "polylabel" grid search (Agafonkin, Mapbox, 2016). MapLibre can place polygon
 * labels itself, but it does so per tile, which repeats a commune's name wherever tiles cut it.
 *
 * Coordinates are scaled by cos(latitude) in x so that "farthest" means metres, not degrees.
 *
 * @example labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]] }) // ≈ [2, 1]
 */
export function labelPoint(geometry: Polygon | MultiPolygon, precisionDeg = 0.0005): Position | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  // The largest part carries the label (a commune with islands is named on its main land).
  let best: Position[][] | null = null;
  let bestArea = 0;
  for (const poly of polygons) {
    const a = poly.length ? Math.abs(ringArea(poly[0])) : 0;
    if (a > bestArea) [best, bestArea] = [poly, a];
  }
  if (!best) return null;
  const lat = (best[0].reduce((s, p) => s + p[1], 0) / best[0].length) * (Math.PI / 180);
  const kx = Math.cos(lat);
  const rings = best.map((ring) => ring.map(([x, y]) => [x * kx, y] as [number, number]));
  const [x, y] = pole(rings, precisionDeg);
  return [x / kx, y];
}

type Ring = [number, number][];
interface Cell {
  x: number;
  y: number;
  h: number;
  d: number;
  max: number;
}

function pole(rings: Ring[], precision: number): [number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of rings[0]) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const size = Math.min(width, height);
  if (size === 0) return [minX, minY];

  const cell = (x: number, y: number, h: number): Cell => {
    const d = signedDistance(x, y, rings);
    return { x, y, h, d, max: d + h * Math.SQRT2 };
  };
  const queue = new MaxHeap<Cell>((a, b) => a.max - b.max);
  let h = size / 2;
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) queue.push(cell(x + h, y + h, h));

  let best = centroidCell(rings[0], cell);
  const boxCentre = cell(minX + width / 2, minY + height / 2, 0);
  if (boxCentre.d > best.d) best = boxCentre;

  // Bounded: even a pathological ring cannot spin here for long.
  for (let guard = 0; queue.size > 0 && guard < 20_000; guard++) {
    const c = queue.pop()!;
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    h = c.h / 2;
    queue.push(cell(c.x - h, c.y - h, h));
    queue.push(cell(c.x + h, c.y - h, h));
    queue.push(cell(c.x - h, c.y + h, h));
    queue.push(cell(c.x + h, c.y + h, h));
  }
  return [best.x, best.y];
}

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
}

function centroidCell(ring: Ring, cell: (x: number, y: number, h: number) => Cell): Cell {
  let area = 0, x = 0, y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i];
    const [bx, by] = ring[j];
    const f = ax * by - bx * ay;
    x += (ax + bx) * f;
    y += (ay + by) * f;
    area += f * 3;
  }
  return area === 0 ? cell(ring[0][0], ring[0][1], 0) : cell(x / area, y / area, 0);
}

/** Distance from a point to the polygon outline; negative outside. */
function signedDistance(px: number, py: number, rings: Ring[]): number {
  let inside = false;
  let minSq = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[j];
      if (ay > py !== by > py && px < ((bx - ax) * (py - ay)) / (by - ay) + ax) inside = !inside;
      minSq = Math.min(minSq, segmentDistanceSq(px, py, ax, ay, bx, by));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(minSq);
}

function segmentDistanceSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let x = ax, y = ay;
  let dx = bx - x, dy = by - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = [bx, by];
    else if (t > 0) [x, y] = [x + dx * t, y + dy * t];
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

class MaxHeap<T> {
  #items: T[] = [];
  readonly compare: (a: T, b: T) => number;
  constructor(compare: (a: T, b: T) => number) {
    this.compare = compare;
  }
  get size() {
    return this.#items.length;
  }
  push(item: T): void {
    const a = this.#items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.compare(a[i], a[parent]) <= 0) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }
  pop(): T | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && this.compare(a[l], a[m]) > 0) m = l;
        if (r < a.length && this.compare(a[r], a[m]) > 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
