import { describe, expect, it } from 'vitest';
import { diffRows, isSecretField, showValue } from '../../client/panels/admin/json-diff.ts';

describe('diffRows (audit before/after)', () => {
  it('marks changed, same, added and removed fields', () => {
    const rows = diffRows({ role: 'planner', version: 1, gone: true }, { role: 'admin', version: 1, added: 'x' });
    expect(Object.fromEntries(rows.map((r) => [r.key, r.state]))).toEqual({ role: 'changed', version: 'same', gone: 'removed', added: 'added' });
  });

  it('treats a missing side as empty: every field of a creation is added', () => {
    expect(diffRows(null, { name: 'Công an xã Đông' }).map((r) => r.state)).toEqual(['added']);
  });

  it('compares nested values regardless of key order', () => {
    expect(diffRows({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })[0].state).toBe('same');
  });
});

describe('isSecretField', () => {
  it.each(['password', 'passwordHash', 'csrfToken', 'secret'])('hides %s', (k) => expect(isSecretField(k)).toBe(true));
  it('shows the passwordChanged flag and ordinary fields', () => {
    expect(isSecretField('passwordChanged')).toBe(false);
    expect(isSecretField('communeCodes')).toBe(false);
  });
});

describe('showValue', () => {
  it('shows strings bare and short lists comma-separated', () => {
    expect(showValue('Xã Mường Nhé')).toBe('Xã Mường Nhé');
    expect(showValue(['99001', '99002'])).toBe('99001, 99002');
    expect(showValue(undefined)).toBe('');
  });
});
