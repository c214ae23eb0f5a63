import type { MultiPolygon, Point } from 'geojson';
import type { ProvinceDataset } from '../../data/demo/types.ts';
import type { Db } from '../../server/db/client.ts';

const PROVINCE = '89';

const square = (x: number, y: number, d = 0.02): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [[[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]],
});
const point = (x: number, y: number): Point => ({ type: 'Point', coordinates: [x, y] });
const dated = { validTo: null, decisionNo: null, decisionDate: null, note: null };

/** A small demo-flagged province: three communes in the Mekong delta, far from any national border line. */
export function demoDataset(): ProvinceDataset {
  return {
    province: { code: PROVINCE, name: 'Tỉnh mẫu kiểm thử xóa', isDemo: true, source: 'test fixture', geom: square(105.0, 10.0, 0.06) },
    communes: [
      { code: '89001', name: 'Xã Mẫu Một', kind: 'commune', population: 1000, geom: square(105.0, 10.0) },
      { code: '89002', name: 'Phường Mẫu Hai', kind: 'ward', population: 2000, geom: square(105.02, 10.0) },
      { code: '89003', name: 'Xã Mẫu Ba', kind: 'commune', population: null, geom: square(105.04, 10.0) },
    ],
    borders: [],
    borderGates: [{ name: 'Cửa khẩu mẫu', level: 'secondary', countryCode: 'LAO', communeCode: '89003', openedOn: null, geom: point(105.05, 10.01) }],
    statuses: [
      { ...dated, communeCode: '89001', kind: 'drug_free', value: 'building', validFrom: '2024-01-01' },
      { ...dated, communeCode: '89002', kind: 'transformation', value: 'designated', validFrom: '2024-03-01' },
    ],
    hqs: [{ communeCode: '89001', name: 'Trụ sở Công an xã Mẫu Một', staffCount: 5, geom: point(105.01, 10.01), history: [{ ...dated, status: 'independent', validFrom: '2023-01-01' }] }],
    teams: [{ communeCode: '89002', year: 2024, teamCount: 3, memberCount: 12 }],
    models: [{ communeCode: '89001', name: 'Tổ tự quản mẫu', establishedOn: '2022-05-01', points: [{ name: 'Điểm sinh hoạt', geom: point(105.005, 10.005) }] }],
    villages: [{ communeCode: '89003', name: 'Bản Mẫu', population: 300, geom: point(105.045, 10.005) }],
    indicators: [{ year: 2024, indicator: 'drug_cases', value: 7 }],
  };
}


/** Removes fixture province 89 and everything a test may have tied to it (and nothing else). */
export async function removeFixture(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`DELETE FROM app_user WHERE username IN ('demo89-province', 'demo89-communes')`);
    await tx.query(`DELETE FROM commune_status WHERE commune_code LIKE '89%'`);
    await tx.query(`DELETE FROM former_commune_status WHERE old_code LIKE '89%'`);
    await tx.query(`DELETE FROM commune_crosswalk WHERE new_code LIKE '89%'`);
    await tx.query(`DELETE FROM campaign WHERE province_code = '89'`);
    for (const table of ['police_hq', 'self_governing_model', 'security_team_count', 'village', 'border_gate', 'user_scope_commune']) {
      await tx.query(`DELETE FROM ${table} WHERE commune_code LIKE '89%'`);
    }
    await tx.query(`DELETE FROM user_scope_province WHERE province_code = '89'`);
    await tx.query(`DELETE FROM province_indicator WHERE province_code = '89'`);
    await tx.query(`DELETE FROM commune WHERE province_code = '89'`);
    await tx.query(`DELETE FROM province WHERE code = '89'`);
  });
}
