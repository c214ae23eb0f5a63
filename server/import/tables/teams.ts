import { said } from '../../text/lang.ts';
import { communeCodeCell, duplicateFinder, numberOf, rowReader, textOf, YEAR_RULE, type TableProblem } from './cells.ts';
import type { TableSpec } from './spec.ts';

/** Grassroots security teams of one commune in one year. */
export interface TeamRow {
  row: number;
  communeCode: string;
  year: number;
  teamCount: number;
  memberCount: number;
}

export const TEAM_COLUMNS = ['commune_code', 'year', 'team_count', 'member_count'] as const;

export const teamSpec: TableSpec<TeamRow> = {
  columns: TEAM_COLUMNS,
  required: TEAM_COLUMNS,
  templateName: 'mau-nhap-to-an-ninh-co-so',
  notes: [
    'Một dòng cho mỗi xã và năm: số tổ bảo vệ an ninh, trật tự ở cơ sở và số thành viên. One row per commune and year.',
    'commune_code: mã xã 5 chữ số. year: năm (1990–2100). team_count, member_count: số nguyên không âm.',
    'Nhập lại cùng xã và năm sẽ thay số liệu cũ (không tạo bản ghi trùng). Re-importing a commune and year replaces its figures.',
  ],
  example: { commune_code: '99001', year: '2025', team_count: '12', member_count: '48' },
  parse(records) {
    const problems: TableProblem[] = [];
    const rows: TeamRow[] = [];
    const duplicate = duplicateFinder(problems);
    for (const { row, cells } of records) {
      const r = rowReader(row, problems);
      const communeCode = r.take(communeCodeCell(textOf(cells.commune_code), 'commune_code'));
      const year = r.take(numberOf(textOf(cells.year), 'year', YEAR_RULE));
      const teamCount = r.take(numberOf(textOf(cells.team_count), 'team_count', { integer: true, min: 0 }));
      const memberCount = r.take(numberOf(textOf(cells.member_count), 'member_count', { integer: true, min: 0 }));
      if (!r.ok || !communeCode || year === undefined || teamCount === undefined || memberCount === undefined) continue;
      if (duplicate(row, `${communeCode}/${year}`, said(`commune ${communeCode}, year ${year}`, `xã ${communeCode}, năm ${year}`))) continue;
      rows.push({ row, communeCode, year, teamCount, memberCount });
    }
    return { rows, problems };
  },
};
