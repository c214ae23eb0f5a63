/**
 * The table imports the Import tab offers. Every kind follows one contract on the server:
 * `POST /api/import/<kind>/preview|commit` (the file as the body) and `GET /api/import/<kind>/template?format=csv|xlsx`.
 * Adding a kind is one entry here plus its label and description in client/i18n (`tableImport.kinds`).
 *
 * A kind is shown only when the server has it: the panel asks for each kind's CSV template and hides the kinds
 * answering 404, so an entry may land before its server routes do. The template's header row is also where the
 * column hints come from, so they always match what the import reads.
 */
export const TABLE_IMPORT_KINDS = ['statuses', 'crosswalk', 'hqs', 'teams', 'models', 'indicators'] as const;
export type TableImportKindId = (typeof TABLE_IMPORT_KINDS)[number];

export const templateUrl = (kind: TableImportKindId, format: 'csv' | 'xlsx') => `/api/import/${kind}/template?format=${format}`;
export const previewUrl = (kind: TableImportKindId, fileName: string) => `/api/import/${kind}/preview?file=${encodeURIComponent(fileName)}`;
export const commitUrl = (kind: TableImportKindId, fileName: string) => `/api/import/${kind}/commit?file=${encodeURIComponent(fileName)}`;

/** The contract's answers; kinds may add fields of their own (shown when they are counts). */
export interface TableProblem {
  row: number | null;
  message: string;
}
export interface TableReport {
  rowCount: number;
  errorCount: number;
  problems: TableProblem[];
  /** Kinds that update what exists (HQs, teams, models, indicators) say what the commit would do, row by row. */
  created?: number;
  updated?: number;
  unchanged?: number;
  changes?: TableProblem[];
  /** Non-blocking remarks (e.g. a code kept by a new commune; an open period of a former commune closed at its merger). */
  warnings?: TableProblem[];
  /** Imports that derive inherited statuses (crosswalk, statuses of former communes) list what derivation does. */
  derived?: string[];
  kept?: string[];
}
export interface TableCommit {
  inserted: number;
  updated?: number;
  report: TableReport;
  [extra: string]: unknown;
}

/** The column names of a CSV template: its first line, quotes and a byte-order mark removed. */
export function csvHeader(text: string): string[] {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === ';') (out.push(cell.trim()), (cell = ''));
    else cell += ch;
  }
  if (cell.trim() !== '' || out.length > 0) out.push(cell.trim());
  return out.filter((c) => c !== '');
}
