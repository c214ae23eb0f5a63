import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../client/panels/analysis/export.ts';

describe('CSV export', () => {
  it('starts with a UTF-8 byte order mark and ends lines with CRLF', () => {
    const csv = toCsv(['Mã', 'Xã, phường'], [['99001', 'Xã Mường Nhé']]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFFMã,"Xã, phường"\r\n99001,Xã Mường Nhé\r\n');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const hostile of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x']) {
      const cell = csvCell(hostile);
      expect(cell.replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('writes numbers as numbers, negative ones included, and null as empty', () => {
    expect(csvCell(-2.5)).toBe('-2.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('Bản "Nậm Pồ"')).toBe('"Bản ""Nậm Pồ"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('a;b')).toBe('"a;b"');
  });
});
