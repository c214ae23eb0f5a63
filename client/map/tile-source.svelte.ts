import type { Map as MapLibreMap, VectorTileSource } from 'maplibre-gl';

/**
 * Points the vector source `id` at the tile URL template `tiles` (a new date or view), or reloads it where it stands
 * when `reload` is set (the data changed): the tiles are `no-cache` with an ETag, so unchanged ones come back as 304.
 */
export function retile(map: MapLibreMap, id: string, tiles: string, reload = false): void {
  const source = map.getSource(id) as VectorTileSource | undefined;
  if (source && (reload || source.tiles?.[0] !== tiles)) source.setTiles([tiles]);
}

/**
 * Keeps the vector source `id` on the tile URL `tiles()` and reloads it whenever `revision()` changes after the first
 * reading (an edit of the data behind the tiles). Call while a component is created: it sets up an effect.
 */
export function followTiles(map: MapLibreMap, id: string, tiles: () => string, revision: () => unknown): void {
  let seen: unknown;
  $effect(() => {
    const r = revision();
    retile(map, id, tiles(), seen !== undefined && r !== seen);
    seen = r;
  });
}
