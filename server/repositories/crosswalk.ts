import type { Queryable } from '../db/client.ts';
import { STATUS_KIND_NAMES } from '../domain.ts';
import { inheritedValue } from '../domain/inheritance.ts';
import { said, type Said } from '../text/lang.ts';
import { atRow } from '../import/tables/cells.ts';
import type { CrosswalkRow } from '../import/tables/crosswalk.ts';
import type { Checked, TableImporter } from './table-import.ts';

/** A stored crosswalk row: a former commune, the new commune it became part of, and when. */
export interface Mapping {
  oldCode: string;
  oldName: string;
  newCode: string;
  newName: string;
  effectiveDate: string;
  decisionNo: string | null;
  note: string | null;
}

const MAPPINGS = `
  SELECT x.old_code AS "oldCode", x.old_name AS "oldName", x.new_code AS "newCode", c.name AS "newName",
    x.effective_date AS "effectiveDate", x.decision_no AS "decisionNo", x.note
  FROM commune_crosswalk x JOIN commune c ON c.code = x.new_code`;

/** The stored mappings of these old codes. */
export async function mappingsOf(q: Queryable, oldCodes: string[]): Promise<Map<string, Mapping>> {
  const rows = await q.query<Mapping>(`${MAPPINGS} WHERE x.old_code = ANY ($1::text[])`, [[...new Set(oldCodes)]]);
  return new Map(rows.map((r) => [r.oldCode, r]));
}

/** The former units of these new communes, by new commune, oldest code first. */
export async function formerUnitsOf(q: Queryable, newCodes: string[]): Promise<Mapping[]> {
  return q.query<Mapping>(`${MAPPINGS} WHERE x.new_code = ANY ($1::text[]) ORDER BY x.new_code, x.old_code`, [[...new Set(newCodes)]]);
}

/** Every mapping whose new commune is in the scope (null = all), for export. */
export async function crosswalkIn(q: Queryable, scope: string[] | null): Promise<Mapping[]> {
  return q.query<Mapping>(`${MAPPINGS} WHERE ($1::text[] IS NULL OR x.new_code = ANY ($1::text[])) ORDER BY x.new_code, x.old_code`, [scope]);
}

/** What a derivation did: one line per inherited record written, and per kind left alone for a record entered directly. */
export interface Inherited {
  derived: Said[];
  kept: Said[];
  /** Inherited records already as derivation would write them. */
  unchanged: number;
}

interface CurrentRecord {
  id: number;
  communeCode: string;
  kind: string;
  value: string;
  validFrom: string;
  validTo: string | null;
  provenance: string | null;
  sources: number[];
}

/**
 * Derives the inherited status records of these new communes from their former units; run it in the transaction
 * that changed the crosswalk or the former units' records. For each new commune and status kind, the former units'
 * records in force the day before the merger give one record starting on the merger date (rules in
 * domain/inheritance.ts), linked to its sources in commune_status_source. A previously derived record of the
 * commune and kind (one with source links) is replaced, so running it again adds nothing. A record entered
 * directly that is in force on the merger date wins: nothing is inherited for that kind ("kept"); a record entered
 * directly later ends the inherited one where it starts.
 */
export async function deriveInherited(tx: Queryable, newCodes: string[]): Promise<Inherited> {
  const out: Inherited = { derived: [], kept: [], unchanged: 0 };
  const units = await formerUnitsOf(tx, newCodes);
  if (units.length === 0) return out;
  const codes = [...new Set(units.map((u) => u.newCode))];
  const former = await tx.query<{ id: number; oldCode: string; kind: string; value: string }>(
    `SELECT f.id, f.old_code AS "oldCode", f.kind, f.value
     FROM former_commune_status f JOIN commune_crosswalk x ON x.old_code = f.old_code
     WHERE x.new_code = ANY ($1::text[]) AND f.valid_from < x.effective_date AND f.valid_to >= x.effective_date`,
    [codes],
  );
  const current = await tx.query<CurrentRecord>(
    `SELECT s.id, s.commune_code AS "communeCode", s.kind, s.value, s.valid_from AS "validFrom", s.valid_to AS "validTo", s.provenance,
       coalesce(array_agg(src.former_status_id ORDER BY src.former_status_id) FILTER (WHERE src.former_status_id IS NOT NULL), '{}') AS sources
     FROM commune_status s LEFT JOIN commune_status_source src ON src.status_id = s.id
     WHERE s.commune_code = ANY ($1::text[])
     GROUP BY s.id ORDER BY s.valid_from`,
    [codes],
  );
  for (const code of codes) {
    const mine = units.filter((u) => u.newCode === code);
    const { newName, effectiveDate: date } = mine[0];
    const commune = `${code} ${newName}`;
    for (const kind of STATUS_KIND_NAMES) {
      const records = current.filter((r) => r.communeCode === code && r.kind === kind);
      const derivedBefore = records.filter((r) => r.sources.length > 0);
      const direct = records.filter((r) => r.sources.length === 0);
      const sources = mine.map((u) => ({ unit: u, record: former.find((f) => f.oldCode === u.oldCode && f.kind === kind) ?? null }));
      const value = inheritedValue(kind, sources.map((s) => s.record?.value ?? null));
      const inForce = direct.find((r) => r.validFrom <= date && (r.validTo === null || r.validTo > date));
      if (value === null || inForce) {
        for (const r of derivedBefore) await tx.query(`DELETE FROM commune_status WHERE id = $1`, [r.id]);
        if (value !== null && inForce) {
          const entered = `${inForce.value} ${inForce.validFrom} – ${inForce.validTo ?? '…'}`;
          out.kept.push(said(
            `${commune}: ${kind}: kept the record already entered (${entered}); ${value} not inherited`,
            `${commune}: ${kind}: giữ bản ghi đã nhập (${entered}); không kế thừa ${value}`,
          ));
        }
        continue;
      }
      const used = sources.filter((s) => s.record !== null);
      const ids = used.map((s) => s.record!.id).sort((a, b) => a - b);
      const validTo = direct.map((r) => r.validFrom).filter((d) => d > date).sort()[0] ?? null;
      const from = used.map((s) => `${s.unit.oldCode} ${s.unit.oldName}`).join(', ');
      const provenance = `inherited from ${from}`;
      const same = derivedBefore.length === 1 && derivedBefore[0].value === value && derivedBefore[0].validFrom === date &&
        derivedBefore[0].validTo === validTo && derivedBefore[0].provenance === provenance && derivedBefore[0].sources.join() === ids.join();
      if (same) {
        out.unchanged++;
        continue;
      }
      for (const r of derivedBefore) await tx.query(`DELETE FROM commune_status WHERE id = $1`, [r.id]);
      const [{ id }] = await tx.query<{ id: number }>(
        `INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to, provenance) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [code, kind, value, date, validTo, provenance],
      );
      await tx.query(`INSERT INTO commune_status_source (status_id, former_status_id) SELECT $1, unnest($2::int[])`, [id, ids]);
      const until = validTo ? said(` until ${validTo}`, ` đến ${validTo}`) : said('', '');
      out.derived.push(said(
        `${commune}: ${kind} = ${value} from ${date}${until.en}, inherited from ${from}`,
        `${commune}: ${kind} = ${value} từ ${date}${until.vi}, kế thừa từ ${from}`,
      ));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Crosswalk import

/** Communes known to the database by code, with their names. */
async function communeNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  const rows = await q.query<{ code: string; name: string }>(`SELECT code, name FROM commune WHERE code = ANY ($1::text[])`, [[...new Set(codes)]]);
  return new Map(rows.map((r) => [r.code, r.name]));
}

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
