import { api, ApiRequestError, type BorderCommune, type BorderIndicators, type BorderSegmentCollection } from '../api/client.ts';
import { session } from './session.svelte.ts';
import { ACHIEVED_VALUES } from '../../server/domain.ts';

export type BorderPhase = 'idle' | 'loading' | 'ready' | 'error';
export type BorderSort = 'distance' | 'name' | 'drugFree' | 'gate' | 'hq' | 'recent';

export interface BorderFilters {
  /** '' = every country. */
  country: string;
  notDrugFree: boolean;
  keyComplex: boolean;
  text: string;
}

const describe = (err: unknown) => (err instanceof ApiRequestError ? err.message : String((err as Error)?.message ?? err));

/** Lower-case without diacritics, so that "muong nhe" finds "Mường Nhé" (đ is not a combining mark). */
export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();

const DRUG_FREE_ORDER: Record<string, number> = { revoked: 0, not_started: 1, building: 2, certified: 3 };

/**
 * The border view's data (segments, border communes and indicators as of a date) and the panel's filters.
 * Data is replaced whole on each load; a newer load cancels an older one still in flight.
 */
class BorderState {
  phase = $state<BorderPhase>('idle');
  error = $state<string | null>(null);
  segments = $state.raw<BorderSegmentCollection | null>(null);
  communes = $state.raw<BorderCommune[]>([]);
  indicators = $state.raw<BorderIndicators | null>(null);
  distanceM = $state(1000);
  loadedAsOf = $state('');
  filters = $state<BorderFilters>({ country: '', notDrugFree: false, keyComplex: false, text: '' });
  sort = $state<BorderSort>('distance');
  /** True while the gate form waits for a click on the map to place a gate (the click must not open a commune). */
  picking = $state(false);
  /** Where the last map click in picking mode landed. */
  picked = $state.raw<{ lon: number; lat: number } | null>(null);

  #loading: AbortController | null = null;
  /** The session the data was loaded in: another user's area must never show from a previous session. */
  #epoch = -1;

  async load(asOf: string, force = false): Promise<void> {
    if (this.#epoch !== session.epoch) {
      this.reset();
      this.#epoch = session.epoch;
    }
    if (!force && asOf === this.loadedAsOf && this.phase === 'ready') return;
    this.#loading?.abort();
    const controller = new AbortController();
    this.#loading = controller;
    this.phase = 'loading';
    this.error = null;
    try {
      const [segments, list, indicators] = await Promise.all([
        api.border.segments(controller.signal),
        api.border.communes(asOf, controller.signal),
        api.border.indicators(asOf, controller.signal),
      ]);
      if (controller.signal.aborted) return;
      this.segments = segments;
      this.communes = list.communes;
      this.distanceM = list.distanceM;
      this.indicators = indicators;
      this.loadedAsOf = asOf;
      this.phase = 'ready';
    } catch (err) {
      if ((err as Error)?.name === 'AbortError' || controller.signal.aborted) return;
      this.error = describe(err);
      this.phase = 'error';
    } finally {
      if (this.#loading === controller) this.#loading = null;
    }
  }

  reset(): void {
    this.#loading?.abort();
    this.phase = 'idle';
    this.segments = null;
    this.communes = [];
    this.indicators = null;
    this.loadedAsOf = '';
    this.picking = false;
    this.picked = null;
  }

  /** The communes passing the filters, sorted; `collator` sorts names in the interface language. */
  visible(collator: Intl.Collator): BorderCommune[] {
    const f = this.filters;
    const text = fold(f.text.trim());
    const rows = this.communes.filter(
      (c) =>
        (f.country === '' || c.faces.some((x) => x.countryCode === f.country)) &&
        (!f.notDrugFree || !(ACHIEVED_VALUES.drug_free as readonly string[]).includes(c.drugFree)) &&
        (!f.keyComplex || c.keyComplex === 'key_complex') &&
        (text === '' || fold(c.name).includes(text) || c.code.includes(text)),
    );
    const far = Number.POSITIVE_INFINITY;
    const by: Record<BorderSort, (a: BorderCommune, b: BorderCommune) => number> = {
      distance: (a, b) => a.distanceM - b.distanceM,
      name: (a, b) => collator.compare(a.name, b.name),
      drugFree: (a, b) => (DRUG_FREE_ORDER[a.drugFree] ?? 9) - (DRUG_FREE_ORDER[b.drugFree] ?? 9),
      gate: (a, b) => (a.nearestGate?.distanceM ?? far) - (b.nearestGate?.distanceM ?? far),
      hq: (a, b) => (a.nearestHq?.distanceM ?? far) - (b.nearestHq?.distanceM ?? far),
      // Latest change first; ISO dates compare as text.
      recent: (a, b) => (b.lastChange?.on ?? '').localeCompare(a.lastChange?.on ?? ''),
    };
    return rows.sort((a, b) => by[this.sort](a, b) || collator.compare(a.name, b.name));
  }
}

export const border = new BorderState();
