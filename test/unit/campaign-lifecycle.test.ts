import { describe, expect, it } from 'vitest';
import { CAMPAIGN_KINDS, STAGES, checkStep, nextStages, statusValueOf, type CampaignKind, type Stage } from '../../server/domain/campaign-lifecycle.ts';
import { STATUS_KINDS } from '../../server/domain.ts';
import { saidOf } from '../../server/text/said-error.ts';

/** The allowed steps, written out by hand from the rules in docs/campaigns.md (not derived from the module). */
const ALLOWED: Record<CampaignKind, string[]> = {
  transformation: [
    'proposed>designated',
    'designated>plan_approved',
    'plan_approved>transforming',
    'transforming>transformed',
    'transformed>maintained',
    'transformed>challenge',
    'challenge>maintained',
    'challenge>reassessed',
    'challenge>transforming',
    'maintained>reassessed',
    'reassessed>maintained',
    'reassessed>transforming',
  ],
  drug_free: [
    'proposed>designated',
    'designated>plan_approved',
    'plan_approved>transforming',
    'transforming>certified',
    'certified>maintained',
    'certified>challenge',
    'challenge>maintained',
    'challenge>reassessed',
    'challenge>transforming',
    'maintained>reassessed',
    'reassessed>maintained',
    'reassessed>transforming',
  ],
};

const step = (kind: CampaignKind, from: Stage, to: string, on = '2026-02-01', previousOn: string | null = '2026-01-01') =>
  checkStep({ kind, communeCode: '99002', from, to, on, previousOn });

describe('campaign lifecycle', () => {
  for (const kind of CAMPAIGN_KINDS) {
    describe(kind, () => {
      for (const from of STAGES) {
        for (const to of STAGES) {
          const ok = ALLOWED[kind].includes(`${from}>${to}`);
          it(`${ok ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
            if (ok) expect(step(kind, from, to).stage).toBe(to);
            else expect(() => step(kind, from, to)).toThrow(`commune 99002: a ${kind} campaign cannot go from ${from} to ${to}`);
          });
        }
      }
      it('lists exactly the allowed next stages', () => {
        const listed = STAGES.flatMap((from) => nextStages(kind, from).map((to) => `${from}>${to}`));
        expect(listed.sort()).toEqual([...ALLOWED[kind]].sort());
      });
    });
  }

  it('refuses an unknown stage, naming the stages it knows', () => {
    expect(() => step('transformation', 'proposed', 'finished')).toThrow('stage: unknown stage "finished"; expected one of proposed, designated');
  });

  it('refuses a date before the previous step date, in both languages', () => {
    const attempt = () => step('transformation', 'designated', 'plan_approved', '2025-12-31', '2026-01-01');
    expect(attempt).toThrow("commune 99002: date 2025-12-31 is before the previous step's date 2026-01-01; dates cannot go backwards");
    try {
      attempt();
    } catch (e) {
      expect(saidOf(e).vi).toBe('xã 99002: ngày hiệu lực 31/12/2025 trước ngày của bước trước (01/01/2026); ngày các bước không được lùi lại');
    }
  });

  it('accepts a step on the same day as the previous one (two decisions of one day, the form defaults to today)', () => {
    expect(step('transformation', 'designated', 'plan_approved', '2026-01-01', '2026-01-01')).toEqual({
      stage: 'plan_approved',
      statusKind: 'transformation',
      statusValue: 'plan_approved',
    });
  });

  it('names the stages of a refused step in Vietnamese with their labels', () => {
    try {
      step('transformation', 'transformed', 'certified');
      expect.unreachable();
    } catch (e) {
      expect(saidOf(e).vi).toBe(
        'xã 99002: chiến dịch chuyển hóa địa bàn không thể chuyển từ “Đã chuyển hóa” sang “Được công nhận”; giai đoạn tiếp theo được phép: Duy trì kết quả, Thời gian thử thách',
      );
    }
  });

  it('accepts the first step on any date', () => {
    expect(step('drug_free', 'proposed', 'designated', '2020-05-05', null)).toEqual({ stage: 'designated', statusKind: 'drug_free', statusValue: 'designated' });
  });

  it('refuses a decision dated after the step', () => {
    expect(() =>
      checkStep({ kind: 'transformation', communeCode: '99003', from: 'proposed', to: 'designated', on: '2026-01-01', previousOn: null, decisionDate: '2026-01-02' }),
    ).toThrow('commune 99003: decisionDate 2026-01-02 is after the step\'s date 2026-01-01');
  });

  it('writes only status values the status vocabulary knows, and none for a proposal', () => {
    for (const kind of CAMPAIGN_KINDS) {
      expect(statusValueOf(kind, 'proposed')).toBeNull();
      for (const stage of STAGES) {
        const v = statusValueOf(kind, stage);
        if (v !== null) expect(STATUS_KINDS[kind].values as readonly string[]).toContain(v);
      }
    }
    expect(statusValueOf('transformation', 'transforming')).toBe('transforming');
    expect(statusValueOf('drug_free', 'certified')).toBe('certified');
  });

  it('gives every stage a value of its own: no two stages of a campaign write the same value', () => {
    for (const kind of CAMPAIGN_KINDS) {
      const written = STAGES.map((stage) => statusValueOf(kind, stage)).filter((v) => v !== null);
      expect(new Set(written).size, kind).toBe(written.length);
    }
    // The trial period after success is 'challenge' (not a relapse, not a borrowed 'transformed').
    expect(statusValueOf('transformation', 'challenge')).toBe('challenge');
    expect(statusValueOf('transformation', 'plan_approved')).toBe('plan_approved');
    expect(statusValueOf('transformation', 'reassessed')).toBe('reassessed');
    expect(statusValueOf('drug_free', 'challenge')).toBe('challenge');
  });
});
