import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null;

export interface Column<R> {
  header: string;
  value: (row: R) => Cell;
  /** Column width in characters in spreadsheets. */
  width?: number;
}

/**
 * A text cell that a spreadsheet would read as a formula (= + - @, or a leading tab or carriage return) gets a
 * leading apostrophe, so that a commune or gate name can never run as a formula when the file is opened.
 * Numbers are left alone: a negative number is data, not a formula.
 */
export function neutralise(value: Cell): Cell {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: Cell): string {
  if (value === null) return '';
  const s = String(neutralise(value));
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV (RFC 4180, CRLF) with a UTF-8 byte-order mark, which Excel needs to show Vietnamese letters correctly. */
export function toCsv<R>(columns: Column<R>[], rows: R[]): string {
  const lines = [columns.map((c) => csvField(c.header)), ...rows.map((r) => columns.map((c) => csvField(c.value(r))))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/** One-sheet workbook with a bold, frozen header row, and an optional note sheet (source, demo label). */
export async function toXlsx<R>(sheetName: string, columns: Column<R>[], rows: R[], notes: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Posture';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 14 }));
  ws.getRow(1).font = { bold: true };
  // Cells are written as values (never as formulas), so a spreadsheet does not evaluate them; the apostrophe is
  // still added so that a copy pasted back into a formula bar stays text.
  for (const r of rows) ws.addRow(columns.map((c) => neutralise(c.value(r))));
  if (notes.length > 0) {
    const info = wb.addWorksheet('Ghi chú - Notes');
    info.getColumn(1).width = 90;
    for (const n of notes) info.addRow([n]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
