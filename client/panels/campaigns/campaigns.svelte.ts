import { campaignsApi, type CampaignDetail, type CampaignSummary, type SelectedCommune, type SelectionBody } from '../../api/campaigns.ts';
import { DEFAULT_WEIGHTS, PRIORITY_CRITERIA, type PriorityWeights } from '../../../server/analysis/priority.ts';
import { communeSets } from '../../state/commune-sets.svelte.ts';

export type DrawMode = 'polygon' | 'freehand';
export { DEFAULT_WEIGHTS, PRIORITY_CRITERIA };

/** Filters as the form holds them: '' = any. */
export interface FilterForm {
  keyComplex: '' | 'yes' | 'no';
  drugKeyArea: '' | 'yes' | 'no';
  independentHq: '' | 'yes' | 'no';
  transformation: string[];
  drugFree: string[];
  withinBorderKm: number | null;
  withinHqKm: number | null;
}

const yesNo = (v: '' | 'yes' | 'no') => (v === '' ? undefined : v === 'yes');
const km = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function filtersOf(f: FilterForm): SelectionBody['filters'] {
  return {
    keyComplex: yesNo(f.keyComplex),
    drugKeyArea: yesNo(f.drugKeyArea),
    independentHq: yesNo(f.independentHq),
    transformation: f.transformation.length ? f.transformation : undefined,
    drugFree: f.drugFree.length ? f.drugFree : undefined,
    withinBorderKm: km(f.withinBorderKm),
    withinHqKm: km(f.withinHqKm),
  };
}

/**
 * The planner's work: the drawing tool in use, the scored list of the selected communes (the selection itself is
 * the dashboard's, in communeSets), the weights, and the campaigns.
 */
class Campaigns {
  drawing = $state<DrawMode | null>(null);
  weights = $state<PriorityWeights>({ ...DEFAULT_WEIGHTS });
  scored = $state.raw<SelectedCommune[]>([]);
  scoring = $state(false);
  selecting = $state(false);
  error = $state<string | null>(null);
  list = $state.raw<CampaignSummary[]>([]);
  current = $state.raw<CampaignDetail | null>(null);
  /** Stage of every commune of the open campaign, for the map layer. */
  stages = $derived(new Map((this.current?.communes ?? []).map((c) => [c.code, c.stage])));
  #scoreRun = 0;

  /** Replaces the selection with the communes a drawn shape and/or the filters select. */
  async select(body: SelectionBody): Promise<void> {
    this.selecting = true;
    this.error = null;
    try {
      const res = await campaignsApi.select(body);
      communeSets.setSelected(res.communes.map((c) => c.code));
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.selecting = false;
    }
  }

  /** Scores the current selection with the current weights (latest call wins). */
  async score(asOf: string, codes: string[]): Promise<void> {
    const run = ++this.#scoreRun;
    if (codes.length === 0) {
      this.scored = [];
      return;
    }
    this.scoring = true;
    try {
      const res = await campaignsApi.select({ asOf, codes, weights: { ...this.weights } });
      if (run === this.#scoreRun) this.scored = res.communes;
    } catch (e) {
      if (run === this.#scoreRun) this.error = (e as Error).message;
    } finally {
      if (run === this.#scoreRun) this.scoring = false;
    }
  }

  async loadList(): Promise<void> {
    try {
      this.list = (await campaignsApi.list()).campaigns;
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  async open(id: number): Promise<void> {
    try {
      this.current = await campaignsApi.get(id);
    } catch (e) {
      this.error = (e as Error).message;
    }
  }
}

export const campaigns = new Campaigns();
