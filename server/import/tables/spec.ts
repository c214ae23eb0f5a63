import { said } from '../../text/lang.ts';
import { missingColumns, type Table, type TableProblem, type TableRecord } from './cells.ts';

/** What a table import reads: its columns (template order), the required ones, its template and its row parser. */
export interface TableSpec<R> {
  columns: readonly string[];
  required: readonly string[];
  /** Base of the template's file name, e.g. "mau-nhap-tru-so". */
  templateName: string;
  /** Vietnamese (and English) notes for the template's note sheet. */
  notes: string[];
  /** The template's example row. */
  example: Record<string, string>;
  /** Other names a column may have in files made elsewhere (e.g. an official code list): alias → column. */
  aliases?: Readonly<Record<string, string>>;
  /** Checks every row without the database: cells, numbers, dates, coordinates, keys repeated in the file. */
  parse(records: TableRecord[]): { rows: R[]; problems: TableProblem[] };
}

/** Columns first (a missing column stops everything: no row can be read), then the rows. */
export function parseTable<R>(spec: TableSpec<R>, table: Table): { rows: R[]; problems: TableProblem[] } {
  if (spec.aliases) table = withAliases(table, spec.aliases);
  const missing = missingColumns(table.header, spec.required, spec.columns);
  if (missing) return { rows: [], problems: [missing] };
  if (table.records.length === 0) return { rows: [], problems: [{ row: null, message: said('the table has no data row', 'bảng không có dòng dữ liệu nào') }] };
  return spec.parse(table.records);
}

/** The table with aliased columns renamed to the spec's names (a column the file also has under its own name wins). */
function withAliases(table: Table, aliases: Readonly<Record<string, string>>): Table {
  const rename = (h: string) => (aliases[h] !== undefined && !table.header.includes(aliases[h]) ? aliases[h] : h);
  return {
    header: table.header.map(rename),
    records: table.records.map((r) => ({ row: r.row, cells: Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [rename(k), v])) })),
  };
}
