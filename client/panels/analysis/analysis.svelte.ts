import { HQ_STATUSES, type HqStatus } from '../../../server/domain.ts';
import { ANALYSIS_LIMITS, type CandidateSource, type Objective } from '../../../server/schemas/analysis-limits.ts';
import { ApiRequestError } from '../../api/client.ts';
import { analysisApi, type BestSitesAnswer, type CandidatePoint, type CoverageAnswer, type ProximityAnswer } from '../../api/analysis.ts';

export type Stage = 'coverage' | 'proximity' | 'bestSites';
export type Phase = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface AnalysisResult {
  coverage: CoverageAnswer;
  proximity: ProximityAnswer;
  bestSites: BestSitesAnswer | null;
}

/**
 * The analysis panel's parameters, the run in progress and its result. Shared by the panel (sidebar) and the
 * result layer (map), which also turns map clicks into candidate points while `picking` is on.
 */
class AnalysisState {
  radiusKm = $state(5);
  statuses = $state<HqStatus[]>(['independent', 'shared']);
  borderKm = $state(5);
  withSites = $state(false);
  k = $state(3);
  objective = $state<Objective>('population');
  candidates = $state<CandidateSource>('communes');
  points = $state<CandidatePoint[]>([]);
  picking = $state(false);

  phase = $state<Phase>('idle');
  stages = $state<Stage[]>([]);
  /** Stages finished in the current run. */
  done = $state(0);
  /** How far the running stage is, when its server reports it: communes (coverage) or steps (best sites). */
  stageProgress = $state<{ done: number; total: number } | null>(null);
  startedAt = $state(0);
  error = $state<string | null>(null);
  result = $state.raw<AnalysisResult | null>(null);

  #controller: AbortController | null = null;

  get canRun(): boolean {
    const radiusOk = this.radiusKm > ANALYSIS_LIMITS.radiusKm.min && this.radiusKm <= ANALYSIS_LIMITS.radiusKm.max;
    const pointsOk = !this.withSites || this.candidates !== 'points' || this.points.length > 0;
    return this.statuses.length > 0 && radiusOk && pointsOk && this.phase !== 'running';
  }

  toggleStatus(status: HqStatus, on: boolean): void {
    const set = new Set(this.statuses);
    if (on) set.add(status);
    else set.delete(status);
    this.statuses = HQ_STATUSES.filter((s) => set.has(s));
  }

  addPoint(lon: number, lat: number): void {
    if (this.points.length >= ANALYSIS_LIMITS.points) return;
    this.points = [...this.points, { lon: Number(lon.toFixed(6)), lat: Number(lat.toFixed(6)) }];
  }

  clearPoints(): void {
    this.points = [];
  }

  /** Runs the chosen analyses one after the other, so that progress can be told stage by stage. */
  async run(asOf: string): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    const signal = controller.signal;
    const statuses = [...this.statuses];
    this.stages = this.withSites ? ['coverage', 'proximity', 'bestSites'] : ['coverage', 'proximity'];
    this.done = 0;
    this.stageProgress = null;
    this.error = null;
    this.startedAt = performance.now();
    this.phase = 'running';
    this.picking = false;
    try {
      const onProgress = (p: { done?: number; total?: number }) => {
        if (!signal.aborted && p.total) this.stageProgress = { done: p.done ?? 0, total: p.total };
      };
      const coverage = await analysisApi.coverage({ radiusKm: this.radiusKm, statuses, asOf }, onProgress, signal);
      this.stageProgress = null;
      this.done = 1;
      const proximity = await analysisApi.proximity({ borderKm: this.borderKm, statuses, asOf }, signal);
      this.done = 2;
      let bestSites: BestSitesAnswer | null = null;
      if (this.withSites) {
        bestSites = await analysisApi.bestSites(
          {
            k: this.k,
            radiusKm: this.radiusKm,
            objective: this.objective,
            candidates: this.candidates,
            points: this.candidates === 'points' ? this.points : undefined,
            statuses: statuses.join(','),
            asOf: asOf || undefined,
          },
          onProgress,
          signal,
        );
        this.stageProgress = null;
        this.done = 3;
      }
      if (signal.aborted) return;
      this.result = { coverage, proximity, bestSites };
      this.phase = 'done';
    } catch (err) {
      if (signal.aborted || (err as Error).name === 'AbortError') {
        if (this.#controller === controller) this.phase = 'cancelled';
        return;
      }
      this.error = err instanceof ApiRequestError ? err.message : String((err as Error)?.message ?? err);
      this.phase = 'error';
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  cancel(): void {
    if (!this.#controller) return;
    this.#controller.abort();
    this.#controller = null;
    this.phase = 'cancelled';
  }
}

export const analysis = new AnalysisState();

/** One row of the results table: a commune's coverage joined with its proximity figures. */
export interface CommuneRow {
  code: string;
  name: string;
  areaKm2: number;
  coveredKm2: number;
  share: number;
  population: number | null;
  coveredPopulation: number | null;
  nearestHq: string | null;
  hqKm: number | null;
  /** Nearest HQ of another commune: the nearest HQ may be the commune's own, at 0 km. */
  otherHq: string | null;
  otherHqKm: number | null;
  borderKm: number | null;
  nearBorder: boolean;
  nearestGate: string | null;
  gateKm: number | null;
}

export function communeRows(result: AnalysisResult): CommuneRow[] {
  const near = new Map(result.proximity.communes.map((c) => [c.code, c]));
  return result.coverage.communes.map((c) => {
    const p = near.get(c.code);
    return {
      code: c.code,
      name: c.name,
      areaKm2: c.areaKm2,
      coveredKm2: c.coveredKm2,
      share: c.share,
      population: c.population,
      coveredPopulation: c.coveredPopulation,
      nearestHq: p?.hqName ?? null,
      hqKm: p?.hqKm ?? null,
      otherHq: p?.otherHqName ?? null,
      otherHqKm: p?.otherHqKm ?? null,
      borderKm: p?.borderKm ?? null,
      nearBorder: p?.nearBorder ?? false,
      nearestGate: p?.nearestGateName ?? null,
      gateKm: p?.gateKm ?? null,
    };
  });
}
