/**
 * Domain vocabulary shared by the database, the API, the demo data and the client.
 * The SQL migrations hold the same lists as CHECK constraints / lookup rows; a unit test keeps them in step.
 */

export const COMMUNE_KINDS = ['commune', 'ward', 'special_zone'] as const;
export type CommuneKind = (typeof COMMUNE_KINDS)[number];

/**
 * Dated status records per commune. Each kind has an ordered set of values; `absent` is what a commune without a
 * current record has. One meaning per value: `challenge` is the trial period after success (thời gian thử thách),
 * `relapsed` a transformed commune that became complex again; each campaign stage writes a value of its own.
 */
export const STATUS_KINDS = {
  key_complex: { values: ['key_complex'], absent: 'not_key' },
  drug_key_area: { values: ['drug_key_area'], absent: 'not_key' },
  transformation: {
    values: ['designated', 'plan_approved', 'transforming', 'transformed', 'challenge', 'maintained', 'reassessed', 'relapsed'],
    absent: 'none',
  },
  drug_free: {
    values: ['not_started', 'designated', 'plan_approved', 'building', 'certified', 'challenge', 'maintained', 'reassessed', 'revoked'],
    absent: 'not_started',
  },
  safe_standard: { values: ['met', 'not_met'], absent: 'not_assessed' },
} as const;
export type StatusKind = keyof typeof STATUS_KINDS;
export const STATUS_KIND_NAMES = Object.keys(STATUS_KINDS) as StatusKind[];

/** Values that count as achieved: transformed (and every later stage short of a relapse), drug-free certified. */
export const ACHIEVED_VALUES = {
  transformation: ['transformed', 'challenge', 'maintained', 'reassessed'],
  drug_free: ['certified', 'challenge', 'maintained', 'reassessed'],
} as const;

export const HQ_STATUSES = ['independent', 'under_construction', 'planned', 'shared'] as const;
export type HqStatus = (typeof HQ_STATUSES)[number];

export const BORDER_GATE_LEVELS = ['international', 'main', 'secondary'] as const;
export type BorderGateLevel = (typeof BORDER_GATE_LEVELS)[number];

export const ROLES = ['commander', 'planner', 'border_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const CAMPAIGN_KINDS = ['transformation', 'drug_free'] as const;

/** Yearly province indicators (value units in the `indicator` table). */
export const INDICATORS = {
  social_order_cases: { unit: 'cases' },
  drug_cases: { unit: 'cases' },
  drug_arrests: { unit: 'people' },
  investigation_rate: { unit: 'percent' },
} as const;
export type IndicatorCode = keyof typeof INDICATORS;
