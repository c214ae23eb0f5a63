import Type, { type Static } from 'typebox';
import { CommuneCode, IsoDate } from './common.ts';

export const IndicatorsQuery = Type.Object({
  asOf: Type.Optional(IsoDate),
  /** Comma-separated commune codes: the selection to compute for (intersected with the caller's area). */
  communes: Type.Optional(Type.String({ pattern: '^[0-9]{5}(,[0-9]{5})*$', maxLength: 6000 })),
});
export type IndicatorsQuery = Static<typeof IndicatorsQuery>;

/** The identifiers of the report-style indicators, in display order. */
export const INDICATOR_IDS = [
  'key_complex', // communes key and complex for security and order: N of M communes
  'key_complex_transformed', // of the key-and-complex communes, transformed or maintained: N of K (share)
  'drug_key_area', // communes that are key areas for drug-related social evils: N of M
  'border_drug_free', // border communes certified drug-free: N of B
  'inland_drug_free', // inland (non-border) communes certified drug-free: N of I
  'safe_standard', // communes meeting the "safe for security and order" standard: N of M
  'hq_independent', // commune police HQs operating from independent premises: N of H
  'officers', // full-time officers across the communes with an HQ: value = officers, total = units (per-unit average derived)
  'security_teams', // grassroots security teams: value = teams, total = members (latest year ≤ as-of year)
  'self_governing_models', // self-governing models: value = models, total = points of activity
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

/** One computed figure, e.g. "15 of 45 communes": value = 15, total = 45. */
export const Figure = Type.Object({
  value: Type.Number(),
  /** The denominator or companion figure (see INDICATOR_IDS); null when there is none. */
  total: Type.Union([Type.Number(), Type.Null()]),
});

export const Indicator = Type.Object({
  id: Type.String(),
  current: Figure,
  /** The same indicator one year before the as-of date; null when nothing was recorded then. */
  previous: Type.Union([Figure, Type.Null()]),
  /** The communes behind `current.value` (to highlight them on the map). */
  communes: Type.Array(CommuneCode),
});
export type Indicator = Static<typeof Indicator>;

export const YearlyIndicator = Type.Object({
  year: Type.Integer(),
  /** social_order_cases | drug_cases | drug_arrests | investigation_rate */
  indicator: Type.String(),
  value: Type.Number(),
  unit: Type.String(),
});

export const IndicatorsResponse = Type.Object({
  asOf: IsoDate,
  /** asOf minus one year (the comparison date). */
  previousAsOf: IsoDate,
  /** Communes computed over (selection ∩ area, or the whole area). */
  communeCount: Type.Integer(),
  selection: Type.Boolean(),
  items: Type.Array(Indicator),
  /** Communes per value of each status kind as of asOf. */
  statusBreakdown: Type.Array(Type.Object({ kind: Type.String(), value: Type.String(), count: Type.Integer(), communes: Type.Array(CommuneCode) })),
  /** Count per status value at the end of each year (31 Dec, or asOf for its own year), for trend charts. */
  trend: Type.Array(Type.Object({ year: Type.Integer(), kind: Type.String(), value: Type.String(), count: Type.Integer() })),
  /**
   * Province-level yearly indicators (cases, arrests, investigation rate) up to the as-of year; empty for a
   * selection of communes or a user limited to some communes (they are not broken down by commune).
   */
  yearly: Type.Array(YearlyIndicator),
});
export type IndicatorsResponse = Static<typeof IndicatorsResponse>;
