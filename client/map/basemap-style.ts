import { layers as protomapsLayers, namedFlavor } from '@protomaps/basemaps';
import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { BasemapTileJson } from '../api/client.ts';
import { FONT_REGULAR, FONT_SEMIBOLD } from './style.ts';

export const BASEMAP_SOURCE = 'basemap';
/** Every basemap layer's id starts with this, so that the app's own layers are told apart from the basemap's. */
export const BASEMAP_PREFIX = 'basemap-';

/** Layers of the Protomaps basemap schema: a vector basemap holding these is styled with @protomaps/basemaps. */
const PROTOMAPS_LAYERS = ['earth', 'water', 'roads'];

export interface BasemapStyle {
  source: SourceSpecification;
  layers: LayerSpecification[];
}

/**
 * The source and layers that draw the operator's basemap: images as they are; Protomaps vector tiles in the
 * package's light flavour, labelled with the bundled Noto Sans (no glyph server, no sprite: layers that need
 * icons are left out); vector tiles of any other schema in neutral greys, one layer per geometry type.
 */
export function basemapStyle(tj: BasemapTileJson, lang: 'vi' | 'en'): BasemapStyle {
  const common = { tiles: tj.tiles, minzoom: tj.minzoom, maxzoom: tj.maxzoom, bounds: tj.bounds, ...(tj.attribution ? { attribution: tj.attribution } : {}) };
  if (tj.type === 'raster') {
    return {
      source: { type: 'raster', tileSize: 256, ...common },
      layers: [{ id: `${BASEMAP_PREFIX}raster`, type: 'raster', source: BASEMAP_SOURCE }],
    };
  }
  const source: SourceSpecification = { type: 'vector', ...common };
  const ids = tj.vector_layers.map((l) => l.id);
  if (PROTOMAPS_LAYERS.every((id) => ids.includes(id))) {
    const flavor = { ...namedFlavor('light'), regular: FONT_REGULAR, bold: FONT_SEMIBOLD, italic: FONT_REGULAR };
    delete flavor.pois;
    const layers = (protomapsLayers(BASEMAP_SOURCE, flavor, { lang }) as LayerSpecification[])
      .filter((l) => l.type !== 'background' && !(l.type === 'symbol' && l.layout && 'icon-image' in l.layout))
      .map((l) => ({ ...l, id: `${BASEMAP_PREFIX}${l.id}` }));
    return { source, layers };
  }
  const layers: LayerSpecification[] = [];
  const is = (...types: string[]): ExpressionSpecification => ['match', ['geometry-type'], types, true, false];
  for (const id of ids) {
    const base = { source: BASEMAP_SOURCE, 'source-layer': id };
    layers.push(
      { id: `${BASEMAP_PREFIX}${id}-fill`, type: 'fill', ...base, filter: is('Polygon', 'MultiPolygon'), paint: { 'fill-color': '#e4e1da' } },
      { id: `${BASEMAP_PREFIX}${id}-line`, type: 'line', ...base, filter: is('LineString', 'MultiLineString'), paint: { 'line-color': '#b9b4aa', 'line-width': 1 } },
      { id: `${BASEMAP_PREFIX}${id}-point`, type: 'circle', ...base, filter: is('Point', 'MultiPoint'), paint: { 'circle-color': '#8f897d', 'circle-radius': 2 } },
    );
  }
  return { source, layers };
}
