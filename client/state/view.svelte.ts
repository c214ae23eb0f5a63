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

/** What the user is looking at: the date, the colour-by choice and which layers are on. */
class ViewState {
  /** `YYYY-MM-DD`; empty until the server's "today" is known. */
  asOf = $state('');
  colourBy = $state<ColourBy>('transformation');
  layers = $state<LayerVisibility>({ communes: true, labels: true, borders: true, borderGates: true, hqs: true });
}

export const view = new ViewState();
