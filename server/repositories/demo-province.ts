import type { Db, Queryable } from '../db/client.ts';
import { sqlFile } from '../sql/index.ts';
import { writeAudit } from './audit.ts';
import { HttpError } from '../errors.ts';
import { said } from '../text/lang.ts';
import type { DemoProvince, DemoProvinceContents, DemoProvinceRemoved } from '../schemas/demo-province.ts';

const CONTENTS = sqlFile('demo-province-contents');
const USERS_LEFT_EMPTY = sqlFile('demo-province-users-left-empty');

// In dependency order: rows pointing at communes, campaigns or the province go before what they point at.
// Statuses go before campaigns (commune_status.campaign_id); deleting a campaign takes its communes, milestones
// and steps (ON DELETE CASCADE), deleting a status record or a former commune's record takes its inheritance
// links (commune_status_source), deleting an HQ or a model takes its statuses or points, deleting a commune
// takes its stored border derivation (border_commune, border_commune_country) and re-derives the province.
const COMMUNES_OF = `(SELECT code FROM commune WHERE province_code = $1)`;
const REMOVE = [
  `DELETE FROM commune_status WHERE commune_code IN ${COMMUNES_OF}`,
  `DELETE FROM former_commune_status WHERE old_code IN (SELECT old_code FROM commune_crosswalk WHERE new_code IN ${COMMUNES_OF})`,
  `DELETE FROM commune_crosswalk WHERE new_code IN ${COMMUNES_OF}`,
  `DELETE FROM campaign WHERE province_code = $1`,
  `DELETE FROM campaign_commune WHERE commune_code IN ${COMMUNES_OF}`,
  `DELETE FROM police_hq WHERE commune_code IN ${COMMUNES_OF}`,
  `DELETE FROM self_governing_model WHERE commune_code IN ${COMMUNES_OF}`,
  `DELETE FROM security_team_count WHERE commune_code IN ${COMMUNES_OF}`,
  `DELETE FROM village WHERE commune_code IN ${COMMUNES_OF}`,
  `DELETE FROM border_gate WHERE commune_code IN ${COMMUNES_OF}`,
  `DELETE FROM user_scope_commune WHERE commune_code IN ${COMMUNES_OF}`,
  `DELETE FROM user_scope_province WHERE province_code = $1`,
  `DELETE FROM province_indicator WHERE province_code = $1`,
  `DELETE FROM commune WHERE province_code = $1`,
  `DELETE FROM province WHERE code = $1`,
];

interface ProvinceRow {
  code: string;
  name: string;
  isDemo: boolean;
}

async function contentsOf(db: Queryable, p: ProvinceRow, provinceCount: number): Promise<DemoProvince> {
  const [contents] = await db.query<DemoProvinceContents>(CONTENTS, [p.code]);
  const usersLeftEmpty = await db.query<DemoProvince['usersLeftEmpty'][number]>(USERS_LEFT_EMPTY, [p.code]);
  return { code: p.code, name: p.name, contents, usersLeftEmpty, removable: provinceCount > 1 };
}

/** The demo provinces present, each with what removing it would take with it. Reads only. */
export async function listDemoProvinces(db: Queryable): Promise<DemoProvince[]> {
  const provinces = await db.query<ProvinceRow>('SELECT code, name, is_demo AS "isDemo" FROM province ORDER BY code');
  const out: DemoProvince[] = [];
  for (const p of provinces.filter((x) => x.isDemo)) out.push(await contentsOf(db, p, provinces.length));
  return out;
}

/**
 * Removes a demo province with everything tied to it, in one transaction with one audit entry holding the counts.
 * Refused (409) for a province not marked as demo — real data is never removed this way — and for the last
 * province, which the next start would seed again. National border lines stay: they are Vietnam's real borders
 * (Natural Earth), shared by every province, not part of the demo.
 */
export async function removeDemoProvince(db: Db, code: string, userId: number | null): Promise<DemoProvinceRemoved> {
  return db.transaction(async (tx) => {
    // Serialises with imports and seeding, which lock or write province rows too.
    await tx.query('LOCK TABLE province IN SHARE ROW EXCLUSIVE MODE');
    const provinces = await tx.query<ProvinceRow>('SELECT code, name, is_demo AS "isDemo" FROM province ORDER BY code');
    const p = provinces.find((x) => x.code === code);
    if (!p) throw new HttpError(404, said(`province ${code} does not exist`, `tỉnh ${code} không tồn tại`));
    if (!p.isDemo) {
      throw new HttpError(
        409,
        said(`province ${code} (${p.name}) holds real data, not demo data; only a demo province can be removed`, `tỉnh ${code} (${p.name}) là dữ liệu thật, không phải dữ liệu mẫu; chỉ xóa được tỉnh dữ liệu mẫu`),
      );
    }
    const before = await contentsOf(tx, p, provinces.length);
    if (!before.removable) {
      throw new HttpError(
        409,
        said(
          `province ${code} is the only province; import the real province first (an empty database is seeded with the demo again on the next start)`,
          `tỉnh ${code} là tỉnh duy nhất; hãy nhập tỉnh thật trước (cơ sở dữ liệu trống sẽ được nạp lại dữ liệu mẫu ở lần khởi động sau)`,
        ),
      );
    }
    for (const statement of REMOVE) await tx.query(statement, [code]);
    await tx.query(
      `INSERT INTO app_meta (key, value) VALUES ('data_version', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [new Date().toISOString()],
    );
    const result: DemoProvinceRemoved = { code, name: p.name, removed: before.contents, usersLeftEmpty: before.usersLeftEmpty };
    await writeAudit(tx, {
      userId,
      action: 'delete',
      entity: 'province',
      entityId: code,
      before: { name: p.name, isDemo: true, removed: before.contents, usersLeftEmpty: before.usersLeftEmpty.map((u) => u.username) },
    });
    return result;
  }, { long: true });
}
