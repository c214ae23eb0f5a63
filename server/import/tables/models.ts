import { said } from '../../text/lang.ts';
import {
  cleanName, communeCodeCell, dateOf, duplicateFinder, nameKey, pointOf, requiredText, rowReader, textOf, type TableProblem,
} from './cells.ts';
import type { TableSpec } from './spec.ts';

export interface ModelPoint {
  row: number;
  name: string;
  /** null when the point has a name but no coordinates yet. */
  point: [number, number] | null;
}

/** One self-governing model with all its points of activity (gathered from its rows). */
export interface ModelRow {
  /** The model's first row. */
  row: number;
  communeCode: string;
  name: string;
  establishedOn: string;
  endedOn: string | null;
  points: ModelPoint[];
}

export const MODEL_COLUMNS = ['commune_code', 'model_name', 'established_on', 'ended_on', 'point_name', 'lon', 'lat'] as const;
const MODEL_REQUIRED = ['commune_code', 'model_name', 'established_on', 'point_name', 'lon', 'lat'] as const;

export const modelSpec: TableSpec<ModelRow> = {
  columns: MODEL_COLUMNS,
  required: MODEL_REQUIRED,
  templateName: 'mau-nhap-mo-hinh-tu-quan',
  notes: [
    'Một dòng cho mỗi điểm hoạt động của mô hình tự quản về an ninh, trật tự; mô hình chưa có điểm: để trống point_name, lon, lat. One row per activity point.',
    'Mô hình được nhận biết bằng commune_code + model_name; các dòng của một mô hình phải cùng established_on, ended_on.',
    'Khi nhập, các điểm hoạt động của mô hình được THAY bằng các điểm trong tệp. The file\'s points replace the model\'s points.',
    'Ngày: YYYY-MM-DD hoặc dd/mm/yyyy; ended_on để trống = còn hoạt động. lon, lat: WGS 84, trong xã hoặc cách ranh giới xã không quá 500 m.',
  ],
  example: {
    commune_code: '99001', model_name: 'Tổ tự quản an ninh bản Huổi Lếch', established_on: '15/06/2023', ended_on: '',
    point_name: 'Nhà văn hóa bản Huổi Lếch', lon: '102.1801', lat: '22.3790',
  },
  parse(records) {
    const problems: TableProblem[] = [];
    const models = new Map<string, ModelRow>();
    const invalid = new Set<string>();
    const duplicate = duplicateFinder(problems);
    for (const { row, cells } of records) {
      const r = rowReader(row, problems);
      const communeCode = r.take(communeCodeCell(textOf(cells.commune_code), 'commune_code'));
      const rawName = r.take(requiredText(cells.model_name, 'model_name'));
      const establishedOn = r.take(dateOf(textOf(cells.established_on), 'established_on'));
      if (establishedOn === null) r.fail('established_on is empty', 'ngày thành lập (established_on) đang trống');
      const endedOn = r.take(dateOf(textOf(cells.ended_on), 'ended_on'));
      if (establishedOn && endedOn && endedOn <= establishedOn) {
        r.fail(`ended_on ${endedOn} is not after established_on ${establishedOn}`, `ended_on ${endedOn} không sau ngày thành lập ${establishedOn}`);
      }
      const pointName = cleanName(textOf(cells.point_name));
      const [lonCell, latCell] = [textOf(cells.lon), textOf(cells.lat)];
      let point: [number, number] | null | undefined = null;
      if (lonCell !== '' || latCell !== '') {
        point = r.take(pointOf(lonCell, latCell));
        if (pointName === '') r.fail('lon/lat are given but point_name is empty', 'có lon/lat nhưng tên điểm (point_name) trống');
      }
      if (!r.ok || !communeCode || rawName === undefined || !establishedOn || endedOn === undefined || point === undefined) {
        if (communeCode && rawName !== undefined) invalid.add(`${communeCode}/${nameKey(rawName)}`);
        continue;
      }
      const name = cleanName(rawName);
      const key = `${communeCode}/${nameKey(name)}`;
      const model = models.get(key);
      if (model && (model.establishedOn !== establishedOn || model.endedOn !== endedOn)) {
        r.fail(
          `model "${name}" has established_on/ended_on ${establishedOn}/${endedOn ?? '–'} here but ${model.establishedOn}/${model.endedOn ?? '–'} on row ${model.row}`,
          `mô hình "${name}" có established_on/ended_on ${establishedOn}/${endedOn ?? '–'} ở dòng này nhưng ${model.establishedOn}/${model.endedOn ?? '–'} ở dòng ${model.row}`,
        );
        invalid.add(key);
        continue;
      }
      const what = pointName === ''
        ? said(`model "${name}" of commune ${communeCode} without a point`, `mô hình "${name}" của xã ${communeCode} không có điểm`)
        : said(`point "${pointName}" of model "${name}" (commune ${communeCode})`, `điểm "${pointName}" của mô hình "${name}" (xã ${communeCode})`);
      if (duplicate(row, `${key}/${nameKey(pointName)}`, what)) {
        invalid.add(key);
        continue;
      }
      const points = pointName === '' ? [] : [{ row, name: pointName, point }];
      if (model) model.points.push(...points);
      else models.set(key, { row, communeCode, name, establishedOn, endedOn, points });
    }
    return { rows: [...models.entries()].filter(([k]) => !invalid.has(k)).map(([, m]) => m), problems };
  },
};
