/** Bounds and choices of the analysis parameters, shared by the API schemas and the client (no dependencies). */
export const ANALYSIS_LIMITS = {
  radiusKm: { min: 0, max: 50 },
  borderKm: { min: 0, max: 100 },
  k: { min: 1, max: 10 },
  points: 50,
  /**
   * The area objective overlays a polygon per candidate in PostGIS, then again only for the candidates near each
   * pick: the largest province (about 170 communes) in a few seconds.
   */
  areaCandidates: 250,
} as const;
export const CANDIDATE_SOURCES = ['communes', 'villages', 'points'] as const;
export type CandidateSource = (typeof CANDIDATE_SOURCES)[number];
export const OBJECTIVES = ['population', 'area'] as const;
export type Objective = (typeof OBJECTIVES)[number];
