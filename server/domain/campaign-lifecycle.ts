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
 * The value of the dated status record a stage writes. Stages that the status vocabulary does not tell apart
 * (a plan approved is still "designated"; a commune in its challenge period is still "transformed"; one re-assessed
 * as still meeting the criteria is "maintained")
 * write the same value again, with their own decision and date, so the commune's history shows every step.
 */
const STATUS_VALUE: Record<CampaignKind, Partial<Record<Stage, string>>> = {
  transformation: {
    designated: 'designated',
    plan_approved: 'designated',
    transforming: 'transforming',
    transformed: 'transformed',
    maintained: 'maintained',
    // The challenge period (the first months after transformation) is a watch on a transformed commune; the
    // status value 'challenge' means the commune became complex again, which a failed period leads back from.
    challenge: 'transformed',
    reassessed: 'maintained',
  },
  drug_free: {
    designated: 'building',
    plan_approved: 'building',
    transforming: 'building',
    certified: 'certified',
    maintained: 'certified',
    challenge: 'certified',
    reassessed: 'certified',
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
 * Checks one step and says what it writes; throws an Error whose message names the commune, the stages and the
 * dates involved when the step is not allowed.
 *
 * @example checkStep({ kind: 'transformation', communeCode: '99002', from: 'proposed', to: 'designated',
 *   on: '2026-02-01', previousOn: null }) // → { stage: 'designated', statusKind: 'transformation', statusValue: 'designated' }
 */
export function checkStep(r: StepRequest): Step {
  if (!isStage(r.to)) throw new Error(`stage: unknown stage "${r.to}"; expected one of ${STAGES.join(', ')}`);
  const allowed = nextStages(r.kind, r.from);
  if (!allowed.includes(r.to)) {
    throw new Error(
      `commune ${r.communeCode}: a ${r.kind} campaign cannot go from ${r.from} to ${r.to}` +
        (allowed.length > 0 ? `; allowed next: ${allowed.join(', ')}` : '; no further stage is allowed'),
    );
  }
  if (r.previousOn !== null && r.on <= r.previousOn) {
    throw new Error(`commune ${r.communeCode}: date ${r.on} must be after the previous step's date ${r.previousOn}; dates cannot go backwards`);
  }
  if (r.decisionDate && r.decisionDate > r.on) {
    throw new Error(`commune ${r.communeCode}: decisionDate ${r.decisionDate} is after the step's date ${r.on}`);
  }
  return { stage: r.to, statusKind: statusKindOf(r.kind), statusValue: statusValueOf(r.kind, r.to) };
}
