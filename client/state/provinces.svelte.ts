import { api, type ProvinceChoice } from '../api/client.ts';
import { view } from './view.svelte.ts';
import { province } from './province.svelte.ts';
import { dashboard } from './dashboard.svelte.ts';
import { border } from './border.svelte.ts';
import { selection } from './selection.svelte.ts';
import { communeSets } from './commune-sets.svelte.ts';
import { analysis } from '../panels/analysis/analysis.svelte.ts';
import { campaigns } from '../panels/campaigns/campaigns.svelte.ts';

/**
 * The provinces of the user's whole area (GET /api/provinces), to choose the view from; loaded with the view, so that
 * a province imported or removed meanwhile appears or goes.
 */
class ProvinceChoices {
  list = $state.raw<ProvinceChoice[]>([]);
  phase = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  #controller: AbortController | null = null;

  async load(): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    if (this.phase !== 'ready') this.phase = 'loading';
    try {
      const { provinces } = await api.provinces(controller.signal);
      if (controller.signal.aborted) return;
      this.list = provinces;
      this.phase = 'ready';
    } catch {
      // The picker is then simply not offered; the view shown still works.
      if (!controller.signal.aborted) this.phase = 'error';
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  reset(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.list = [];
    this.phase = 'idle';
  }
}

export const provinceChoices = new ProvinceChoices();

/**
 * Loads the view asked for (meta, then every layer) at the date shown. A view that is not (or no longer) in the
 * user's area — a stale shared link — falls back to the default view rather than to an empty page.
 */
export async function loadView(): Promise<void> {
  void provinceChoices.load();
  let date = await province.load(view.asOf || undefined);
  if (province.phase === 'empty' && view.provinceCode) {
    view.provinceCode = '';
    date = await province.load(view.asOf || undefined);
  }
  if (date) view.asOf = date;
}

/**
 * Switches the view to a province ('' = the default view): everything shown is about the view, so the figures,
 * the border list, analyses, scored selections and open panels of the previous view go, the map is placed on the
 * new view's extent, and every layer is loaded again. The date, colours, layers and tab stay.
 */
export async function chooseView(code: string): Promise<void> {
  if (code === view.provinceCode && province.phase === 'ready') return;
  view.provinceCode = code;
  view.camera = null;
  selection.clear();
  communeSets.reset();
  dashboard.reset();
  border.reset();
  analysis.cancel();
  analysis.result = null;
  analysis.picking = false;
  analysis.phase = 'idle';
  campaigns.current = null;
  campaigns.scored = [];
  campaigns.drawing = null;
  await loadView();
}
