import type { ColourBy } from '../map/colours.ts';
import type { Camera } from './url-state.ts';
import type { LayerVisibility } from './layers.ts';

export { LAYER_KEYS, type LayerKey, type LayerVisibility } from './layers.ts';

export type Page = 'map' | 'admin';
export type AdminTab = 'users' | 'audit' | 'import';
/** The tabs of the map page's side panel, one per user job. */
export type SidePanel = 'map' | 'dashboard' | 'analysis' | 'border' | 'campaigns';

/** What the user is looking at: the page, the date, the colour-by choice and which layers are on. */
class ViewState {
  /** 'admin' only for administrators; the header offers the switch. */
  page = $state<Page>('map');
  adminTab = $state<AdminTab>('users');
  /** The open tab of the map page's side panel. */
  panel = $state<SidePanel>('dashboard');
  /** `YYYY-MM-DD`; empty until the server's "today" is known. */
  asOf = $state('');
  colourBy = $state<ColourBy>('transformation');
  layers = $state<LayerVisibility>({ communes: true, labels: true, borders: true, borderGates: true, hqs: true, villages: true, basemap: true });
  /**
   * The province view every read is about (`?province=` on each request): a 2-digit province code, or '' for the
   * default view (every real province of the user's area, or the demo when the area holds no real commune).
   */
  provinceCode = $state('');
  /** Where the map looks (kept in step with the map as it moves; null until the map has been placed). */
  camera = $state.raw<Camera | null>(null);
}

export const view = new ViewState();
