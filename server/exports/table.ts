import { neutralise, type Column } from './csv.ts';

export { csvCell, csvTable, neutralise, toCsv, type Cell, type Column } from './csv.ts';

/** One-sheet workbook with a bold, frozen header row, and an optional note sheet (source, demo label). */
export async function toXlsx<R>(sheetName: string, columns: Column<R>[], rows: R[], notes: string[] = []): Promise<Buffer> {
  // Loaded on the first export: the server starts without it.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Posture';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 14 }));
  ws.getRow(1).font = { bold: true };
  // Cells are written as values (never as formulas), so a spreadsheet does not evaluate them; the apostrophe is
  // still added so that a copy pasted back into a formula bar stays text.
  for (const r of rows) ws.addRow(columns.map((c) => neutralise(c.value(r)) ?? null));
  if (notes.length > 0) {
    const info = wb.addWorksheet('Ghi chú - Notes');
    info.getColumn(1).width = 90;
    for (const n of notes) info.addRow([n]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
