/**
 * Golden fixtures of the analyses: test/fixtures/analysis/<case>/in.geojson holds the inputs (one
 * FeatureCollection, each feature's `properties.layer` saying what it is, `params` the analysis parameters) and
 * out.json the expected result. After an intended change of results, regenerate the out.json files with
 * `npx vitest run test/unit/analysis- -u` and review the diff.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { BorderFC, CommuneFC, GateFC, HqFC, VillageFC } from '../../server/analysis/types.ts';

export interface Case {
  params: Record<string, unknown>;
  communes: CommuneFC;
  hqs: HqFC;
  villages: VillageFC;
  border: BorderFC;
  gates: GateFC;
  candidates: FeatureCollection<Point, { id: string; name?: string }>;
}

const dir = new URL('../fixtures/analysis/', import.meta.url);

export function loadCase(name: string): Case {
  const fc = JSON.parse(readFileSync(new URL(`${name}/in.geojson`, dir), 'utf8')) as FeatureCollection & { params: Record<string, unknown> };
  const layer = (l: string) => ({
    type: 'FeatureCollection',
    features: fc.features
      .filter((f) => f.properties?.layer === l)
      .map(({ properties, ...f }): Feature => ({ ...f, properties: Object.fromEntries(Object.entries(properties!).filter(([k]) => k !== 'layer')) })),
  }) as never;
  return { params: fc.params, communes: layer('commune'), hqs: layer('hq'), villages: layer('village'), border: layer('border'), gates: layer('gate'), candidates: layer('candidate') };
}

/** Numbers to 10 significant digits, so the golden files do not churn on the last bits of floating point. */
function rounded(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v)));
}

/** Compares `result` with test/fixtures/analysis/<name>/out.json (written by `vitest -u`). */
export async function expectGolden(name: string, result: unknown): Promise<void> {
  await expect(JSON.stringify(rounded(result), null, 1) + '\n').toMatchFileSnapshot(new URL(`${name}/out.json`, dir).pathname);
}
