import { parseDate, type readTable } from '../status-table.ts';
import { said, type Said } from '../../text/lang.ts';

/** A table as `readTable` returns it. */
export type Table = Awaited<ReturnType<typeof readTable>>;
export type TableRecord = Table['records'][number];

/** One problem of a table import, in both languages; `row` is the spreadsheet row (header = 1), null for the file. */
export interface TableProblem {
  row: number | null;
  message: Said;
}

/** A problem on one row: the wording starts with "row N:" / "dòng N:". */
export const atRow = (row: number, en: string, vi: string): TableProblem => ({ row, message: said(`row ${row}: ${en}`, `dòng ${row}: ${vi}`) });

/**
 * The header's missing required columns as one problem naming them and every expected column, or null. Extra
 * columns are ignored (an export carries read-only ones, e.g. commune_name).
 */
export function missingColumns(header: string[], required: readonly string[], all: readonly string[]): TableProblem | null {
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length === 0) return null;
  return atRow(1, `missing column(s) ${missing.join(', ')}; expected ${all.join(', ')}`, `thiếu cột ${missing.join(', ')}; các cột cần có: ${all.join(', ')}`);
}

/**
 * A text cell as typed: a leading apostrophe that an export put before = + - @ (so that a spreadsheet does not run
 * the cell as a formula) is taken off again, so an exported file imports back unchanged.
 */
export const textOf = (cell: string | undefined): string => {
  const s = (cell ?? '').trim();
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
};

/** Names compare without regard to case, spacing or Unicode normalisation form ("Công an  xã" = "công an xã"). */
export const nameKey = (name: string): string => name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');

/** The name as stored: NFC, single spaces, trimmed. */
export const cleanName = (name: string): string => name.normalize('NFC').replace(/\s+/g, ' ').trim();

/** A commune code; Excel drops leading zeros, so 1 to 5 digits are accepted and padded. */
export const communeCodeOf = (s: string): string | null => (/^\d{1,5}$/.test(s) ? s.padStart(5, '0') : null);

/** A commune code cell (`column`), padded; or the problem, naming the column (`viName`: what it is in Vietnamese). */
export function communeCodeCell(cell: string, column: string, viName = 'mã xã'): string | Said {
  return communeCodeOf(cell) ?? said(`${column} "${cell}" is not a 5-digit code`, `${viName} (${column}) "${cell}" không phải mã 5 chữ số`);
}
/** A province code, padded to 2 digits like a commune code. */
export const provinceCodeOf = (s: string): string | null => (/^\d{1,2}$/.test(s) ? s.padStart(2, '0') : null);

export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  /** How the maximum reads in messages, e.g. "100 (percent)". */
  maxLabel?: Said;
}

/**
 * A number cell. Vietnamese spreadsheets write a decimal comma, so "12,5" and "12.5" both read 12.5; a cell with
 * more than one separator ("1.234,5", "1,234.5") is refused, since a thousands separator cannot be told from a
 * decimal one. Returns the number or the problem (without the "row N:" prefix).
 */
export function numberOf(cell: string, column: string, rule: NumberRule = {}): number | Said {
  const s = cell.replace(/\s/g, '');
  if (s === '') return said(`${column} is empty`, `${column} đang trống`);
  if (/^[+-]?\d+([.,]\d+)*$/.test(s) && (s.match(/[.,]/g) ?? []).length > 1) {
    return said(
      `${column} "${cell}": write the number without thousands separators (one decimal point or comma at most)`,
      `${column} "${cell}": viết số không có dấu phân cách hàng nghìn (nhiều nhất một dấu thập phân, chấm hoặc phẩy)`,
    );
  }
  if (!/^[+-]?\d+([.,]\d+)?$/.test(s)) return said(`${column} "${cell}" is not a number`, `${column} "${cell}" không phải là số`);
  const n = Number(s.replace(',', '.'));
  if (rule.integer && !Number.isInteger(n)) return said(`${column} "${cell}" is not a whole number`, `${column} "${cell}" không phải là số nguyên`);
  if (rule.min !== undefined && n < rule.min) {
    return rule.min === 0
      ? said(`${column} ${n} is negative`, `${column} ${n} là số âm`)
      : said(`${column} ${n} is below ${rule.min}`, `${column} ${n} nhỏ hơn ${rule.min}`);
  }
  if (rule.max !== undefined && n > rule.max) {
    const label = rule.maxLabel ?? said(String(rule.max), String(rule.max));
    return said(`${column} ${n} is over ${label.en}`, `${column} ${n} vượt quá ${label.vi}`);
  }
  return n;
}

/** Years the database accepts (security_team_count, province_indicator). */
export const YEAR_RULE: NumberRule = { integer: true, min: 1990, max: 2100 };

// Mainland Vietnam with its islands, generously: a point outside is a wrong or swapped coordinate, not a place.
const VN = { lonMin: 102, lonMax: 117.5, latMin: 8, latMax: 24 };
const inVn = (lon: number, lat: number) => lon >= VN.lonMin && lon <= VN.lonMax && lat >= VN.latMin && lat <= VN.latMax;

/**
 * WGS 84 longitude/latitude cells. Refuses numbers out of range, a pair that is the other way round (latitude in
 * the longitude column: 21.5, 103.2) and points outside Vietnam. Returns [lon, lat] or the problem.
 */
export function pointOf(lonCell: string, latCell: string): [number, number] | Said {
  const lon = numberOf(lonCell, 'lon');
  if (typeof lon !== 'number') return lon;
  const lat = numberOf(latCell, 'lat');
  if (typeof lat !== 'number') return lat;
  if (inVn(lat, lon) && !inVn(lon, lat)) {
    return said(
      `lon ${lon} / lat ${lat} look swapped: in Vietnam the longitude is 102–117 and the latitude 8–24`,
      `lon ${lon} / lat ${lat} có vẻ bị đảo: ở Việt Nam kinh độ (lon) 102–117, vĩ độ (lat) 8–24`,
    );
  }
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    return said(`lon ${lon} / lat ${lat} is not a longitude/latitude (WGS 84 degrees)`, `lon ${lon} / lat ${lat} không phải kinh độ/vĩ độ (độ, WGS 84)`);
  }
  if (!inVn(lon, lat)) return said(`lon ${lon} / lat ${lat} lies outside Vietnam`, `lon ${lon} / lat ${lat} nằm ngoài Việt Nam`);
  return [lon, lat];
}

/** Points that differ by less than this (degrees, ≈ 0.5 m) are the same place: exports round to 6 decimals. */
const SAME_PLACE = 5e-6;
export const samePlace = (a: [number, number] | null, b: [number, number] | null): boolean =>
  a === null || b === null ? a === b : Math.abs(a[0] - b[0]) < SAME_PLACE && Math.abs(a[1] - b[1]) < SAME_PLACE;

/** How far outside its commune a point may lie (boundaries are approximate), in metres. */
export const OUTSIDE_TOLERANCE_M = 500;

/** A date cell (YYYY-MM-DD or dd/mm/yyyy): the ISO date, null when empty, or the problem. */
export function dateOf(cell: string, column: string): string | null | Said {
  if (cell === '') return null;
  return parseDate(cell) ?? said(`${column} "${cell}" is not a date (YYYY-MM-DD or dd/mm/yyyy)`, `${column} "${cell}" không phải là ngày (YYYY-MM-DD hoặc dd/mm/yyyy)`);
}

export const isSaid = (v: unknown): v is Said => typeof v === 'object' && v !== null && 'en' in v && 'vi' in v;

/** Reads a row's cells through checks that each give a value or a problem; collects the problems of the row. */
export function rowReader(row: number, problems: TableProblem[]) {
  let ok = true;
  return {
    /** The value, or undefined after recording the problem. */
    take<T>(v: T | Said): T | undefined {
      if (isSaid(v)) {
        ok = false;
        problems.push({ row, message: said(`row ${row}: ${v.en}`, `dòng ${row}: ${v.vi}`) });
        return undefined;
      }
      return v;
    },
    fail(en: string, vi: string) {
      ok = false;
      problems.push(atRow(row, en, vi));
    },
    get ok() {
      return ok;
    },
  };
}

/** A required text cell: the text, or the problem "X is empty". */
export const requiredText = (cell: string | undefined, column: string): string | Said => {
  const s = textOf(cell);
  return s === '' ? said(`${column} is empty`, `${column} đang trống`) : s;
};

/** Remembers the first row of each key and reports a later row with the same key, naming both rows. */
export function duplicateFinder(problems: TableProblem[]) {
  const seen = new Map<string, number>();
  return (row: number, key: string, what: Said): boolean => {
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(atRow(row, `${what.en} is already on row ${first}`, `${what.vi} đã có ở dòng ${first}`));
      return true;
    }
    seen.set(key, row);
    return false;
  };
}
