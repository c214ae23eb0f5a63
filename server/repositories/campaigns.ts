import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { sqlFile } from '../sql/index.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { writeAudit } from './audit.ts';
import { edits } from './edits.ts';
import { toFeatureCollection } from './geojson.ts';
import { DEFAULT_WEIGHTS, priorityScore, type PriorityInput, type PriorityWeights } from '../analysis/priority.ts';
import { checkSelectionPolygon } from '../analysis/selection-polygon.ts';
import { saidOf } from '../text/said-error.ts';
import { ACHIEVED_VALUES } from '../domain.ts';
import { said } from '../text/lang.ts';
import { changedBySomeoneElse, mustNotBeBlank, notFoundSaid } from '../text/messages.ts';
import { dateWord } from '../text/words.ts';
import { ACHIEVED_STAGES, INITIAL_STAGE, checkStep, nextStages, type CampaignKind, type Stage } from '../domain/campaign-lifecycle.ts';
import {
  MAX_SELECTION_CROSSINGS,
  MAX_SELECTION_VERTICES,
  type CampaignCreateBody,
  type CampaignDetail,
  type CampaignSummary,
  type CampaignUpdateBody,
  type SelectedCommune,
  type SelectionBody,
  type StageChangeBody,
} from '../schemas/campaigns.ts';

const SELECTION = sqlFile('selection-communes');

type SelectionRow = Omit<SelectedCommune, 'score' | 'parts'> & Omit<PriorityInput, 'drugFree'> & { geometry: unknown };

/** Communes of the caller's area that a drawn shape, a list of codes and attribute filters select, scored. */
export function selection(db: Queryable, scope: Scope) {
  return {
    async rows(asOf: string, body: SelectionBody, withGeometry: boolean) {
      if (body.polygon) {
        try {
          checkSelectionPolygon(body.polygon, MAX_SELECTION_VERTICES, MAX_SELECTION_CROSSINGS);
        } catch (e) {
          throw badRequest(saidOf(e));
        }
      }
      const weights: PriorityWeights = { ...DEFAULT_WEIGHTS, ...body.weights };
      const rows = await db.query<SelectionRow>(SELECTION, [
        asOf,
        scope.communes,
        body.polygon ? JSON.stringify(body.polygon) : null,
        body.codes ?? null,
        withGeometry,
      ]);
      const f = body.filters ?? {};
      const kept = rows.filter(
        (r) =>
          (f.keyComplex === undefined || r.keyComplex === f.keyComplex) &&
          (f.drugKeyArea === undefined || r.drugKeyArea === f.drugKeyArea) &&
          (f.independentHq === undefined || r.hasIndependentHq === f.independentHq) &&
          (!f.transformation?.length || f.transformation.includes(r.transformation)) &&
          (!f.drugFree?.length || f.drugFree.includes(r.drugFree)) &&
          (f.withinBorderKm === undefined || (r.borderKm !== null && r.borderKm <= f.withinBorderKm)) &&
          (f.withinHqKm === undefined || (r.nearestHqKm !== null && r.nearestHqKm <= f.withinHqKm)),
      );
      const scored = kept.map((r) => {
        const { score, parts } = priorityScore({ ...r, drugFree: (ACHIEVED_VALUES.drug_free as readonly string[]).includes(r.drugFree) }, weights);
        return { ...r, score, parts };
      });
      // Highest priority first; the code breaks ties so the order is stable between runs.
      scored.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
      return { weights, communes: scored };
    },

    async select(asOf: string, body: SelectionBody) {
      const { weights, communes } = await this.rows(asOf, body, false);
      return { asOf, weights, communes: communes.map(({ geometry: _, ...c }) => c) as SelectedCommune[] };
    },

    async geojson(asOf: string, body: SelectionBody) {
      const { communes } = await this.rows(asOf, body, true);
      return toFeatureCollection(
        communes.map(({ parts, ...c }) => ({ ...c, explanation: parts.map((p) => `${p.criterion} ${p.value} × ${p.weight} = ${p.points}`).join('; ') })),
        (c) => c.code,
      );
    },
  };
}

interface CampaignRow {
  id: number;
  kind: CampaignKind;
  name: string;
  periodStart: string;
  periodEnd: string;
  responsibleUnit: string | null;
  targets: { achieve?: number; maintain?: number };
  version: number;
  isDemo: boolean;
}

interface CommuneRow {
  campaignId: number;
  code: string;
  name: string;
  isDemo: boolean;
  stage: Stage;
  version: number;
  lastOn: string | null;
}

const CAMPAIGN_COLUMNS = `k.id, k.kind, k.name, k.period_start::text AS "periodStart", k.period_end::text AS "periodEnd",
  k.responsible_unit AS "responsibleUnit", k.targets, k.version, p.is_demo AS "isDemo"`;

// A campaign is visible to a user when at least one of its communes lies in the user's area; only those
// communes are shown to that user.
const VISIBLE = `EXISTS (SELECT 1 FROM campaign_commune v WHERE v.campaign_id = k.id AND ($1::text[] IS NULL OR v.commune_code = ANY ($1::text[])))`;

const COMMUNES = `SELECT cc.campaign_id AS "campaignId", c.code, c.name, p.is_demo AS "isDemo", cc.stage, cc.version,
    (SELECT max(s.effective_on)::text FROM campaign_stage_change s WHERE s.campaign_id = cc.campaign_id AND s.commune_code = cc.commune_code) AS "lastOn"
  FROM campaign_commune cc JOIN commune c ON c.code = cc.commune_code JOIN province p ON p.code = c.province_code
  WHERE cc.campaign_id = ANY ($2::int[]) AND ($1::text[] IS NULL OR c.code = ANY ($1::text[]))
  ORDER BY c.code`;

const MILESTONES = `SELECT id, campaign_id AS "campaignId", title, due_on::text AS "dueOn", done_on::text AS "doneOn"
  FROM campaign_milestone WHERE campaign_id = ANY ($1::int[]) ORDER BY due_on, id`;

function progress(c: CampaignRow, communes: CommuneRow[], milestones: { dueOn: string; doneOn: string | null }[], today: string) {
  const byStage: Record<string, number> = {};
  for (const cc of communes) byStage[cc.stage] = (byStage[cc.stage] ?? 0) + 1;
  return {
    communes: communes.length,
    achieved: communes.filter((cc) => ACHIEVED_STAGES.has(cc.stage)).length,
    maintained: communes.filter((cc) => cc.stage === 'maintained').length,
    targetAchieve: c.targets.achieve ?? null,
    targetMaintain: c.targets.maintain ?? null,
    byStage,
    overdueMilestones: milestones.filter((m) => m.doneOn === null && m.dueOn < today).length,
  };
}

/**
 * Codes that are not communes of the caller's area, refused together with a message that names them (an
 * out-of-area code reads the same as an unknown one, so the answer says nothing about other areas).
 */
async function checkCodes(tx: Queryable, scope: Scope, codes: string[], field: string): Promise<string[]> {
  const unique = [...new Set(codes.map((c) => c.trim()))];
  const found = new Set(
    (
      await tx.query<{ code: string }>(`SELECT code FROM commune WHERE code = ANY ($1::text[]) AND ($2::text[] IS NULL OR code = ANY ($2::text[]))`, [
        unique,
        scope.communes,
      ])
    ).map((r) => r.code),
  );
  const unknown = unique.filter((c) => !found.has(c));
  if (unknown.length > 0) throw badRequest(said(`${field}: unknown commune codes or outside your area: ${unknown.join(', ')}`, `${field === 'addCommunes' ? 'xã thêm vào' : 'danh sách xã'}: mã xã không tồn tại hoặc ngoài địa bàn của bạn: ${unknown.join(', ')}`));
  return unique;
}

function checkPeriod(start: string, end: string) {
  if (end < start) {
    throw badRequest(said(`periodEnd ${end} is before periodStart ${start}`, `ngày kết thúc ${dateWord(end).vi} trước ngày bắt đầu ${dateWord(start).vi}`));
  }
}

function checkMilestones(ms: { title: string; dueOn: string; doneOn?: string | null }[]) {
  ms.forEach((m, i) => {
    if (m.title.trim() === '') throw badRequest(mustNotBeBlank(`milestones[${i}].title`, `mốc ${i + 1}, tên mốc`));
  });
}

export function campaigns(db: Queryable, scope: Scope) {
  const s = scope.communes;
  const load = async (ids: number[] | null, today: string): Promise<CampaignDetail[]> => {
    const rows = await db.query<CampaignRow>(
      `SELECT ${CAMPAIGN_COLUMNS} FROM campaign k JOIN province p ON p.code = k.province_code
       WHERE ${VISIBLE} AND ($2::int[] IS NULL OR k.id = ANY ($2::int[])) ORDER BY k.period_start DESC, k.id DESC`,
      [s, ids],
    );
    const idList = rows.map((r) => r.id);
    if (idList.length === 0) return [];
    const [communes, milestones, steps] = await Promise.all([
      db.query<CommuneRow>(COMMUNES, [s, idList]),
      db.query<{ id: number; campaignId: number; title: string; dueOn: string; doneOn: string | null }>(MILESTONES, [idList]),
      db.query<CampaignDetail['steps'][number] & { campaignId: number }>(
        `SELECT campaign_id AS "campaignId", commune_code AS "communeCode", from_stage AS "fromStage", stage, effective_on::text AS "on",
           decision_no AS "decisionNo", decision_date::text AS "decisionDate", note, status_id AS "statusId"
         FROM campaign_stage_change WHERE campaign_id = ANY ($2::int[]) AND ($1::text[] IS NULL OR commune_code = ANY ($1::text[]))
         ORDER BY effective_on, id`,
        [s, idList],
      ),
    ]);
    return rows.map((c) => {
      const cc = communes.filter((x) => x.campaignId === c.id);
      const ms = milestones.filter((m) => m.campaignId === c.id);
      return {
        ...c,
        progress: progress(c, cc, ms, today),
        communeCodes: cc.map((x) => x.code),
        overdueMilestones: ms.filter((m) => m.doneOn === null && m.dueOn < today).map(({ id, title, dueOn }) => ({ id, title, dueOn })),
        communes: cc.map(({ campaignId: _, ...x }) => ({ ...x, nextStages: [...nextStages(c.kind, x.stage)] })),
        milestones: ms.map(({ campaignId: _, ...m }) => ({ ...m, overdue: m.doneOn === null && m.dueOn < today })),
        steps: steps.filter((x) => x.campaignId === c.id).map(({ campaignId: _, ...x }) => x),
      };
    });
  };

  return {
    async list(today: string): Promise<CampaignSummary[]> {
      return (await load(null, today)).map(({ communes: _c, milestones: _m, steps: _s, ...summary }) => summary);
    },

    async detail(id: number, today: string): Promise<CampaignDetail> {
      const [c] = await load([id], today);
      if (!c) throw notFound(notFoundSaid(said(`campaign ${id}`, `chiến dịch ${id}`)));
      return c;
    },
  };
}

/** Changes to campaigns. Each runs in the caller's transaction with its audit records; see `edits`. */
export const campaignEdits = {
  async create(tx: Queryable, actorId: number, scope: Scope, body: CampaignCreateBody): Promise<number> {
    if (body.name.trim() === '') throw badRequest(mustNotBeBlank('name', 'tên chiến dịch'));
    checkPeriod(body.periodStart, body.periodEnd);
    checkMilestones(body.milestones ?? []);
    const codes = await checkCodes(tx, scope, body.communeCodes, 'communeCodes');
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO campaign (province_code, kind, name, period_start, period_end, responsible_unit, targets, created_by)
       VALUES ((SELECT province_code FROM commune WHERE code = $1), $2, btrim($3), $4, $5, $6, $7::jsonb, $8) RETURNING id`,
      [codes[0], body.kind, body.name, body.periodStart, body.periodEnd, body.responsibleUnit ?? null, JSON.stringify(body.targets ?? {}), actorId],
    );
    await tx.query(
      `INSERT INTO campaign_commune (campaign_id, commune_code, stage) SELECT $1, unnest($2::text[]), $3`,
      [id, codes, INITIAL_STAGE],
    );
    for (const m of body.milestones ?? []) {
      await tx.query(`INSERT INTO campaign_milestone (campaign_id, title, due_on, done_on) VALUES ($1, btrim($2), $3, $4)`, [id, m.title, m.dueOn, m.doneOn ?? null]);
    }
    await writeAudit(tx, { userId: actorId, action: 'create', entity: 'campaign', entityId: id, after: { ...body, communeCodes: codes } });
    return id;
  },

  async update(tx: Queryable, actorId: number, scope: Scope, id: number, body: CampaignUpdateBody): Promise<void> {
    const [before] = await tx.query<CampaignRow & { milestones: unknown }>(
      `SELECT ${CAMPAIGN_COLUMNS},
         (SELECT coalesce(json_agg(json_build_object('title', m.title, 'dueOn', m.due_on, 'doneOn', m.done_on) ORDER BY m.due_on, m.id), '[]')
            FROM campaign_milestone m WHERE m.campaign_id = k.id) AS milestones
       FROM campaign k JOIN province p ON p.code = k.province_code WHERE k.id = $2 AND ${VISIBLE} FOR UPDATE OF k`,
      [scope.communes, id],
    );
    if (!before) throw notFound(notFoundSaid(said(`campaign ${id}`, `chiến dịch ${id}`)));
    if (before.version !== body.version) {
      throw conflict(changedBySomeoneElse(said(`campaign "${before.name}"`, `chiến dịch “${before.name}”`), before.version, body.version));
    }
    if (body.name !== undefined && body.name.trim() === '') throw badRequest(mustNotBeBlank('name', 'tên chiến dịch'));
    checkPeriod(body.periodStart ?? before.periodStart, body.periodEnd ?? before.periodEnd);
    const added = body.addCommunes?.length ? await checkCodes(tx, scope, body.addCommunes, 'addCommunes') : [];
    await tx.query(
      `UPDATE campaign SET name = coalesce(btrim($2), name), period_start = coalesce($3, period_start), period_end = coalesce($4, period_end),
         responsible_unit = CASE WHEN $5 THEN $6 ELSE responsible_unit END, targets = coalesce($7::jsonb, targets),
         version = version + 1, updated_at = now()
       WHERE id = $1`,
      [
        id,
        body.name ?? null,
        body.periodStart ?? null,
        body.periodEnd ?? null,
        body.responsibleUnit !== undefined,
        body.responsibleUnit ?? null,
        body.targets ? JSON.stringify(body.targets) : null,
      ],
    );
    if (added.length > 0) {
      await tx.query(
        `INSERT INTO campaign_commune (campaign_id, commune_code, stage) SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING`,
        [id, added, INITIAL_STAGE],
      );
    }
    if (body.milestones) {
      checkMilestones(body.milestones);
      await tx.query('DELETE FROM campaign_milestone WHERE campaign_id = $1', [id]);
      for (const m of body.milestones) {
        await tx.query(`INSERT INTO campaign_milestone (campaign_id, title, due_on, done_on) VALUES ($1, btrim($2), $3, $4)`, [id, m.title, m.dueOn, m.doneOn ?? null]);
      }
    }
    const { version: _, ...changes } = body;
    await writeAudit(tx, { userId: actorId, action: 'update', entity: 'campaign', entityId: id, before, after: changes });
  },

  /**
   * Moves one commune to its next stage: checks the lifecycle rules, writes the dated status record the stage
   * stands for (closing the one in force), the step and the new stage, with audit records, all or nothing.
   */
  async changeStage(tx: Queryable, actorId: number, scope: Scope, id: number, body: StageChangeBody): Promise<void> {
    const [campaign] = await tx.query<{ kind: CampaignKind; name: string }>(
      `SELECT k.kind, k.name FROM campaign k WHERE k.id = $2 AND ${VISIBLE}`,
      [scope.communes, id],
    );
    if (!campaign) throw notFound(notFoundSaid(said(`campaign ${id}`, `chiến dịch ${id}`)));
    const code = body.communeCode.trim();
    const [place] = await tx.query<{ stage: Stage; version: number }>(
      `SELECT stage, version FROM campaign_commune WHERE campaign_id = $1 AND commune_code = $2 AND ($3::text[] IS NULL OR commune_code = ANY ($3::text[])) FOR UPDATE`,
      [id, code, scope.communes],
    );
    if (!place) {
      throw badRequest(
        said(
          `communeCode: ${code} is not a target commune of campaign "${campaign.name}" in your area`,
          `mã xã: ${code} không phải xã mục tiêu của chiến dịch “${campaign.name}” trong địa bàn của bạn`,
        ),
      );
    }
    if (place.version !== body.version) {
      throw conflict(changedBySomeoneElse(said(`commune ${code} in campaign "${campaign.name}"`, `xã ${code} trong chiến dịch “${campaign.name}”`), place.version, body.version));
    }
    const [previous] = await tx.query<{ previousOn: string; statusId: number | null }>(
      `SELECT effective_on::text AS "previousOn", status_id AS "statusId" FROM campaign_stage_change
       WHERE campaign_id = $1 AND commune_code = $2 ORDER BY effective_on DESC, id DESC LIMIT 1`,
      [id, code],
    );
    const previousOn = previous?.previousOn ?? null;
    let step;
    try {
      step = checkStep({ kind: campaign.kind, communeCode: code, from: place.stage, to: body.stage, on: body.on, previousOn, decisionDate: body.decisionDate });
    } catch (e) {
      throw badRequest(saidOf(e));
    }
    let statusId: number | null = null;
    if (step.statusValue !== null) {
      const { created } = await edits.createStatus(
        tx,
        actorId,
        scope,
        code,
        { kind: step.statusKind, value: step.statusValue, validFrom: body.on, decisionNo: body.decisionNo, decisionDate: body.decisionDate, note: body.note },
        id,
        // A second step on the same day replaces the record the first one wrote for that day.
        previousOn === body.on ? (previous?.statusId ?? null) : null,
      );
      statusId = created?.id ?? null;
    }
    const [{ stepId }] = await tx.query<{ stepId: number }>(
      `INSERT INTO campaign_stage_change (campaign_id, commune_code, from_stage, stage, effective_on, decision_no, decision_date, note, status_id, changed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id AS "stepId"`,
      [id, code, place.stage, step.stage, body.on, body.decisionNo ?? null, body.decisionDate ?? null, body.note ?? null, statusId, actorId],
    );
    await tx.query(`UPDATE campaign_commune SET stage = $3, version = version + 1 WHERE campaign_id = $1 AND commune_code = $2`, [id, code, step.stage]);
    await writeAudit(tx, {
      userId: actorId,
      action: 'update',
      entity: 'campaign_commune',
      entityId: `${id}/${code}`,
      before: place,
      after: { stage: step.stage, version: place.version + 1, stepId, statusId, on: body.on, decisionNo: body.decisionNo ?? null },
    });
  },
};
