import { getContext, setContext } from 'svelte';
import type { Map as MapLibreMap } from 'maplibre-gl';

const KEY = Symbol('posture-map');

/** Layer components render only once the map has loaded its style, so the map is always there for them. */
export function setMapContext(getMap: () => MapLibreMap): void {
  setContext(KEY, getMap);
}

export function getMap(): MapLibreMap {
  const get = getContext<(() => MapLibreMap) | undefined>(KEY);
  if (!get) throw new Error('getMap() called outside <MapView>');
  return get();
}
