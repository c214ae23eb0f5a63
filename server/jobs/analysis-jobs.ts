/**
 * The analyses as jobs: inputs loaded from the database plus normalised parameters in, an API answer out.
 * Pure (no I/O), so they run the same in the request's thread or in a worker thread.
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { coverage } from '../analysis/coverage.ts';
import { borderProximity, communesWithinBorder, interiorPoints, nearestHq, nearestOtherHq } from '../analysis/proximity.ts';
import { booleanPointInPolygon } from '@turf/turf';
import { bestSites } from '../analysis/best-sites.ts';
import type { BestSite } from '../analysis/types.ts';
import { geodesicKm } from '../analysis/geodesy.ts';
import type { AnalysisInputs } from '../repositories/analysis-inputs.ts';
import type { BestSitesAnswer, CandidatePoint, CandidateSource, CoverageAnswer, Objective, ProximityAnswer } from '../schemas/analysis.ts';

interface Common {
  statuses: string[];
  asOf: string;
}
export interface CoverageParams extends Common {
  radiusKm: number;
}
export interface ProximityParams extends Common {
  borderKm: number;
}
export interface BestSitesParams extends Common {
  k: number;
  radiusKm: number;
  objective: Objective;
  candidates: CandidateSource;
  points: CandidatePoint[];
}

export type JobName = 'coverage' | 'proximity' | 'best-sites';
export interface JobParams {
  coverage: CoverageParams;
  proximity: ProximityParams;
  'best-sites': BestSitesParams;
}
/** Answers without the data version, which the caller adds. */
export interface JobResults {
  coverage: Omit<CoverageAnswer, 'dataVersion'>;
  proximity: Omit<ProximityAnswer, 'dataVersion'>;
  'best-sites': Omit<BestSitesAnswer, 'dataVersion'>;
}

/** The inputs each job reads (the others are not loaded). */
export const JOB_INPUTS: Record<JobName, (keyof AnalysisInputs)[]> = {
  coverage: ['communes', 'hqs', 'villages'],
  proximity: ['communes', 'hqs', 'villages', 'border', 'gates'],
  'best-sites': ['communes', 'hqs', 'villages'],
};

export function runCoverage(inputs: AnalysisInputs, params: CoverageParams): JobResults['coverage'] {
  const result = coverage(inputs.communes, inputs.hqs, params.radiusKm, {
    villages: inputs.villages.features.length > 0 ? inputs.villages : undefined,
  });
  return {
    params,
    hqCount: inputs.hqs.features.length,
    villageCount: inputs.villages.features.length,
    covered: result.covered,
    gaps: result.gaps,
    communes: result.communes,
    totals: result.totals,
  };
}

export function runProximity(inputs: AnalysisInputs, params: ProximityParams): JobResults['proximity'] {
  const { communes, hqs, villages, border, gates } = inputs;
  const hasHqs = hqs.features.length > 0;
  const hasBorder = border.features.length > 0;
  const interiors = interiorPoints(communes);
  const interiorOf = new Map(interiors.features.map((f) => [f.properties.code, f.geometry]));

  const communeTargets = pointsWithId(interiors.features.map((f) => ({ id: f.properties.code, geometry: f.geometry })));
  const villageTargets = pointsWithId(villages.features.map((f) => ({ id: f.properties.id, geometry: f.geometry })));
  const nearCommune = new Map(hasHqs && communeTargets.features.length > 0 ? nearestHq(communeTargets, hqs).map((n) => [String(n.targetId), n]) : []);
  const otherCommune = new Map(
    hasHqs && communeTargets.features.length > 0
      ? nearestOtherHq(communeTargets as FeatureCollection<Point, { id: string }>, hqs).map((n) => [String(n.targetId), n])
      : [],
  );
  const nearVillage = new Map(hasHqs && villageTargets.features.length > 0 ? nearestHq(villageTargets, hqs).map((n) => [String(n.targetId), n]) : []);
  const borderOf = new Map(hasBorder && communes.features.length > 0 ? borderProximity(communes, border, gates).map((b) => [b.code, b]) : []);
  const nearBorder = hasBorder && communes.features.length > 0 ? communesWithinBorder(communes, border, params.borderKm) : [];
  const nearSet = new Set(nearBorder);
  const hqPoint = new Map(hqs.features.map((f) => [f.properties.id, f.geometry]));

  const lines: Feature<LineString, { kind: 'commune' | 'village'; targetId: string; hqId: number; distanceKm: number }>[] = [];
  const line = (kind: 'commune' | 'village', targetId: string, from: Point | undefined, hqId: number, distanceKm: number) => {
    const to = hqPoint.get(hqId);
    if (from && to) {
      lines.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [from.coordinates, to.coordinates] }, properties: { kind, targetId, hqId, distanceKm } });
    }
  };

  const communeRows = communes.features.map((f) => {
    const { code, name } = f.properties;
    const n = nearCommune.get(code);
    const b = borderOf.get(code);
    if (n) line('commune', code, interiorOf.get(code), n.hqId, n.distanceKm);
    return {
      code,
      name,
      hqId: n?.hqId ?? null,
      hqName: n?.hqName ?? null,
      hqKm: n?.distanceKm ?? null,
      otherHqName: otherCommune.get(code)?.hqName ?? null,
      otherHqKm: otherCommune.get(code)?.distanceKm ?? null,
      borderKm: b?.borderKm ?? null,
      countryCode: b?.countryCode ?? null,
      nearestGateId: b?.nearestGateId ?? null,
      nearestGateName: b?.nearestGateName ?? null,
      gateKm: b?.gateKm ?? null,
      nearBorder: nearSet.has(code),
    };
  });
  const villageRows = villages.features.map((f) => {
    const { id, name, communeCode, population } = f.properties;
    const n = nearVillage.get(String(id));
    if (n) line('village', String(id), f.geometry, n.hqId, n.distanceKm);
    return { id, name, communeCode, population, hqId: n?.hqId ?? null, hqName: n?.hqName ?? null, hqKm: n?.distanceKm ?? null };
  });

  return {
    params,
    hqCount: hqs.features.length,
    communes: communeRows,
    villages: villageRows,
    lines: { type: 'FeatureCollection', features: lines },
    nearBorder,
  };
}

/** The candidate sites a best-sites request names: commune interior points, villages, or the points it sent. */
export function candidatesOf(inputs: AnalysisInputs, params: BestSitesParams): FeatureCollection<Point, { id: string; name?: string }> {
  const { communes, villages } = inputs;
  let candidates: { id: string; name?: string; geometry: Point }[];
  if (params.candidates === 'communes') {
    candidates = interiorPoints(communes).features.map((f) => ({ id: f.properties.code, name: f.properties.name, geometry: f.geometry }));
  } else if (params.candidates === 'villages') {
    candidates = villages.features.map((f) => ({ id: String(f.properties.id), name: f.properties.name, geometry: f.geometry }));
  } else {
    candidates = params.points.map((p, i) => ({ id: `P${i + 1}`, name: p.name, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } }));
  }
  return {
    type: 'FeatureCollection',
    features: candidates.map(({ geometry, ...properties }) => ({ type: 'Feature', geometry, properties })),
  };
}

export function runBestSites(inputs: AnalysisInputs, params: BestSitesParams): JobResults['best-sites'] {
  const { communes, hqs, villages } = inputs;
  const fc = candidatesOf(inputs, params);
  const sites =
    fc.features.length === 0
      ? []
      : bestSites({
          candidates: fc,
          hqs,
          radiusKm: params.radiusKm,
          // Fewer candidates than sites asked for: each candidate is ranked once.
          k: Math.min(params.k, fc.features.length),
          objective: params.objective,
          villages,
          communes,
        });
  return { params, hqCount: hqs.features.length, candidateCount: fc.features.length, sites: explainSites(inputs, params, sites) };
}

/**
 * Why a site in a commune that already has an independent HQ: that HQ and its distance, shown beside what the site
 * adds (people or area beyond the reach of every HQ counted). Shared by the Turf and the PostGIS best sites.
 */
export function explainSites(inputs: AnalysisInputs, params: BestSitesParams, sites: BestSite[]): JobResults['best-sites']['sites'] {
  const { communes, hqs, villages } = inputs;
  const villageCommune = new Map(villages.features.map((f) => [String(f.properties.id), f.properties.communeCode]));
  const communeName = new Map(communes.features.map((f) => [f.properties.code, f.properties.name]));
  const communeOf = (id: string, at: Point): string | null => {
    if (params.candidates === 'communes') return id;
    if (params.candidates === 'villages') return villageCommune.get(id) ?? null;
    return communes.features.find((f) => booleanPointInPolygon(at, f))?.properties.code ?? null;
  };
  return sites.map((site) => {
    const at = site.geometry as Point;
    const code = communeOf(site.candidateId, at);
    let own: { name: string; km: number } | null = null;
    for (const h of hqs.features) {
      if (code === null || h.properties.communeCode !== code || h.properties.status !== 'independent') continue;
      const km = geodesicKm(at.coordinates, h.geometry.coordinates);
      if (!own || km < own.km) own = { name: h.properties.name, km };
    }
    return { ...site, communeCode: code, communeName: code ? (communeName.get(code) ?? null) : null, ownHqName: own?.name ?? null, ownHqKm: own?.km ?? null };
  });
}

export const JOBS: { [J in JobName]: (inputs: AnalysisInputs, params: JobParams[J]) => JobResults[J] } = {
  coverage: runCoverage,
  proximity: runProximity,
  'best-sites': runBestSites,
};

function pointsWithId<I extends string | number>(items: { id: I; geometry: Point }[]): FeatureCollection<Point, { id: I }> {
  return { type: 'FeatureCollection', features: items.map(({ id, geometry }) => ({ type: 'Feature', geometry, properties: { id } })) };
}
