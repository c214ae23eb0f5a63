import Type, { type Static } from 'typebox';

const RowMessage = Type.Object({
  /** Spreadsheet row (the header is row 1); null for the file as a whole. */
  row: Type.Union([Type.Integer(), Type.Null()]),
  message: Type.String(),
});

/** Preview of a table import (HQs, teams, models, indicators): the problems, and what a commit would do. */
export const TableImportReport = Type.Object({
  rowCount: Type.Integer(),
  errorCount: Type.Integer(),
  problems: Type.Array(RowMessage),
  /** Things the commit creates, updates, or finds already as the file says (models count once, not per point). */
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  /** One line per created or changed thing, e.g. `row 4: model "…" (91001): 3 point(s) replace 2`. */
  changes: Type.Array(RowMessage),
  /** Things worth knowing that do not block the import, e.g. a code kept by a new commune. */
  warnings: Type.Optional(Type.Array(RowMessage)),
  /** Kinds that derive inherited statuses (crosswalk): one line per inherited record written… */
  derived: Type.Optional(Type.Array(Type.String())),
  /** …and one per status kind not inherited because the new commune has a record entered directly. */
  kept: Type.Optional(Type.Array(Type.String())),
});
export type TableImportReport = Static<typeof TableImportReport>;

export const TableImportCommit = Type.Object({
  /** Things created (= created; the name every import kind's commit answers with). */
  inserted: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  report: TableImportReport,
});
