import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { STATUS_KINDS, STATUS_KIND_NAMES, type StatusKind } from '../domain.ts';
import { said } from '../text/lang.ts';
import { changedBySomeoneElse, mustNotBeBlank, notFoundSaid } from '../text/messages.ts';
import { dateWord, listWords, statusKindWord, statusValueWord } from '../text/words.ts';
import type { BorderGateUpdateBody, HqUpdateBody, StatusCreateBody, StatusRecord } from '../schemas/api.ts';
import type { BorderGateCreateBody, BorderGateEditRecord } from '../schemas/border.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { writeAudit } from './audit.ts';
import { addHqStatus } from './hq-status.ts';

const inScope = (scope: Scope, communeCode: string | null) =>
  scope.communes === null || (communeCode !== null && scope.communes.includes(communeCode));

/**
 * How far from the national border line a border gate may stand: 5 km. Gates sit on the road at the line or a
 * short way back from it (the control buildings of an international gate can stand a kilometre or two inland), and
 * the stored lines are generalised (Natural Earth / OpenStreetMap extracts, off by up to a few hundred metres);
 * 5 km accepts both while refusing a point put in the wrong valley or province by a slip of the mouse.
 */
export const GATE_REACH_M = 5000;

const GATE_COLUMNS = `g.id, g.name, g.level, g.country_code AS "countryCode", g.commune_code AS "communeCode",
  g.opened_on AS "openedOn", g.closed_on AS "closedOn", round(ST_X(g.geom)::numeric, 6) AS lon, round(ST_Y(g.geom)::numeric, 6) AS lat,
  round((SELECT min(ST_Distance(b.geom::geography, g.geom::geography)) FROM national_border b WHERE b.country_code = g.country_code)::numeric, 1)
    AS "borderDistanceM", g.version`;

/**
 * How far outside its commune's outline an HQ may stand: 100 m, the stored outlines' own imprecision; an HQ on the
 * commune's edge road is accepted, one in the next commune is not.
 */
export const HQ_REACH_M = 100;

function checkName(name: string) {
  if (name.trim() === '') throw badRequest(mustNotBeBlank('name', 'tên'));
}

/** An HQ's new position must lie in its own commune, or within HQ_REACH_M of its outline. */
async function checkHqLocation(tx: Queryable, communeCode: string, lon: number, lat: number): Promise<void> {
  const [where] = await tx.query<{ name: string; outsideM: number }>(
    `SELECT c.name, ST_Distance(c.geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS "outsideM"
     FROM commune c WHERE c.code = $1`,
    [communeCode, lon, lat],
  );
  if (where && where.outsideM > HQ_REACH_M) {
    const km = (where.outsideM / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
    throw badRequest(
      said(
        `lon/lat: the point is ${(where.outsideM / 1000).toFixed(1)} km outside commune ${communeCode} (${where.name}); an HQ stays in its commune (within ${HQ_REACH_M} m of its outline)`,
        `vị trí: điểm nằm ngoài xã ${communeCode} (${where.name}) ${km} km; trụ sở phải nằm trong xã của mình (cách ranh giới xã không quá ${HQ_REACH_M} m)`,
      ),
    );
  }
}

/**
 * The point must lie within GATE_REACH_M of the border line with `countryCode` and within GATE_REACH_M of a commune
 * of the caller's area; the gate belongs to the nearest such commune (the one containing it, when there is one).
 */
async function checkGateLocation(tx: Queryable, scope: Scope, countryCode: string, lon: number, lat: number): Promise<string> {
  const [country] = await tx.query<{ nameEn: string; nameVi: string }>(`SELECT name_en AS "nameEn", name_vi AS "nameVi" FROM country WHERE code = $1`, [countryCode]);
  if (!country) throw badRequest(said(`countryCode: unknown country "${countryCode}"`, `nước: không có mã nước "${countryCode}"`));
  const [where] = await tx.query<{ borderM: number | null; communeCode: string | null }>(
    `WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS g)
     SELECT (SELECT min(ST_Distance(b.geom::geography, pt.g)) FROM national_border b WHERE b.country_code = $3) AS "borderM",
       (SELECT c.code FROM commune c
         WHERE ($4::text[] IS NULL OR c.code = ANY ($4::text[])) AND ST_DWithin(c.geom::geography, pt.g, $5)
         ORDER BY ST_Distance(c.geom::geography, pt.g), c.code LIMIT 1) AS "communeCode"
     FROM pt`,
    [lon, lat, countryCode, scope.communes, GATE_REACH_M],
  );
  if (where.borderM === null) {
    throw badRequest(said(`countryCode: no border line with ${country.nameEn} is stored`, `nước: chưa có đường biên giới với ${country.nameVi} trong dữ liệu`));
  }
  if (where.borderM > GATE_REACH_M) {
    const km = where.borderM / 1000;
    throw badRequest(
      said(
        `lon/lat: the point is ${km.toFixed(1)} km from the border with ${country.nameEn}; a border gate must lie within ${GATE_REACH_M / 1000} km of it`,
        `vị trí (kinh độ/vĩ độ): điểm cách biên giới với ${country.nameVi} ${km.toFixed(1).replace('.', ',')} km; cửa khẩu phải nằm trong phạm vi ${GATE_REACH_M / 1000} km tính từ biên giới`,
      ),
    );
  }
  if (!where.communeCode) {
    throw badRequest(
      said(
        `lon/lat: the point is not within ${GATE_REACH_M / 1000} km of any commune of your area`,
        `vị trí (kinh độ/vĩ độ): điểm không nằm trong phạm vi ${GATE_REACH_M / 1000} km của xã nào thuộc địa bàn của bạn`,
      ),
    );
  }
  return where.communeCode;
}

/** The status part of an HQ edit: both `status` and `statusFrom`, or neither. */
async function hqStatusChange(tx: Queryable, hq: { id: number; name: string }, body: HqUpdateBody) {
  const { status, statusFrom } = body;
  if ((status === undefined) !== (statusFrom === undefined)) {
    throw badRequest(said('status/statusFrom: give both to change the status, or neither', 'status/statusFrom: cần cả tình trạng mới và ngày có hiệu lực, hoặc không có cả hai'));
  }
  if (status === undefined || statusFrom === undefined) return null;
  return addHqStatus(tx, hq.id, hq.name, { status, statusFrom, decisionNo: body.decisionNo, decisionDate: body.decisionDate, note: body.note });
}

const STATUS_COLUMNS = `id, kind, value, valid_from AS "validFrom", valid_to AS "validTo",
  decision_no AS "decisionNo", decision_date AS "decisionDate", note`;

/**
 * Changes to map records. Each runs inside the caller's transaction, checks the caller's scope (out of scope
 * reads as "not found"), refuses stale versions with 409, and writes its audit record in the same transaction.
 */
export const edits = {
  async updateHq(tx: Queryable, actorId: number, scope: Scope, id: number, body: HqUpdateBody) {
    const HQ_COLUMNS = `id, commune_code AS "communeCode", name, staff_count AS "staffCount",
      round(ST_X(geom)::numeric, 6)::float8 AS lon, round(ST_Y(geom)::numeric, 6)::float8 AS lat, version`;
    const [before] = await tx.query<{ id: number; communeCode: string; name: string; staffCount: number; lon: number; lat: number; version: number }>(
      `SELECT ${HQ_COLUMNS} FROM police_hq WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!before || !inScope(scope, before.communeCode)) throw notFound(notFoundSaid(said(`HQ ${id}`, `trụ sở ${id}`)));
    if (before.version !== body.version) {
      throw conflict(changedBySomeoneElse(said(`HQ "${before.name}"`, `trụ sở “${before.name}”`), before.version, body.version));
    }
    if (body.name !== undefined) checkName(body.name);
    if ((body.lon === undefined) !== (body.lat === undefined)) {
      throw badRequest(said('lon/lat: give both to move the HQ, or neither', 'vị trí: nhập cả kinh độ và vĩ độ để dời trụ sở, hoặc để trống cả hai'));
    }
    const moved = body.lon !== undefined && body.lat !== undefined;
    if (moved) await checkHqLocation(tx, before.communeCode, body.lon!, body.lat!);
    const status = await hqStatusChange(tx, before, body);
    const [after] = await tx.query<typeof before>(
      `UPDATE police_hq SET name = coalesce(btrim($2), name), staff_count = coalesce($3, staff_count),
         geom = CASE WHEN $4 THEN ST_SetSRID(ST_MakePoint($5, $6), 4326) ELSE geom END, version = version + 1, updated_at = now()
       WHERE id = $1 RETURNING ${HQ_COLUMNS}`,
      [id, body.name ?? null, body.staffCount ?? null, moved, body.lon ?? 0, body.lat ?? 0],
    );
    await writeAudit(tx, {
      userId: actorId,
      action: 'update',
      entity: 'police_hq',
      entityId: id,
      before: status ? { ...before, status: status.before } : before,
      after: status ? { ...after, status: status.created, closedStatus: status.closed } : after,
    });
    return after;
  },

  /** Renames, re-levels, moves (lon + lat) or closes a gate; a move is validated like a new gate. */
  async updateBorderGate(tx: Queryable, actorId: number, scope: Scope, id: number, body: BorderGateUpdateBody): Promise<BorderGateEditRecord> {
    const [before] = await tx.query<BorderGateEditRecord>(`SELECT ${GATE_COLUMNS} FROM border_gate g WHERE g.id = $1 FOR UPDATE`, [id]);
    if (!before || !inScope(scope, before.communeCode)) throw notFound(notFoundSaid(said(`border gate ${id}`, `cửa khẩu ${id}`)));
    if (before.version !== body.version) {
      throw conflict(changedBySomeoneElse(said(`border gate "${before.name}"`, `cửa khẩu “${before.name}”`), before.version, body.version));
    }
    if (body.name !== undefined) checkName(body.name);
    if ((body.lon === undefined) !== (body.lat === undefined)) {
      throw badRequest(said('lon/lat: give both to move the gate, or neither', 'vị trí: nhập cả kinh độ và vĩ độ để dời cửa khẩu, hoặc để trống cả hai'));
    }
    if (body.closedOn && before.openedOn && body.closedOn <= before.openedOn) {
      throw badRequest(
        said(
          `closedOn: ${body.closedOn} must be after the opening date ${before.openedOn}`,
          `ngày đóng: ${dateWord(body.closedOn).vi} phải sau ngày mở ${dateWord(before.openedOn).vi}`,
        ),
      );
    }
    let communeCode = before.communeCode;
    if (body.lon !== undefined && body.lat !== undefined) {
      communeCode = await checkGateLocation(tx, scope, before.countryCode, body.lon, body.lat);
    }
    const moved = body.lon !== undefined;
    await tx.query(
      `UPDATE border_gate SET name = coalesce(btrim($2), name), level = coalesce($3, level),
         closed_on = CASE WHEN $5 THEN $4::date ELSE closed_on END,
         geom = CASE WHEN $6 THEN ST_SetSRID(ST_MakePoint($7, $8), 4326) ELSE geom END,
         commune_code = $9, version = version + 1
       WHERE id = $1`,
      [id, body.name ?? null, body.level ?? null, body.closedOn ?? null, body.closedOn !== undefined, moved, body.lon ?? 0, body.lat ?? 0, communeCode],
    );
    const [after] = await tx.query<BorderGateEditRecord>(`SELECT ${GATE_COLUMNS} FROM border_gate g WHERE g.id = $1`, [id]);
    await writeAudit(tx, { userId: actorId, action: 'update', entity: 'border_gate', entityId: id, before, after });
    return after;
  },

  /** Adds a gate at a point within GATE_REACH_M of the border line of its country, in the caller's area. */
  async createBorderGate(tx: Queryable, actorId: number, scope: Scope, body: BorderGateCreateBody): Promise<BorderGateEditRecord> {
    checkName(body.name);
    const communeCode = await checkGateLocation(tx, scope, body.countryCode, body.lon, body.lat);
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO border_gate (name, level, country_code, commune_code, opened_on, geom)
       VALUES (btrim($1), $2, $3, $4, $5, ST_SetSRID(ST_MakePoint($6, $7), 4326)) RETURNING id`,
      [body.name, body.level, body.countryCode, communeCode, body.openedOn ?? null, body.lon, body.lat],
    );
    const [after] = await tx.query<BorderGateEditRecord>(`SELECT ${GATE_COLUMNS} FROM border_gate g WHERE g.id = $1`, [id]);
    await writeAudit(tx, { userId: actorId, action: 'create', entity: 'border_gate', entityId: id, after });
    return after;
  },

  /**
   * Starts a new status record on `validFrom`, closing the one in force then; see StatusCreateBody. A campaign's
   * stage change passes its campaign, which the record keeps, and, for its second step of a day, the record the
   * first one wrote (`replaces`): that record, the latest and starting on `validFrom`, takes the new value.
   */
  async createStatus(
    tx: Queryable,
    actorId: number,
    scope: Scope,
    communeCode: string,
    body: StatusCreateBody,
    campaignId: number | null = null,
    replaces: number | null = null,
  ) {
    const exists = await tx.query('SELECT 1 FROM commune WHERE code = $1', [communeCode]);
    if (exists.length === 0 || !inScope(scope, communeCode)) throw notFound(notFoundSaid(said(`commune ${communeCode}`, `xã ${communeCode}`)));
    if (!(body.kind in STATUS_KINDS)) {
      throw badRequest(
        said(
          `unknown status kind "${body.kind}"; expected one of ${Object.keys(STATUS_KINDS).join(', ')}`,
          `loại tình trạng "${body.kind}" không có; chọn một trong: ${listWords(STATUS_KIND_NAMES.map(statusKindWord)).vi}`,
        ),
      );
    }
    const kind = STATUS_KINDS[body.kind as StatusKind];
    const ends = body.value === kind.absent;
    if (!ends && !(kind.values as readonly string[]).includes(body.value)) {
      const allowed = [...new Set([...kind.values, kind.absent])];
      throw badRequest(
        said(
          `"${body.value}" is not a value of ${body.kind}; expected one of ${allowed.join(', ')}`,
          `"${body.value}" không phải một giá trị của “${statusKindWord(body.kind).vi}”; chọn một trong: ${listWords(allowed.map((v) => statusValueWord(body.kind, v))).vi}`,
        ),
      );
    }
    if (body.decisionDate && body.decisionDate > body.validFrom) {
      throw badRequest(
        said(
          `decisionDate ${body.decisionDate} is after validFrom ${body.validFrom}`,
          `ngày quyết định ${dateWord(body.decisionDate).vi} sau ngày hiệu lực ${dateWord(body.validFrom).vi}`,
        ),
      );
    }
    // Lock this commune's records of the kind so that two editors cannot interleave.
    const current = await tx.query<StatusRecord>(
      `SELECT ${STATUS_COLUMNS} FROM commune_status WHERE commune_code = $1 AND kind = $2 ORDER BY valid_from FOR UPDATE`,
      [communeCode, body.kind],
    );
    const later = current.find((r) => r.validFrom >= body.validFrom);
    if (later && replaces !== null && later.id === replaces && later.validFrom === body.validFrom && !ends) {
      const [updated] = await tx.query<StatusRecord>(
        `UPDATE commune_status SET value = $2, decision_no = $3, decision_date = $4, note = $5, version = version + 1
         WHERE id = $1 RETURNING ${STATUS_COLUMNS}`,
        [later.id, body.value, body.decisionNo ?? null, body.decisionDate ?? null, body.note ?? null],
      );
      await writeAudit(tx, { userId: actorId, action: 'update', entity: 'commune_status', entityId: later.id, before: later, after: updated });
      return { created: updated, closed: null };
    }
    if (later) {
      throw conflict(
        said(
          `a ${body.kind} record from ${later.validFrom} already exists; a new record must start after the latest one`,
          `đã có bản ghi “${statusKindWord(body.kind).vi}” từ ngày ${dateWord(later.validFrom).vi}; bản ghi mới phải bắt đầu sau bản ghi gần nhất`,
        ),
      );
    }
    const open = current.find((r) => r.validFrom < body.validFrom && (r.validTo === null || r.validTo > body.validFrom)) ?? null;
    if (ends && !open) {
      throw badRequest(
        said(
          `commune ${communeCode} has no ${body.kind} record in force on ${body.validFrom} to end`,
          `xã ${communeCode} không có bản ghi “${statusKindWord(body.kind).vi}” đang hiệu lực ngày ${dateWord(body.validFrom).vi} để kết thúc`,
        ),
      );
    }
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
      `INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to, decision_no, decision_date, note, campaign_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${STATUS_COLUMNS}`,
      [communeCode, body.kind, body.value, body.validFrom, open?.validTo ?? null, body.decisionNo ?? null, body.decisionDate ?? null, body.note ?? null, campaignId],
    );
    await writeAudit(tx, { userId: actorId, action: 'create', entity: 'commune_status', entityId: created.id, after: { communeCode, ...created } });
    return { created, closed };
  },
};
