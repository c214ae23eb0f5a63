import Type, { type Static } from 'typebox';
import { CommuneCode, IsoDate } from './common.ts';

export const IndicatorsQuery = Type.Object({
  asOf: Type.Optional(IsoDate),
  /**
   * Comma-separated commune codes: the selection to compute for, intersected with the caller's area. Codes outside
   * the area (or unknown) are ignored; when none is left the answer is 404.
   */
  communes: Type.Optional(Type.String({ pattern: '^[0-9]{5}(,[0-9]{5})*$', maxLength: 6000 })),
});
export type IndicatorsQuery = Static<typeof IndicatorsQuery>;

/**
 * The identifiers of the report-style indicators, in display order. Statuses are read as of the date through
 * `commune_status_at` / `police_hq_status_at` (a record counts from its valid_from day inclusive up to the day before
 * its valid_to); "the communes" are those computed over (selection ∩ area, or the whole area). Exact definitions:
 * server/sql/indicators-figures.sql.
 */
export const INDICATOR_IDS = [
  'key_complex', // communes key and complex for security and order: N of the communes
  // transformed or maintained: N of K, K = communes with a transformation stage in force (every commune designated
  // key and complex; its key-and-complex record ends when it is transformed)
  'key_complex_transformed',
  'drug_key_area', // communes that are key areas for drug-related social evils: N of the communes
  'border_drug_free', // border communes (within 1 km of the national border) certified drug-free: N of B border communes
  'inland_drug_free', // inland (non-border) communes certified drug-free: N of I inland communes
  'safe_standard', // communes meeting the "safe for security and order" standard: N of the communes
  'hq_independent', // communes whose police HQ in force is independent: N of H communes with an HQ in force (any status)
  // full-time officers of the HQs in force (staff count: the latest figure, not dated): value = officers,
  // total = units (communes with an HQ in force; per-unit average = value / total); communes = those units
  'officers',
  // grassroots security teams: value = teams, total = members, each commune with its latest year ≤ the as-of year;
  // communes = those with such a year
  'security_teams',
  // self-governing models established on or before the date and not ended: value = models, total = their points of
  // activity; communes = those with such a model
  'self_governing_models',
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
  /**
   * The same indicator one year before the as-of date; null when nothing it is computed from had been recorded by
   * then in these communes (no status record of its kind, no HQ record, no team-count year, no model).
   */
  previous: Type.Union([Figure, Type.Null()]),
  /** The communes behind `current.value` (to highlight them on the map). */
  communes: Type.Array(CommuneCode),
});
export type Indicator = Static<typeof Indicator>;

export const YearlyIndicator = Type.Object({
  /** The province the figure belongs to (an area may cover several provinces). */
  provinceCode: Type.String(),
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
  /**
   * Communes per value of each status kind as of asOf: every value of key_complex, drug_key_area, transformation,
   * drug_free, safe_standard (the kind's "absent" value last: not_key, none, not_started, not_assessed) and of 'hq'
   * (status of the commune's HQ in force: independent, under_construction, planned, shared, or none), zero counts
   * included, in legend order.
   */
  statusBreakdown: Type.Array(Type.Object({ kind: Type.String(), value: Type.String(), count: Type.Integer(), communes: Type.Array(CommuneCode) })),
  /**
   * Count per status value at the end of each year (31 Dec, or asOf for its own year), for trend charts: from the
   * first year with a status or HQ record in these communes to the as-of year; kinds and values as statusBreakdown.
   */
  trend: Type.Array(Type.Object({ year: Type.Integer(), kind: Type.String(), value: Type.String(), count: Type.Integer() })),
  /**
   * Province-level yearly indicators (cases, arrests, investigation rate) up to the as-of year, of every province the
   * caller's area covers entirely; empty for a selection of communes or a user limited to part of a province (they
   * are not broken down by commune).
   */
  yearly: Type.Array(YearlyIndicator),
  /**
   * The figures of each province (same definitions, current value / total, no comparison), when the area spans
   * more than one province and no selection is made; empty otherwise. Ids: key_complex, key_complex_transformed,
   * drug_key_area, border_drug_free, inland_drug_free, safe_standard, hq_independent, officers.
   */
  provinces: Type.Array(
    Type.Object({
      provinceCode: Type.String(),
      name: Type.String(),
      isDemo: Type.Boolean(),
      communeCount: Type.Integer(),
      figures: Type.Array(Type.Object({ id: Type.String(), value: Type.Number(), total: Type.Number() })),
    }),
  ),
});
export type IndicatorsResponse = Static<typeof IndicatorsResponse>;
