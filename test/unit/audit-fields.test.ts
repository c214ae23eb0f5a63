import { describe, expect, it } from 'vitest';
import { auditFieldLabel } from '../../client/i18n/labels.ts';
import { vi } from '../../client/i18n/vi.ts';
import { en } from '../../client/i18n/en.ts';

describe('audit fields by their worded names', () => {
  it('words a stored column name and its camelCase form alike', () => {
    expect(auditFieldLabel(vi, 'staff_count')).toBe('Quân số');
    expect(auditFieldLabel(vi, 'staffCount')).toBe('Quân số');
    expect(auditFieldLabel(en, 'validFrom')).toBe('Valid from');
    expect(auditFieldLabel(vi, 'decision_no')).toBe('Số quyết định');
  });

  it('leaves a field it does not know to the stored name (and never reads inherited keys)', () => {
    expect(auditFieldLabel(vi, 'something_new')).toBeNull();
    expect(auditFieldLabel(vi, 'constructor')).toBeNull();
    expect(auditFieldLabel(vi, '__proto__')).toBeNull();
  });

  it('has the same fields in both languages', () => {
    expect(Object.keys(en.audit.fields).sort()).toEqual(Object.keys(vi.audit.fields).sort());
  });
});
