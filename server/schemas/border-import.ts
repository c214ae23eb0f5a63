import Type, { type Static } from 'typebox';
import { FeatureFileReportFields } from './import.ts';
import { NullableNumber } from './common.ts';

export const BorderImportQuery = Type.Object({
  country: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z]{3}$',
      description: 'LAO, CHN or KHM: every feature is that country\'s line; without it each feature names its country (country, country_code, iso3, iso_b, iso_a3)',
    }),
  ),
  file: Type.Optional(Type.String({ maxLength: 255, description: 'Name of the uploaded file, for the audit log and the lines\' source' })),
});
export type BorderImportQuery = Static<typeof BorderImportQuery>;

const CommuneRef = Type.Object({ code: Type.String(), name: Type.String(), provinceCode: Type.String() });

export const BorderImportReport = Type.Object({
  ...FeatureFileReportFields,
  countries: Type.Array(
    Type.Object({
      country: Type.String(),
      features: Type.Integer(),
      lengthKm: Type.Number(),
      currentLengthKm: NullableNumber,
      distanceFromCurrentM: NullableNumber,
      communesBefore: Type.Integer(),
      communesAfter: Type.Integer(),
      added: Type.Array(CommuneRef),
      removed: Type.Array(CommuneRef),
    }),
  ),
});
export type BorderImportReport = Static<typeof BorderImportReport>;
