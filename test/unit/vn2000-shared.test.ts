import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { fromVn2000, nearestCentralMeridian, toVn2000 } from '../../server/analysis/vn2000.ts';
import { metresBetween } from '../../server/import/distance.ts';

/** The provincial TM-3 points GDAL wrote (test/fixtures/vn2000/README.md), projected and in WGS 84, vertex by vertex. */
const DIR = fileURLToPath(new URL('../fixtures/vn2000/', import.meta.url));
const vertices = (name: string) =>
  (JSON.parse(readFileSync(`${DIR}${name}`, 'utf8')) as FeatureCollection<Polygon>).features.flatMap((f) => f.geometry.coordinates[0]);

describe('VN-2000 TM-3 for the map (the import transform, both ways)', () => {
  const projected = vertices('tm3-103.geojson');
  const wgs84 = vertices('tm3-103.wgs84.geojson');

  it('X/Y to WGS 84 lands within 5 cm of GDAL', () => {
    expect(projected.length).toBe(wgs84.length);
    const gaps = projected.map(([e, n], i) => metresBetween(fromVn2000({ x: n, y: e }, 103), wgs84[i]));
    expect(Math.max(...gaps)).toBeLessThan(0.05);
  });

  it('WGS 84 to X (northing) / Y (easting) gives GDAL’s grid values within 5 cm', () => {
    const gaps = wgs84.map((p, i) => {
      const { x, y } = toVn2000(p, 103);
      return Math.hypot(x - projected[i][1], y - projected[i][0]);
    });
    expect(Math.max(...gaps)).toBeLessThan(0.05);
  });

  it('offers the nearest provincial central meridian', () => {
    expect(nearestCentralMeridian(103.1)).toBe(103);
    expect(nearestCentralMeridian(104.7)).toBe(104.75);
    expect(nearestCentralMeridian(95)).toBe(102);
  });
});
