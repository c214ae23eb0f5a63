import { describe, expect, it } from 'vitest';
import { nameKey, numberOf, pointOf, samePlace, textOf } from '../../server/import/tables/cells.ts';
import { modelSpec } from '../../server/import/tables/models.ts';

describe('number cells', () => {
  it('reads a decimal point and a decimal comma alike', () => {
    expect(numberOf('12.5', 'value')).toBe(12.5);
    expect(numberOf('12,5', 'value')).toBe(12.5);
    expect(numberOf(' 40 ', 'team_count', { integer: true, min: 0 })).toBe(40);
  });
  it('refuses thousands separators, fractions of counts, negatives and words, saying which', () => {
    expect(numberOf('1.234,5', 'value')).toEqual({
      en: 'value "1.234,5": write the number without thousands separators (one decimal point or comma at most)',
      vi: 'value "1.234,5": viết số không có dấu phân cách hàng nghìn (nhiều nhất một dấu thập phân, chấm hoặc phẩy)',
    });
    expect(numberOf('1,234', 'team_count', { integer: true })).toMatchObject({ en: 'team_count "1,234" is not a whole number' });
    expect(numberOf('-1', 'member_count', { min: 0 })).toMatchObject({ en: 'member_count -1 is negative', vi: 'member_count -1 là số âm' });
    expect(numberOf('n/a', 'value')).toMatchObject({ en: 'value "n/a" is not a number' });
    expect(numberOf('', 'year')).toMatchObject({ en: 'year is empty' });
  });
});

describe('coordinates', () => {
  it('takes a point in Vietnam', () => expect(pointOf('103.0123', '21.3456')).toEqual([103.0123, 21.3456]));
  it('says when longitude and latitude are swapped', () =>
    expect(pointOf('21.3456', '103.0123')).toMatchObject({ en: 'lon 21.3456 / lat 103.0123 look swapped: in Vietnam the longitude is 102–117 and the latitude 8–24' }));
  it('refuses a point outside Vietnam and degrees out of range', () => {
    expect(pointOf('2.35', '48.85')).toMatchObject({ en: 'lon 2.35 / lat 48.85 lies outside Vietnam' });
    expect(pointOf('500000', '2322000')).toMatchObject({ en: 'lon 500000 / lat 2322000 is not a longitude/latitude (WGS 84 degrees)' });
  });
  it('treats points within half a metre as the same place (exports round to 6 decimals)', () => {
    expect(samePlace([103.1234567, 21.7654321], [103.123457, 21.765432])).toBe(true);
    expect(samePlace([103.1234567, 21.7654321], [103.12347, 21.765432])).toBe(false);
  });
});

describe('text cells', () => {
  it('takes off the apostrophe an export puts before a formula character, and nothing else', () => {
    expect(textOf("'-Tổ 1")).toBe('-Tổ 1');
    expect(textOf("'Tổ 1")).toBe("'Tổ 1");
  });
  it('matches names regardless of case, spacing and Unicode form', () => {
    expect(nameKey('Đội Dân phòng  Mường Nhé')).toBe(nameKey('đội dân phòng mường nhé'.normalize('NFD')));
  });
});

describe('model rows', () => {
  it('gathers the points of one model from its rows', () => {
    const cells = (point: string, lon: string, lat: string) => ({ commune_code: '91001', model_name: 'Tổ tự quản', established_on: '01/02/2024', ended_on: '', point_name: point, lon, lat });
    const { rows, problems } = modelSpec.parse([
      { row: 2, cells: cells('Điểm A', '102.15', '22.35') },
      { row: 3, cells: cells('Điểm B', '', '') },
    ]);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{
      row: 2, communeCode: '91001', name: 'Tổ tự quản', establishedOn: '2024-02-01', endedOn: null,
      points: [{ row: 2, name: 'Điểm A', point: [102.15, 22.35] }, { row: 3, name: 'Điểm B', point: null }],
    }]);
  });
});
