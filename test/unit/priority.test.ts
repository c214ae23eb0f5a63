import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, priorityScore, type PriorityInput } from '../../server/analysis/priority.ts';

const base: PriorityInput = {
  keyComplex: false,
  drugKeyArea: false,
  drugFree: true,
  hasIndependentHq: true,
  nearestHqKm: 0,
  border: false,
  yearsDesignated: null,
};

describe('priority score', () => {
  it('is 0 for a drug-free commune with its own HQ and nothing designated', () => {
    expect(priorityScore(base).score).toBe(0);
  });

  it('adds criterion × weight for every criterion (hand-computed)', () => {
    const s = priorityScore({ keyComplex: true, drugKeyArea: false, drugFree: false, hasIndependentHq: false, nearestHqKm: 10, border: true, yearsDesignated: 5 });
    // 3·1 + 3·0 + 2·1 + 2·1 + 2·(10/20) + 1·1 + 1·(5/10) = 9.5
    expect(s.score).toBe(9.5);
    expect(s.parts.find((p) => p.criterion === 'hq_distance')).toEqual({ criterion: 'hq_distance', value: 0.5, weight: 2, points: 1 });
    expect(s.parts.find((p) => p.criterion === 'years_designated')).toEqual({ criterion: 'years_designated', value: 0.5, weight: 1, points: 0.5 });
    expect(s.parts.reduce((a, p) => a + p.points, 0)).toBe(9.5);
  });

  it('uses the weights given, and a weight of 0 removes a criterion', () => {
    const c = { ...base, keyComplex: true, border: true };
    expect(priorityScore(c).score).toBe(4);
    expect(priorityScore(c, { ...DEFAULT_WEIGHTS, key_complex: 10, border: 0 }).score).toBe(10);
  });

  it('caps the distance and the years at full value, and counts no HQ at all as full distance', () => {
    expect(priorityScore({ ...base, nearestHqKm: 55 }).parts.find((p) => p.criterion === 'hq_distance')?.value).toBe(1);
    expect(priorityScore({ ...base, nearestHqKm: null }).parts.find((p) => p.criterion === 'hq_distance')?.value).toBe(1);
    expect(priorityScore({ ...base, yearsDesignated: 30 }).parts.find((p) => p.criterion === 'years_designated')?.value).toBe(1);
  });

  it('refuses a negative weight, naming it', () => {
    expect(() => priorityScore(base, { ...DEFAULT_WEIGHTS, border: -1 })).toThrow('weights.border: must be a number ≥ 0, got -1');
  });
});
