import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { STATUS_KINDS, type StatusKind } from '../domain.ts';
import type { BorderGateRecord, BorderGateUpdateBody, HqUpdateBody, StatusCreateBody, StatusRecord } from '../schemas/api.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { writeAudit } from './audit.ts';

const inScope = (scope: Scope, communeCode: string | null) =>
  scope.communes === null || (communeCode !== null && scope.communes.includes(communeCode));

const STATUS_COLUMNS = `id, kind, value, valid_from AS "validFrom", valid_to AS "validTo",
  decision_no AS "decisionNo", decision_date AS "decisionDate", note`;

/**
 * Changes to map records. Each runs inside the caller's transaction, checks the caller's scope (out of scope
 * reads as "not found"), refuses stale versions with 409, and writes its audit record in the same transaction.
 */
export const edits = {
  async updateHq(tx: Queryable, actorId: number, scope: Scope, id: number, body: HqUpdateBody) {
    const [before] = await tx.query<{ id: number; communeCode: string; name: string; staffCount: number; version: number }>(
      `SELECT id, commune_code AS "communeCode", name, staff_count AS "staffCount", version FROM police_hq WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!before || !inScope(scope, before.communeCode)) throw notFound(`HQ ${id} not found`);
    if (before.version !== body.version) {
      throw conflict(`HQ "${before.name}" was changed by someone else (version ${before.version}, yours ${body.version}); reload and try again`);
    }
    const [after] = await tx.query<typeof before>(
      `UPDATE police_hq SET name = coalesce($2, name), staff_count = coalesce($3, staff_count), version = version + 1, updated_at = now()
       WHERE id = $1 RETURNING id, commune_code AS "communeCode", name, staff_count AS "staffCount", version`,
      [id, body.name ?? null, body.staffCount ?? null],
    );
    await writeAudit(tx, { userId: actorId, action: 'update', entity: 'police_hq', entityId: id, before, after });
    return after;
  },

  async updateBorderGate(tx: Queryable, actorId: number, scope: Scope, id: number, body: BorderGateUpdateBody) {
    const cols = `id, name, level, country_code AS "countryCode", commune_code AS "communeCode", opened_on AS "openedOn", closed_on AS "closedOn", version`;
    const [before] = await tx.query<BorderGateRecord>(`SELECT ${cols} FROM border_gate WHERE id = $1 FOR UPDATE`, [id]);
    if (!before || !inScope(scope, before.communeCode)) throw notFound(`border gate ${id} not found`);
    if (before.version !== body.version) {
      throw conflict(`border gate "${before.name}" was changed by someone else (version ${before.version}, yours ${body.version}); reload and try again`);
    }
    const [after] = await tx.query<BorderGateRecord>(
      `UPDATE border_gate SET name = coalesce($2, name), level = coalesce($3, level),
         closed_on = CASE WHEN $5 THEN $4::date ELSE closed_on END, version = version + 1
       WHERE id = $1 RETURNING ${cols}`,
      [id, body.name ?? null, body.level ?? null, body.closedOn ?? null, body.closedOn !== undefined],
    );
    await writeAudit(tx, { userId: actorId, action: 'update', entity: 'border_gate', entityId: id, before, after });
    return after;
  },

  /** Starts a new status record on `validFrom`, closing the one in force then; see StatusCreateBody. */
  async createStatus(tx: Queryable, actorId: number, scope: Scope, communeCode: string, body: StatusCreateBody) {
    const exists = await tx.query('SELECT 1 FROM commune WHERE code = $1', [communeCode]);
    if (exists.length === 0 || !inScope(scope, communeCode)) throw notFound(`commune ${communeCode} not found`);
    if (!(body.kind in STATUS_KINDS)) {
      throw badRequest(`unknown status kind "${body.kind}"; expected one of ${Object.keys(STATUS_KINDS).join(', ')}`);
    }
    const kind = STATUS_KINDS[body.kind as StatusKind];
    const ends = body.value === kind.absent;
    if (!ends && !(kind.values as readonly string[]).includes(body.value)) {
      throw badRequest(`"${body.value}" is not a value of ${body.kind}; expected one of ${[...new Set([...kind.values, kind.absent])].join(', ')}`);
    }
    if (body.decisionDate && body.decisionDate > body.validFrom) {
      throw badRequest(`decisionDate ${body.decisionDate} is after validFrom ${body.validFrom}`);
    }
    // Lock this commune's records of the kind so that two editors cannot interleave.
    const current = await tx.query<StatusRecord>(
      `SELECT ${STATUS_COLUMNS} FROM commune_status WHERE commune_code = $1 AND kind = $2 ORDER BY valid_from FOR UPDATE`,
      [communeCode, body.kind],
    );
    const later = current.find((r) => r.validFrom >= body.validFrom);
    if (later) {
      throw conflict(`a ${body.kind} record from ${later.validFrom} already exists; a new record must start after the latest one`);
    }
    const open = current.find((r) => r.validFrom < body.validFrom && (r.validTo === null || r.validTo > body.validFrom)) ?? null;
    if (ends && !open) throw badRequest(`commune ${communeCode} has no ${body.kind} record in force on ${body.validFrom} to end`);
    let closed: StatusRecord | null = null;
    if (open) {
      [closed] = await tx.query<StatusRecord>(
        `UPDATE commune_status SET valid_to = $2, version = version + 1 WHERE id = $1 RETURNING ${STATUS_COLUMNS}`,
        [open.id, body.validFrom],
      );
      await writeAudit(tx, { userId: actorId, action: 'update', entity: 'commune_status', entityId: open.id, before: open, after: closed });
    }
    if (ends) return { created: null, closed };
    const [created] = await tx.query<StatusRecord>(
      `INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to, decision_no, decision_date, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${STATUS_COLUMNS}`,
      [communeCode, body.kind, body.value, body.validFrom, open?.validTo ?? null, body.decisionNo ?? null, body.decisionDate ?? null, body.note ?? null],
    );
    await writeAudit(tx, { userId: actorId, action: 'create', entity: 'commune_status', entityId: created.id, after: { communeCode, ...created } });
    return { created, closed };
  },
};
