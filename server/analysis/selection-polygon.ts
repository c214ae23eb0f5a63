import type { SelectionPolygon } from '../schemas/campaigns.ts';

/**
 * Checks a drawn selection polygon before it reaches the database: every ring closed, at least 4 positions,
 * longitude and latitude in range, at most `maxVertices` positions in all. Throws an Error naming the ring and
 * position at fault. Self-intersections (a freehand lasso crossing itself) are allowed: the database repairs them.
 *
 * @example checkSelectionPolygon({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, 100) // passes
 */
export function checkSelectionPolygon(p: SelectionPolygon, maxVertices: number): void {
  const polygons = p.type === 'Polygon' ? [p.coordinates] : p.coordinates;
  let count = 0;
  polygons.forEach((rings, pi) => {
    rings.forEach((ring, ri) => {
      const where = `polygon${polygons.length > 1 ? ` ${pi + 1}` : ''}, ring ${ri + 1}`;
      if (ring.length < 4) throw new Error(`${where}: a ring needs at least 4 positions (3 corners and the closing one), got ${ring.length}`);
      ring.forEach(([lon, lat], i) => {
        if (!Number.isFinite(lon) || lon < -180 || lon > 180 || !Number.isFinite(lat) || lat < -90 || lat > 90) {
          throw new Error(`${where}, position ${i + 1}: [${lon}, ${lat}] is not a longitude/latitude in EPSG:4326`);
        }
      });
      const [first, last] = [ring[0], ring[ring.length - 1]];
      if (first[0] !== last[0] || first[1] !== last[1]) throw new Error(`${where}: not closed (the last position must repeat the first)`);
      count += ring.length;
    });
  });
  if (count > maxVertices) throw new Error(`polygon: ${count} positions, more than the ${maxVertices} allowed; simplify the shape`);
}
