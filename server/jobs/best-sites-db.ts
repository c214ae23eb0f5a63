/**
 * Best sites for the area objective with the polygon overlay in PostGIS (server/sql/analysis-site-gains.sql), the
 * greedy choice made here. Greedy as server/analysis/best-sites.ts (each pick the candidate adding the most area
 * given the HQs and the picks before it; ties to the earlier candidate; stop when nothing is added), with an exact
 * speed-up: a pick only changes the gain of the candidates whose reach meets its own, within twice the radius, so
 * only those are measured again. The populations each pick adds are counted with the point index, as in Turf.
 */
import type { Position } from 'geojson';
import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { siteGainsRepository } from '../repositories/analysis-coverage.ts';
import type { AnalysisInputs } from '../repositories/analysis-inputs.ts';
import { areaGainTurf } from '../analysis/best-sites.ts';
import { geodesicKm } from '../analysis/geodesy.ts';
import { PointIndex } from '../analysis/point-index.ts';
import type { BestSite } from '../analysis/types.ts';
import { candidatesOf, explainSites, type BestSitesParams, type JobResults } from './analysis-jobs.ts';

/**
 * Candidates measured per statement on the first round at a 5 km reach: each slice reports progress and checks for
 * a cancel. A wider reach overlays more communes and circles per candidate, so the slice shrinks with the square
 * of the radius, down to 2.
 */
export const GAIN_SLICE = 16;
const gainSliceFor = (radiusKm: number) => Math.max(2, Math.min(GAIN_SLICE, Math.round((GAIN_SLICE * 25) / (radiusKm * radiusKm))));

export interface BestSitesInDbOptions {
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => Promise<void> | void;
}

export async function runBestSitesInDb(
  db: Queryable,
  scope: Scope,
  inputs: AnalysisInputs,
  params: BestSitesParams,
  opts: BestSitesInDbOptions = {},
): Promise<JobResults['best-sites'] & { turfCandidates: string[] }> {
  const { hqs, villages, communes } = inputs;
  const fc = candidatesOf(inputs, params);
  const n = fc.features.length;
  const k = Math.min(params.k, n);
  const pos: Position[] = fc.features.map((f) => f.geometry.coordinates);
  const hqPos: Position[] = hqs.features.map((f) => f.geometry.coordinates);
  const r = params.radiusKm;
  const repo = siteGainsRepository(db, scope);
  const turfCandidates: string[] = [];
  const slice = gainSliceFor(params.radiusKm);
  const steps = k + Math.ceil(n / slice);
  let stepsDone = 0;
  const step = async () => opts.onProgress?.({ done: ++stepsDone, total: steps });

  const picked: number[] = [];
  const gain = new Float64Array(n);
  /** Measures the candidates `which` given the picks so far, in PostGIS; Turf for any it gave no row for. */
  const measure = async (which: number[]) => {
    const pickedPos = picked.map((i) => ({ lon: pos[i][0], lat: pos[i][1] }));
    const rows = await repo.gains(which.map((i) => ({ i, lon: pos[i][0], lat: pos[i][1] })), pickedPos, params);
    const got = new Set<number>();
    for (const row of rows) {
      gain[row.i] = row.km2;
      got.add(row.i);
    }
    for (const i of which) {
      if (got.has(i)) continue;
      opts.signal?.throwIfAborted();
      // The embedded PostGIS empties a statement on some very complex shapes: the others one by one, then Turf.
      const one = which.length > 1 ? await repo.gains([{ i, lon: pos[i][0], lat: pos[i][1] }], pickedPos, params) : [];
      if (one.length === 1) gain[i] = one[0].km2;
      else {
        gain[i] = areaGainTurf(pos[i], r, communes, [...hqPos, ...picked.map((j) => pos[j])]);
        turfCandidates.push(fc.features[i].properties.id);
      }
    }
  };

  const all = fc.features.map((_, i) => i);
  for (let i = 0; i < n; i += slice) {
    opts.signal?.throwIfAborted();
    await measure(all.slice(i, i + slice));
    await step();
  }

  // Villages already within reach of an HQ never count; each pick takes the uncovered ones within its reach.
  const villagePos = villages.features.map((f) => f.geometry.coordinates);
  const hqIndex = new PointIndex(hqPos);
  const uncovered = villagePos.map((p) => {
    const near = hqIndex.nearest(p);
    return !near || near.km > r;
  });
  const villageIndex = new PointIndex(villagePos);
  const taken = new Set<number>();

  const isPicked = new Uint8Array(n);
  const sites: BestSite[] = [];
  let cumPop = 0, cumArea = 0;
  while (sites.length < k) {
    let best = -1;
    for (let i = 0; i < n; i++) if (!isPicked[i] && (best < 0 || gain[i] > gain[best])) best = i;
    if (best < 0 || !(gain[best] > 0)) break;
    const addedAreaKm2 = gain[best];
    let addedPopulation = 0;
    for (const v of villageIndex.within(pos[best], r)) {
      if (!uncovered[v] || taken.has(v)) continue;
      taken.add(v);
      addedPopulation += villages.features[v].properties.population ?? 0;
    }
    isPicked[best] = 1;
    picked.push(best);
    cumPop += addedPopulation;
    cumArea += addedAreaKm2;
    const f = fc.features[best];
    sites.push({
      rank: sites.length + 1,
      candidateId: f.properties.id,
      name: f.properties.name ?? null,
      geometry: { type: 'Point', coordinates: [pos[best][0], pos[best][1]] },
      addedPopulation,
      addedAreaKm2,
      cumulativePopulation: cumPop,
      cumulativeAreaKm2: cumArea,
    });
    if (sites.length < k) {
      // Reaches of radius r meet only within 2r; a little more for the buffers' polygons and rounding.
      const stale = all.filter((i) => !isPicked[i] && gain[i] > 0 && geodesicKm(pos[i], pos[best]) <= 2 * r * 1.001 + 1e-3);
      for (let i = 0; i < stale.length; i += slice) {
        opts.signal?.throwIfAborted();
        await measure(stale.slice(i, i + slice));
      }
    }
    await step();
  }
  return { params, hqCount: hqs.features.length, candidateCount: n, sites: explainSites(inputs, params, sites), turfCandidates };
}
