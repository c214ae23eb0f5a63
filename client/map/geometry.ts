import type { Geometry, Position } from 'geojson';

export type Bbox = [west: number, south: number, east: number, north: number];

/** [west, south, east, north] of a GeoJSON geometry, or null when it has no coordinates. */
export function bboxOf(geometry: Geometry): Bbox | null {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as Position;
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    } else for (const child of c) visit(child);
  };
  const parts = geometry.type === 'GeometryCollection' ? geometry.geometries : [geometry];
  for (const g of parts) if (g.type !== 'GeometryCollection') visit(g.coordinates);
  return Number.isFinite(box[0]) ? box : null;
}
