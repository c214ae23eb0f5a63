import type { ExpressionSpecification } from 'maplibre-gl';
import { BORDER_GATE_LEVELS, HQ_STATUSES, STATUS_KINDS, STATUS_KIND_NAMES, type StatusKind } from '../../server/domain.ts';

/**
 * The one colour table of the app. The map style and the legend both read it, so they cannot disagree.
 * Palettes are ColorBrewer-derived: grey for "not designated / no data", warm for problems, green for good.
 */

/** What the commune fills can be coloured by: one of the status kinds, or the status of the commune's police HQ. */
export type ColourBy = StatusKind | 'hqStatus';
export const COLOUR_BY_OPTIONS: readonly ColourBy[] = [...STATUS_KIND_NAMES, 'hqStatus'];

/** Stands for a null HQ status: the commune has no HQ (yet) on the chosen date. */
export const NO_HQ = 'none';

const NEUTRAL = '#e4e7eb';
/** Fill for a value that the table does not know (data newer than the client). */
export const UNKNOWN_COLOUR = '#b8b8b8';

const STATUS_COLOURS: { [K in StatusKind]: Record<string, string> } = {
  key_complex: { not_key: NEUTRAL, key_complex: '#d7301f' },
  drug_key_area: { not_key: NEUTRAL, drug_key_area: '#88419d' },
  transformation: {
    none: NEUTRAL,
    designated: '#d73027',
    plan_approved: '#f46d43',
    transforming: '#fc8d59',
    transformed: '#91cf60',
    // The trial period after success: a success still under watch, teal rather than a warning colour.
    challenge: '#41b6c4',
    maintained: '#1a9850',
    reassessed: '#006837',
    relapsed: '#67001f',
  },
  drug_free: {
    not_started: NEUTRAL,
    designated: '#fee090',
    plan_approved: '#fdb863',
    building: '#f4a442',
    certified: '#91cf60',
    challenge: '#41b6c4',
    maintained: '#1a9850',
    reassessed: '#006837',
    revoked: '#b2182b',
  },
  safe_standard: { not_assessed: NEUTRAL, met: '#1a9850', not_met: '#d73027' },
};

export const HQ_STATUS_COLOURS: Record<(typeof HQ_STATUSES)[number] | typeof NO_HQ, string> = {
  independent: '#1a9850',
  shared: '#4393c3',
  under_construction: '#f39c12',
  planned: '#9e6bb0',
  none: '#9aa0a6',
};

export const BORDER_COLOURS: Record<string, string> = { LAO: '#c2185b', CHN: '#6a1b9a' };
export const BORDER_FALLBACK_COLOUR = '#b71c1c';

export const GATE_COLOURS: Record<(typeof BORDER_GATE_LEVELS)[number], string> = {
  international: '#0d47a1',
  main: '#1976d2',
  secondary: '#64b5f6',
};
/** Icon size of a border gate per level, as a fraction of the drawn icon. */
export const GATE_SIZES: Record<(typeof BORDER_GATE_LEVELS)[number], number> = { international: 1, main: 0.8, secondary: 0.62 };

export interface ColourEntry {
  value: string;
  colour: string;
}

/** The values a colour-by choice can take, in their natural order (absent first, then the kind's own order). */
export function colourEntries(by: ColourBy): ColourEntry[] {
  if (by === 'hqStatus') {
    return ([...HQ_STATUSES, NO_HQ] as const).map((value) => ({ value, colour: HQ_STATUS_COLOURS[value] }));
  }
  const { values, absent } = STATUS_KINDS[by];
  const ordered = [absent, ...values.filter((v) => v !== absent)] as string[];
  return ordered.map((value) => ({ value, colour: STATUS_COLOURS[by][value] ?? UNKNOWN_COLOUR }));
}

/** A commune's value for a colour-by choice, as the map expression below computes it. */
export function communeValue(properties: Record<string, unknown>, by: ColourBy): string {
  const v = properties[by];
  return typeof v === 'string' ? v : NO_HQ;
}

/** MapLibre expression reading the same value as `communeValue`. */
export function valueExpression(by: ColourBy): ExpressionSpecification {
  return ['coalesce', ['get', by], NO_HQ];
}

/** `match` expression turning a feature's value into its colour, from the table above. */
export function matchColour(value: ExpressionSpecification, entries: ColourEntry[], fallback = UNKNOWN_COLOUR): ExpressionSpecification {
  const pairs = entries.flatMap(({ value: v, colour }) => [v, colour]);
  return ['match', value, ...pairs, fallback] as unknown as ExpressionSpecification;
}

export const fillColour = (by: ColourBy) => matchColour(valueExpression(by), colourEntries(by));

export const hqColour = () =>
  matchColour(['coalesce', ['get', 'status'], NO_HQ], colourEntries('hqStatus'), HQ_STATUS_COLOURS.none);

export const borderColour = (): ExpressionSpecification =>
  matchColour(['get', 'countryCode'], Object.entries(BORDER_COLOURS).map(([value, colour]) => ({ value, colour })), BORDER_FALLBACK_COLOUR);

/** Colour of one value of a colour-by choice (badges in panels use the map's colours). */
export function colourFor(by: ColourBy, value: string | null): string {
  const v = value ?? NO_HQ;
  return colourEntries(by).find((e) => e.value === v)?.colour ?? UNKNOWN_COLOUR;
}

/** Villages (thôn, bản): a quiet grey dot and a dark grey name, under the police data. */
export const VILLAGE_COLOURS = { point: '#6d7a83', text: '#37474f' };

/** Colours of the analysis results on the map and in their legend. */
export const ANALYSIS_COLOURS = {
  covered: '#1a9850',
  gap: '#d84315',
  communeLine: '#37474f',
  villageLine: '#90a4ae',
  site: '#111827',
};
