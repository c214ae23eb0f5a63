import { describe, expect, it } from 'vitest';
import { formatArea, formatDecimal, formatDms, formatLength, formatMeridian, readGoTo } from '../../client/map/coordinates.ts';
import { toVn2000 } from '../../server/analysis/vn2000.ts';
import { vi } from '../../client/i18n/vi.ts';
import { en } from '../../client/i18n/en.ts';

describe('go to coordinates: what a user types', () => {
  const wgs = (lat: string, lon: string) => readGoTo(vi, { system: 'wgs84', lat, lon });

  it('reads a decimal comma or point', () => {
    expect(wgs('21,38512', '103.01633')).toEqual({ ok: true, lonLat: [103.01633, 21.38512] });
    expect(wgs(' 21.5 ', '−103')).toEqual({ ok: false, error: vi.mapTools.outside('21,5', '-103') });
  });

  it('names the empty or unreadable field, in the user’s language', () => {
    expect(wgs('', '103')).toEqual({ ok: false, error: vi.mapTools.required(vi.mapTools.lat) });
    expect(wgs('21', 'Đông')).toEqual({ ok: false, error: vi.mapTools.notNumber(vi.mapTools.lon, 'Đông') });
    expect(readGoTo(en, { system: 'wgs84', lat: '21', lon: 'abc' })).toEqual({ ok: false, error: en.mapTools.notNumber(en.mapTools.lon, 'abc') });
  });

  it('refuses out-of-range values, and says when latitude and longitude look swapped', () => {
    expect(wgs('91', '103')).toEqual({ ok: false, error: vi.mapTools.latRange });
    expect(wgs('21', '-180.5')).toEqual({ ok: false, error: vi.mapTools.lonRange });
    expect(wgs('103.2', '21.5')).toEqual({ ok: false, error: vi.mapTools.swapped });
    expect(wgs('48.85', '2.35')).toEqual({ ok: false, error: vi.mapTools.outside('48,85', '2,35') });
  });

  it('reads VN-2000 X/Y with thousands grouped either way, back to within a millimetre', () => {
    const { x, y } = toVn2000([103.02, 21.39], 103);
    const grouped = (v: number) => new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(v);
    for (const [xt, yt] of [[x.toFixed(3), y.toFixed(3)], [grouped(x), grouped(y)]]) {
      const r = readGoTo(vi, { system: 'vn2000', x: xt, y: yt, centralMeridian: 103 });
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(Math.abs(r.lonLat[0] - 103.02)).toBeLessThan(1e-7);
        expect(Math.abs(r.lonLat[1] - 21.39)).toBeLessThan(1e-7);
      }
    }
    expect(readGoTo(vi, { system: 'vn2000', x: '99999999', y: '5', centralMeridian: 103 }).ok).toBe(false);
  });
});

describe('coordinates and measures as the map shows them', () => {
  it('writes degrees, minutes and seconds with the hemisphere in the user’s language', () => {
    expect(formatDms(vi, 21.385111, 'lat')).toBe(`21°23'06,4" B`);
    expect(formatDms(en, -0.5, 'lon')).toBe(`0°30'00.0" W`);
    expect(formatDecimal(vi, 103.0163, 'lon')).toBe('103,01630° Đ');
    expect(formatMeridian(104.75)).toBe(`104°45'`);
  });

  it('writes lengths in m or km and areas in ha and km²', () => {
    expect(formatLength(vi, 845.3)).toBe('845,3 m');
    expect(formatLength(vi, 12345.6)).toBe('12,346 km');
    expect(formatArea(vi, 12.3456)).toBe('1.234,56 ha · 12,346 km²');
  });
});
