/** The map's toggleable layers (a plain module, so that pure helpers and their tests can use it without runes). */
export interface LayerVisibility {
  communes: boolean;
  labels: boolean;
  borders: boolean;
  borderGates: boolean;
  hqs: boolean;
  /** Villages (thôn, bản), drawn from zoom 10. */
  villages: boolean;
  /** The operator's basemap (POSTURE_BASEMAP), when the server has one. */
  basemap: boolean;
}
export type LayerKey = keyof LayerVisibility;
export const LAYER_KEYS: LayerKey[] = ['communes', 'labels', 'borders', 'borderGates', 'hqs', 'villages', 'basemap'];
