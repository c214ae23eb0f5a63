import Papa from 'papaparse';
import type { CellValue } from 'exceljs';
import { said, type Said } from '../text/lang.ts';
import { SaidError, saidOf } from '../text/said-error.ts';
import { checkZip } from './zip.ts';

/** Columns of a status table, in template order. */
export const STATUS_COLUMNS = ['commune_code', 'kind', 'value', 'valid_from', 'valid_to', 'decision_no', 'decision_date', 'note'] as const;
export type StatusColumn = (typeof STATUS_COLUMNS)[number];

export interface StatusRow {
  /** Row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  communeCode: string;
  kind: string;
  value: string;
  validFrom: string;
  validTo: string | null;
  decisionNo: string | null;
  decisionDate: string | null;
  note: string | null;
}

/** A problem of one row (null: the table as a whole), in both languages, the row named in each. */
export interface RowProblem {
  row: number | null;
  message: Said;
}

/** The file cannot be read as a table at all: a 400 for the whole file. */
export class TableFileError extends SaidError {}

/** Text of a CSV file in UTF-8 (with or without BOM) or UTF-16 (LE/BE, with BOM), as Excel writes them. */
export function decodeCsv(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    throw new TableFileError(
      said(
        'the file is not UTF-8 or UTF-16 text; save it as "CSV UTF-8" or as an Excel workbook (.xlsx)',
        'tệp không phải văn bản UTF-8 hay UTF-16; hãy lưu dưới dạng "CSV UTF-8" hoặc sổ tính Excel (.xlsx)',
      ),
    );
  }
}

/** `YYYY-MM-DD` or `dd/mm/yyyy` (as written in Vietnamese documents) → `YYYY-MM-DD`, or null when not a real date. */
export function parseDate(s: string): string | null {
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (vn) [y, m, d] = [Number(vn[3]), Number(vn[2]), Number(vn[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Most data rows one imported table may have (a province's statuses over decades are a few tens of thousands).
 * Larger files are refused before their rows are checked: checking holds every row and its problems in memory.
 */
export const MAX_IMPORT_ROWS = 200_000;

function tooManyRows(): TableFileError {
  const en = MAX_IMPORT_ROWS.toLocaleString('en-US');
  const vi = MAX_IMPORT_ROWS.toLocaleString('vi-VN');
  return new TableFileError(
    said(`the file has more than ${en} data rows, the most one import takes; split it into several files`, `tệp có hơn ${vi} dòng dữ liệu, mức tối đa của một lần nhập; hãy chia thành nhiều tệp`),
  );
}

/** Raw records (header → text) of a CSV or XLSX file, with their spreadsheet row numbers; at most MAX_IMPORT_ROWS. */
export async function readTable(buf: Buffer): Promise<{ header: string[]; records: { row: number; cells: Record<string, string> }[] }> {
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) {
    // A workbook is a ZIP: it must unpack within the upload bounds before exceljs unpacks all of it in memory.
    try {
      checkZip(buf);
    } catch (err) {
      const why = saidOf(err);
      throw new TableFileError(said(`the workbook cannot be read: ${why.en}`, `không đọc được sổ tính: ${why.vi}`));
    }
    // Loaded on the first workbook: the server starts without it.
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch {
      throw new TableFileError(
        said('the workbook cannot be read: it is not a valid XLSX file (damaged, or saved in another format)', 'không đọc được sổ tính: không phải tệp XLSX hợp lệ (bị hỏng hoặc lưu theo định dạng khác)'),
      );
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new TableFileError(said('the workbook has no sheet', 'sổ tính không có trang tính nào'));
    const text = (v: CellValue): string => {
      if (v === null || v === undefined) return '';
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (typeof v === 'object' && 'text' in v) return String(v.text);
      if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
      return String(v);
    };
    if (ws.actualRowCount - 1 > MAX_IMPORT_ROWS) throw tooManyRows();
    const header = ((ws.getRow(1).values as CellValue[]) ?? []).slice(1).map((v) => text(v).trim());
    const records: { row: number; cells: Record<string, string> }[] = [];
    ws.eachRow((r, n) => {
      if (n === 1) return;
      const values = (r.values as CellValue[]).slice(1);
      const cells = Object.fromEntries(header.map((h, i) => [h, text(values[i]).trim()]));
      if (Object.values(cells).some((c) => c !== '')) records.push({ row: n, cells });
    });
    return { header, records };
  }
  // Parsing stops one row past the limit, so that a huge file costs no more than a file at the limit.
  const parsed = Papa.parse<Record<string, string>>(decodeCsv(buf), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim(), preview: MAX_IMPORT_ROWS + 1 });
  if (parsed.data.length > MAX_IMPORT_ROWS) throw tooManyRows();
  const header = parsed.meta.fields ?? [];
  // Papa counts data rows from 0; the header is spreadsheet row 1 (multi-line quoted cells are rare here).
  const records = parsed.data.map((cells, i) => ({ row: i + 2, cells: Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, String(v ?? '').trim()])) }));
  return { header, records };
}

/**
 * Export column marking an inherited record with the former units it came from. Such rows are skipped on import:
 * derivation writes them again from the former units' records, so an exported file imports back to the same data.
 */
export const INHERITED_COLUMN = 'inherited_from';

/**
 * Checks what can be checked without the database: columns, codes, dates. Rows marked inherited are skipped and
 * counted. Overlaps within the file are checked apart (`overlapsInFile`), once the rows of former communes have
 * been told from those of current ones.
 */
export function checkStatusRows(table: Awaited<ReturnType<typeof readTable>>): { rows: StatusRow[]; problems: RowProblem[]; skipped: number } {
  const problems: RowProblem[] = [];
  const missing = STATUS_COLUMNS.slice(0, 4).filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    const list = missing.join(', ');
    const expected = STATUS_COLUMNS.join(', ');
    return {
      rows: [],
      skipped: 0,
      problems: [{ row: 1, message: said(`row 1: missing column(s) ${list}; expected ${expected}`, `dòng 1: thiếu cột ${list}; các cột cần có: ${expected}`) }],
    };
  }
  if (table.records.length === 0) problems.push({ row: null, message: said('the table has no data row', 'bảng không có dòng dữ liệu nào') });
  const rows: StatusRow[] = [];
  let skipped = 0;
  for (const { row, cells } of table.records) {
    if ((cells[INHERITED_COLUMN] ?? '') !== '') {
      skipped++;
      continue;
    }
    const say = (en: string, vi: string) => problems.push({ row, message: said(`row ${row}: ${en}`, `dòng ${row}: ${vi}`) });
    const code = cells.commune_code ?? '';
    const communeCode = /^\d{1,5}$/.test(code) ? code.padStart(5, '0') : null;
    if (!communeCode) say(`commune_code "${code}" is not a 5-digit code`, `mã xã (commune_code) "${code}" không phải mã 5 chữ số`);
    const validFrom = parseDate(cells.valid_from ?? '');
    const notDate = (column: string, v: string) => say(`${column} "${v}" is not a date (YYYY-MM-DD or dd/mm/yyyy)`, `${column} "${v}" không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)`);
    if (!validFrom) notDate('valid_from', cells.valid_from ?? '');
    const validTo = cells.valid_to ? parseDate(cells.valid_to) : null;
    if (cells.valid_to && !validTo) notDate('valid_to', cells.valid_to);
    if (validFrom && validTo && validTo <= validFrom) say(`valid_to ${validTo} is not after valid_from ${validFrom}`, `valid_to ${validTo} không sau valid_from ${validFrom}`);
    const decisionDate = cells.decision_date ? parseDate(cells.decision_date) : null;
    if (cells.decision_date && !decisionDate) notDate('decision_date', cells.decision_date);
    if (!cells.kind) say('kind is empty', 'kind (loại tình trạng) trống');
    if (!cells.value) say('value is empty', 'value (giá trị) trống');
    if (communeCode && validFrom && cells.kind && cells.value && (!validTo || validTo > validFrom)) {
      rows.push({
        row, communeCode, kind: cells.kind, value: cells.value, validFrom, validTo,
        decisionNo: cells.decision_no || null, decisionDate, note: cells.note || null,
      });
    }
  }
  return { rows, problems, skipped };
}

/** Two rows of one commune and kind whose periods overlap (valid_to exclusive, empty = still in force). */
export function overlapsInFile(rows: StatusRow[], former = false): RowProblem[] {
  const problems: RowProblem[] = [];
  const byKey = new Map<string, StatusRow[]>();
  for (const r of rows) {
    const key = `${r.communeCode}/${r.kind}`;
    const group = byKey.get(key);
    if (group) group.push(r);
    else byKey.set(key, [r]);
  }
  for (const group of byKey.values()) {
    group.sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    for (let i = 1; i < group.length; i++) {
      const prev = group[i - 1];
      if (prev.validTo === null || prev.validTo > group[i].validFrom) {
        const { row } = group[i];
        const [en, vi] = former ? ['former commune ', 'xã cũ '] : ['', 'xã '];
        problems.push({
          row,
          message: said(
            `row ${row}: period overlaps row ${prev.row} (${en}${prev.communeCode}, ${prev.kind})`,
            `dòng ${row}: thời hạn trùng với dòng ${prev.row} (${vi}${prev.communeCode}, ${prev.kind})`,
          ),
        });
      }
    }
  }
  return problems;
}
