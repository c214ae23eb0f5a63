/**
 * Where the next commune police HQs would cover the most: greedy choice among candidate sites.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { boxOf, boxesMeet, intersection, minus, unionAll, type Box } from './overlay.ts';
import { ellipsoidAreaKm2, geodesicCircle } from './geodesy.ts';
import { PointIndex } from './point-index.ts';
import type { BestSite, BestSitesInput, CommuneFC } from './types.ts';
import { checkCollection, checkCommunes, checkHqPoints, checkPoint, checkRadius, checkSteps, checkVillages, label } from './validate.ts';

type Poly = Polygon | MultiPolygon;

interface Candidate {
  pos: Position;
  /** Uncovered villages within reach (indices), for the population objective. */
  villages: number[];
  /** The candidate's circle clipped to the communes (or the whole circle without communes); undefined until needed. */
  region: Poly | null | undefined;
  regionBox: Box | null;
}

/**
 * Picks up to `k` candidate sites for new HQs, greedily: each pick is the candidate that adds the most
 * `objective` — population of villages not yet within `radiusKm` of an HQ (existing or already picked), or area
 * (km², ellipsoidal) of the communes not yet within reach (of the whole circle when no communes are given) — given
 * the picks before it. Greedy is the standard approximation for maximum coverage (at least 63 % of the optimum)
 * and, unlike an optimum, explains itself one site at a time. Each row says what that site adds in both
 * measures (population 0 without villages) and the cumulative sums of what sites 1..rank add on top of the
 * existing HQs. Ties go to the earlier candidate. The list stops early when no remaining candidate adds anything.
 *
 * @example
 * bestSites({ candidates, hqs, radiusKm: 5, k: 3, objective: 'population', villages });
 * // [{ rank: 1, candidateId: 'c17', name: 'Bản Huổi Lếch', geometry: { type: 'Point', … },
 * //    addedPopulation: 2140, addedAreaKm2: 61.2, cumulativePopulation: 2140, cumulativeAreaKm2: 61.2 }, …]
 */
export function bestSites(input: BestSitesInput): BestSite[] {
  const { candidates, hqs, radiusKm, k, objective, villages, communes } = input;
  checkRadius(radiusKm);
  const steps = checkSteps(input.steps);
  if (objective !== 'population' && objective !== 'area') throw new Error(`objective must be 'population' or 'area', got ${JSON.stringify(objective)}`);
  checkCollection(candidates, 'candidates');
  if (candidates.features.length === 0) throw new Error('candidates: no candidate site given');
  if (!Number.isInteger(k) || k < 1 || k > candidates.features.length) {
    throw new Error(`k must be an integer from 1 to the number of candidates (${candidates.features.length}), got ${String(k)}`);
  }
  if (objective === 'population' && !villages) throw new Error("objective 'population' needs villages");
  const seen = new Set<string>();
  const candPos = candidates.features.map((f, i) => {
    const where = label('candidate', f, i, 'id');
    const id = f?.properties?.id;
    if (typeof id !== 'string' || id === '') throw new Error(`${where}: properties.id must be a non-empty string`);
    if (seen.has(id)) throw new Error(`${where}: id appears more than once`);
    seen.add(id);
    return checkPoint(f, where);
  });
  const hqPos = checkHqPoints(hqs);
  const villagePos = villages ? checkVillages(villages) : [];
  if (communes) checkCommunes(communes);
  const pop = (i: number) => villages!.features[i].properties.population ?? 0;

  // Villages already covered by existing HQs never count.
  const hqIndex = new PointIndex(hqPos);
  const uncovered = villagePos.map((p) => {
    const n = hqIndex.nearest(p);
    return !n || n.km > radiusKm;
  });
  const villageIndex = new PointIndex(villagePos);

  const communeGeoms = communes ? communes.features.map((f) => f.geometry) : [];
  const communeBoxes = communeGeoms.map(boxOf);
  // A candidate's region (its circle clipped to the communes) is only built when its area is asked for.
  const regionOf = (i: number): Poly | null => {
    const where = label('candidate', candidates.features[i], i, 'id');
    if (radiusKm === 0) return null;
    const circle = geodesicCircle(candPos[i], radiusKm, steps);
    if (!communes) return circle;
    const box = boxOf(circle);
    const pieces = communeGeoms
      .filter((_, j) => boxesMeet(box, communeBoxes[j]))
      .map((g) => intersection(circle, g, where))
      .filter((g): g is Poly => g !== null);
    return unionAll(pieces, where);
  };
  const cands: Candidate[] = candPos.map((pos) => ({
    pos,
    villages: villageIndex.within(pos, radiusKm).filter((v) => uncovered[v]),
    region: undefined,
    regionBox: null,
  }));

  // Circles already reaching: existing HQs, then each pick.
  const reach = radiusKm > 0 ? hqPos.map((p) => geodesicCircle(p, radiusKm, steps)) : [];
  const reachBoxes = reach.map(boxOf);
  const taken = new Set<number>();
  const areaGain = (i: number): number => {
    const c = cands[i];
    const where = label('candidate', candidates.features[i], i, 'id');
    if (c.region === undefined) {
      c.region = regionOf(i);
      c.regionBox = c.region ? boxOf(c.region) : null;
    }
    if (!c.region || !c.regionBox) return 0;
    const near = reach.filter((_, j) => boxesMeet(c.regionBox!, reachBoxes[j]));
    const rest = minus(c.region, near, where);
    return rest ? ellipsoidAreaKm2(rest) : 0;
  };
  const popGain = (c: Candidate) => c.villages.reduce((s, v) => s + (taken.has(v) ? 0 : pop(v)), 0);
  const gain = (i: number) => (objective === 'population' ? popGain(cands[i]) : areaGain(i));

  // Lazy greedy: a candidate's gain can only shrink as sites are picked, so its last computed gain bounds it and
  // only the most promising candidates are re-measured (exact greedy result, far fewer polygon operations).
  const bound = cands.map((_, i) => gain(i));
  const fresh = cands.map(() => true);
  const picked = new Set<number>();
  const out: BestSite[] = [];
  let cumPop = 0, cumArea = 0;
  while (out.length < k) {
    let best = -1;
    for (;;) {
      best = -1;
      for (let i = 0; i < cands.length; i++) if (!picked.has(i) && (best < 0 || bound[i] > bound[best])) best = i;
      if (best < 0 || fresh[best]) break;
      bound[best] = gain(best);
      fresh[best] = true;
    }
    if (best < 0 || !(bound[best] > 0)) break;
    const c = cands[best];
    const addedPopulation = popGain(c);
    const addedAreaKm2 = objective === 'area' ? bound[best] : areaGain(best);
    picked.add(best);
    for (const v of c.villages) taken.add(v);
    if (radiusKm > 0) {
      const circle = geodesicCircle(c.pos, radiusKm, steps);
      reach.push(circle);
      reachBoxes.push(boxOf(circle));
    }
    fresh.fill(false);
    cumPop += addedPopulation;
    cumArea += addedAreaKm2;
    const f = candidates.features[best];
    out.push({
      rank: out.length + 1,
      candidateId: f.properties.id,
      name: f.properties.name ?? null,
      geometry: { type: 'Point', coordinates: [c.pos[0], c.pos[1]] },
      addedPopulation,
      addedAreaKm2,
      cumulativePopulation: cumPop,
      cumulativeAreaKm2: cumArea,
    });
  }
  return out;
}

/**
 * The area (km², ellipsoidal) of the communes within `radiusKm` of `pos` and not within `radiusKm` of any of
 * `reached`: what a site at `pos` adds, measured as `bestSites` measures it (circles of `steps` vertices).
 *
 * @example
 * areaGainTurf([103.02, 21.39], 5, communes, hqPositions); // 41.7
 */
export function areaGainTurf(pos: Position, radiusKm: number, communes: CommuneFC, reached: Position[], steps = checkSteps(undefined)): number {
  if (radiusKm === 0) return 0;
  const where = `candidate at ${pos[0]}, ${pos[1]}`;
  const circle = geodesicCircle(pos, radiusKm, steps);
  const box = boxOf(circle);
  const pieces = communes.features
    .filter((f) => boxesMeet(box, boxOf(f.geometry)))
    .map((f) => intersection(circle, f.geometry, where))
    .filter((g): g is Poly => g !== null);
  const region = unionAll(pieces, where);
  if (!region) return 0;
  const regionBox = boxOf(region);
  const near = reached.map((p) => geodesicCircle(p, radiusKm, steps)).filter((c) => boxesMeet(regionBox, boxOf(c)));
  const rest = minus(region, near, where);
  return rest ? ellipsoidAreaKm2(rest) : 0;
}
