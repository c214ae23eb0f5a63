import { describe, expect, it } from 'vitest';
import { basemapStyle, BASEMAP_PREFIX } from '../../client/map/basemap-style.ts';
import { FONT_REGULAR, FONT_SEMIBOLD } from '../../client/map/style.ts';
import type { BasemapTileJson } from '../../server/schemas/basemap.ts';

const tileJson = (over: Partial<BasemapTileJson>): BasemapTileJson => ({
  tilejson: '3.0.0',
  name: 'test',
  attribution: '© OpenStreetMap',
  scheme: 'xyz',
  tiles: ['http://127.0.0.1:3000/api/basemap/{z}/{x}/{y}?v=abc'],
  minzoom: 0,
  maxzoom: 14,
  bounds: [102.1, 8.3, 117.9, 23.4],
  center: null,
  type: 'vector',
  format: 'mvt',
  container: 'pmtiles',
  vector_layers: [],
  ...over,
});

const PROTOMAPS = ['boundaries', 'buildings', 'earth', 'landcover', 'landuse', 'places', 'pois', 'roads', 'transit', 'water'].map((id) => ({ id }));

describe('basemap style', () => {
  it('styles a Protomaps archive with the package layers, prefixed, with no background, no icons and only the bundled fonts', () => {
    const { source, layers } = basemapStyle(tileJson({ vector_layers: PROTOMAPS }), 'vi');
    expect(source).toMatchObject({ type: 'vector', tiles: tileJson({}).tiles, maxzoom: 14, attribution: '© OpenStreetMap' });
    expect(layers.length).toBeGreaterThan(30);
    expect(layers.every((l) => l.id.startsWith(BASEMAP_PREFIX))).toBe(true);
    expect(layers.some((l) => l.type === 'background')).toBe(false);
    expect(layers.map((l) => l.id)).toEqual(expect.arrayContaining(['basemap-earth', 'basemap-water']));
    const fonts = new Set(layers.flatMap((l) => (l.type === 'symbol' ? ((l.layout?.['text-font'] as string[] | undefined) ?? []) : [])));
    expect([...fonts].every((f) => f === FONT_REGULAR || f === FONT_SEMIBOLD)).toBe(true);
    expect(layers.some((l) => l.type === 'symbol' && l.layout && 'icon-image' in l.layout)).toBe(false);
  });

  it('names places in the interface language', () => {
    const text = (lang: 'vi' | 'en') => JSON.stringify(basemapStyle(tileJson({ vector_layers: PROTOMAPS }), lang).layers.filter((l) => l.type === 'symbol'));
    expect(text('vi')).toContain('name:vi');
    expect(text('en')).toContain('name:en');
  });

  it('draws vector tiles of another schema in greys, one layer per geometry type and source layer', () => {
    const { layers } = basemapStyle(tileJson({ vector_layers: [{ id: 'transportation' }, { id: 'water' }] }), 'vi');
    expect(layers.map((l) => [l.id, l.type])).toEqual([
      ['basemap-transportation-fill', 'fill'],
      ['basemap-transportation-line', 'line'],
      ['basemap-transportation-point', 'circle'],
      ['basemap-water-fill', 'fill'],
      ['basemap-water-line', 'line'],
      ['basemap-water-point', 'circle'],
    ]);
  });

  it('draws raster tiles as they are', () => {
    const { source, layers } = basemapStyle(tileJson({ type: 'raster', format: 'png', attribution: null }), 'en');
    expect(source).toEqual({ type: 'raster', tileSize: 256, tiles: tileJson({}).tiles, minzoom: 0, maxzoom: 14, bounds: [102.1, 8.3, 117.9, 23.4] });
    expect(layers).toEqual([{ id: 'basemap-raster', type: 'raster', source: 'basemap' }]);
  });
});
