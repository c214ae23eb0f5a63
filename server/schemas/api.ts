import Type, { type Static } from 'typebox';
import { HQ_STATUSES } from '../domain.ts';
import { CommuneCode, IsoDate, NullableDate, NullableNumber, NullableString, featureCollection, Geometry } from './common.ts';

export const Health = Type.Object({
  status: Type.Literal('ok'),
  db: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
  version: Type.String(),
  postgis: Type.String(),
});
export type Health = Static<typeof Health>;

export const Meta = Type.Object({
  province: Type.Union([
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      isDemo: Type.Boolean(),
      source: Type.String(),
      /** [west, south, east, north] */
      bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
      communeCount: Type.Integer(),
      /** Provinces the view spans; with more than one the view is `national` and code, name and source are empty. */
      provinceCount: Type.Integer(),
      national: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  today: IsoDate,
});
export type Meta = Static<typeof Meta>;

export const ProvinceItem = Type.Object({
  code: Type.String(),
  name: Type.String(),
  isDemo: Type.Boolean(),
  source: Type.String(),
  /** Communes of the province in the caller's area. */
  communeCount: Type.Integer(),
  /** Communes of the whole province. */
  provinceCommuneCount: Type.Integer(),
  /** [west, south, east, north] of the communes in the area */
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
});
export const ProvinceList = Type.Object({ provinces: Type.Array(ProvinceItem) });
export type ProvinceList = Static<typeof ProvinceList>;

/** Current value of each status kind, flattened so that map styles can read them directly. */
const CurrentStatuses = {
  key_complex: Type.String(),
  drug_key_area: Type.String(),
  transformation: Type.String(),
  drug_free: Type.String(),
  safe_standard: Type.String(),
};

export const CommuneProperties = Type.Object({
  code: CommuneCode,
  name: Type.String(),
  kind: Type.String(),
  population: NullableNumber,
  areaKm2: Type.Number(),
  hqStatus: NullableString,
  ...CurrentStatuses,
});
export type CommuneProperties = Static<typeof CommuneProperties>;
export const CommuneCollection = featureCollection(CommuneProperties);
export type CommuneCollection = Static<typeof CommuneCollection>;
/** A commune of /api/communes/summaries: its properties and bounding box [west, south, east, north], no geometry. */
export const CommuneSummary = Type.Object({ ...CommuneProperties.properties, bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]) });
export type CommuneSummary = Static<typeof CommuneSummary>;
export const CommuneSummaryList = Type.Object({ items: Type.Array(CommuneSummary) });
export type CommuneSummaryList = Static<typeof CommuneSummaryList>;

export const StatusRecord = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  value: Type.String(),
  validFrom: IsoDate,
  validTo: NullableDate,
  decisionNo: NullableString,
  decisionDate: NullableDate,
  note: NullableString,
  /** The former (pre-merger) communes an inherited record was derived from, with their records; empty when entered directly. */
  inheritedFrom: Type.Optional(Type.Array(Type.Object({ oldCode: CommuneCode, oldName: Type.String(), value: Type.String(), validFrom: IsoDate, validTo: NullableDate }))),
});
export type StatusRecord = Static<typeof StatusRecord>;

/** A former (pre-merger) commune that became part of a commune. */
export const FormerUnit = Type.Object({ oldCode: CommuneCode, oldName: Type.String(), effectiveDate: IsoDate, decisionNo: NullableString });

/** A status record of a former commune, from before its merger. */
export const FormerStatusRecord = Type.Object({
  id: Type.Integer(),
  oldCode: CommuneCode,
  oldName: Type.String(),
  kind: Type.String(),
  value: Type.String(),
  validFrom: IsoDate,
  validTo: IsoDate,
  decisionNo: NullableString,
  decisionDate: NullableDate,
  note: NullableString,
});

export const HqStatusRecord = Type.Object({
  status: Type.String(),
  validFrom: IsoDate,
  validTo: NullableDate,
  decisionNo: NullableString,
  decisionDate: NullableDate,
  note: NullableString,
});

export const HqProperties = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  communeCode: CommuneCode,
  communeName: Type.String(),
  /** Status as of the requested date; null when the HQ did not exist yet. */
  status: NullableString,
  staffCount: Type.Integer(),
  /** Row version for optimistic concurrency: send it back when editing. */
  version: Type.Integer(),
});
export type HqProperties = Static<typeof HqProperties>;
export const HqCollection = featureCollection(HqProperties);

export const CommuneDetail = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: Geometry,
  properties: Type.Object({
    ...CommuneProperties.properties,
    asOf: IsoDate,
    history: Type.Array(StatusRecord),
    /** The former communes merged into this one (a code kept by the commune included), and their records. */
    formerUnits: Type.Array(FormerUnit),
    formerHistory: Type.Array(FormerStatusRecord),
    hqs: Type.Array(Type.Object({ ...HqProperties.properties, lon: Type.Number(), lat: Type.Number(), history: Type.Array(HqStatusRecord) })),
    teams: Type.Array(Type.Object({ year: Type.Integer(), teamCount: Type.Integer(), memberCount: Type.Integer() })),
    /** Every model of the commune, ended ones included (`endedOn` set). */
    models: Type.Array(Type.Object({ name: Type.String(), establishedOn: IsoDate, endedOn: NullableDate, pointCount: Type.Integer() })),
  }),
});
export type CommuneDetail = Static<typeof CommuneDetail>;

export const BorderProperties = Type.Object({
  countryCode: Type.String(),
  name: Type.String(),
  lengthKm: Type.Number(),
});
export const BorderCollection = featureCollection(BorderProperties);

export const BorderGateProperties = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: Type.String(),
  countryCode: Type.String(),
  communeCode: Type.Union([CommuneCode, Type.Null()]),
  version: Type.Integer(),
});
export const BorderGateCollection = featureCollection(BorderGateProperties);

export const HqUpdateBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  staffCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 500 })),
  /**
   * A new status from `statusFrom` on (both or neither), closing the record in force then: the HQ's history only
   * grows at its end, like a commune's statuses. Decision number, date and note go with the new record.
   */
  status: Type.Optional(Type.Union(HQ_STATUSES.map((s) => Type.Literal(s)))),
  statusFrom: Type.Optional(IsoDate),
  decisionNo: Type.Optional(Type.String({ maxLength: 100 })),
  decisionDate: Type.Optional(IsoDate),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  /** Moves the HQ (both or neither), within its commune (HQ_REACH_M of its outline at most). */
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
});
export type HqUpdateBody = Static<typeof HqUpdateBody>;

export const BorderGateUpdateBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  level: Type.Optional(Type.Union([Type.Literal('international'), Type.Literal('main'), Type.Literal('secondary')])),
  closedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  /** Moves the gate (both or neither); validated like a new gate. */
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
});
export type BorderGateUpdateBody = Static<typeof BorderGateUpdateBody>;

/**
 * A new dated status record starting at `validFrom`: the record of that kind in force then is closed on that day.
 * `value` may be the kind's "absent" value (e.g. `not_key`) to end the current record without a new one.
 */
export const StatusCreateBody = Type.Object({
  kind: Type.String({ maxLength: 32 }),
  value: Type.String({ maxLength: 32 }),
  validFrom: IsoDate,
  decisionNo: Type.Optional(Type.String({ maxLength: 100 })),
  decisionDate: Type.Optional(IsoDate),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type StatusCreateBody = Static<typeof StatusCreateBody>;

export const BorderGateRecord = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: Type.String(),
  countryCode: Type.String(),
  communeCode: Type.Union([CommuneCode, Type.Null()]),
  openedOn: NullableDate,
  closedOn: NullableDate,
  version: Type.Integer(),
});
export type BorderGateRecord = Static<typeof BorderGateRecord>;
