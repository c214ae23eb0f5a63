import type { ColourBy } from '../map/colours.ts';

export interface LayerVisibility {
  communes: boolean;
  labels: boolean;
  borders: boolean;
  borderGates: boolean;
  hqs: boolean;
}
export type LayerKey = keyof LayerVisibility;
export const LAYER_KEYS: LayerKey[] = ['communes', 'labels', 'borders', 'borderGates', 'hqs'];

export type Page = 'map' | 'admin';
export type AdminTab = 'users' | 'audit';
/** The tabs of the map page's side panel, one per user job. */
export type SidePanel = 'map' | 'dashboard' | 'analysis' | 'border' | 'campaigns';

/** What the user is looking at: the page, the date, the colour-by choice and which layers are on. */
class ViewState {
  /** 'admin' only for administrators; the header offers the switch. */
  page = $state<Page>('map');
  adminTab = $state<AdminTab>('users');
  /** The open tab of the map page's side panel. */
  panel = $state<SidePanel>('map');
  /** `YYYY-MM-DD`; empty until the server's "today" is known. */
  asOf = $state('');
  colourBy = $state<ColourBy>('transformation');
  layers = $state<LayerVisibility>({ communes: true, labels: true, borders: true, borderGates: true, hqs: true });
}

export const view = new ViewState();
