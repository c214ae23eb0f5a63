/**
 * CSV for spreadsheet software, shared by the server's exports and the browser's (it has no dependencies):
 * RFC 4180 with CRLF line ends and a UTF-8 byte-order mark, which Excel needs to show Vietnamese letters.
 */

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
 */
export function neutralise<C extends Cell>(value: C): C | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One field: empty for null, undefined and non-finite numbers; quoted when it holds a separator, a quote, a line break or edge spaces. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  const s = String(neutralise(value));
  return /[",;\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A header row and data rows as one CSV text. */
export function csvTable(header: string[], rows: Cell[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Rows of objects through column definitions (the same definitions make the XLSX). */
export function toCsv<R>(columns: Column<R>[], rows: R[]): string {
  return csvTable(
    columns.map((c) => c.header),
    rows.map((r) => columns.map((c) => c.value(r))),
  );
}
