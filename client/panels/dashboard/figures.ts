import type { Indicator, IndicatorsResponse } from '../../../server/schemas/indicators.ts';
import type { Direction, FigureText, Messages } from '../../i18n/types.ts';

export type { Direction, FigureText };

/**
 * Report-style wording of the indicators ("15/45 xã trọng điểm, phức tạp", "giảm 32,1% so với năm 2023"):
 * pure functions of the API figures and the language's messages, so that the panel, the printed briefing
 * and the tests say exactly the same thing.
 */

/** Whether a change is good news: fewer key-and-complex communes is, fewer drug-free communes is not. */
export type Tone = 'good' | 'bad' | 'neutral';

export interface Change {
  direction: Direction;
  /** current − previous */
  delta: number;
  /** Relative change in percent; null when the previous figure is 0. */
  percent: number | null;
}

export function change(current: number, previous: number | null | undefined): Change | null {
  if (previous === null || previous === undefined || !Number.isFinite(previous)) return null;
  const delta = current - previous;
  // Rounding noise from averaged figures must not read as a change.
  const direction: Direction = Math.abs(delta) < 1e-9 ? 'flat' : delta > 0 ? 'up' : 'down';
  return { direction, delta: direction === 'flat' ? 0 : delta, percent: previous === 0 ? null : (delta / previous) * 100 };
}

/** Indicators where a rise is bad news; every other rise (safer communes, more HQs, teams) is good news. */
const RISE_IS_BAD = new Set(['key_complex', 'drug_key_area', 'social_order_cases', 'drug_cases']);
/** Indicators whose rise is neither: more arrests may mean more crime or better policing. */
const NEUTRAL = new Set(['drug_arrests', 'officers']);

export function tone(id: string, direction: Direction): Tone {
  if (direction === 'flat' || NEUTRAL.has(id)) return 'neutral';
  return (direction === 'up') === RISE_IS_BAD.has(id) ? 'bad' : 'good';
}

export const ARROWS: Record<Direction, string> = { up: '▲', down: '▼', flat: '■' };

export interface IndicatorText {
  id: string;
  /** The number a commander quotes: "15/45", "818". */
  lead: string;
  /** What it counts: "xã trọng điểm, phức tạp về ANTT". */
  text: string;
  /** "tăng 2 so với 31/12/2024", or that there is no figure a year earlier. */
  changeText: string;
  direction: Direction | null;
  tone: Tone;
}

type Formatters = { number: Intl.NumberFormat; decimal: Intl.NumberFormat };

export function formatters(locale: string): Formatters {
  return {
    number: new Intl.NumberFormat(locale),
    decimal: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  };
}

function figureText({ value, total }: Indicator['current'], f: Formatters): FigureText {
  const hasTotal = total !== null && total > 0;
  return {
    value: f.number.format(value),
    total: total === null ? null : f.number.format(total),
    share: hasTotal ? `${f.decimal.format((value / total) * 100)}%` : null,
    perUnit: hasTotal ? f.decimal.format(value / total) : null,
  };
}

/** The indicator as a report sentence with its change over one year. */
export function indicatorText(t: Messages, item: Indicator, previousAsOf: string, f = formatters(t.locale)): IndicatorText {
  const describe = Object.hasOwn(t.dashboard.items, item.id) ? t.dashboard.items[item.id as keyof Messages['dashboard']['items']] : null;
  const figures = figureText(item.current, f);
  const { lead, text } = describe ? describe(figures) : { lead: figures.value, text: item.id };
  // Officers compare per unit (a new unit brings officers with it); everything else compares the count.
  const c = item.id === 'officers' ? change(perUnit(item.current), item.previous && perUnit(item.previous)) : change(item.current.value, item.previous?.value);
  if (!c) return { id: item.id, lead, text, changeText: t.dashboard.noPrevious, direction: null, tone: 'neutral' };
  const amount = item.id === 'officers' ? f.decimal.format(Math.abs(c.delta)) : f.number.format(Math.abs(c.delta));
  return {
    id: item.id,
    lead,
    text,
    changeText: t.dashboard.change(c.direction, amount, t.formatDate(previousAsOf)),
    direction: c.direction,
    tone: tone(item.id, c.direction),
  };
}

function perUnit({ value, total }: Indicator['current']): number {
  return total ? value / total : 0;
}

export interface YearlyRow {
  indicator: string;
  year: number;
  value: string;
  unit: string;
  /** "giảm 32,1% so với năm 2023"; null for the first year on record. */
  changeText: string | null;
  direction: Direction | null;
  tone: Tone;
  /** Every year's value, oldest first, for the sparkline. */
  series: { year: number; value: number }[];
}

/** One row per yearly indicator: its latest year up to the as-of year, compared with the year before. */
export function yearlyRows(t: Messages, yearly: IndicatorsResponse['yearly'], f = formatters(t.locale)): YearlyRow[] {
  const byIndicator = new Map<string, IndicatorsResponse['yearly']>();
  for (const y of yearly) byIndicator.set(y.indicator, [...(byIndicator.get(y.indicator) ?? []), y]);
  const order = Object.keys(t.dashboard.yearlyNames);
  const ids = [...byIndicator.keys()].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  return ids.map((indicator) => {
    const series = [...byIndicator.get(indicator)!].sort((a, b) => a.year - b.year);
    const last = series.at(-1)!;
    const before = series.find((y) => y.year === last.year - 1);
    const isRate = last.unit === 'percent';
    const value = isRate ? `${f.decimal.format(last.value)}%` : f.number.format(last.value);
    const unit = isRate ? '' : (t.dashboard.units[last.unit as keyof Messages['dashboard']['units']] ?? last.unit);
    const c = change(last.value, before?.value);
    let changeText: string | null = null;
    if (c && before) {
      // A rate moves in percentage points; a count moves by a share of itself.
      const amount = isRate ? f.decimal.format(Math.abs(c.delta)) : c.percent === null ? f.number.format(Math.abs(c.delta)) : `${f.decimal.format(Math.abs(c.percent))}%`;
      changeText = t.dashboard.yearlyChange(c.direction, amount, before.year, isRate);
    }
    return {
      indicator,
      year: last.year,
      value,
      unit,
      changeText,
      direction: c?.direction ?? null,
      tone: c ? tone(indicator, c.direction) : 'neutral',
      series: series.map(({ year, value: v }) => ({ year, value: v })),
    };
  });
}
