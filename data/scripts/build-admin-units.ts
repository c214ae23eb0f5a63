/**
 * Builds data/reference/admin-units-2025.json, the official list of Vietnam's 34 provinces and 3,321 communes in
 * force from 1 July 2025, from two CSV transcriptions of the General Statistics Office's letters:
 *   - 915/CTK-CSCL (provinces): columns stt, ma_tinh, ten_tinh
 *   - 1027/CTK-CSCL (communes): columns stt, ma_xa, ten, tinh (the province's name, "Tỉnh X" or "Tp X")
 *
 *   npx tsx data/scripts/build-admin-units.ts <provinces.csv> <communes.csv> [out.json]
 *
 * Codes and names are copied as they are (NFC); each commune's province is found by its name in the province list.
 * The script refuses to write anything unless it finds exactly 34 provinces and 3,321 communes with unique codes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';

const [provincesCsv, communesCsv, out = new URL('../reference/admin-units-2025.json', import.meta.url).pathname] = process.argv.slice(2);
if (!provincesCsv || !communesCsv) {
  console.error('usage: build-admin-units.ts <provinces.csv> <communes.csv> [out.json]');
  process.exit(2);
}

const rows = (file: string) =>
  Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').normalize('NFC'), { header: true, skipEmptyLines: true }).data;

/** "Thành phố Hà Nội", "Tp Hải Phòng", "Tỉnh Điện Biên" and "Điện Biên" name the same kind of thing. */
const provinceKey = (name: string) =>
  name.trim().replace(/^(Tỉnh|Thành phố|Tp\.?)\s+/i, '').toLocaleLowerCase('vi');

const provinces = rows(provincesCsv).map((r) => ({ code: r.ma_tinh.trim(), name: r.ten_tinh.trim() }));
const byName = new Map(provinces.map((p) => [provinceKey(p.name), p.code]));
const communes = rows(communesCsv).map((r, i) => {
  const province = byName.get(provinceKey(r.tinh));
  if (!province) throw new Error(`row ${i + 2}: province "${r.tinh}" is not in the province list`);
  return { code: r.ma_xa.trim(), name: r.ten.trim(), province };
});

const unique = (xs: string[]) => new Set(xs).size === xs.length;
if (provinces.length !== 34 || !unique(provinces.map((p) => p.code)) || !provinces.every((p) => /^\d{2}$/.test(p.code))) {
  throw new Error(`expected 34 provinces with unique two-digit codes, got ${provinces.length}`);
}
if (communes.length !== 3321 || !unique(communes.map((c) => c.code)) || !communes.every((c) => /^\d{5}$/.test(c.code))) {
  throw new Error(`expected 3,321 communes with unique five-digit codes, got ${communes.length}`);
}

const doc = {
  name: 'Đơn vị hành chính cấp tỉnh và cấp xã từ 01/07/2025',
  source:
    'Tổng cục Thống kê (Cục Thống kê): Công văn 915/CTK-CSCL và 1027/CTK-CSCL ngày 25/6/2025 — official province and commune codes in force from 1 July 2025',
  effectiveFrom: '2025-07-01',
  provinces: provinces.sort((a, b) => a.code.localeCompare(b.code)).map((p) => [p.code, p.name]),
  communes: communes.sort((a, b) => a.code.localeCompare(b.code)).map((c) => [c.code, c.name, c.province]),
};
// One province or commune per line: readable diffs when the list changes.
const lines = (xs: unknown[]) => xs.map((x) => '    ' + JSON.stringify(x)).join(',\n');
writeFileSync(
  out,
  `{\n  "name": ${JSON.stringify(doc.name)},\n  "source": ${JSON.stringify(doc.source)},\n  "effectiveFrom": "${doc.effectiveFrom}",\n` +
    `  "provinces": [\n${lines(doc.provinces)}\n  ],\n  "communes": [\n${lines(doc.communes)}\n  ]\n}\n`,
);
console.log(`${out}: ${provinces.length} provinces, ${communes.length} communes`);
