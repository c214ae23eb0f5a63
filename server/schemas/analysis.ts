import Type, { type Static } from 'typebox';
import { CommuneCode, Geometry, IsoDate, NullableNumber, NullableString, featureCollection } from './common.ts';

import { ANALYSIS_LIMITS } from './analysis-limits.ts';

export { ANALYSIS_LIMITS, CANDIDATE_SOURCES, OBJECTIVES, type CandidateSource, type Objective } from './analysis-limits.ts';

// Numeric bounds are checked in the handlers rather than here, so that the message can state the whole range.
const RadiusKm = Type.Number({ description: `Reach of an HQ in km: more than ${ANALYSIS_LIMITS.radiusKm.min}, at most ${ANALYSIS_LIMITS.radiusKm.max}` });
const Statuses = Type.String({
  maxLength: 200,
  description: 'Comma-separated HQ statuses to include (independent, under_construction, planned, shared); default independent,shared',
});

export const CoverageQuery = Type.Object({
  radiusKm: RadiusKm,
  statuses: Type.Optional(Statuses),
  asOf: Type.Optional(IsoDate),
});
export type CoverageQuery = Static<typeof CoverageQuery>;

export const ProximityQuery = Type.Object({
  borderKm: Type.Optional(
    Type.Number({ description: `Communes within this many km of the border are flagged: ${ANALYSIS_LIMITS.borderKm.min}…${ANALYSIS_LIMITS.borderKm.max}, default 5` }),
  ),
  statuses: Type.Optional(Statuses),
  asOf: Type.Optional(IsoDate),
});
export type ProximityQuery = Static<typeof ProximityQuery>;

export const CandidatePoint = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type CandidatePoint = Static<typeof CandidatePoint>;

export const BestSitesBody = Type.Object(
  {
    k: Type.Integer({ description: `Number of sites to suggest, ${ANALYSIS_LIMITS.k.min}…${ANALYSIS_LIMITS.k.max}` }),
    radiusKm: RadiusKm,
    objective: Type.Union([Type.Literal('population'), Type.Literal('area')]),
    candidates: Type.Union([Type.Literal('communes'), Type.Literal('villages'), Type.Literal('points')]),
    points: Type.Optional(Type.Array(CandidatePoint, { maxItems: ANALYSIS_LIMITS.points })),
    statuses: Type.Optional(Statuses),
    asOf: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type BestSitesBody = Static<typeof BestSitesBody>;

/** The parameters an answer was computed with, after defaults and normalisation. */
const Params = {
  statuses: Type.Array(Type.String()),
  asOf: IsoDate,
};
const Answer = {
  /** Data version the answer was computed from (it also keys the cache and the ETag). */
  dataVersion: Type.String(),
  hqCount: Type.Integer(),
};

const Polygonal = Type.Object({ type: Type.Literal('Feature'), geometry: Geometry, properties: Type.Any() });

export const CoverageAnswer = Type.Object({
  params: Type.Object({ radiusKm: Type.Number(), ...Params }),
  ...Answer,
  villageCount: Type.Integer(),
  covered: Type.Union([Polygonal, Type.Null()]),
  gaps: featureCollection(Type.Object({ code: CommuneCode, name: Type.String(), areaKm2: Type.Number() })),
  communes: Type.Array(
    Type.Object({
      code: CommuneCode,
      name: Type.String(),
      areaKm2: Type.Number(),
      coveredKm2: Type.Number(),
      share: Type.Number(),
      population: NullableNumber,
      coveredPopulation: NullableNumber,
    }),
  ),
  totals: Type.Object({
    areaKm2: Type.Number(),
    coveredKm2: Type.Number(),
    share: Type.Number(),
    population: NullableNumber,
    coveredPopulation: NullableNumber,
  }),
});
export type CoverageAnswer = Static<typeof CoverageAnswer>;

const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export const ProximityAnswer = Type.Object({
  params: Type.Object({ borderKm: Type.Number(), ...Params }),
  ...Answer,
  communes: Type.Array(
    Type.Object({
      code: CommuneCode,
      name: Type.String(),
      /** Nearest HQ to the commune's interior point (null when no HQ has the chosen statuses). */
      hqId: NullableInteger,
      hqName: NullableString,
      hqKm: NullableNumber,
      /** Nearest HQ of another commune (the nearest HQ may be the commune's own, at 0 km). */
      otherHqName: NullableString,
      otherHqKm: NullableNumber,
      /** Distance to the national border (null when there is no border line). */
      borderKm: NullableNumber,
      countryCode: NullableString,
      nearestGateId: NullableInteger,
      nearestGateName: NullableString,
      gateKm: NullableNumber,
      /** Within params.borderKm of the border. */
      nearBorder: Type.Boolean(),
    }),
  ),
  villages: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      communeCode: CommuneCode,
      population: Type.Number(),
      hqId: NullableInteger,
      hqName: NullableString,
      hqKm: NullableNumber,
    }),
  ),
  /** A line from each commune's interior point and each village to its nearest HQ. */
  lines: featureCollection(
    Type.Object({
      kind: Type.Union([Type.Literal('commune'), Type.Literal('village')]),
      targetId: Type.String(),
      hqId: Type.Integer(),
      distanceKm: Type.Number(),
    }),
  ),
  /** Codes of the communes within params.borderKm of the border. */
  nearBorder: Type.Array(CommuneCode),
});
export type ProximityAnswer = Static<typeof ProximityAnswer>;

export const BestSitesAnswer = Type.Object({
  params: Type.Object({
    k: Type.Integer(),
    radiusKm: Type.Number(),
    objective: Type.String(),
    candidates: Type.String(),
    points: Type.Array(CandidatePoint),
    ...Params,
  }),
  ...Answer,
  candidateCount: Type.Integer(),
  sites: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      candidateId: Type.String(),
      name: NullableString,
      geometry: Geometry,
      addedPopulation: Type.Number(),
      addedAreaKm2: Type.Number(),
      cumulativePopulation: Type.Number(),
      cumulativeAreaKm2: Type.Number(),
      /** The commune the site lies in (null for a point outside every commune). */
      communeCode: NullableString,
      communeName: NullableString,
      /** That commune's own independent HQ nearest the site, when it has one: why a site is still suggested there. */
      ownHqName: NullableString,
      ownHqKm: NullableNumber,
    }),
  ),
});
export type BestSitesAnswer = Static<typeof BestSitesAnswer>;
