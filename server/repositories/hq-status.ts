import type { Queryable } from '../db/client.ts';
import type { HqStatus } from '../domain.ts';
import { badRequest, conflict } from '../errors.ts';
import { said } from '../text/lang.ts';

export interface HqStatusChange {
  status: HqStatus;
  statusFrom: string;
  decisionNo?: string;
  decisionDate?: string;
  note?: string;
}

export interface HqStatusRow {
  id: number;
  status: string;
  validFrom: string;
  validTo: string | null;
  decisionNo: string | null;
  decisionDate: string | null;
  note: string | null;
}

const COLUMNS = `id, status, valid_from AS "validFrom", valid_to AS "validTo", decision_no AS "decisionNo",
  decision_date AS "decisionDate", note`;

/**
 * Adds a status record to the end of an HQ's history from `statusFrom` on, closing the record in force then; runs
 * in the caller's transaction, after the HQ row was locked, and returns the rows for the caller's audit record.
 * Older history is not rewritten here: a date on or before the start of the latest record is refused.
 */
export async function addHqStatus(
  tx: Queryable,
  hqId: number,
  hqName: string,
  change: HqStatusChange,
): Promise<{ before: HqStatusRow | null; closed: HqStatusRow | null; created: HqStatusRow }> {
  if (change.decisionDate && change.decisionDate > change.statusFrom) {
    throw badRequest(
      said(
        `decisionDate: the decision date ${change.decisionDate} is after the date the status takes effect (${change.statusFrom})`,
        `decisionDate: ngày quyết định ${change.decisionDate} sau ngày tình trạng có hiệu lực (${change.statusFrom})`,
      ),
    );
  }
  const records = await tx.query<HqStatusRow>(`SELECT ${COLUMNS} FROM police_hq_status WHERE hq_id = $1 ORDER BY valid_from FOR UPDATE`, [hqId]);
  const last = records.at(-1);
  if (last && change.statusFrom <= last.validFrom) {
    throw conflict(
      said(
        `statusFrom: HQ "${hqName}" has a status record from ${last.validFrom}; a new status must start after it`,
        `statusFrom: trụ sở "${hqName}" đã có bản ghi tình trạng từ ${last.validFrom}; tình trạng mới phải bắt đầu sau ngày đó`,
      ),
    );
  }
  if (last && last.validTo !== null && change.statusFrom < last.validTo) {
    throw conflict(
      said(
        `statusFrom: HQ "${hqName}" had a status until ${last.validTo}; a new status must start on or after that day`,
        `statusFrom: trụ sở "${hqName}" có tình trạng đến ${last.validTo}; tình trạng mới phải bắt đầu từ ngày đó trở đi`,
      ),
    );
  }
  const open = last && last.validTo === null ? last : null;
  if (open && open.status === change.status) {
    throw badRequest(
      said(
        `status: HQ "${hqName}" is already "${change.status}" since ${open.validFrom}`,
        `status: trụ sở "${hqName}" đã ở tình trạng này từ ${open.validFrom}`,
      ),
    );
  }
  let closed: HqStatusRow | null = null;
  if (open) {
    [closed] = await tx.query<HqStatusRow>(`UPDATE police_hq_status SET valid_to = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [open.id, change.statusFrom]);
  }
  const [created] = await tx.query<HqStatusRow>(
    `INSERT INTO police_hq_status (hq_id, status, valid_from, decision_no, decision_date, note)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [hqId, change.status, change.statusFrom, change.decisionNo?.trim() || null, change.decisionDate ?? null, change.note?.trim() || null],
  );
  return { before: open, closed, created };
}
