import { describe, expect, it } from 'vitest';
import { fold, lowerKeepingTones } from '../../server/text/fold.ts';

describe('fold', () => {
  it('removes tones and vowel marks', () => {
    expect(fold('Mường Nhé')).toBe('muong nhe');
    expect(fold('Xã Sín Thầu')).toBe('xa sin thau');
  });
  it('folds đ and Đ, which NFD leaves as letters of their own', () => {
    expect('Đ'.normalize('NFD')).toBe('Đ');
    expect(fold('Điện Biên')).toBe('dien bien');
    expect(fold('đien bien')).toBe('dien bien');
  });
  it('ignores case', () => {
    expect(fold('MUONG NHE')).toBe(fold('Mường Nhé'));
    expect(fold('MƯỜNG NHÉ')).toBe('muong nhe');
  });
  it('gives the same result for precomposed and decomposed input', () => {
    const nfd = 'Mường Nhé'.normalize('NFD');
    expect(nfd).not.toBe('Mường Nhé');
    expect(fold(nfd)).toBe('muong nhe');
  });
  it('collapses white space and trims', () => {
    expect(fold('  Mường \t  Nhé ')).toBe('muong nhe');
  });
  it('leaves digits and punctuation alone', () => {
    expect(fold("Đồn 'Biên phòng' A-Pa-Chải 03160")).toBe("don 'bien phong' a-pa-chai 03160");
  });
  it('handles every Vietnamese vowel with every tone', () => {
    const vowels = 'aăâeêioôơuưy';
    const tones = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
    for (const v of vowels) for (const t of tones) expect(fold((v + t).normalize('NFC').toUpperCase())).toMatch(/^[aeiouy]$/);
  });
});

describe('lowerKeepingTones', () => {
  it('keeps tones, so exact-tone matches can be ranked first', () => {
    expect(lowerKeepingTones('MƯỜNG Nhé')).toBe('mường nhé');
    expect(lowerKeepingTones('Mường Nhé'.normalize('NFD'))).toBe('mường nhé');
  });
});
