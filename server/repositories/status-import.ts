import type { Db, Queryable } from '../db/client.ts';
import { sqlFile } from '../sql/index.ts';
import { writeAudit } from './audit.ts';
import type { RowProblem, StatusRow } from '../import/status-table.ts';

const CHECK = sqlFile('import-status-check');

/** Problems the database finds in the rows: unknown communes and status values, overlaps with stored records. */
export async function checkStatusRowsInDb(db: Queryable, rows: StatusRow[]): Promise<RowProblem[]> {
  if (rows.length === 0) return [];
  return db.query<RowProblem>(CHECK, [JSON.stringify(rows)]);
}

/** Inserts every row in one statement and transaction, with its provenance and one audit entry; all or nothing. */
export async function commitStatusRows(db: Db, rows: StatusRow[], opts: { userId: number | null; fileName: string }): Promise<number> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query<{ id: number }>(
      `INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to, decision_no, decision_date, note, provenance)
       SELECT "communeCode", kind, value, "validFrom", "validTo", "decisionNo", "decisionDate", note, $2
       FROM jsonb_to_recordset($1::jsonb) AS x("communeCode" text, kind text, value text, "validFrom" date, "validTo" date,
         "decisionNo" text, "decisionDate" date, note text)
       RETURNING id`,
      [JSON.stringify(rows), `import: ${opts.fileName}`],
    );
    await writeAudit(tx, { userId: opts.userId, action: 'import', entity: 'commune_status', entityId: null, after: { file: opts.fileName, rows: inserted.length } });
    return inserted.length;
  });
}
