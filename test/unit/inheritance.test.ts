import { describe, expect, it } from 'vitest';
import { inheritedValue } from '../../server/domain/inheritance.ts';
import { STATUS_KINDS } from '../../server/domain.ts';

describe('inheritedValue', () => {
  it('designates a key complex or drug key area when any former unit was one', () => {
    expect(inheritedValue('key_complex', [null, 'key_complex', null])).toBe('key_complex');
    expect(inheritedValue('drug_key_area', ['drug_key_area'])).toBe('drug_key_area');
  });

  it('inherits nothing when no former unit had a record of the kind', () => {
    for (const kind of Object.keys(STATUS_KINDS)) expect(inheritedValue(kind, [null, null])).toBeNull();
  });

  it('takes the least advanced transformation stage among the units that had one, challenge before maintained', () => {
    expect(inheritedValue('transformation', ['maintained', null, 'transforming'])).toBe('transforming');
    expect(inheritedValue('transformation', ['maintained', 'challenge'])).toBe('challenge');
    expect(inheritedValue('transformation', ['transformed', 'challenge'])).toBe('transformed');
  });

  it('places a relapse behind every stage of the work, and a plan approval between designation and work', () => {
    expect(inheritedValue('transformation', ['designated', 'relapsed', 'maintained'])).toBe('relapsed');
    expect(inheritedValue('transformation', ['transforming', 'plan_approved'])).toBe('plan_approved');
    expect(inheritedValue('transformation', ['designated', 'plan_approved'])).toBe('designated');
    expect(inheritedValue('transformation', ['reassessed', 'maintained'])).toBe('maintained');
  });

  it('certifies drug-free only when all units were certified, and any revocation wins', () => {
    expect(inheritedValue('drug_free', ['certified', 'certified'])).toBe('certified');
    expect(inheritedValue('drug_free', ['certified', 'building'])).toBe('building');
    expect(inheritedValue('drug_free', ['certified', null])).toBe('not_started');
    expect(inheritedValue('drug_free', ['certified', 'revoked', 'building'])).toBe('revoked');
    // The trial period, maintenance and re-assessment come after certification: all certified, the least of them.
    expect(inheritedValue('drug_free', ['challenge', 'maintained'])).toBe('challenge');
    expect(inheritedValue('drug_free', ['certified', 'challenge', 'reassessed'])).toBe('certified');
  });

  it('meets the safe standard only when all units met it', () => {
    expect(inheritedValue('safe_standard', ['met', 'met'])).toBe('met');
    expect(inheritedValue('safe_standard', ['met', null])).toBe('not_met');
    expect(inheritedValue('safe_standard', ['met', 'not_met'])).toBe('not_met');
  });

  it('has a rule for every status kind and value', () => {
    for (const [kind, { values }] of Object.entries(STATUS_KINDS)) for (const v of values) expect(inheritedValue(kind, [v])).toBe(v);
  });
});
