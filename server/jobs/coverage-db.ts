/**
 * Coverage computed where it is fastest: the polygon overlay (HQ reach against commune outlines, gaps) by PostGIS
 * `geography` SQL, a slice of communes per statement so that progress can be told and a cancelled request stops
 * between slices; the covered population, per-point work, by the point index of server/analysis. Communes the
 * embedded PostGIS cannot overlay (it answers some very complex shapes with no row and no error) go through the
 * Turf overlay instead, so that no commune is ever left out.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { coverage, coverageTotals, villageCoverage } from '../analysis/coverage.ts';
import { boxOf } from '../analysis/overlay.ts';
import type { CommuneCoverage, CommuneFC, CoverageResult, HqFC } from '../analysis/types.ts';
import { analysisInputs } from '../repositories/analysis-inputs.ts';
import { coverageRepository, marginDeg, type CoverageRow } from '../repositories/analysis-coverage.ts';
import type { CoverageParams, JobResults } from './analysis-jobs.ts';

/**
 * Communes per statement at a 5 km reach: large enough that the slices cost little over one statement, small
 * enough to report progress and to stop soon after a cancel. A wider reach unites more HQ circles per commune
 * (their number grows with the square of the radius), so the slice shrinks with it, down to 10 communes.
 */
export const COVERAGE_SLICE = 150;
export const sliceFor = (radiusKm: number) => Math.max(10, Math.min(COVERAGE_SLICE, Math.round((COVERAGE_SLICE * 25) / (radiusKm * radiusKm))));

export interface CoverageProgress {
  done: number;
  total: number;
}

export interface CoverageInDbOptions {
  signal?: AbortSignal;
  onProgress?: (p: CoverageProgress) => Promise<void> | void;
  /** Communes per statement (default: sliceFor the radius). */
  slice?: number;
}

/** What `coverageInDb` adds to the answer: how many communes went through the Turf overlay instead of PostGIS. */
export type CoverageInDbResult = JobResults['coverage'] & { turfCommunes: string[] };

export async function coverageInDb(db: Queryable, scope: Scope, params: CoverageParams, opts: CoverageInDbOptions = {}): Promise<CoverageInDbResult> {
  const repo = coverageRepository(db, scope);
  const slice = opts.slice ?? sliceFor(params.radiusKm);
  // The HQs and villages load while PostGIS overlays (on PostgreSQL, on another connection).
  const loading = analysisInputs(db, scope).load(['hqs', 'villages'], { asOf: params.asOf, statuses: params.statuses });
  loading.catch(() => {}); // awaited below; an overlay failing first must not leave it unhandled
  const codes = await repo.codes();
  const total = codes.length;
  await opts.onProgress?.({ done: 0, total });

  const computed = new Map<string, CoverageRow>();
  const missing: string[] = [];
  for (let i = 0; i < codes.length; i += slice) {
    opts.signal?.throwIfAborted();
    const part = codes.slice(i, i + slice);
    let rows = await repo.rows(part, params);
    if (rows.length < part.length) {
      // One commune PostGIS could not overlay empties its whole statement: the others one by one.
      const got = new Set(rows.map((r) => r.code));
      rows = [...rows];
      for (const code of part) {
        if (got.has(code)) continue;
        opts.signal?.throwIfAborted();
        const one = await repo.rows([code], params);
        if (one.length === 1) rows.push(one[0]);
        else missing.push(code);
      }
    }
    for (const r of rows) computed.set(r.code, r);
    await opts.onProgress?.({ done: Math.min(total, i + part.length), total });
  }

  const points = await loading;
  const hqPos = points.hqs.features.map((f) => f.geometry.coordinates);
  const fallback = missing.length > 0 ? await turfCoverage(repo, missing, points.hqs, hqPos, params.radiusKm) : new Map<string, CommuneRowWithShapes>();

  const rows: CommuneCoverage[] = [];
  const gaps: CoverageResult['gaps']['features'] = [];
  const covered: Position[][][] = [];
  const addPolys = (g: Polygon | MultiPolygon | null) => {
    if (g) covered.push(...(g.type === 'Polygon' ? [g.coordinates] : g.coordinates));
  };
  for (const code of codes) {
    const r = computed.get(code);
    if (r) {
      const coveredKm2 = Math.min(r.areaKm2, r.coveredKm2);
      rows.push({ code, name: r.name, areaKm2: r.areaKm2, coveredKm2, share: r.areaKm2 > 0 ? coveredKm2 / r.areaKm2 : 0, population: null, coveredPopulation: null });
      if (r.gap && r.gapKm2 > 0) gaps.push({ type: 'Feature', properties: { code, name: r.name, areaKm2: r.gapKm2 }, geometry: r.gap });
      addPolys(r.covered);
      continue;
    }
    const t = fallback.get(code);
    if (!t) continue; // removed between the two reads
    rows.push(t.row);
    if (t.gap) gaps.push(t.gap);
    addPolys(t.covered);
  }
  const withVillages = points.villages.features.length > 0;
  if (withVillages) {
    villageCoverage(rows, points.villages, points.villages.features.map((f) => f.geometry.coordinates), hqPos, params.radiusKm);
  }
  return {
    params,
    hqCount: points.hqs.features.length,
    villageCount: points.villages.features.length,
    // The communes' covered parts side by side (they do not overlap): dissolving them into one outline would cost
    // a national union for a layer that is only drawn.
    covered: covered.length > 0 ? { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: covered } } : null,
    gaps: { type: 'FeatureCollection', features: gaps },
    communes: rows,
    totals: coverageTotals(rows, withVillages),
    turfCommunes: missing,
  };
}

interface CommuneRowWithShapes {
  row: CommuneCoverage;
  gap: CoverageResult['gaps']['features'][number] | null;
  covered: Polygon | MultiPolygon | null;
}

/** The Turf overlay for the communes PostGIS gave no row for, each with the HQs that may reach it. */
async function turfCoverage(
  repo: ReturnType<typeof coverageRepository>,
  codes: string[],
  hqs: HqFC,
  hqPos: Position[],
  radiusKm: number,
): Promise<Map<string, CommuneRowWithShapes>> {
  const out = new Map<string, CommuneRowWithShapes>();
  const margin = marginDeg(radiusKm * 1000);
  for (const o of await repo.outlines(codes)) {
    const communes: CommuneFC = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: o.code, name: o.name }, geometry: o.geometry }] };
    const b = boxOf(o.geometry);
    const near: HqFC = {
      type: 'FeatureCollection',
      features: hqs.features.filter((_, i) => {
        const [x, y] = hqPos[i];
        return x >= b.minX - margin && x <= b.maxX + margin && y >= b.minY - margin && y <= b.maxY + margin;
      }),
    };
    const r = coverage(communes, near, radiusKm);
    out.set(o.code, { row: r.communes[0], gap: r.gaps.features[0] ?? null, covered: r.covered?.geometry ?? null });
  }
  return out;
}
