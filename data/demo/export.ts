/**
 * Writes the demo dataset to a file for inspection (e.g. in QGIS or geojson.io). The app never reads this file; it
 * generates the dataset itself on first start.
 *
 *   npx tsx data/demo/export.ts out.geojson [seed]   → one FeatureCollection, a `layer` property on every feature
 *   npx tsx data/demo/export.ts out.json [seed]      → the dataset exactly as the seeder receives it
 */
import { writeFileSync } from 'node:fs';
import type { Feature, Geometry } from 'geojson';
import { DEMO_SEED, generateDemoDataset } from './generate.ts';
import type { ProvinceDataset } from './types.ts';

function toFeatures(d: ProvinceDataset): Feature[] {
  const f = (layer: string, geometry: Geometry, props: Record<string, unknown>): Feature => ({
    type: 'Feature',
    geometry,
    properties: { layer, ...props },
  });
  const { geom: provinceGeom, ...province } = d.province;
  return [
    f('province', provinceGeom, province),
    ...d.communes.map(({ geom, ...c }) => f('commune', geom, c)),
    ...d.borders.map(({ geom, ...b }) => f('border', geom, b)),
    ...d.borderGates.map(({ geom, ...g }) => f('border_gate', geom, g)),
    ...d.hqs.map(({ geom, ...h }) => f('police_hq', geom, { ...h, history: JSON.stringify(h.history) })),
    ...d.villages.map(({ geom, ...v }) => f('village', geom, v)),
    ...d.models.flatMap((m) =>
      m.points.map((p) => f('model_point', p.geom, { model: m.name, communeCode: m.communeCode, name: p.name })),
    ),
  ];
}

const [path, seedArg] = process.argv.slice(2);
if (!path) {
  console.error('usage: npx tsx data/demo/export.ts <out.geojson|out.json> [seed]');
  process.exit(2);
}
const seed = seedArg === undefined ? DEMO_SEED : Number(seedArg);
if (!Number.isInteger(seed)) {
  console.error(`seed must be an integer, got ${seedArg}`);
  process.exit(2);
}
const dataset = generateDemoDataset(seed);
const body = path.endsWith('.geojson') ? { type: 'FeatureCollection', features: toFeatures(dataset) } : dataset;
writeFileSync(path, `${JSON.stringify(body)}\n`);
console.log(`${path}: ${dataset.communes.length} communes, ${dataset.statuses.length} status records (seed ${seed})`);
