/**
 * CSV for spreadsheet software, shared by the server's exports and the browser's: written by papaparse's `unparse`
 * (RFC 4180), with this project's policy around it — CRLF line ends, a UTF-8 byte-order mark (which Excel needs to
 * show Vietnamese letters), formula-like text neutralised, and a few more cells quoted than papaparse would.
 */
import Papa from 'papaparse';

export type Cell = string | number | boolean | null | undefined;

export interface Column<R> {
  header: string;
  value: (row: R) => Cell;
  /** Column width in characters in spreadsheets. */
  width?: number;
}

/**
 * A text cell that a spreadsheet would read as a formula (= + - @, or a leading tab or carriage return) gets a
 * leading apostrophe, so that a commune or gate name can never run as a formula when the file is opened
 * (OWASP's advice against CSV injection). Numbers are left alone: a negative number is data, not a formula.
 * (papaparse's own `escapeFormulae` misses a formula followed by a line break, and quotes every neutralised cell.)
 */
export function neutralise<C extends Cell>(value: C): C | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Empty for null, undefined and non-finite numbers (papaparse would write NaN and Infinity). */
const clean = (value: Cell): Cell => (typeof value === 'number' && !Number.isFinite(value) ? null : neutralise(value));

const OPTIONS: Papa.UnparseConfig = {
  newline: '\r\n',
  // Besides what papaparse quotes (separator, quote, line break, a leading or trailing space): a semicolon, the
  // separator of spreadsheets set to many European locales, and any other leading or trailing white space.
  quotes: (value: unknown) => typeof value === 'string' && (value.includes(';') || value !== value.trim()),
};

const unparse = (rows: Cell[][]) => Papa.unparse(rows.map((r) => r.map(clean)), OPTIONS);

/** One field, quoted when it must be. */
export function csvCell(value: Cell): string {
  return unparse([[value]]);
}

/** A header row and data rows as one CSV text. */
export function csvTable(header: string[], rows: Cell[][]): string {
  return `\uFEFF${unparse([header, ...rows])}\r\n`;
}

/** Rows of objects through column definitions (the same definitions make the XLSX). */
export function toCsv<R>(columns: Column<R>[], rows: R[]): string {
  return csvTable(
    columns.map((c) => c.header),
    rows.map((r) => columns.map((c) => c.value(r))),
  );
}
