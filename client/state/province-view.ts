import type { Province, ProvinceChoice, ProvinceFigures, SearchHit } from '../api/client.ts';
import type { Messages } from '../i18n/types.ts';

/**
 * GETs that are not about the map's data (accounts, audit log, imports) or that span the whole area (the provinces
 * to choose the view from): the province view means nothing to them.
 */
const OUTSIDE_VIEW = /^\/api\/(auth|users|audit|demo-provinces|import|provinces)(\/|\?|$)/;

/** `path` with `province=` for a read about one province ('' = the default view: nothing added). See withView. */
export function addView(path: string, province: string): string {
  if (!province || OUTSIDE_VIEW.test(path)) return path;
  return `${path}${path.includes('?') ? '&' : '?'}province=${encodeURIComponent(province)}`;
}

/**
 * The province view as people read it: the name the header, the dashboard and the briefing give to what the
 * figures are about. One province is called by its name; a view spanning several is "Toàn quốc (34 tỉnh)" for a
 * user whose area is the whole installation, "3 tỉnh" for one whose area is a few provinces.
 */
export function viewName(t: Messages, province: Province, wholeInstallation: boolean): string {
  if (!province.national) return province.name;
  return wholeInstallation ? t.provinceView.wholeCountry(province.provinceCount) : t.provinceView.someProvinces(province.provinceCount);
}

export interface ViewOption {
  /** '' = the default view. */
  code: string;
  label: string;
  isDemo: boolean;
}

/**
 * What the province picker lists: the default view first when the area holds more than one real province (it is
 * then the national view), then every province of the area, the demo marked as such.
 *
 * @example viewOptions(t, [dienBien, laiChau, demo], true) // Toàn quốc (2 tỉnh), Điện Biên, Lai Châu, Tỉnh Demo (dữ liệu mẫu)
 */
export function viewOptions(t: Messages, provinces: readonly ProvinceChoice[], wholeInstallation: boolean): ViewOption[] {
  const real = provinces.filter((p) => !p.isDemo).length;
  const options: ViewOption[] = [];
  if (real > 1) {
    options.push({ code: '', label: wholeInstallation ? t.provinceView.wholeCountry(real) : t.provinceView.someProvinces(real), isDemo: false });
  }
  for (const p of provinces) {
    // A demo province is often already named as such ("Tỉnh Demo … (dữ liệu mẫu)"): it is marked once.
    const marked = !p.isDemo || p.name.toLowerCase().includes(t.provinceView.demoSuffix.toLowerCase());
    options.push({ code: p.code, label: marked ? p.name : `${p.name} ${t.provinceView.demoSuffix}`, isDemo: p.isDemo });
  }
  return options;
}

/**
 * The picker's value for the view shown: the province asked for, or — in the default view — '' when it spans
 * several provinces and the one province's code otherwise (the area holds a single real province, or only the demo).
 */
export function pickerValue(asked: string, province: Province | null): string {
  if (asked) return asked;
  return province && !province.national ? province.code : '';
}

export interface FoundHit {
  hit: SearchHit;
  /** False for a hit of another province than the view: choosing it switches the view first. */
  inView: boolean;
}

/**
 * Search answers in the view first, then those found elsewhere in the area (in another province), each once, at
 * most `limit`.
 */
export function mergeHits(inView: readonly SearchHit[], elsewhere: readonly SearchHit[], limit: number): FoundHit[] {
  const seen = new Set<string>();
  const out: FoundHit[] = [];
  for (const [hits, flag] of [
    [inView, true],
    [elsewhere, false],
  ] as const) {
    for (const hit of hits) {
      const key = `${hit.kind}:${hit.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ hit, inView: flag });
    }
  }
  return out.slice(0, limit);
}

/** The figures of the national table, in column order (the dashboard's items for which every province has a figure). */
export const PROVINCE_FIGURE_IDS = [
  'key_complex',
  'key_complex_transformed',
  'drug_key_area',
  'border_drug_free',
  'inland_drug_free',
  'safe_standard',
  'hq_independent',
  'officers',
] as const;
export type ProvinceFigureId = (typeof PROVINCE_FIGURE_IDS)[number];

export type ProvinceSortKey = 'name' | 'communes' | ProvinceFigureId;

/** A figure as the table sorts it: its share of the total (officers: per unit), then its value; none sorts last. */
function figureOrder(row: ProvinceFigures, id: string): [number, number] | null {
  const f = row.figures.find((x) => x.id === id);
  if (!f) return null;
  return [f.total > 0 ? f.value / f.total : 0, f.value];
}

/** The national table's rows sorted by a column; ties and missing figures fall back to the province name. */
export function sortProvinceRows(
  rows: readonly ProvinceFigures[],
  key: ProvinceSortKey,
  direction: 'ascending' | 'descending',
  collator: Intl.Collator,
): ProvinceFigures[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const byName = (a: ProvinceFigures, b: ProvinceFigures) => collator.compare(a.name, b.name);
  return [...rows].sort((a, b) => {
    if (key === 'name') return sign * byName(a, b);
    if (key === 'communes') return sign * (a.communeCount - b.communeCount) || byName(a, b);
    const fa = figureOrder(a, key);
    const fb = figureOrder(b, key);
    if (!fa || !fb) return fa === fb ? byName(a, b) : fa ? -1 : 1;
    return sign * (fa[0] - fb[0] || fa[1] - fb[1]) || byName(a, b);
  });
}
