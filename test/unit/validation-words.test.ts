import { describe, expect, it } from 'vitest';
import { validationSaid } from '../../server/text/validation.ts';

describe('validationSaid', () => {
  it('keeps Fastify\'s English and words the same error in Vietnamese, naming the field', () => {
    const s = validationSaid('body', { keyword: 'type', instancePath: '/staffCount', params: { type: 'integer' } }, 'body/staffCount must be integer');
    expect(s).toEqual({ en: 'body/staffCount must be integer', vi: 'nội dung/staffCount: phải là một số nguyên' });
  });

  it('names a missing field, an out-of-range number, an enum and a too-long text', () => {
    const vi = (keyword: string, instancePath: string, params: Record<string, unknown>) => validationSaid('body', { keyword, instancePath, params }, '').vi;
    expect(vi('required', '', { missingProperty: 'name' })).toBe('nội dung: thiếu trường bắt buộc "name"');
    expect(vi('minimum', '/k', { comparison: '>=', limit: 1 })).toBe('nội dung/k: phải không nhỏ hơn 1');
    expect(vi('enum', '/level', { allowedValues: ['international', 'main'] })).toBe('nội dung/level: phải là một trong: "international", "main"');
    expect(vi('maxLength', '/note', { limit: 2000 })).toBe('nội dung/note: không được dài quá 2000 ký tự');
    expect(validationSaid('querystring', { keyword: 'type', instancePath: '/radiusKm', params: { type: 'number' } }, '').vi).toBe(
      'tham số/radiusKm: phải là một số',
    );
  });

  it('says the value is not valid for a keyword it has no wording for, still naming the field', () => {
    expect(validationSaid('body', { keyword: 'if', instancePath: '/x', params: {} }, '').vi).toBe('nội dung/x: giá trị không hợp lệ');
  });
});
