import { COLOUR_BY_OPTIONS, type ColourBy } from '../map/colours.ts';
import { LAYER_KEYS, type LayerKey } from './layers.ts';

/**
 * The shareable part of the view, as it travels in the address bar. Encoding is plain query-string text so
 * that a link pasted into a report stays readable: `?asOf=2024-12-31&by=key_complex&tab=dashboard&map=8.4/21.6/103.1`.
 */
export interface UrlView {
  asOf?: string;
  colourBy?: ColourBy;
  /** Visible layers (every other layer is off). */
  layers?: LayerKey[];
  tab?: string;
  camera?: Camera;
  /** Communes the dashboard is computed for. */
  selected?: string[];
  /** Communes outlined on the map, and what they stand for (an indicator id or `kind:value`). */
  highlight?: { codes: string[]; source: string | null };
  /** The commune whose detail panel is open. */
  commune?: string;
  /** The province view (a 2-digit code); absent = the default view. */
  province?: string;
}

export interface Camera {
  lng: number;
  lat: number;
  zoom: number;
}

const CODE = /^[0-9]{5}$/;
const PROVINCE = /^[0-9]{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SOURCE = /^[a-z_]+(:[a-z_]+)?$/;
/** Longer lists would make links that some mail clients cut; 500 communes is more than any province has. */
const MAX_CODES = 500;

const codes = (s: string | null) => {
  if (!s) return undefined;
  const list = [...new Set(s.split(',').filter((c) => CODE.test(c)))].slice(0, MAX_CODES);
  return list.length ? list : undefined;
};

const round = (n: number, digits: number) => Number(n.toFixed(digits));

export function encodeUrlView(v: UrlView): string {
  const q = new URLSearchParams();
  if (v.province) q.set('p', v.province);
  if (v.asOf) q.set('asOf', v.asOf);
  if (v.colourBy) q.set('by', v.colourBy);
  if (v.layers) q.set('layers', v.layers.join(',') || 'none');
  if (v.tab) q.set('tab', v.tab);
  if (v.camera) q.set('map', `${round(v.camera.zoom, 2)}/${round(v.camera.lat, 5)}/${round(v.camera.lng, 5)}`);
  if (v.selected?.length) q.set('sel', v.selected.join(','));
  if (v.highlight?.codes.length) {
    q.set('hl', v.highlight.codes.join(','));
    if (v.highlight.source) q.set('hlOf', v.highlight.source);
  }
  if (v.commune) q.set('commune', v.commune);
  // Commas and slashes are safe in a query value and far easier to read unescaped.
  return q.toString().replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%3A/g, ':');
}

/** Reads what it recognises and ignores the rest: a hand-edited or truncated link restores what it can. */
export function decodeUrlView(search: string): UrlView {
  const q = new URLSearchParams(search);
  const v: UrlView = {};
  const asOf = q.get('asOf');
  if (asOf && DATE.test(asOf) && !Number.isNaN(Date.parse(asOf))) v.asOf = asOf;
  const by = q.get('by');
  if (by && (COLOUR_BY_OPTIONS as readonly string[]).includes(by)) v.colourBy = by as ColourBy;
  const layers = q.get('layers');
  if (layers !== null) v.layers = layers.split(',').filter((k): k is LayerKey => (LAYER_KEYS as string[]).includes(k));
  const tab = q.get('tab');
  if (tab && /^[a-z]+$/.test(tab)) v.tab = tab;
  const map = q.get('map')?.split('/').map(Number);
  if (map?.length === 3 && map.every(Number.isFinite)) {
    const [zoom, lat, lng] = map;
    if (zoom >= 0 && zoom <= 22 && Math.abs(lat) <= 85 && Math.abs(lng) <= 180) v.camera = { zoom, lat, lng };
  }
  const selected = codes(q.get('sel'));
  if (selected) v.selected = selected;
  const hl = codes(q.get('hl'));
  if (hl) {
    const source = q.get('hlOf');
    v.highlight = { codes: hl, source: source && SOURCE.test(source) ? source : null };
  }
  const commune = q.get('commune');
  if (commune && CODE.test(commune)) v.commune = commune;
  const province = q.get('p');
  if (province && PROVINCE.test(province)) v.province = province;
  return v;
}
