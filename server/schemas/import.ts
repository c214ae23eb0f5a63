import Type, { type Static } from 'typebox';
import { featureCollection, NullableString } from './common.ts';

export const BoundaryImportQuery = Type.Object({
  province: Type.Optional(
    Type.String({
      pattern: '^[0-9]{2}$',
      description: 'Province the communes belong to; without it each feature goes to the province of its ma_tinh column or of the official list',
    }),
  ),
  provinceName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Needed when the province does not exist yet' })),
  file: Type.Optional(Type.String({ maxLength: 255, description: 'Name of the uploaded file, for the audit log' })),
});
export type BoundaryImportQuery = Static<typeof BoundaryImportQuery>;

export const ImportProblem = Type.Object({
  feature: Type.Union([Type.Integer(), Type.Null()]),
  code: NullableString,
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  kind: Type.String(),
  message: Type.String(),
});

/** What every report on an imported feature file holds (boundaries, border lines). */
export const FeatureFileReportFields = {
  format: Type.Union([Type.Literal('geojson'), Type.Literal('shapefile'), Type.Literal('geopackage')]),
  crs: Type.String(),
  featureCount: Type.Integer(),
  errorCount: Type.Integer(),
  warningCount: Type.Integer(),
  problems: Type.Array(ImportProblem),
};

export const BoundaryReport = Type.Object({
  ...FeatureFileReportFields,
  notInFile: Type.Array(Type.String()),
  provinces: Type.Array(
    Type.Object({
      code: Type.String(),
      name: NullableString,
      exists: Type.Boolean(),
      isDemo: Type.Boolean(),
      official: Type.Boolean(),
      features: Type.Integer(),
    }),
  ),
});
export type BoundaryReport = Static<typeof BoundaryReport>;

export const BoundaryPreview = Type.Object({
  report: BoundaryReport,
  /** The features as read (WGS 84), for the map; `status` is the worst problem found for each. */
  features: featureCollection(
    Type.Object({
      n: Type.Integer(),
      code: NullableString,
      name: Type.String(),
      kind: Type.String(),
      status: Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('error')]),
    }),
  ),
});
export type BoundaryPreview = Static<typeof BoundaryPreview>;

export const BoundaryCommit = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  repaired: Type.Array(Type.String()),
  provinces: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), created: Type.Integer(), updated: Type.Integer() })),
  report: BoundaryReport,
});
export type BoundaryCommit = Static<typeof BoundaryCommit>;

export const StatusImportQuery = Type.Object({
  file: Type.Optional(Type.String({ maxLength: 255, description: 'Name of the uploaded file, for provenance and the audit log' })),
});

const StatusRowMessage = Type.Object({ row: Type.Union([Type.Integer(), Type.Null()]), message: Type.String() });
export const StatusReport = Type.Object({
  rowCount: Type.Integer(),
  errorCount: Type.Integer(),
  problems: Type.Array(StatusRowMessage),
  /** Non-blocking remarks, e.g. an open period of a former commune closed at its merger. */
  warnings: Type.Array(StatusRowMessage),
  /** Rows marked inherited (`inherited_from`), skipped: derivation writes them again from the former units. */
  skipped: Type.Integer(),
  /** Rows of current communes and of former (pre-merger) ones. */
  currentRows: Type.Integer(),
  formerRows: Type.Integer(),
  /** What deriving the new communes' inherited statuses does (when the file has rows of former communes). */
  derived: Type.Array(Type.String()),
  kept: Type.Array(Type.String()),
});
export type StatusReport = Static<typeof StatusReport>;

export const StatusCommit = Type.Object({ inserted: Type.Integer(), former: Type.Integer(), report: StatusReport });

export const TemplateQuery = Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' }) });
