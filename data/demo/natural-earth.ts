/**
 * Real national borders for the demo province: Natural Earth 1:10m Admin 0 (public domain), as packaged in the npm
 * package world-atlas. Loaded once per process; the file does not depend on the seed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import type { Feature, MultiLineString, MultiPolygon, Polygon } from 'geojson';

const require = createRequire(import.meta.url);

/** ISO 3166-1 numeric ids used by Natural Earth / world-atlas. */
const VIETNAM = '704';
const NEIGHBOURS = { LAO: '418', CHN: '156' } as const;

export interface NaturalEarth {
  /** Vietnam's land territory. */
  vietnam: MultiPolygon;
  /** Vietnam's whole border with each neighbour. */
  borders: Record<keyof typeof NEIGHBOURS, MultiLineString>;
  /** "world-atlas 2.0.2". */
  packageLabel: string;
}

let cached: NaturalEarth | null = null;

export function loadNaturalEarth(): NaturalEarth {
  if (cached) return cached;
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8')) as Topology<{
    countries: GeometryCollection;
  }>;
  const pkg = JSON.parse(readFileSync(require.resolve('world-atlas/package.json'), 'utf8')) as { name: string; version: string };
  const byId = (id: string): GeometryObject => {
    const g = topo.objects.countries.geometries.find((x) => String(x.id) === id);
    if (!g) throw new Error(`world-atlas: no country with id ${id}`);
    return g;
  };
  const vn = byId(VIETNAM);
  const vnFeature = feature(topo, vn) as Feature<Polygon | MultiPolygon>;
  const g = vnFeature.geometry;
  const vietnam: MultiPolygon = g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g;
  // Meshing only the two countries concerned is much cheaper than meshing the whole world with a filter.
  const borderWith = (id: string): MultiLineString => {
    const pair: GeometryCollection = { type: 'GeometryCollection', geometries: [vn, byId(id)] };
    return mesh(topo, pair, (a, b) => a !== b);
  };
  cached = {
    vietnam,
    borders: { LAO: borderWith(NEIGHBOURS.LAO), CHN: borderWith(NEIGHBOURS.CHN) },
    packageLabel: `${pkg.name} ${pkg.version}`,
  };
  return cached;
}
