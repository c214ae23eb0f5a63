import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { jsPDF } from 'jspdf';
import { woffToSfnt } from '../../client/briefing/woff.ts';
import { runSplitter } from '../../client/briefing/text-runs.ts';
import { niceLength } from '../../client/briefing/layout.ts';
import { slug } from '../../client/briefing/briefing.ts';

const require = createRequire(import.meta.url);
const fontFile = (subset: string) => require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-400-normal.woff`);
const SUBSETS = [
  { name: 'vietnamese', unicodeRange: ['U+0102-0103', 'U+0110-0111', 'U+01A0-01A1', 'U+01AF-01B0', 'U+0300-0301', 'U+1EA0-1EF9'] },
  { name: 'latin', unicodeRange: ['U+0000-00FF', 'U+2000-206F'] },
];

async function sfnt(subset: string) {
  const buf = await readFile(fontFile(subset));
  return woffToSfnt(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

describe('Vietnamese text in the PDF briefing', () => {
  it('unwraps the bundled WOFF into TrueType with every table where its directory says', async () => {
    const ttf = new DataView(await sfnt('vietnamese'));
    expect(ttf.getUint32(0)).toBe(0x00010000);
    const tables = ttf.getUint16(4);
    const tags: string[] = [];
    for (let i = 0; i < tables; i++) {
      const rec = 12 + i * 16;
      tags.push(String.fromCharCode(...[0, 1, 2, 3].map((k) => ttf.getUint8(rec + k))));
      expect(ttf.getUint32(rec + 8) + ttf.getUint32(rec + 12)).toBeLessThanOrEqual(ttf.byteLength);
    }
    expect(tags).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hmtx', 'loca']));
    expect([...tags].sort()).toEqual(tags);
  });

  it('refuses a file that is not WOFF', async () => {
    await expect(woffToSfnt(new ArrayBuffer(64))).rejects.toThrow(/not a WOFF/);
  });

  it('splits text into runs per font subset, NFC first', () => {
    const split = runSplitter(SUBSETS);
    expect(split('Trật tự')).toEqual([
      { subset: 'latin', text: 'Tr' },
      { subset: 'vietnamese', text: 'ậ' },
      { subset: 'latin', text: 't t' },
      { subset: 'vietnamese', text: 'ự' },
    ]);
    // Decomposed input (e + combining marks) is composed to one Vietnamese letter.
    expect(split('e\u0323\u0302')).toEqual([{ subset: 'vietnamese', text: 'ệ' }]);
  });

  it('embeds the subsets in a PDF whose text comes back out with its diacritics', async () => {
    const doc = new jsPDF({ orientation: 'landscape', unit: 'mm', format: 'a4' });
    for (const s of SUBSETS) {
      doc.addFileToVFS(`${s.name}.ttf`, Buffer.from(await sfnt(s.name)).toString('base64'));
      doc.addFont(`${s.name}.ttf`, s.name, 'normal', 'normal', 'Identity-H');
    }
    let x = 20;
    doc.setFontSize(16);
    for (const run of runSplitter(SUBSETS)('Báo cáo tình hình an ninh, trật tự')) {
      doc.setFont(run.subset, 'normal');
      doc.text(run.text, x, 30);
      x += doc.getTextWidth(run.text);
    }
    const pdf = doc.output();
    // Both subsets are embedded as CID fonts with a ToUnicode map, which is what makes the text extractable.
    expect(pdf.match(/\/Subtype \/Type0/g)?.length).toBe(2);
    expect(pdf.match(/\/ToUnicode/g)?.length).toBe(2);
  });
});

describe('briefing page helpers', () => {
  it('picks 1, 2 or 5 × 10^n for the scale bar', () => {
    expect(niceLength(38_000)).toBe(20_000);
    expect(niceLength(7_300)).toBe(5_000);
    expect(niceLength(1_000)).toBe(1_000);
    expect(niceLength(260)).toBe(200);
  });

  it('names files without diacritics', () => {
    expect(slug('Tỉnh Demo Điện Biên (dữ liệu mẫu)')).toBe('tinh-demo-dien-bien-du-lieu-mau');
  });
});
