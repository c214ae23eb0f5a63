import type { Queryable } from '../db/client.ts';
import { said } from '../text/lang.ts';
import { aboutFeature, type Candidate, type Problem } from './boundary-file.ts';
import { fold } from '../text/fold.ts';

export interface ProvinceTarget {
  code: string;
  /** The name a new province gets: the official one, else the one given with the import. */
  name: string | null;
  exists: boolean;
  isDemo: boolean;
  official: boolean;
  features: number;
}

export interface ProvinceResolution {
  /** Candidate number → province code (absent when it could not be resolved: an error says why). */
  provinceOf: Map<number, string>;
  provinces: ProvinceTarget[];
  problems: Problem[];
}

/**
 * Sends each feature of a boundary file to its province: the file's own province column, else the official 2025
 * list by commune code, else the province given with the import. A code that the official list puts in another
 * province than the file or the import says is an error naming both; a code missing from the official list of a
 * real province is fixed when the list has exactly one commune of that name in the province that the file lacks
 * (the national 2025 file has 23938 for Xã Ia Mơ, officially 23737), and reported either way.
 * Mutates `candidates[].code` for such fixes, so that every later step sees the official code.
 */
export async function resolveProvinces(db: Queryable, candidates: Candidate[], given: string | null, givenName: string | null): Promise<ProvinceResolution> {
  const problems: Problem[] = [];
  const say = (c: Candidate, severity: Problem['severity'], kind: string, en: string, vi: string) =>
    problems.push({ feature: c.n, code: c.code, severity, kind, message: aboutFeature(c.n, c.code, said(en, vi)) });

  const refProvinces = new Map(
    (await db.query<{ code: string; name: string }>('SELECT code, name FROM ref_province')).map((r) => [r.code, r.name]),
  );
  const codes = candidates.map((c) => c.code).filter((c): c is string => c !== null);
  const provinceCodes = [...new Set([...candidates.map((c) => c.provinceCode), given].filter((p): p is string => p !== null))];
  const ref = await db.query<{ code: string; name: string; provinceCode: string }>(
    `SELECT code, name, province_code AS "provinceCode" FROM ref_commune WHERE code = ANY ($1::text[]) OR province_code = ANY ($2::text[])`,
    [codes, provinceCodes],
  );
  const refByCode = new Map(ref.map((r) => [r.code, r]));
  const inFile = new Set(codes);
  const nameOf = (p: string) => refProvinces.get(p) ?? p;

  const provinceOf = new Map<number, string>();
  for (const c of candidates) {
    if (c.code === null) continue;
    let official = refByCode.get(c.code);
    const claimed = c.provinceCode ?? given;
    if (!official && claimed !== null && refProvinces.has(claimed)) {
      // Not in the official list: look for the official code by name within the province.
      const key = fold(c.name);
      const matches = ref.filter((r) => r.provinceCode === claimed && fold(r.name) === key && !inFile.has(r.code));
      if (matches.length === 1) {
        const was = c.code;
        c.code = matches[0].code;
        inFile.add(c.code);
        official = matches[0];
        say(
          c,
          'warning',
          'code_corrected',
          `code ${was} is not in the official 2025 list; the list gives ${c.code} for ${c.name} in ${nameOf(claimed)}: imported as ${c.code}`,
          `mã ${was} không có trong danh mục năm 2025; danh mục ghi ${c.code} cho ${c.name} thuộc ${nameOf(claimed)}: được nhập với mã ${c.code}`,
        );
      } else {
        say(
          c,
          'warning',
          'code_not_official',
          `code ${c.code} is not in the official 2025 list of communes (Công văn 1027/CTK-CSCL)`,
          `mã ${c.code} không có trong danh mục xã năm 2025 (Công văn 1027/CTK-CSCL)`,
        );
      }
    }
    if (official && c.provinceCode !== null && official.provinceCode !== c.provinceCode) {
      say(
        c,
        'error',
        'province_mismatch',
        `commune ${c.code} (${official.name}) belongs to province ${official.provinceCode} ${nameOf(official.provinceCode)} in the official list, but the file says province ${c.provinceCode} ${nameOf(c.provinceCode)}`,
        `xã ${c.code} (${official.name}) thuộc tỉnh ${official.provinceCode} ${nameOf(official.provinceCode)} theo danh mục chính thức, nhưng tệp ghi tỉnh ${c.provinceCode} ${nameOf(c.provinceCode)}`,
      );
      continue;
    }
    const province = c.provinceCode ?? official?.provinceCode ?? given;
    if (province === null) {
      say(
        c,
        'error',
        'no_province',
        `no province: the file has no province column (ma_tinh) and code ${c.code} is not in the official list; choose the province for the import`,
        `không xác định được tỉnh: tệp không có cột mã tỉnh (ma_tinh) và mã ${c.code} không có trong danh mục chính thức; hãy chọn tỉnh khi nhập`,
      );
      continue;
    }
    if (given !== null && province !== given) {
      say(
        c,
        'error',
        'other_province',
        `commune ${c.code} belongs to province ${province} ${nameOf(province)}, not to province ${given} ${nameOf(given)} chosen for this import`,
        `xã ${c.code} thuộc tỉnh ${province} ${nameOf(province)}, không thuộc tỉnh ${given} ${nameOf(given)} đã chọn để nhập`,
      );
      continue;
    }
    provinceOf.set(c.n, province);
  }

  const counts = new Map<string, number>();
  for (const p of provinceOf.values()) counts.set(p, (counts.get(p) ?? 0) + 1);
  const stored = new Map(
    (await db.query<{ code: string; isDemo: boolean }>('SELECT code, is_demo AS "isDemo" FROM province WHERE code = ANY ($1::text[])', [[...counts.keys()]])).map(
      (r) => [r.code, r.isDemo],
    ),
  );
  const provinces = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, features]) => ({
      code,
      name: refProvinces.get(code) ?? (code === given ? givenName : null),
      exists: stored.has(code),
      isDemo: stored.get(code) ?? false,
      official: refProvinces.has(code),
      features,
    }));
  for (const p of provinces) {
    if (p.isDemo) {
      problems.push({
        feature: null,
        code: null,
        severity: 'error',
        kind: 'demo_province',
        message: said(
          `province ${p.code} is the demo province: real boundaries cannot be imported into it`,
          `tỉnh ${p.code} là tỉnh dữ liệu mẫu: không thể nhập ranh giới thật vào đó`,
        ),
      });
    } else if (!p.exists && !p.name) {
      problems.push({
        feature: null,
        code: null,
        severity: 'error',
        kind: 'province_name',
        message: said(
          `province ${p.code} does not exist yet and is not an official province: give its name (provinceName)`,
          `tỉnh ${p.code} chưa có trong hệ thống và không có trong danh mục chính thức: hãy nhập tên tỉnh (provinceName)`,
        ),
      });
    }
  }
  return { provinceOf, provinces, problems };
}
