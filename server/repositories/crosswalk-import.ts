import type { Queryable } from '../db/client.ts';
import { said, type Said } from '../text/lang.ts';
import { atRow } from '../import/tables/cells.ts';
import type { CrosswalkRow } from '../import/tables/crosswalk.ts';
import { deriveInherited, formerUnitsOf, mappingsOf } from './crosswalk.ts';
import type { Checked, TableImporter } from './table-import.ts';

/** Communes known to the database by code, with their names. */
async function communeNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  const rows = await q.query<{ code: string; name: string }>(`SELECT code, name FROM commune WHERE code = ANY ($1::text[])`, [[...new Set(codes)]]);
  return new Map(rows.map((r) => [r.code, r.name]));
}

/**
 * The crosswalk table import: checks rows of former commune → new commune against the database, writes them and
 * derives the inherited statuses of the new communes (see crosswalk.ts).
 */
export const crosswalkImporter: TableImporter<CrosswalkRow, CrosswalkRow> & { previewByRollback: true } = {
  entity: 'commune_crosswalk',
  writes: ['commune_crosswalk', 'commune_status', 'commune_status_source'],
  previewByRollback: true,
  async check(q, rows, { scope }) {
    const out: Checked<CrosswalkRow> = { problems: [], warnings: [], created: 0, updated: 0, unchanged: 0, changes: [], ops: [] };
    const warnings = out.warnings!;
    const communes = await communeNames(q, rows.flatMap((r) => [r.newCode, r.oldCode]));
    const stored = await mappingsOf(q, rows.map((r) => r.oldCode));
    const storedOfNew = await formerUnitsOf(q, rows.map((r) => r.newCode));
    const formerCounts = new Map(
      (await q.query<{ oldCode: string; n: number }>(
        `SELECT old_code AS "oldCode", count(*)::int AS n FROM former_commune_status WHERE old_code = ANY ($1::text[]) GROUP BY old_code`,
        [rows.map((r) => r.oldCode)],
      )).map((r) => [r.oldCode, r.n]),
    );
    // One effective date per new commune: the first the file or the database gives.
    const dateOf = new Map<string, { date: string; where: Said }>();
    for (const m of storedOfNew) if (!rows.some((r) => r.oldCode === m.oldCode)) dateOf.set(m.newCode, { date: m.effectiveDate, where: said(`stored mapping of ${m.oldCode}`, `ánh xạ đã lưu của ${m.oldCode}`) });
    const fail = (r: CrosswalkRow, en: string, vi: string) => out.problems.push(atRow(r.row, en, vi));
    for (const r of rows) {
      const newName = communes.get(r.newCode);
      if (newName === undefined) {
        fail(r, `new commune code "${r.newCode}" does not exist`, `mã xã mới "${r.newCode}" không tồn tại`);
        continue;
      }
      const target = `${r.newCode} (${newName})`;
      if (scope && !scope.includes(r.newCode)) {
        fail(r, `new commune ${target} is outside your area`, `xã mới ${target} nằm ngoài địa bàn của bạn`);
        continue;
      }
      const s = stored.get(r.oldCode);
      if (s && s.newCode !== r.newCode) {
        fail(r, `old code ${r.oldCode} (${s.oldName}) is already mapped to ${s.newCode} (${s.newName}), not ${target}`,
          `mã xã cũ ${r.oldCode} (${s.oldName}) đã được chuyển sang ${s.newCode} (${s.newName}), không phải ${target}`);
        continue;
      }
      const current = communes.get(r.oldCode);
      if (r.oldCode !== r.newCode && current !== undefined) {
        fail(r, `old code ${r.oldCode} is a current commune (${current}): a commune still on the map cannot be merged into ${target}`,
          `mã xã cũ ${r.oldCode} là xã hiện hành (${current}): xã còn trên bản đồ không thể nhập vào ${target}`);
        continue;
      }
      const first = dateOf.get(r.newCode);
      if (first && first.date !== r.effectiveDate) {
        fail(r, `effective_date ${r.effectiveDate} differs from ${first.date} (${first.where.en}): the former units of ${target} share one date`,
          `ngày hiệu lực ${r.effectiveDate} khác ${first.date} (${first.where.vi}): các xã cũ của ${target} có cùng một ngày hiệu lực`);
        continue;
      }
      if (!first) dateOf.set(r.newCode, { date: r.effectiveDate, where: said(`row ${r.row}`, `dòng ${r.row}`) });
      if (s && s.effectiveDate !== r.effectiveDate && (formerCounts.get(r.oldCode) ?? 0) > 0) {
        fail(r, `effective_date of ${r.oldCode} cannot change from ${s.effectiveDate} to ${r.effectiveDate}: the former unit has ${formerCounts.get(r.oldCode)} status record(s) dated by it`,
          `không thể đổi ngày hiệu lực của ${r.oldCode} từ ${s.effectiveDate} sang ${r.effectiveDate}: xã cũ đã có ${formerCounts.get(r.oldCode)} bản ghi tình trạng theo ngày đó`);
        continue;
      }
      if (r.oldCode === r.newCode) {
        warnings.push(atRow(r.row,
          `code ${r.oldCode} is kept by the new commune ${newName}: status rows for ${r.oldCode} dated before ${r.effectiveDate} belong to the former ${r.oldName}, from that date to ${newName}`,
          `mã ${r.oldCode} được xã mới ${newName} giữ lại: bản ghi tình trạng của mã ${r.oldCode} trước ngày ${r.effectiveDate} thuộc ${r.oldName} cũ, từ ngày đó thuộc ${newName}`));
      }
      const what = said(`${r.oldCode} ${r.oldName} → ${target} from ${r.effectiveDate}`, `${r.oldCode} ${r.oldName} → ${target} từ ${r.effectiveDate}`);
      if (!s) {
        out.created++;
        out.ops.push(r);
        out.changes.push(atRow(r.row, `new: ${what.en}`, `mới: ${what.vi}`));
        continue;
      }
      const parts: Said[] = [];
      if (s.oldName !== r.oldName) parts.push(said(`old_name "${s.oldName}" → "${r.oldName}"`, `tên xã cũ "${s.oldName}" → "${r.oldName}"`));
      if (s.effectiveDate !== r.effectiveDate) parts.push(said(`effective_date ${s.effectiveDate} → ${r.effectiveDate}`, `ngày hiệu lực ${s.effectiveDate} → ${r.effectiveDate}`));
      if (s.decisionNo !== r.decisionNo) parts.push(said(`decision_no ${s.decisionNo ?? '–'} → ${r.decisionNo ?? '–'}`, `số quyết định ${s.decisionNo ?? '–'} → ${r.decisionNo ?? '–'}`));
      if (s.note !== r.note) parts.push(said(`note changed`, `ghi chú thay đổi`));
      if (parts.length === 0) {
        out.unchanged++;
        // Still derived again below: the statuses of the former units may have changed since.
        out.ops.push(r);
        continue;
      }
      out.updated++;
      out.ops.push(r);
      out.changes.push(atRow(r.row, [what.en, ...parts.map((p) => p.en)].join(', '), [what.vi, ...parts.map((p) => p.vi)].join(', ')));
    }
    return out;
  },
  async apply(tx, ops) {
    if (ops.length === 0) return { derived: [], kept: [], unchanged: 0 };
    await tx.query(
      `INSERT INTO commune_crosswalk (old_code, old_name, new_code, effective_date, decision_no, note)
       SELECT "oldCode", "oldName", "newCode", "effectiveDate", "decisionNo", note
       FROM jsonb_to_recordset($1::jsonb) AS x("oldCode" text, "oldName" text, "newCode" text, "effectiveDate" date, "decisionNo" text, note text)
       ON CONFLICT (old_code) DO UPDATE SET old_name = EXCLUDED.old_name, effective_date = EXCLUDED.effective_date,
         decision_no = EXCLUDED.decision_no, note = EXCLUDED.note
       WHERE (commune_crosswalk.old_name, commune_crosswalk.effective_date, commune_crosswalk.decision_no, commune_crosswalk.note)
         IS DISTINCT FROM (EXCLUDED.old_name, EXCLUDED.effective_date, EXCLUDED.decision_no, EXCLUDED.note)`,
      [JSON.stringify(ops)],
    );
    return deriveInherited(tx, ops.map((r) => r.newCode));
  },
};
