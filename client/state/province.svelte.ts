import {
  api,
  ApiRequestError,
  type BorderCollection,
  type BorderGateCollection,
  type CommuneSummary,
  type HqCollection,
  type Meta,
} from '../api/client.ts';

export type Phase = 'loading' | 'ready' | 'empty' | 'error';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isIsoDate = (s: string) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(s));

const describe = (err: unknown) => (err instanceof ApiRequestError ? `${err.path}: ${err.message}` : String((err as Error)?.message ?? err));
const isAbort = (err: unknown) => (err as Error)?.name === 'AbortError';

/**
 * The province's data beside the map, which draws from the vector tiles: the communes without geometry (lists,
 * counts, zoom-to), HQs, gates and borders (panels and legends). Held raw (not deeply reactive): replaced whole,
 * never edited. Communes, HQs and border gates depend on the as-of date; borders do not.
 */
class ProvinceState {
  phase = $state<Phase>('loading');
  /** Why the first load failed (phase 'error') or why the last refresh failed (phase 'ready'). */
  error = $state<string | null>(null);
  refreshing = $state(false);
  meta = $state.raw<Meta | null>(null);
  communes = $state.raw<CommuneSummary[] | null>(null);
  hqs = $state.raw<HqCollection | null>(null);
  borders = $state.raw<BorderCollection | null>(null);
  borderGates = $state.raw<BorderGateCollection | null>(null);
  /** The as-of date the current communes/HQs/gates were fetched for. */
  loadedAsOf = $state('');
  /**
   * Bumped after every change this user saved (a status, an HQ, a campaign step): the map reloads its tiles, the
   * dashboard and the open commune their figures, at the same date.
   */
  revision = $state(0);

  #dated: AbortController | null = null;
  #loading: AbortController | null = null;

  get province() {
    return this.meta?.province ?? null;
  }

  /** First load: meta, then (if there is a province) every layer. `asOf` defaults to the server's today. */
  async load(asOf?: string): Promise<string | null> {
    this.#loading?.abort();
    const controller = new AbortController();
    this.#loading = controller;
    this.phase = 'loading';
    this.error = null;
    try {
      const meta = await api.meta(controller.signal);
      if (controller.signal.aborted) return null;
      this.meta = meta;
      if (!meta.province) {
        this.phase = 'empty';
        return null;
      }
      const date = asOf && isIsoDate(asOf) ? asOf : meta.today;
      const [borders] = await Promise.all([api.borders(controller.signal), this.#fetchDated(date)]);
      if (controller.signal.aborted) return null;
      this.borders = borders;
      this.phase = 'ready';
      return date;
    } catch (err) {
      if (isAbort(err) || controller.signal.aborted) return null;
      this.error = describe(err);
      this.phase = 'error';
      return null;
    } finally {
      if (this.#loading === controller) this.#loading = null;
    }
  }

  /**
   * Forgets everything, e.g. at log-out: the next user may see a different area. Requests still in
   * flight are cancelled so that they cannot bring the old data back.
   */
  reset(): void {
    this.#loading?.abort();
    this.#loading = null;
    this.#dated?.abort();
    this.#dated = null;
    this.phase = 'loading';
    this.error = null;
    this.refreshing = false;
    this.meta = null;
    this.communes = null;
    this.hqs = null;
    this.borders = null;
    this.borderGates = null;
    this.loadedAsOf = '';
  }

  /** Refetches the date-dependent layers; a newer call cancels an older one still in flight. */
  async refresh(asOf: string): Promise<void> {
    if (!isIsoDate(asOf) || asOf === this.loadedAsOf) return;
    this.refreshing = true;
    try {
      await this.#fetchDated(asOf);
      this.error = null;
    } catch (err) {
      if (!isAbort(err)) this.error = describe(err);
    } finally {
      this.refreshing = this.#dated !== null;
    }
  }

  /** The data changed (this user saved an edit): the dated lists are read again and every view follows `revision`. */
  async changed(): Promise<void> {
    this.revision++;
    const asOf = this.loadedAsOf;
    if (!asOf) return;
    try {
      await this.#fetchDated(asOf);
    } catch (err) {
      if (!isAbort(err)) this.error = describe(err);
    }
  }

  async #fetchDated(asOf: string): Promise<void> {
    this.#dated?.abort();
    const controller = new AbortController();
    this.#dated = controller;
    try {
      const [communes, hqs, borderGates] = await Promise.all([
        api.communeSummaries(asOf, controller.signal),
        api.hqs(asOf, controller.signal),
        api.borderGates(asOf, controller.signal),
      ]);
      if (controller.signal.aborted) return;
      this.communes = communes;
      this.hqs = hqs;
      this.borderGates = borderGates;
      this.loadedAsOf = asOf;
    } finally {
      if (this.#dated === controller) this.#dated = null;
    }
  }
}

export const province = new ProvinceState();
