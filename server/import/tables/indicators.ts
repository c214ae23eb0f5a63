import { said } from '../../text/lang.ts';
import { duplicateFinder, numberOf, provinceCodeOf, requiredText, rowReader, textOf, YEAR_RULE, type TableProblem } from './cells.ts';
import type { TableSpec } from './spec.ts';

/**
 * One yearly province figure. The value is checked against its indicator's unit with the database (the indicator
 * list lives in table `indicator`).
 */
export interface IndicatorRow {
  row: number;
  provinceCode: string;
  year: number;
  indicator: string;
  value: number;
  /** The cell as typed, for messages. */
  valueText: string;
}

export const INDICATOR_COLUMNS = ['province_code', 'year', 'indicator', 'value'] as const;

export const indicatorSpec: TableSpec<IndicatorRow> = {
  columns: INDICATOR_COLUMNS,
  required: INDICATOR_COLUMNS,
  templateName: 'mau-nhap-chi-tieu-nam',
  notes: [
    'Một dòng cho mỗi tỉnh, năm và chỉ tiêu. One row per province, year and indicator.',
    'province_code: mã tỉnh 2 chữ số. year: năm (1990–2100).',
    'indicator: social_order_cases (số vụ phạm pháp hình sự về trật tự xã hội), drug_cases (số vụ về ma túy), drug_arrests (số đối tượng ma túy bị bắt), investigation_rate (tỷ lệ điều tra làm rõ, %).',
    'value: số; số vụ và số người là số nguyên không âm, tỷ lệ % từ 0 đến 100. Dấu thập phân: chấm hoặc phẩy (12,5); không dùng dấu phân cách hàng nghìn.',
    'Nhập lại cùng tỉnh, năm, chỉ tiêu sẽ thay giá trị cũ. Re-importing replaces the value.',
  ],
  example: { province_code: '99', year: '2025', indicator: 'investigation_rate', value: '87,5' },
  parse(records) {
    const problems: TableProblem[] = [];
    const rows: IndicatorRow[] = [];
    const duplicate = duplicateFinder(problems);
    for (const { row, cells } of records) {
      const r = rowReader(row, problems);
      const code = textOf(cells.province_code);
      const provinceCode = provinceCodeOf(code);
      if (!provinceCode) r.fail(`province_code "${code}" is not a 2-digit code`, `mã tỉnh (province_code) "${code}" không phải mã 2 chữ số`);
      const year = r.take(numberOf(textOf(cells.year), 'year', YEAR_RULE));
      const indicator = r.take(requiredText(cells.indicator, 'indicator'));
      const valueText = textOf(cells.value);
      const value = r.take(numberOf(valueText, 'value'));
      if (!r.ok || !provinceCode || year === undefined || indicator === undefined || value === undefined) continue;
      if (duplicate(row, `${provinceCode}/${year}/${indicator}`, said(`province ${provinceCode}, year ${year}, ${indicator}`, `tỉnh ${provinceCode}, năm ${year}, ${indicator}`))) continue;
      rows.push({ row, provinceCode, year, indicator, value, valueText });
    }
    return { rows, problems };
  },
};
