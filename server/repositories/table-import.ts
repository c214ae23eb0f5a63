import type { Queryable } from '../db/client.ts';
import { sqlFile } from '../sql/index.ts';
import { distanceText, metresBetween } from '../import/distance.ts';
import { said, type Said } from '../text/lang.ts';
import { atRow, nameKey, numberOf, OUTSIDE_TOLERANCE_M, samePlace, type TableProblem } from '../import/tables/cells.ts';
import type { HqRow } from '../import/tables/hqs.ts';
import type { TeamRow } from '../import/tables/teams.ts';
import type { ModelPoint, ModelRow } from '../import/tables/models.ts';
import type { IndicatorRow } from '../import/tables/indicators.ts';
import type { Inherited } from './crosswalk.ts';

const HQS = sqlFile('table-import-hqs');
const MODELS = sqlFile('table-import-models');
const OUTSIDE = sqlFile('table-import-outside');

/** What checking rows against the database gives: problems, and otherwise the writes to make and their summary. */
export interface Checked<O> {
  problems: TableProblem[];
  created: number;
  updated: number;
  unchanged: number;
  /** One line per row (or model) that creates or changes something, for the preview. */
  changes: TableProblem[];
  /** Things worth knowing that do not block the import. */
  warnings?: TableProblem[];
  ops: O[];
}

/** One table import kind on the database side: check rows (any Queryable: preview or inside the commit), write them. */
export interface TableImporter<R, O> {
  /** Audit entity of the import's one audit entry. */
  entity: string;
  /** The tables `apply` writes, analysed after the commit (see planner.ts). */
  writes: readonly string[];
  check(q: Queryable, rows: R[], ctx: { scope: string[] | null; today: string }): Promise<Checked<O>>;
  /** Writes the ops; an import whose writes derive inherited statuses says what derivation did. */
  apply(tx: Queryable, ops: O[]): Promise<void | Inherited>;
  /**
   * The preview runs the commit in a transaction that is rolled back, so that it can list what derived writes
   * (inherited statuses) would do, which checking alone cannot tell.
   */
  previewByRollback?: boolean;
}

/** Serialises table import commits until the transaction ends (their checks must see each other's writes). */
export async function lockTableImports(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7400031)');
}

function checked<O>(): Checked<O> {
  return { problems: [], created: 0, updated: 0, unchanged: 0, changes: [], ops: [] };
}

/** Commune codes known to the database, with their names. */
async function communesOf(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  const rows = await q.query<{ code: string; name: string }>(`SELECT code, name FROM commune WHERE code = ANY ($1::text[])`, [[...new Set(codes)]]);
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** The problem of a row whose commune does not exist or is outside the importing user's area; null when fine. */
function communeProblem(row: number, code: string, communes: Map<string, string>, scope: string[] | null): TableProblem | null {
  if (!communes.has(code)) return atRow(row, `commune code "${code}" does not exist`, `mã xã "${code}" không tồn tại`);
  if (scope && !scope.includes(code)) return atRow(row, `commune ${code} is outside your area`, `xã ${code} nằm ngoài địa bàn của bạn`);
  return null;
}

/** Problems of points lying farther than the tolerance outside their commune (a wrong commune code or coordinate). */
async function pointsOutside(q: Queryable, points: { row: number; communeCode: string; point: [number, number] }[], communes: Map<string, string>): Promise<TableProblem[]> {
  if (points.length === 0) return [];
  const byRow = new Map(points.map((p) => [p.row, p]));
  const far = await q.query<{ row: number; metres: number }>(OUTSIDE, [
    JSON.stringify(points.map((p) => ({ row: p.row, communeCode: p.communeCode, lon: p.point[0], lat: p.point[1] }))),
    OUTSIDE_TOLERANCE_M,
  ]);
  return far.map(({ row, metres }) => {
    const { communeCode } = byRow.get(row)!;
    const commune = `${communeCode} (${communes.get(communeCode)})`;
    return atRow(
      row,
      `lon/lat lie ${distanceText(metres, 'en')} outside commune ${commune}, more than ${OUTSIDE_TOLERANCE_M} m: check the coordinates or the commune code`,
      `tọa độ nằm ngoài xã ${commune} ${distanceText(metres, 'vi')}, quá ${OUTSIDE_TOLERANCE_M} m: kiểm tra lại tọa độ hoặc mã xã`,
    );
  });
}

/** Groups stored things by commune and name key; a key held by two of them cannot be matched. */
function byNameKey<T extends { communeCode: string; name: string }>(items: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const it of items) {
    const key = `${it.communeCode}/${nameKey(it.name)}`;
    map.set(key, [...(map.get(key) ?? []), it]);
  }
  return map;
}

const line = (row: number, parts: Said[]): TableProblem =>
  atRow(row, parts.map((p) => p.en).join(', '), parts.map((p) => p.vi).join(', '));

// ---------------------------------------------------------------------------------------------------------------
// Police HQs

interface StoredStatus {
  id: number;
  status: string;
  validFrom: string;
  validTo: string | null;
  decisionNo: string | null;
  decisionDate: string | null;
  note: string | null;
}
interface StoredHq {
  id: number;
  communeCode: string;
  name: string;
  staffCount: number;
  lon: number;
  lat: number;
  history: StoredStatus[];
}

type StatusOp =
  | { kind: 'insert'; closeId: number | null }
  | { kind: 'amend'; recordId: number };

export interface HqOp {
  row: HqRow;
  hqId: number | null;
  writeHq: boolean;
  status: StatusOp | null;
}

export const hqImporter: TableImporter<HqRow, HqOp> = {
  entity: 'police_hq',
  writes: ['police_hq', 'police_hq_status'],
  async check(q, rows, { scope, today }) {
    const out = checked<HqOp>();
    const communes = await communesOf(q, rows.map((r) => r.communeCode));
    const valid = rows.filter((r) => {
      const p = communeProblem(r.row, r.communeCode, communes, scope);
      if (p) out.problems.push(p);
      return !p;
    });
    for (const p of await pointsOutside(q, valid, communes)) out.problems.push(p);
    const stored = byNameKey(await q.query<StoredHq>(HQS, [[...new Set(valid.map((r) => r.communeCode))]]));
    for (const r of valid) {
      const matches = stored.get(`${r.communeCode}/${nameKey(r.name)}`) ?? [];
      if (matches.length > 1) {
        out.problems.push(atRow(r.row,
          `HQ "${r.name}" matches ${matches.length} HQs of commune ${r.communeCode} (ids ${matches.map((m) => m.id).join(', ')}); rename one of them first`,
          `trụ sở "${r.name}" trùng tên với ${matches.length} trụ sở của xã ${r.communeCode} (id ${matches.map((m) => m.id).join(', ')}); hãy đổi tên một trụ sở trước`));
        continue;
      }
      const hq = matches[0] ?? null;
      const parts: Said[] = [];
      const status = hqStatusOp(r, hq?.history ?? [], today, parts);
      if ('problem' in status) {
        out.problems.push(atRow(r.row, status.problem.en, status.problem.vi));
        continue;
      }
      if (!hq) {
        out.created++;
        out.ops.push({ row: r, hqId: null, writeHq: true, status: status.op });
        out.changes.push(line(r.row, [said(`new HQ "${r.name}" (${r.communeCode})`, `trụ sở mới "${r.name}" (xã ${r.communeCode})`), ...parts]));
        continue;
      }
      const hqParts: Said[] = [];
      if (hq.name !== r.name) hqParts.push(said(`name "${hq.name}" → "${r.name}"`, `tên "${hq.name}" → "${r.name}"`));
      if (hq.staffCount !== r.staffCount) hqParts.push(said(`staff ${hq.staffCount} → ${r.staffCount}`, `quân số ${hq.staffCount} → ${r.staffCount}`));
      if (!samePlace([hq.lon, hq.lat], r.point)) {
        const m = metresBetween([hq.lon, hq.lat], r.point);
        hqParts.push(said(`moved ${distanceText(m, 'en')}`, `dời vị trí ${distanceText(m, 'vi')}`));
      }
      if (hqParts.length === 0 && status.op === null) {
        out.unchanged++;
        continue;
      }
      out.updated++;
      out.ops.push({ row: r, hqId: hq.id, writeHq: hqParts.length > 0, status: status.op });
      out.changes.push(line(r.row, [said(`HQ "${r.name}" (${r.communeCode})`, `trụ sở "${r.name}" (xã ${r.communeCode})`), ...hqParts, ...parts]));
    }
    return out;
  },
  // Set-based: a fixed number of statements whatever the number of rows, each reading the rows as one JSON
  // parameter (a statement per row cost 30 s for 3,300 HQs on the embedded database, each one firing the tables'
  // statement triggers). The order keeps the constraints satisfied: HQs before their statuses, and a record in force
  // closed before the one that follows it.
  async apply(tx, ops) {
    if (ops.length === 0) return;
    const fresh = ops.filter((o) => o.hqId === null);
    const ids = fresh.length === 0 ? [] : await tx.query<{ id: number }>(HQ_IDS, [fresh.length]);
    const idOf = new Map(fresh.map((o, i) => [o, ids[i].id]));
    const rows = ops.map((o) => {
      const r = o.row;
      return {
        id: o.hqId ?? idOf.get(o)!, fresh: o.hqId === null, writeHq: o.writeHq, communeCode: r.communeCode, name: r.name, staffCount: r.staffCount,
        lon: r.point[0], lat: r.point[1], op: o.status?.kind ?? null, closeId: o.status?.kind === 'insert' ? o.status.closeId : null,
        recordId: o.status?.kind === 'amend' ? o.status.recordId : null, status: r.status, statusFrom: r.statusFrom, decisionNo: r.decisionNo,
        decisionDate: r.decisionDate, note: r.note,
      };
    });
    const json = JSON.stringify(rows);
    if (fresh.length > 0) await tx.query(HQ_INSERT, [json]);
    if (ops.some((o) => o.hqId !== null && o.writeHq)) await tx.query(HQ_UPDATE, [json]);
    if (ops.some((o) => o.status?.kind === 'amend')) await tx.query(HQ_STATUS_AMEND, [json]);
    if (ops.some((o) => o.status?.kind === 'insert' && o.status.closeId !== null)) await tx.query(HQ_STATUS_CLOSE, [json]);
    if (ops.some((o) => o.status?.kind === 'insert')) await tx.query(HQ_STATUS_INSERT, [json]);
  },
};

/** The rows of an HQ import's writes, as `apply` sends them. */
const HQ_ROWS = `json_to_recordset($1::json) AS x(id int, fresh boolean, "writeHq" boolean, "communeCode" text, name text, "staffCount" int,
  lon float8, lat float8, op text, "closeId" int, "recordId" int, status text, "statusFrom" date, "decisionNo" text, "decisionDate" date, note text)`;
/** Identifiers for $1 new HQs, taken before the insert so that each status record knows its HQ. */
const HQ_IDS = `SELECT nextval(pg_get_serial_sequence('police_hq', 'id'))::int AS id FROM generate_series(1, $1::int) ORDER BY 1`;
const HQ_INSERT = `INSERT INTO police_hq (id, commune_code, name, staff_count, geom) OVERRIDING SYSTEM VALUE
  SELECT x.id, x."communeCode", x.name, x."staffCount", ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) FROM ${HQ_ROWS} WHERE x.fresh`;
const HQ_UPDATE = `UPDATE police_hq h SET name = x.name, staff_count = x."staffCount", geom = ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326),
  version = h.version + 1, updated_at = now()
  FROM ${HQ_ROWS} WHERE h.id = x.id AND NOT x.fresh AND x."writeHq"`;
const HQ_STATUS_AMEND = `UPDATE police_hq_status s SET status = x.status, decision_no = x."decisionNo", decision_date = x."decisionDate", note = x.note
  FROM ${HQ_ROWS} WHERE s.id = x."recordId" AND x.op = 'amend'`;
const HQ_STATUS_CLOSE = `UPDATE police_hq_status s SET valid_to = x."statusFrom" FROM ${HQ_ROWS} WHERE s.id = x."closeId" AND x.op = 'insert'`;
const HQ_STATUS_INSERT = `INSERT INTO police_hq_status (hq_id, status, valid_from, decision_no, decision_date, note)
  SELECT x.id, x.status, x."statusFrom", x."decisionNo", x."decisionDate", x.note FROM ${HQ_ROWS} WHERE x.op = 'insert'`;

/**
 * What a row's status does to its HQ's history (oldest first): nothing, a new record (closing the one in force at
 * status_from), or a correction of the record starting that very day. Adds a line for the preview to `parts`.
 */
function hqStatusOp(r: HqRow, history: StoredStatus[], today: string, parts: Said[]): { op: StatusOp | null } | { problem: Said } {
  if (r.status === null) return { op: null };
  const last = history.at(-1) ?? null;
  const inForceToday = history.find((s) => s.validFrom <= today && (s.validTo === null || s.validTo > today)) ?? null;
  const since = (s: StoredStatus) => said(`${s.status} since ${s.validFrom}`, `${s.status} từ ${s.validFrom}`);
  if (r.statusFrom === null) {
    // An export has no dates: the status it shows (in force on the export day) or the latest one is no change.
    if (r.status === last?.status || r.status === inForceToday?.status) return { op: null };
    return {
      problem: last
        ? said(`status changes to ${r.status} (record in force: ${since(last).en}): status_from is needed`, `tình trạng đổi sang ${r.status} (bản ghi đang có hiệu lực: ${since(last).vi}): cần status_from`)
        : said(`status ${r.status} of a HQ without status history needs status_from`, `tình trạng ${r.status} của trụ sở chưa có lịch sử tình trạng cần status_from`),
    };
  }
  const from = r.statusFrom;
  const fresh = said(`status ${r.status} from ${from}`, `tình trạng ${r.status} từ ${from}`);
  if (!last) {
    parts.push(fresh);
    return { op: { kind: 'insert', closeId: null } };
  }
  if (last.validTo !== null) {
    if (from < last.validTo) {
      return { problem: said(`status_from ${from} is before the end (${last.validTo}) of the HQ's last status record (${since(last).en})`, `status_from ${from} trước ngày kết thúc (${last.validTo}) của bản ghi tình trạng cuối cùng (${since(last).vi})`) };
    }
    parts.push(fresh);
    return { op: { kind: 'insert', closeId: null } };
  }
  if (from < last.validFrom) {
    return {
      problem: said(
        `status_from ${from} is earlier than the start of the record in force (${since(last).en}); a file can only add to the end of the history: correct older records on the commune page`,
        `status_from ${from} sớm hơn ngày bắt đầu của bản ghi đang có hiệu lực (${since(last).vi}); tệp chỉ thêm được vào cuối lịch sử: sửa các bản ghi cũ ở trang xã`,
      ),
    };
  }
  if (from === last.validFrom) {
    const same = last.status === r.status && last.decisionNo === r.decisionNo && last.decisionDate === r.decisionDate && last.note === r.note;
    if (same) return { op: null };
    parts.push(said(`record from ${from} corrected (${last.status} → ${r.status})`, `sửa bản ghi từ ${from} (${last.status} → ${r.status})`));
    return { op: { kind: 'amend', recordId: last.id } };
  }
  // A later date with the status already in force: it has been so since earlier, nothing to add.
  if (last.status === r.status) return { op: null };
  parts.push(said(`${fresh.en} closes ${since(last).en}`, `${fresh.vi} thay cho ${since(last).vi}`));
  return { op: { kind: 'insert', closeId: last.id } };
}

// ---------------------------------------------------------------------------------------------------------------
// Grassroots security teams

export const teamImporter: TableImporter<TeamRow, TeamRow> = {
  entity: 'security_team_count',
  writes: ['security_team_count'],
  async check(q, rows, { scope }) {
    const out = checked<TeamRow>();
    const communes = await communesOf(q, rows.map((r) => r.communeCode));
    const valid = rows.filter((r) => {
      const p = communeProblem(r.row, r.communeCode, communes, scope);
      if (p) out.problems.push(p);
      return !p;
    });
    const stored = await q.query<{ communeCode: string; year: number; teamCount: number; memberCount: number }>(
      `SELECT commune_code AS "communeCode", year, team_count AS "teamCount", member_count AS "memberCount"
       FROM security_team_count WHERE commune_code = ANY ($1::text[])`,
      [[...new Set(valid.map((r) => r.communeCode))]],
    );
    const byKey = new Map(stored.map((s) => [`${s.communeCode}/${s.year}`, s]));
    for (const r of valid) {
      const s = byKey.get(`${r.communeCode}/${r.year}`);
      const what = said(`commune ${r.communeCode}, year ${r.year}`, `xã ${r.communeCode}, năm ${r.year}`);
      if (s && s.teamCount === r.teamCount && s.memberCount === r.memberCount) {
        out.unchanged++;
        continue;
      }
      out.ops.push(r);
      if (!s) {
        out.created++;
        out.changes.push(line(r.row, [said(`new: ${what.en}`, `mới: ${what.vi}`), said(`${r.teamCount} teams, ${r.memberCount} members`, `${r.teamCount} tổ, ${r.memberCount} thành viên`)]));
      } else {
        out.updated++;
        out.changes.push(line(r.row, [what, said(`teams ${s.teamCount} → ${r.teamCount}, members ${s.memberCount} → ${r.memberCount}`, `số tổ ${s.teamCount} → ${r.teamCount}, thành viên ${s.memberCount} → ${r.memberCount}`)]));
      }
    }
    return out;
  },
  async apply(tx, ops) {
    if (ops.length === 0) return;
    await tx.query(
      `INSERT INTO security_team_count (commune_code, year, team_count, member_count)
       SELECT "communeCode", year, "teamCount", "memberCount"
       FROM jsonb_to_recordset($1::jsonb) AS x("communeCode" text, year int, "teamCount" int, "memberCount" int)
       ON CONFLICT (commune_code, year) DO UPDATE SET team_count = EXCLUDED.team_count, member_count = EXCLUDED.member_count`,
      [JSON.stringify(ops)],
    );
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Self-governing models and their points of activity

interface StoredModel {
  id: number;
  communeCode: string;
  name: string;
  establishedOn: string;
  endedOn: string | null;
  points: { name: string; lon: number | null; lat: number | null }[];
}

export interface ModelOp {
  model: ModelRow;
  modelId: number | null;
  writeModel: boolean;
  replacePoints: boolean;
}

const pointKey = (p: { name: string }) => nameKey(p.name);
function samePoints(stored: StoredModel['points'], file: ModelPoint[]): boolean {
  if (stored.length !== file.length) return false;
  const a = [...stored].sort((x, y) => pointKey(x).localeCompare(pointKey(y)));
  const b = [...file].sort((x, y) => pointKey(x).localeCompare(pointKey(y)));
  return a.every((s, i) => s.name === b[i].name && samePlace(s.lon === null || s.lat === null ? null : [s.lon, s.lat], b[i].point));
}

export const modelImporter: TableImporter<ModelRow, ModelOp> = {
  entity: 'self_governing_model',
  writes: ['self_governing_model', 'model_activity_point'],
  async check(q, models, { scope }) {
    const out = checked<ModelOp>();
    const communes = await communesOf(q, models.map((m) => m.communeCode));
    const valid = models.filter((m) => {
      const p = communeProblem(m.row, m.communeCode, communes, scope);
      if (p) out.problems.push(p);
      return !p;
    });
    const points = valid.flatMap((m) => m.points.flatMap((p) => (p.point ? [{ row: p.row, communeCode: m.communeCode, point: p.point }] : [])));
    // One by one: spreading a list of a file's size into push() can overflow the stack.
    for (const p of await pointsOutside(q, points, communes)) out.problems.push(p);
    const stored = byNameKey(await q.query<StoredModel>(MODELS, [[...new Set(valid.map((m) => m.communeCode))]]));
    for (const m of valid) {
      const matches = stored.get(`${m.communeCode}/${nameKey(m.name)}`) ?? [];
      if (matches.length > 1) {
        out.problems.push(atRow(m.row,
          `model "${m.name}" matches ${matches.length} models of commune ${m.communeCode}; rename one of them first`,
          `mô hình "${m.name}" trùng tên với ${matches.length} mô hình của xã ${m.communeCode}; hãy đổi tên một mô hình trước`));
        continue;
      }
      const s = matches[0] ?? null;
      const what = said(`model "${m.name}" (${m.communeCode})`, `mô hình "${m.name}" (xã ${m.communeCode})`);
      if (!s) {
        out.created++;
        out.ops.push({ model: m, modelId: null, writeModel: true, replacePoints: true });
        out.changes.push(line(m.row, [said(`new ${what.en}`, `${what.vi} mới`), said(`${m.points.length} point(s)`, `${m.points.length} điểm`)]));
        continue;
      }
      const parts: Said[] = [];
      if (s.name !== m.name) parts.push(said(`name "${s.name}" → "${m.name}"`, `tên "${s.name}" → "${m.name}"`));
      if (s.establishedOn !== m.establishedOn) parts.push(said(`established_on ${s.establishedOn} → ${m.establishedOn}`, `ngày thành lập ${s.establishedOn} → ${m.establishedOn}`));
      if (s.endedOn !== m.endedOn) parts.push(said(`ended_on ${s.endedOn ?? '–'} → ${m.endedOn ?? '–'}`, `ngày kết thúc ${s.endedOn ?? '–'} → ${m.endedOn ?? '–'}`));
      const writeModel = parts.length > 0;
      const replacePoints = !samePoints(s.points, m.points);
      if (replacePoints) parts.push(said(`${m.points.length} point(s) replace ${s.points.length}`, `${m.points.length} điểm thay cho ${s.points.length} điểm`));
      if (parts.length === 0) {
        out.unchanged++;
        continue;
      }
      out.updated++;
      out.ops.push({ model: m, modelId: s.id, writeModel, replacePoints });
      out.changes.push(line(m.row, [what, ...parts]));
    }
    return out;
  },
  async apply(tx, ops) {
    for (const { model: m, modelId, writeModel, replacePoints } of ops) {
      let id = modelId;
      if (id === null) {
        [{ id }] = await tx.query<{ id: number }>(
          `INSERT INTO self_governing_model (commune_code, name, established_on, ended_on) VALUES ($1, $2, $3, $4) RETURNING id`,
          [m.communeCode, m.name, m.establishedOn, m.endedOn],
        );
      } else if (writeModel) {
        await tx.query(`UPDATE self_governing_model SET name = $2, established_on = $3, ended_on = $4 WHERE id = $1`, [id, m.name, m.establishedOn, m.endedOn]);
      }
      if (!replacePoints) continue;
      await tx.query(`DELETE FROM model_activity_point WHERE model_id = $1`, [id]);
      if (m.points.length === 0) continue;
      await tx.query(
        `INSERT INTO model_activity_point (model_id, name, geom)
         SELECT $1, x.name, CASE WHEN x.lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) END
         FROM jsonb_to_recordset($2::jsonb) AS x(name text, lon float8, lat float8)`,
        [id, JSON.stringify(m.points.map((p) => ({ name: p.name, lon: p.point?.[0] ?? null, lat: p.point?.[1] ?? null })))],
      );
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Yearly province indicators

const UNIT_WORDS: Record<string, Said> = {
  cases: said('cases', 'vụ'),
  people: said('people', 'người'),
  percent: said('percent', 'phần trăm'),
};

export const indicatorImporter: TableImporter<IndicatorRow, IndicatorRow> = {
  entity: 'province_indicator',
  writes: ['province_indicator'],
  async check(q, rows, { scope }) {
    const out = checked<IndicatorRow>();
    const units = new Map((await q.query<{ code: string; unit: string }>(`SELECT code, unit FROM indicator ORDER BY code`)).map((r) => [r.code, r.unit]));
    // A province's figures are totals: an admin whose area covers only part of a province may not set them.
    const provinces = new Map(
      (await q.query<{ code: string; covered: boolean }>(
        `SELECT p.code, ($2::text[] IS NULL OR (count(c.code) > 0 AND bool_and(c.code = ANY ($2::text[])))) AS covered
         FROM province p LEFT JOIN commune c ON c.province_code = p.code
         WHERE p.code = ANY ($1::text[]) GROUP BY p.code`,
        [[...new Set(rows.map((r) => r.provinceCode))], scope],
      )).map((r) => [r.code, r.covered]),
    );
    const valid: IndicatorRow[] = [];
    for (const r of rows) {
      const covered = provinces.get(r.provinceCode);
      const unit = units.get(r.indicator);
      if (covered === undefined) out.problems.push(atRow(r.row, `province code "${r.provinceCode}" does not exist`, `mã tỉnh "${r.provinceCode}" không tồn tại`));
      else if (!covered) out.problems.push(atRow(r.row, `province ${r.provinceCode} is not entirely in your area`, `tỉnh ${r.provinceCode} không nằm trọn trong địa bàn của bạn`));
      if (unit === undefined) {
        const list = [...units.keys()].join(', ');
        out.problems.push(atRow(r.row, `indicator "${r.indicator}" is not one of ${list}`, `chỉ tiêu (indicator) "${r.indicator}" không thuộc ${list}`));
        continue;
      }
      const rule = unit === 'percent'
        ? { min: 0, max: 100, maxLabel: said('100 (percent)', '100 (phần trăm)') }
        : { integer: true, min: 0 };
      const value = numberOf(r.valueText, `value (${UNIT_WORDS[unit]?.en ?? unit})`, rule);
      if (typeof value !== 'number') {
        const vi = numberOf(r.valueText, `value (${UNIT_WORDS[unit]?.vi ?? unit})`, rule) as Said;
        out.problems.push(atRow(r.row, value.en, vi.vi));
        continue;
      }
      if (covered) valid.push(r);
    }
    const stored = await q.query<{ provinceCode: string; year: number; indicator: string; value: number }>(
      `SELECT province_code AS "provinceCode", year, indicator, value FROM province_indicator WHERE province_code = ANY ($1::text[])`,
      [[...new Set(valid.map((r) => r.provinceCode))]],
    );
    const byKey = new Map(stored.map((s) => [`${s.provinceCode}/${s.year}/${s.indicator}`, s.value]));
    for (const r of valid) {
      const old = byKey.get(`${r.provinceCode}/${r.year}/${r.indicator}`);
      if (old === r.value) {
        out.unchanged++;
        continue;
      }
      out.ops.push(r);
      const what = said(`province ${r.provinceCode}, ${r.year}, ${r.indicator}`, `tỉnh ${r.provinceCode}, ${r.year}, ${r.indicator}`);
      if (old === undefined) {
        out.created++;
        out.changes.push(line(r.row, [said(`new: ${what.en} = ${r.value}`, `mới: ${what.vi} = ${r.value}`)]));
      } else {
        out.updated++;
        out.changes.push(line(r.row, [said(`${what.en}: ${old} → ${r.value}`, `${what.vi}: ${old} → ${r.value}`)]));
      }
    }
    return out;
  },
  async apply(tx, ops) {
    if (ops.length === 0) return;
    await tx.query(
      `INSERT INTO province_indicator (province_code, year, indicator, value)
       SELECT "provinceCode", year, indicator, value FROM jsonb_to_recordset($1::jsonb) AS x("provinceCode" text, year int, indicator text, value float8)
       ON CONFLICT (province_code, year, indicator) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify(ops)],
    );
  },
};
