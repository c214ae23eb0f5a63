import type { Queryable } from '../db/client.ts';
import { sqlFile } from '../sql/index.ts';
import { said, type Said } from '../text/lang.ts';
import { writeAudit } from './audit.ts';
import { deriveInherited, mappingsOf, type Inherited } from './crosswalk.ts';
import { overlapsInFile, type StatusRow } from '../import/status-table.ts';

const CHECK = sqlFile('import-status-check');
const CHECK_FORMER = sqlFile('import-former-status-check');

/** A problem or warning of a status import, in both languages. */
export interface StatusProblem {
  row: number | null;
  message: Said;
}

/** What a status file does: records of current communes, records of former (pre-merger) units, and what stops it. */
export interface StatusPlan {
  problems: StatusProblem[];
  warnings: StatusProblem[];
  current: StatusRow[];
  /** Rows of former units, each ending on or before its merger (an open period is closed at the merger). */
  former: StatusRow[];
}

/** A problem found by SQL, which words it in both languages (`en`, `vi`). */
const fromSql = (p: { row: number; en: string; vi: string }): StatusProblem => ({ row: p.row, message: said(p.en, p.vi) });
const at = (row: number, en: string, vi: string): StatusProblem => ({ row, message: said(`row ${row}: ${en}`, `dòng ${row}: ${vi}`) });

/**
 * Tells the rows of former units from those of current communes through the crosswalk, then checks both against
 * the database and the importing user's area. A row of a merged code dated from the merger on is refused, naming
 * the new commune to use; a code kept by a new commune means the former unit before the merger, the new one after.
 */
/** The tables a status import writes (analysed after its commit). */
export const STATUS_IMPORT_WRITES = ['commune_status', 'former_commune_status', 'commune_status_source'] as const;

export async function planStatusRows(q: Queryable, rows: StatusRow[], scope: string[] | null): Promise<StatusPlan> {
  const plan: StatusPlan = { problems: [], warnings: [], current: [], former: [] };
  const mappings = await mappingsOf(q, rows.map((r) => r.communeCode));
  const names = new Map(
    (await q.query<{ code: string; name: string }>(`SELECT code, name FROM commune WHERE code = ANY ($1::text[])`, [[...new Set(rows.map((r) => r.communeCode))]]))
      .map((c) => [c.code, c.name]),
  );
  for (const r of rows) {
    const m = mappings.get(r.communeCode);
    if (!m || (m.oldCode === m.newCode && r.validFrom >= m.effectiveDate)) {
      const name = names.get(r.communeCode);
      if (name !== undefined && scope && !scope.includes(r.communeCode)) {
        plan.problems.push(at(r.row, `commune ${r.communeCode} (${name}) is outside your area`, `xã ${r.communeCode} (${name}) nằm ngoài địa bàn của bạn`));
      } else plan.current.push(r);
      continue;
    }
    const unit = `${m.oldCode} (${m.oldName})`;
    const target = `${m.newCode} (${m.newName})`;
    const date = m.effectiveDate;
    if (scope && !scope.includes(m.newCode)) {
      plan.problems.push(at(r.row, `former commune ${unit}, now part of ${target}, is outside your area`, `xã cũ ${unit}, nay thuộc ${target}, nằm ngoài địa bàn của bạn`));
    } else if (r.validFrom >= date) {
      plan.problems.push(at(r.row,
        `commune ${unit} was merged into ${target} on ${date}: enter records from ${date} under commune code ${m.newCode}`,
        `xã ${unit} đã được sắp xếp vào ${target} từ ${date}: bản ghi từ ngày ${date} hãy nhập theo mã xã ${m.newCode}`));
    } else if (r.validTo !== null && r.validTo > date) {
      plan.problems.push(at(r.row,
        `the period of former commune ${unit} runs past its merger into ${target} on ${date}: end it on ${date} at the latest and enter the rest under ${m.newCode}`,
        `thời hạn của xã cũ ${unit} kéo dài quá ngày sắp xếp vào ${target} (${date}): kết thúc chậm nhất ngày ${date}, phần sau nhập theo mã ${m.newCode}`));
    } else {
      if (r.validTo === null) {
        plan.warnings.push(at(r.row,
          `${r.kind} = ${r.value} of former commune ${unit} has no end: it is closed at the merger into ${target} on ${date}`,
          `${r.kind} = ${r.value} của xã cũ ${unit} không có ngày kết thúc: được kết thúc tại ngày sắp xếp vào ${target} (${date})`));
      }
      plan.former.push({ ...r, validTo: r.validTo ?? date });
    }
  }
  // Appended one by one: spreading a list of a file's size into push() overflows the stack (150,000 rows did).
  const add = (list: StatusProblem[]) => {
    for (const p of list) plan.problems.push(p);
  };
  add(overlapsInFile(plan.current));
  add(overlapsInFile(plan.former, true));
  type SqlProblem = { row: number; en: string; vi: string };
  if (plan.current.length > 0) add((await q.query<SqlProblem>(CHECK, [JSON.stringify(plan.current)])).map(fromSql));
  if (plan.former.length > 0) add((await q.query<SqlProblem>(CHECK_FORMER, [JSON.stringify(plan.former)])).map(fromSql));
  plan.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  plan.warnings.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return plan;
}

/**
 * Inserts every row with its provenance, derives the inherited records of the new communes whose former units got
 * records, and writes one audit entry; all in the caller's transaction.
 */
export async function commitStatusRows(tx: Queryable, plan: StatusPlan, opts: { userId: number | null; fileName: string }): Promise<{ inserted: number; former: number; inherited: Inherited }> {
  const provenance = `import: ${opts.fileName}`;
  const insert = (table: 'commune_status' | 'former_commune_status', code: 'commune_code' | 'old_code', rows: StatusRow[]) =>
    rows.length === 0
      ? Promise.resolve([])
      : tx.query<{ id: number }>(
        `INSERT INTO ${table} (${code}, kind, value, valid_from, valid_to, decision_no, decision_date, note, provenance)
         SELECT "communeCode", kind, value, "validFrom", "validTo", "decisionNo", "decisionDate", note, $2
         FROM jsonb_to_recordset($1::jsonb) AS x("communeCode" text, kind text, value text, "validFrom" date, "validTo" date,
           "decisionNo" text, "decisionDate" date, note text)
         RETURNING id`,
        [JSON.stringify(rows), provenance],
      );
  const inserted = await insert('commune_status', 'commune_code', plan.current);
  const former = await insert('former_commune_status', 'old_code', plan.former);
  const newCodes = plan.former.length === 0 ? [] : [...(await mappingsOf(tx, plan.former.map((r) => r.communeCode))).values()].map((m) => m.newCode);
  const inherited = newCodes.length === 0 ? { derived: [], kept: [], unchanged: 0 } : await deriveInherited(tx, newCodes);
  await writeAudit(tx, {
    userId: opts.userId, action: 'import', entity: 'commune_status', entityId: null,
    after: { file: opts.fileName, rows: inserted.length, formerRows: former.length, derived: inherited.derived.length, kept: inherited.kept.length },
  });
  return { inserted: inserted.length, former: former.length, inherited };
}
