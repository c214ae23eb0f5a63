import { describe, expect, it } from 'vitest';
import { decodeUrlView, encodeUrlView } from '../../client/state/url-state.ts';
import { addView, mergeHits, pickerValue, sortProvinceRows, viewName, viewOptions } from '../../client/state/province-view.ts';
import { vi } from '../../client/i18n/vi.ts';
import { en } from '../../client/i18n/en.ts';
import type { Province, ProvinceChoice, ProvinceFigures, SearchHit } from '../../client/api/client.ts';

const national: Province = { code: '', name: '', isDemo: false, source: '', bbox: [102, 8, 110, 23], communeCount: 3321, provinceCount: 34, national: true };
const dienBien: Province = { code: '11', name: 'Điện Biên', isDemo: false, source: 'x', bbox: [102, 21, 103.5, 22.5], communeCount: 45, provinceCount: 1, national: false };
const choice = (code: string, name: string, isDemo = false): ProvinceChoice => ({
  code,
  name,
  isDemo,
  source: '',
  communeCount: 1,
  provinceCommuneCount: 1,
  bbox: [0, 0, 1, 1],
});

describe('the province view in the address bar', () => {
  it('round-trips p= with the rest of the view', () => {
    const v = { province: '11', asOf: '2025-12-31', commune: '03127' };
    expect(encodeUrlView(v)).toContain('p=11');
    expect(decodeUrlView(encodeUrlView(v))).toEqual(v);
  });

  it('leaves p out for the default view, and ignores a malformed one', () => {
    expect(encodeUrlView({ asOf: '2025-12-31' })).not.toContain('p=');
    expect(decodeUrlView('?p=1')).toEqual({});
    expect(decodeUrlView('?p=011')).toEqual({});
    expect(decodeUrlView('?p=%27%3B')).toEqual({});
    expect(decodeUrlView('?p=99')).toEqual({ province: '99' });
  });
});

describe('every read carries the view', () => {
  it('adds province= to reads and export links, after their own parameters', () => {
    expect(addView('/api/communes', '11')).toBe('/api/communes?province=11');
    expect(addView('/api/export/communes?format=csv&asOf=2025-12-31', '99')).toBe('/api/export/communes?format=csv&asOf=2025-12-31&province=99');
  });

  it('adds nothing for the default view, nor to accounts, audit, imports and the list of provinces', () => {
    expect(addView('/api/meta', '')).toBe('/api/meta');
    for (const path of ['/api/auth/session', '/api/users/3', '/api/audit?limit=5', '/api/import/hqs/template?format=csv', '/api/demo-provinces', '/api/provinces']) {
      expect(addView(path, '11')).toBe(path);
    }
  });
});

describe('the name of the view', () => {
  it('is the province name for one province', () => {
    expect(viewName(vi, dienBien, true)).toBe('Điện Biên');
  });

  it('is the whole country with its province count for an area that is the installation', () => {
    expect(viewName(vi, national, true)).toBe('Toàn quốc (34 tỉnh)');
    expect(viewName(en, national, true)).toBe('Whole country (34 provinces)');
  });

  it('is the number of provinces for an area of a few', () => {
    expect(viewName(vi, { ...national, provinceCount: 3 }, false)).toBe('3 tỉnh');
    expect(viewName(en, { ...national, provinceCount: 3 }, false)).toBe('3 provinces');
  });
});

describe('the province picker', () => {
  it('offers the whole country first when the area holds more than one real province, the demo marked', () => {
    const options = viewOptions(vi, [choice('11', 'Điện Biên'), choice('12', 'Lai Châu'), choice('99', 'Tỉnh Demo', true)], true);
    expect(options.map((o) => [o.code, o.label])).toEqual([
      ['', 'Toàn quốc (2 tỉnh)'],
      ['11', 'Điện Biên'],
      ['12', 'Lai Châu'],
      ['99', 'Tỉnh Demo (dữ liệu mẫu)'],
    ]);
  });

  it('marks a demo already named as such once', () => {
    const options = viewOptions(vi, [choice('99', 'Tỉnh Demo Điện Biên (dữ liệu mẫu)', true)], true);
    expect(options.map((o) => o.label)).toEqual(['Tỉnh Demo Điện Biên (dữ liệu mẫu)']);
  });

  it('does not offer a national view with one real province', () => {
    const options = viewOptions(en, [choice('11', 'Điện Biên'), choice('99', 'Demo', true)], true);
    expect(options.map((o) => o.label)).toEqual(['Điện Biên', 'Demo (demo data)']);
  });

  it('shows the view asked for, else the default view: national as "", one province by its code', () => {
    expect(pickerValue('99', national)).toBe('99');
    expect(pickerValue('', national)).toBe('');
    expect(pickerValue('', dienBien)).toBe('11');
    expect(pickerValue('', null)).toBe('');
  });
});

describe('search hits across provinces', () => {
  const hit = (kind: SearchHit['kind'], id: string, provinceCode: string): SearchHit => ({
    kind,
    id,
    name: id,
    communeCode: kind === 'commune' ? id : null,
    communeName: null,
    provinceCode,
    provinceName: provinceCode,
    geometry: { type: 'Point', coordinates: [0, 0] },
  });

  it('puts the view first, then other provinces, each hit once, at most the limit', () => {
    const merged = mergeHits([hit('commune', '03127', '11')], [hit('commune', '03127', '11'), hit('commune', '04000', '12'), hit('province', '12', '12')], 2);
    expect(merged.map((m) => [m.hit.id, m.inView])).toEqual([
      ['03127', true],
      ['04000', false],
    ]);
  });
});

describe('the national table', () => {
  const row = (code: string, name: string, kc: [number, number], communes = 10): ProvinceFigures => ({
    provinceCode: code,
    name,
    isDemo: false,
    communeCount: communes,
    figures: [{ id: 'key_complex', value: kc[0], total: kc[1] }],
  });
  const rows = [row('11', 'Điện Biên', [5, 45], 45), row('01', 'Hà Nội', [10, 126], 126), row('12', 'Lai Châu', [0, 0], 38)];
  const collator = new Intl.Collator('vi');

  it('sorts by name in Vietnamese order', () => {
    expect(sortProvinceRows(rows, 'name', 'ascending', collator).map((r) => r.name)).toEqual(['Điện Biên', 'Hà Nội', 'Lai Châu']);
  });

  it('sorts a figure by its share of the total, highest first when descending', () => {
    expect(sortProvinceRows(rows, 'key_complex', 'descending', collator).map((r) => r.provinceCode)).toEqual(['11', '01', '12']);
    expect(sortProvinceRows(rows, 'key_complex', 'ascending', collator).map((r) => r.provinceCode)).toEqual(['12', '01', '11']);
  });

  it('puts a missing figure last and sorts by commune count', () => {
    expect(sortProvinceRows(rows, 'officers', 'descending', collator).map((r) => r.name)).toEqual(['Điện Biên', 'Hà Nội', 'Lai Châu']);
    expect(sortProvinceRows(rows, 'communes', 'descending', collator).map((r) => r.provinceCode)).toEqual(['01', '11', '12']);
  });
});
