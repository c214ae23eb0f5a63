import { HQ_STATUSES } from '../../domain.ts';
import { said } from '../../text/lang.ts';
import {
  cleanName, communeCodeCell, dateOf, duplicateFinder, nameKey, numberOf, pointOf, requiredText, rowReader, textOf, type TableProblem,
} from './cells.ts';
import type { TableSpec } from './spec.ts';

/** One commune police HQ, and optionally its status from a date. */
export interface HqRow {
  row: number;
  communeCode: string;
  name: string;
  point: [number, number];
  staffCount: number;
  /** null: the file says nothing about the status; the HQ's status history is left as it is. */
  status: string | null;
  statusFrom: string | null;
  decisionNo: string | null;
  decisionDate: string | null;
  note: string | null;
}

export const HQ_COLUMNS = ['commune_code', 'name', 'lon', 'lat', 'staff_count', 'status', 'status_from', 'decision_no', 'decision_date', 'note'] as const;
/** The HQ export (GET /api/export/hqs) has these, plus commune_name and id, which the import ignores. */
const HQ_REQUIRED = ['commune_code', 'name', 'lon', 'lat', 'staff_count', 'status'] as const;

export const hqSpec: TableSpec<HqRow> = {
  columns: HQ_COLUMNS,
  required: HQ_REQUIRED,
  templateName: 'mau-nhap-tru-so-cong-an-xa',
  notes: [
    'Một dòng cho mỗi trụ sở Công an xã. One row per commune police HQ; a HQ is known by commune_code + name.',
    'lon, lat: kinh độ, vĩ độ WGS 84 (độ thập phân, ví dụ 103.0123 / 21.3456); phải nằm trong xã hoặc cách ranh giới xã không quá 500 m.',
    `status: ${HQ_STATUSES.join(', ')} (độc lập, đang xây dựng, đã quy hoạch, dùng chung); để trống = giữ nguyên lịch sử tình trạng.`,
    'status_from: ngày tình trạng có hiệu lực (YYYY-MM-DD hoặc dd/mm/yyyy); bắt buộc khi tình trạng thay đổi hoặc trụ sở mới. Bản ghi đang có hiệu lực được đóng lại từ ngày này.',
    'Các cột commune_name, id của tệp xuất được bỏ qua: có thể nhập lại tệp xuất trụ sở. Columns commune_name and id of the export are ignored.',
  ],
  example: {
    commune_code: '99001', name: 'Công an xã Sín Thầu', lon: '102.1745', lat: '22.3821', staff_count: '12',
    status: 'independent', status_from: '2025-03-01', decision_no: '45/QĐ-CAT', decision_date: '20/02/2025', note: 'Ví dụ - sửa dòng này',
  },
  parse(records) {
    const problems: TableProblem[] = [];
    const rows: HqRow[] = [];
    const duplicate = duplicateFinder(problems);
    for (const { row, cells } of records) {
      const r = rowReader(row, problems);
      const communeCode = r.take(communeCodeCell(textOf(cells.commune_code), 'commune_code'));
      const rawName = r.take(requiredText(cells.name, 'name'));
      const point = r.take(pointOf(textOf(cells.lon), textOf(cells.lat)));
      const staffCount = r.take(numberOf(textOf(cells.staff_count), 'staff_count', { integer: true, min: 0 }));
      const status = textOf(cells.status) || null;
      if (status !== null && !(HQ_STATUSES as readonly string[]).includes(status)) {
        r.fail(`status "${status}" is not one of ${HQ_STATUSES.join(', ')}`, `tình trạng (status) "${status}" không thuộc ${HQ_STATUSES.join(', ')}`);
      }
      const statusFrom = r.take(dateOf(textOf(cells.status_from), 'status_from'));
      const decisionDate = r.take(dateOf(textOf(cells.decision_date), 'decision_date'));
      if (statusFrom && status === null) r.fail('status_from is given but status is empty', 'có status_from nhưng tình trạng (status) trống');
      if (!r.ok || !communeCode || rawName === undefined || point === undefined || staffCount === undefined) continue;
      const name = cleanName(rawName);
      if (duplicate(row, `${communeCode}/${nameKey(name)}`, said(`HQ "${name}" of commune ${communeCode}`, `trụ sở "${name}" của xã ${communeCode}`))) continue;
      rows.push({
        row, communeCode, name, point, staffCount, status, statusFrom: statusFrom ?? null,
        decisionNo: textOf(cells.decision_no) || null, decisionDate: decisionDate ?? null, note: textOf(cells.note) || null,
      });
    }
    return { rows, problems };
  },
};
