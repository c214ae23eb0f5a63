import type { AddLayerObject, FontFacesSpecification, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { absoluteUrl, NOTO_SANS, type FontWeight } from '../ui/fonts.ts';

/**
 * The offline base style: a background and nothing remote. No `glyphs` URL and no sprite; labels are
 * drawn by MapLibre from the bundled Noto Sans files declared under `font-faces`, and the data layers
 * add their own GeoJSON sources (see the *Layer.svelte components).
 */

/** Font names used in `text-font`; each resolves to bundled files through `font-faces`. */
export const FONT_REGULAR = 'Noto Sans Regular';
export const FONT_SEMIBOLD = 'Noto Sans SemiBold';

export const BACKGROUND = '#f3f1ec';

function fontFaces(): FontFacesSpecification {
  const faces = (weight: FontWeight) => NOTO_SANS.map((s) => ({ url: absoluteUrl(s.files[weight]), 'unicode-range': s.unicodeRange }));
  return { [FONT_REGULAR]: faces(400), [FONT_SEMIBOLD]: faces(600) };
}

export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'Posture (offline)',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
    'font-faces': fontFaces(),
  };
}

/**
 * Bottom-to-top order of every layer the app draws. Layer components mount in whatever order Svelte
 * creates them; `addLayerInOrder` slots each layer in its place here.
 */
export const LAYER_ORDER = [
  'background',
  'commune-fill',
  'commune-line',
  'campaign-stage-fill',
  'campaign-stage-line',
  'commune-dim',
  'commune-picked',
  'commune-highlight-casing',
  'commune-highlight',
  'commune-selected',
  'border-commune-outline',
  'village-point',
  'border-casing',
  'border-line',
  'border-gate',
  'hq-point',
  // Names on top: a marker under a label stays visible around it, a marker on a label hides letters.
  'village-label',
  'commune-label',
  'sovereignty-label',
  // The map tools' drawings (a measure, a point gone to) over everything.
  'measure-fill',
  'measure-line',
  'measure-vertex',
  'goto-mark',
] as const;
export type LayerId = (typeof LAYER_ORDER)[number];

export function addLayerInOrder(map: MapLibreMap, layer: AddLayerObject & { id: LayerId }): void {
  const index = LAYER_ORDER.indexOf(layer.id);
  const before = LAYER_ORDER.slice(index + 1).find((id) => map.getLayer(id));
  map.addLayer(layer, before);
}

/**
 * Adds the basemap's layers (ids outside LAYER_ORDER) above the background and under every layer of the app,
 * whichever was added first.
 */
export function addUnderAppLayers(map: MapLibreMap, layers: AddLayerObject[]): void {
  const before = LAYER_ORDER.slice(1).find((id) => map.getLayer(id));
  for (const layer of layers) map.addLayer(layer, before);
}

/** Removes layers and then their source, tolerating a map that is already gone. */
export function removeLayers(map: MapLibreMap, layerIds: LayerId[], sourceId: string): void {
  try {
    for (const id of layerIds) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(sourceId)) map.removeSource(sourceId);
  } catch {
    // The map was removed first (the whole view is being torn down); nothing left to clean.
  }
}

export const visibility = (visible: boolean) => (visible ? 'visible' : 'none') as 'visible' | 'none';
