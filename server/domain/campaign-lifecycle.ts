/**
 * The path of a commune through a campaign, as pure rules: which stage may follow which, which dated status
 * record each stage writes, and what makes a step invalid. No I/O; the campaign repository applies the result.
 *
 *   proposed → designated → plan_approved → transforming → transformed (transformation) / certified (drug-free)
 *   transformed / certified → maintained | challenge
 *   challenge → maintained | reassessed | transforming (the challenge period was failed)
 *   maintained → reassessed
 *   reassessed → maintained (criteria still met) | transforming (no longer met: back to work)
 */
import { CAMPAIGN_KINDS, type StatusKind } from '../domain.ts';
import { said } from '../text/lang.ts';
import { SaidError } from '../text/said-error.ts';
import { campaignKindWord, dateWord, listWords, stageWord } from '../text/words.ts';

export { CAMPAIGN_KINDS };
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const STAGES = [
  'proposed',
  'designated',
  'plan_approved',
  'transforming',
  'transformed',
  'certified',
  'maintained',
  'challenge',
  'reassessed',
] as const;
export type Stage = (typeof STAGES)[number];

/** The stage a commune has when it is added to a campaign: a target, nothing decided yet. */
export const INITIAL_STAGE: Stage = 'proposed';

/** The stage that marks a target as achieved: transformed or certified, and every stage after it. */
export const ACHIEVED_STAGES: ReadonlySet<Stage> = new Set(['transformed', 'certified', 'maintained', 'challenge', 'reassessed']);

const NEXT: Record<CampaignKind, Record<Stage, readonly Stage[]>> = {
  transformation: {
    proposed: ['designated'],
    designated: ['plan_approved'],
    plan_approved: ['transforming'],
    transforming: ['transformed'],
    transformed: ['maintained', 'challenge'],
    certified: [],
    maintained: ['reassessed'],
    challenge: ['maintained', 'reassessed', 'transforming'],
    reassessed: ['maintained', 'transforming'],
  },
  drug_free: {
    proposed: ['designated'],
    designated: ['plan_approved'],
    plan_approved: ['transforming'],
    transforming: ['certified'],
    transformed: [],
    certified: ['maintained', 'challenge'],
    maintained: ['reassessed'],
    challenge: ['maintained', 'reassessed', 'transforming'],
    reassessed: ['maintained', 'transforming'],
  },
};

/** The stages that may follow `from` in a campaign of `kind`. */
export function nextStages(kind: CampaignKind, from: Stage): readonly Stage[] {
  return NEXT[kind][from];
}

/** The status kind a campaign's steps write: transformation → 'transformation', drug-free → 'drug_free'. */
export function statusKindOf(kind: CampaignKind): StatusKind {
  return kind;
}

/**
 * The value of the dated status record a stage writes: each stage its own value, so the map, the dashboard and
 * the commune's history tell a plan approved from a designation, the trial period after success (`challenge`)
 * from a relapse, and a re-assessment from the maintenance it confirms. Drug-free work in progress is `building`.
 */
const STATUS_VALUE: Record<CampaignKind, Partial<Record<Stage, string>>> = {
  transformation: {
    designated: 'designated',
    plan_approved: 'plan_approved',
    transforming: 'transforming',
    transformed: 'transformed',
    maintained: 'maintained',
    challenge: 'challenge',
    reassessed: 'reassessed',
  },
  drug_free: {
    designated: 'designated',
    plan_approved: 'plan_approved',
    transforming: 'building',
    certified: 'certified',
    maintained: 'maintained',
    challenge: 'challenge',
    reassessed: 'reassessed',
  },
};

export function statusValueOf(kind: CampaignKind, stage: Stage): string | null {
  return STATUS_VALUE[kind][stage] ?? null;
}

export interface StepRequest {
  kind: CampaignKind;
  communeCode: string;
  from: Stage;
  to: string;
  /** Date the new stage takes effect (YYYY-MM-DD). */
  on: string;
  /** Date of the commune's previous step in this campaign, if any. */
  previousOn: string | null;
  decisionNo?: string | null;
  decisionDate?: string | null;
}

export interface Step {
  stage: Stage;
  statusKind: StatusKind;
  statusValue: string | null;
}

const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);

/**
 * Checks one step and says what it writes; throws a SaidError (English and Vietnamese) naming the commune, the
 * stages and the dates involved when the step is not allowed. A step may share its date with the previous one.
 *
 * @example checkStep({ kind: 'transformation', communeCode: '99002', from: 'proposed', to: 'designated',
 *   on: '2026-02-01', previousOn: null }) // → { stage: 'designated', statusKind: 'transformation', statusValue: 'designated' }
 */
export function checkStep(r: StepRequest): Step {
  if (!isStage(r.to)) {
    throw new SaidError(
      said(
        `stage: unknown stage "${r.to}"; expected one of ${STAGES.join(', ')}`,
        `giai đoạn: không có giai đoạn "${r.to}"; chọn một trong: ${listWords(STAGES.map(stageWord)).vi}`,
      ),
    );
  }
  const allowed = nextStages(r.kind, r.from);
  if (!allowed.includes(r.to)) {
    const from = stageWord(r.from);
    const to = stageWord(r.to);
    const next = listWords(allowed.map(stageWord));
    throw new SaidError(
      said(
        `commune ${r.communeCode}: a ${r.kind} campaign cannot go from ${r.from} to ${r.to}` +
          (allowed.length > 0 ? `; allowed next: ${allowed.join(', ')}` : '; no further stage is allowed'),
        `xã ${r.communeCode}: chiến dịch ${campaignKindWord(r.kind).vi.toLowerCase()} không thể chuyển từ “${from.vi}” sang “${to.vi}”` +
          (allowed.length > 0 ? `; giai đoạn tiếp theo được phép: ${next.vi}` : '; không còn giai đoạn tiếp theo'),
      ),
    );
  }
  // The same day is allowed: two decisions taken on one day (the form's default date is today).
  if (r.previousOn !== null && r.on < r.previousOn) {
    throw new SaidError(
      said(
        `commune ${r.communeCode}: date ${r.on} is before the previous step's date ${r.previousOn}; dates cannot go backwards`,
        `xã ${r.communeCode}: ngày hiệu lực ${dateWord(r.on).vi} trước ngày của bước trước (${dateWord(r.previousOn).vi}); ngày các bước không được lùi lại`,
      ),
    );
  }
  if (r.decisionDate && r.decisionDate > r.on) {
    throw new SaidError(
      said(
        `commune ${r.communeCode}: decisionDate ${r.decisionDate} is after the step's date ${r.on}`,
        `xã ${r.communeCode}: ngày quyết định ${dateWord(r.decisionDate).vi} sau ngày hiệu lực của bước (${dateWord(r.on).vi})`,
      ),
    );
  }
  return { stage: r.to, statusKind: statusKindOf(r.kind), statusValue: statusValueOf(r.kind, r.to) };
}
