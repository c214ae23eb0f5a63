/**
 * Priority score of a commune for the next campaign: a weighted sum of named criteria, each worth between 0 and
 * 1 before weighting, so that every score explains itself as criterion × weight = points.
 */

export const PRIORITY_CRITERIA = [
  'key_complex',
  'drug_key_area',
  'not_drug_free',
  'no_independent_hq',
  'hq_distance',
  'border',
  'years_designated',
] as const;
export type PriorityCriterion = (typeof PRIORITY_CRITERIA)[number];
export type PriorityWeights = Record<PriorityCriterion, number>;

/**
 * Default weights. Key-and-complex and drug key area weigh most (they are what a transformation list is made
 * of); drug-free status and HQ presence next; distance and border position refine within a group. A planner can
 * change every weight, including to 0.
 */
export const DEFAULT_WEIGHTS: PriorityWeights = {
  key_complex: 3,
  drug_key_area: 3,
  not_drug_free: 2,
  no_independent_hq: 2,
  hq_distance: 2,
  border: 1,
  years_designated: 1,
};

/** Distances to the nearest independent HQ at or above this count fully (20 km: half a day on mountain roads). */
export const HQ_DISTANCE_FULL_KM = 20;
/** A key-area designation this old or older counts fully. */
export const YEARS_DESIGNATED_FULL = 10;

export interface PriorityInput {
  keyComplex: boolean;
  drugKeyArea: boolean;
  drugFree: boolean;
  hasIndependentHq: boolean;
  /** Distance to the nearest independent HQ, km; null when there is none. */
  nearestHqKm: number | null;
  border: boolean;
  /** Whole years since the commune's current key-area designation; null when it is not designated. */
  yearsDesignated: number | null;
}

export interface PriorityPart {
  criterion: PriorityCriterion;
  /** The criterion's value, 0…1. */
  value: number;
  weight: number;
  points: number;
}

export interface PriorityScore {
  score: number;
  parts: PriorityPart[];
}

const round = (x: number) => Math.round(x * 100) / 100;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * @example priorityScore({ keyComplex: true, drugKeyArea: false, drugFree: false, hasIndependentHq: false,
 *   nearestHqKm: 10, border: true, yearsDesignated: 5 }) // → score 3 + 0 + 2 + 2 + 1 + 1 + 0.5 = 9.5
 */
export function priorityScore(c: PriorityInput, weights: PriorityWeights = DEFAULT_WEIGHTS): PriorityScore {
  const values: Record<PriorityCriterion, number> = {
    key_complex: c.keyComplex ? 1 : 0,
    drug_key_area: c.drugKeyArea ? 1 : 0,
    not_drug_free: c.drugFree ? 0 : 1,
    no_independent_hq: c.hasIndependentHq ? 0 : 1,
    // No independent HQ anywhere in reach counts as far as can be.
    hq_distance: c.nearestHqKm === null ? 1 : clamp01(c.nearestHqKm / HQ_DISTANCE_FULL_KM),
    border: c.border ? 1 : 0,
    years_designated: c.yearsDesignated === null ? 0 : clamp01(c.yearsDesignated / YEARS_DESIGNATED_FULL),
  };
  const parts = PRIORITY_CRITERIA.map((criterion) => {
    const weight = weights[criterion];
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`weights.${criterion}: must be a number ≥ 0, got ${weight}`);
    const value = round(values[criterion]);
    return { criterion, value, weight, points: round(value * weight) };
  });
  return { score: round(parts.reduce((s, p) => s + p.points, 0)), parts };
}
