import Type, { type Static } from 'typebox';
import { CommuneCode, IsoDate, NullableDate, NullableString, featureCollection } from './common.ts';
import { BorderGateRecord } from './api.ts';

const CountryCode = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 code of a neighbouring country' });
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const GateLevel = Type.Union([Type.Literal('international'), Type.Literal('main'), Type.Literal('secondary')]);

/** The border-commune distance setting; changing it re-derives the border communes at once. */
export const BorderSetting = Type.Object({
  distanceM: Type.Number(),
  version: Type.Integer(),
  updatedAt: Type.String(),
  borderCommuneCount: Type.Integer(),
});
export type BorderSetting = Static<typeof BorderSetting>;

export const BorderSettingBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  // Whole metres: PostGIS buffers a geography by a fraction of a metre unreliably (the embedded build fails).
  distanceM: Type.Integer({ minimum: 0, maximum: 20000, description: 'whole metres; 0 = only communes touching the border line' }),
});
export type BorderSettingBody = Static<typeof BorderSettingBody>;

/**
 * The stretch of the border with one country within reach of the (visible) border communes, i.e. the country's line
 * clipped to the union of their reaches, measured on the geography type.
 */
export const BorderSegmentProperties = Type.Object({
  countryCode: CountryCode,
  nameVi: Type.String(),
  nameEn: Type.String(),
  lengthKm: Type.Number(),
  communeCount: Type.Integer(),
});
export type BorderSegmentProperties = Static<typeof BorderSegmentProperties>;
export const BorderSegmentCollection = featureCollection(BorderSegmentProperties);

/** One neighbouring country faced by a border commune. */
export const BorderFacing = Type.Object({
  countryCode: CountryCode,
  distanceM: Type.Number(),
  /** Length of the country's line within the commune's reach (polygon buffered by the distance setting). */
  borderLengthKm: Type.Number(),
  /** borderLengthKm / the province's border with the country within reach of all its communes (0–1). */
  borderShare: Type.Number(),
});

export const BorderCommune = Type.Object({
  code: CommuneCode,
  name: Type.String(),
  kind: Type.String(),
  isDemo: Type.Boolean(),
  distanceM: Type.Number(),
  touches: Type.Boolean(),
  faces: Type.Array(BorderFacing),
  drugFree: Type.String(),
  keyComplex: Type.String(),
  drugKeyArea: Type.String(),
  transformation: Type.String(),
  /** Status of the commune's own HQ as of the date (null when it has none yet). */
  hqStatus: NullableString,
  /** Nearest border gate open on the date, measured from the commune's polygon (0 when inside it). */
  nearestGate: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), countryCode: CountryCode, distanceM: Type.Number() }), Type.Null()]),
  /** Nearest commune police HQ existing on the date, measured from the commune's polygon (0 when inside it). */
  nearestHq: Type.Union([
    Type.Object({ id: Type.Integer(), name: Type.String(), status: NullableString, communeCode: CommuneCode, distanceM: Type.Number() }),
    Type.Null(),
  ]),
  /** The latest status record that started on or before the date. */
  lastChange: Type.Union([Type.Object({ kind: Type.String(), value: Type.String(), on: IsoDate }), Type.Null()]),
});
export type BorderCommune = Static<typeof BorderCommune>;

export const BorderCommuneList = Type.Object({
  asOf: IsoDate,
  distanceM: Type.Number(),
  communes: Type.Array(BorderCommune),
});
export type BorderCommuneList = Static<typeof BorderCommuneList>;

/** "N of M border communes drug-free". */
export const DrugFreeFigure = Type.Object({ drugFree: Type.Integer(), total: Type.Integer() });

export const BorderIndicators = Type.Object({
  asOf: IsoDate,
  countries: Type.Array(Type.Object({ countryCode: CountryCode, nameVi: Type.String(), nameEn: Type.String(), ...DrugFreeFigure.properties })),
  /** Every border commune once, whatever the number of countries it faces. */
  province: DrugFreeFigure,
});
export type BorderIndicators = Static<typeof BorderIndicators>;

export const BorderExportQuery = Type.Object({
  asOf: Type.Optional(IsoDate),
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('geojson')], { default: 'csv' })),
});
export type BorderExportQuery = Static<typeof BorderExportQuery>;

export const BorderGateCreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  level: GateLevel,
  countryCode: CountryCode,
  lon: Lon,
  lat: Lat,
  openedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
});
export type BorderGateCreateBody = Static<typeof BorderGateCreateBody>;

export const BorderGateEditRecord = Type.Object({
  ...BorderGateRecord.properties,
  lon: Type.Number(),
  lat: Type.Number(),
  /** Geodesic distance from the gate to its country's border line. */
  borderDistanceM: Type.Number(),
});
export type BorderGateEditRecord = Static<typeof BorderGateEditRecord>;
