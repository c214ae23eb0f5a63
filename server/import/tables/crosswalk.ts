import { said } from '../../text/lang.ts';
import { cleanName, communeCodeCell, dateOf, duplicateFinder, requiredText, rowReader, textOf, type TableProblem } from './cells.ts';
import type { TableSpec } from './spec.ts';

/** The day the 2025 commune mergers took effect: the default when a file gives no effective date. */
export const MERGER_DATE_2025 = '2025-07-01';

/** One former (pre-merger) commune and the new commune it became part of. */
export interface CrosswalkRow {
  row: number;
  oldCode: string;
  oldName: string;
  newCode: string;
  effectiveDate: string;
  decisionNo: string | null;
  note: string | null;
}

export const CROSSWALK_COLUMNS = ['old_code', 'old_name', 'new_code', 'effective_date', 'decision_no', 'note'] as const;

/** Column names of the national code list (ma_xa_cu = old commune code, ten_xa_cu = its name, ma_xa_moi_2025 = new code). */
export const CROSSWALK_ALIASES = { ma_xa_cu: 'old_code', ten_xa_cu: 'old_name', ma_xa_moi_2025: 'new_code' } as const;

export const crosswalkSpec: TableSpec<CrosswalkRow> = {
  columns: CROSSWALK_COLUMNS,
  required: ['old_code', 'old_name', 'new_code'],
  aliases: CROSSWALK_ALIASES,
  templateName: 'mau-nhap-bang-chuyen-ma-xa',
  notes: [
    'Một dòng cho mỗi xã cũ (trước sắp xếp): mã xã cũ, tên xã cũ, mã xã mới mà xã cũ được nhập vào. One row per former commune and the new commune it became part of.',
    `effective_date: ngày có hiệu lực (YYYY-MM-DD hoặc dd/mm/yyyy); để trống hoặc không có cột = ${MERGER_DATE_2025}. Empty or absent = ${MERGER_DATE_2025}.`,
    `Nhận cả tên cột của danh mục mã quốc gia: ma_xa_cu, ten_xa_cu, ma_xa_moi_2025 (khi đó ngày hiệu lực là ${MERGER_DATE_2025}). The national code list's columns are accepted as they are.`,
    'Mỗi mã xã cũ chỉ thuộc một xã mới; các xã cũ của một xã mới có cùng ngày hiệu lực. One new commune per old code; the former units of a new commune share one effective date.',
    'Xã mới có thể giữ mã của một xã cũ (ví dụ 03127): bản ghi tình trạng của mã đó trước ngày hiệu lực thuộc xã cũ, từ ngày đó thuộc xã mới. A new commune may keep an old code: records before the date belong to the former unit.',
    'Sau khi nhập, tình trạng của các xã cũ tại ngày trước ngày hiệu lực được kế thừa sang xã mới. Statuses of the former units on the day before are inherited by the new commune.',
  ],
  example: { old_code: '99101', old_name: 'Xã Ví Dụ Cũ', new_code: '99001', effective_date: MERGER_DATE_2025, decision_no: '1234/NQ-UBTVQH15', note: 'Ví dụ - xóa dòng này' },
  parse(records) {
    const problems: TableProblem[] = [];
    const rows: CrosswalkRow[] = [];
    const duplicate = duplicateFinder(problems);
    for (const { row, cells } of records) {
      const r = rowReader(row, problems);
      const oldCode = r.take(communeCodeCell(textOf(cells.old_code), 'old_code', 'mã xã cũ'));
      const newCode = r.take(communeCodeCell(textOf(cells.new_code), 'new_code', 'mã xã mới'));
      const oldName = r.take(requiredText(cells.old_name, 'old_name'));
      const date = r.take(dateOf(textOf(cells.effective_date), 'effective_date'));
      if (!r.ok || !oldCode || !newCode || oldName === undefined || date === undefined) continue;
      if (duplicate(row, oldCode, said(`old code ${oldCode}`, `mã xã cũ ${oldCode}`))) continue;
      rows.push({
        row, oldCode, oldName: cleanName(oldName), newCode, effectiveDate: date ?? MERGER_DATE_2025,
        decisionNo: textOf(cells.decision_no) || null, note: textOf(cells.note) || null,
      });
    }
    return { rows, problems };
  },
};
