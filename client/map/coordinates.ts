import type { Position } from 'geojson';
import { fromVn2000 } from '../../server/analysis/vn2000.ts';
import type { Messages } from '../i18n/types.ts';

/** The area "go to coordinates" accepts: Vietnam, its islands and the East Sea around them. */
export const MAP_REGION = { west: 100, south: 5, east: 118, north: 25 } as const;

const inRegion = (lon: number, lat: number) =>
  lon >= MAP_REGION.west && lon <= MAP_REGION.east && lat >= MAP_REGION.south && lat <= MAP_REGION.north;

/** A central meridian in degrees and minutes: 104.75 → 104°45'. */
export function formatMeridian(deg: number): string {
  const d = Math.trunc(deg);
  const m = Math.round((deg - d) * 60);
  return `${d}°${String(m).padStart(2, '0')}'`;
}

/** Decimal degrees with 5 decimals (about a metre) in the language's number format, and the hemisphere letter. */
export function formatDecimal(t: Messages, value: number, axis: 'lat' | 'lon'): string {
  const n = new Intl.NumberFormat(t.locale, { minimumFractionDigits: 5, maximumFractionDigits: 5 }).format(Math.abs(value));
  const letter = axis === 'lat' ? (value < 0 ? t.mapTools.south : t.mapTools.north) : value < 0 ? t.mapTools.west : t.mapTools.east;
  return `${n}° ${letter}`;
}

/** Degrees, minutes and seconds to a tenth of a second (about 3 m): 21°23'06,4" B. */
export function formatDms(t: Messages, value: number, axis: 'lat' | 'lon'): string {
  const tenths = Math.round(Math.abs(value) * 36000);
  const d = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = (tenths % 600) / 10;
  const sText = new Intl.NumberFormat(t.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, minimumIntegerDigits: 2 }).format(s);
  const letter = axis === 'lat' ? (value < 0 ? t.mapTools.south : t.mapTools.north) : value < 0 ? t.mapTools.west : t.mapTools.east;
  return `${d}°${String(m).padStart(2, '0')}'${sText}" ${letter}`;
}

/** Metres of a VN-2000 grid coordinate, to the centimetre, grouped as the language writes numbers. */
export function formatGrid(t: Messages, metres: number): string {
  return new Intl.NumberFormat(t.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(metres);
}

/** A length: metres under a kilometre, kilometres to the metre above. */
export function formatLength(t: Messages, metres: number): string {
  if (metres < 1000) return `${new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 }).format(metres)} m`;
  return `${new Intl.NumberFormat(t.locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(metres / 1000)} km`;
}

/** An area in hectares and square kilometres (a commune is a few thousand hectares, tens of km²). */
export function formatArea(t: Messages, km2: number): string {
  const f = (v: number, digits: number) => new Intl.NumberFormat(t.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  return `${f(km2 * 100, 2)} ha · ${f(km2, 3)} km²`;
}

/**
 * A number as a user types it: a decimal comma or point; spaces, or a separator used more than once, group
 * thousands ("2.365.432,5", "2,365,432.5", "2 365 432").
 */
function parseNumber(text: string): number | null {
  let s = text.trim().replace(/[\s\u00a0\u202f]/g, '').replace(/^−/, '-');
  const last = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  if (last >= 0) {
    const sep = s[last];
    const repeated = s.indexOf(sep) !== last;
    const head = s.slice(0, last).replace(/[.,]/g, '');
    s = repeated && !/[.,]/.test(s.slice(0, last).replaceAll(sep, '')) ? s.replaceAll(sep, '') : `${head}.${s.slice(last + 1)}`;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  return Number(s);
}

export type GoToInput =
  | { system: 'wgs84'; lat: string; lon: string }
  | { system: 'vn2000'; x: string; y: string; centralMeridian: number };

/** Where a "go to coordinates" entry points, or the message that says what is wrong with it. */
export type GoToResult = { ok: true; lonLat: Position } | { ok: false; error: string };

/**
 * Reads the "go to coordinates" form: WGS 84 latitude/longitude in decimal degrees, or VN-2000 X (northing) and
 * Y (easting) in metres on a provincial central meridian, converted with the importer's transform.
 */
export function readGoTo(t: Messages, input: GoToInput): GoToResult {
  const m = t.mapTools;
  const read = (label: string, text: string): number | string => {
    if (text.trim() === '') return m.required(label);
    return parseNumber(text) ?? m.notNumber(label, text.trim());
  };
  const fmt = (v: number) => new Intl.NumberFormat(t.locale, { maximumFractionDigits: 5 }).format(v);
  if (input.system === 'wgs84') {
    const lat = read(m.lat, input.lat);
    if (typeof lat === 'string') return { ok: false, error: lat };
    const lon = read(m.lon, input.lon);
    if (typeof lon === 'string') return { ok: false, error: lon };
    if (lat < -90 || lat > 90) return { ok: false, error: inRegion(lat, lon) ? m.swapped : m.latRange };
    if (lon < -180 || lon > 180) return { ok: false, error: m.lonRange };
    if (!inRegion(lon, lat)) return { ok: false, error: inRegion(lat, lon) ? m.swapped : m.outside(fmt(lat), fmt(lon)) };
    return { ok: true, lonLat: [lon, lat] };
  }
  const x = read(m.x, input.x);
  if (typeof x === 'string') return { ok: false, error: x };
  const y = read(m.y, input.y);
  if (typeof y === 'string') return { ok: false, error: y };
  const [lon, lat] = fromVn2000({ x, y }, input.centralMeridian);
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || !inRegion(lon, lat)) {
    return { ok: false, error: m.outside(Number.isFinite(lat) ? fmt(lat) : '?', Number.isFinite(lon) ? fmt(lon) : '?') };
  }
  return { ok: true, lonLat: [lon, lat] };
}
