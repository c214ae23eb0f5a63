/** Bounds and choices of the analysis parameters, shared by the API schemas and the client (no dependencies). */
export const ANALYSIS_LIMITS = {
  radiusKm: { min: 0, max: 50 },
  borderKm: { min: 0, max: 100 },
  k: { min: 1, max: 10 },
  points: 50,
  /** The area objective overlays polygons for every candidate at every step: about 2 s for 45 candidates at 5 km. */
  areaCandidates: 100,
} as const;
export const CANDIDATE_SOURCES = ['communes', 'villages', 'points'] as const;
export type CandidateSource = (typeof CANDIDATE_SOURCES)[number];
export const OBJECTIVES = ['population', 'area'] as const;
export type Objective = (typeof OBJECTIVES)[number];
