import { describe, expect, it } from 'vitest';
import { neutralise, toCsv, type Column } from '../../server/exports/table.ts';

describe('neutralise', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+84 912', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
  });

  it('leaves ordinary text, numbers (even negative) and empty cells alone', () => {
    expect(neutralise('Xã Mường Nhé')).toBe('Xã Mường Nhé');
    expect(neutralise('a=b')).toBe('a=b');
    expect(neutralise(-3.5)).toBe(-3.5);
    expect(neutralise(null)).toBeNull();
    expect(neutralise('')).toBe('');
  });
});

describe('toCsv', () => {
  const columns: Column<{ code: string; name: string; km: number | null }>[] = [
    { header: 'code', value: (r) => r.code },
    { header: 'name', value: (r) => r.name },
    { header: 'km', value: (r) => r.km },
  ];

  it('starts with a UTF-8 byte-order mark and ends lines with CRLF', () => {
    const csv = toCsv(columns, [{ code: '99001', name: 'Xã Đồng Lói', km: 1.5 }]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('code,name,km\r\n99001,Xã Đồng Lói,1.5\r\n');
  });

  it('quotes commas, quotes and line breaks, neutralises formulas and leaves empty cells empty', () => {
    const csv = toCsv(columns, [{ code: '99002', name: '=HYPERLINK("x"), "y"\nz', km: null }]);
    expect(csv.slice(1).split('\r\n')[1]).toBe(`99002,"'=HYPERLINK(""x""), ""y""\nz",`);
  });
});
