import { api, ApiRequestError, type IndicatorsResponse } from '../api/client.ts';

const describe = (err: unknown) => (err instanceof ApiRequestError ? `${err.path}: ${err.message}` : String((err as Error)?.message ?? err));

/** The dashboard's figures for one as-of date and commune selection; a newer request cancels an older one. */
class DashboardState {
  phase = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  data = $state.raw<IndicatorsResponse | null>(null);
  error = $state<string | null>(null);
  /** First year with any record (from the trend series), for the year slider; it only ever moves back. */
  firstYear = $state<number | null>(null);
  #key = '';
  #controller: AbortController | null = null;

  async load(asOf: string, communes: string[], { force = false } = {}): Promise<void> {
    const key = `${asOf}|${communes.join(',')}`;
    if (!force && key === this.#key && this.phase !== 'error') return;
    this.#key = key;
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.phase = 'loading';
    this.error = null;
    try {
      const data = await api.indicators(asOf || undefined, communes, controller.signal);
      if (controller.signal.aborted) return;
      this.data = data;
      const years = [...data.trend.map((p) => p.year), ...data.yearly.map((y) => y.year)];
      if (years.length) {
        const first = Math.min(...years);
        if (this.firstYear === null || first < this.firstYear) this.firstYear = first;
      }
      this.phase = 'ready';
    } catch (err) {
      if (controller.signal.aborted || (err as Error)?.name === 'AbortError') return;
      this.error = describe(err);
      this.phase = 'error';
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  reset(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.#key = '';
    this.phase = 'idle';
    this.data = null;
    this.error = null;
    this.firstYear = null;
  }
}

export const dashboard = new DashboardState();
