import { describe, expect, it } from 'vitest';
import { langOf } from '../../server/text/lang.ts';
import { HttpError } from '../../server/errors.ts';

describe('langOf', () => {
  const of = (h?: string) => langOf({ headers: h === undefined ? {} : { 'accept-language': h } });
  it('answers Vietnamese when the first choice is vi or a vi- tag', () => {
    expect(of('vi')).toBe('vi');
    expect(of('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
    expect(of(' VI ')).toBe('vi');
  });
  it('answers English otherwise, including without the header', () => {
    expect(of()).toBe('en');
    expect(of('en-US,vi;q=0.5')).toBe('en');
    expect(of('video')).toBe('en');
  });
});

describe('HttpError', () => {
  it('keeps the English message and the Vietnamese wording apart', () => {
    const err = new HttpError(400, { en: 'row 2: bad date', vi: 'dòng 2: ngày không hợp lệ' });
    expect(err.message).toBe('row 2: bad date');
    expect(err.vi).toBe('dòng 2: ngày không hợp lệ');
    expect(new HttpError(404, 'gone').vi).toBeUndefined();
  });
});
