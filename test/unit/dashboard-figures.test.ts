import { describe, expect, it } from 'vitest';
import { change, indicatorText, tone, yearlyRows } from '../../client/panels/dashboard/figures.ts';
import { dateForYear, yearOf } from '../../client/map-page/time.ts';
import { vi } from '../../client/i18n/vi.ts';
import { en } from '../../client/i18n/en.ts';
import type { Indicator } from '../../server/schemas/indicators.ts';

const item = (id: string, current: [number, number | null], previous: [number, number | null] | null): Indicator => ({
  id,
  current: { value: current[0], total: current[1] },
  previous: previous && { value: previous[0], total: previous[1] },
  communes: [],
});

describe('year-over-year change', () => {
  it('gives direction, delta and relative change', () => {
    expect(change(15, 18)).toEqual({ direction: 'down', delta: -3, percent: (-3 / 18) * 100 });
    expect(change(4, 0)).toEqual({ direction: 'up', delta: 4, percent: null });
    expect(change(7, 7)).toEqual({ direction: 'flat', delta: 0, percent: 0 });
    expect(change(7, null)).toBeNull();
  });

  it('treats fewer key-and-complex communes as good news and fewer drug-free ones as bad', () => {
    expect(tone('key_complex', 'down')).toBe('good');
    expect(tone('border_drug_free', 'down')).toBe('bad');
    expect(tone('social_order_cases', 'up')).toBe('bad');
    expect(tone('investigation_rate', 'up')).toBe('good');
    expect(tone('drug_arrests', 'up')).toBe('neutral');
  });
});

describe('report sentences', () => {
  it('says "15/45 xã trọng điểm, phức tạp" with its change since a year earlier', () => {
    const text = indicatorText(vi, item('key_complex', [15, 45], [18, 45]), '2024-12-31');
    expect(`${text.lead} ${text.text}`).toBe('15/45 xã trọng điểm, phức tạp về ANTT');
    expect(text.changeText).toBe('giảm 3 so với 31/12/2024');
    expect(text.tone).toBe('good');
  });

  it('says "80 of 120 commune police units operate from independent headquarters" in English', () => {
    const text = indicatorText(en, item('hq_independent', [80, 120], [80, 118]), '2024-12-31');
    expect(`${text.lead} ${text.text}`).toBe('80 of 120 commune police units operate from independent headquarters');
    expect(text.changeText).toBe('unchanged since 2024-12-31');
    expect(text.direction).toBe('flat');
  });

  it('gives officers per unit and compares the average, one decimal', () => {
    const vn = indicatorText(vi, item('officers', [818, 120], [700, 112]), '2024-12-31');
    expect(`${vn.lead} ${vn.text}`).toBe('818 cán bộ chuyên trách tại 120 đơn vị, bình quân 6,8 người/đơn vị');
    expect(vn.changeText).toBe('tăng 0,6 so với 31/12/2024');
    const gb = indicatorText(en, item('officers', [818, 120], null), '2024-12-31');
    expect(`${gb.lead} ${gb.text}`).toBe('818 full-time officers in 120 units, 6.8 per unit');
    expect(gb.changeText).toBe('no figure a year earlier');
    expect(gb.direction).toBeNull();
  });

  it('adds the share to "transformed or maintained" and survives a zero denominator', () => {
    expect(indicatorText(vi, item('key_complex_transformed', [3, 18], null), '2024-12-31').text).toBe('xã trọng điểm đã chuyển hóa hoặc giữ vững (16,7%)');
    expect(indicatorText(en, item('key_complex_transformed', [0, 0], null), '2024-12-31').text).toBe('key communes transformed or maintained');
  });

  it('shows an indicator this client does not know by its id rather than not at all', () => {
    const text = indicatorText(en, item('new_indicator', [5, null], [4, null]), '2024-12-31');
    expect(text).toMatchObject({ lead: '5', text: 'new_indicator', direction: 'up' });
  });
});

describe('yearly province figures', () => {
  const yearly = [
    { provinceCode: '11', year: 2023, indicator: 'social_order_cases', value: 162, unit: 'cases' },
    { provinceCode: '11', year: 2024, indicator: 'social_order_cases', value: 110, unit: 'cases' },
    { provinceCode: '11', year: 2023, indicator: 'investigation_rate', value: 88.4, unit: 'percent' },
    { provinceCode: '11', year: 2024, indicator: 'investigation_rate', value: 90.5, unit: 'percent' },
    { provinceCode: '11', year: 2024, indicator: 'drug_cases', value: 40, unit: 'cases' },
  ];

  it('says "reduced by 32.1% compared to 2023" for counts and moves rates in points', () => {
    const rows = yearlyRows(en, yearly);
    expect(rows.map((r) => r.indicator)).toEqual(['social_order_cases', 'drug_cases', 'investigation_rate']);
    expect(rows[0]).toMatchObject({ year: 2024, value: '110', unit: 'cases', changeText: 'reduced by 32.1% compared to 2023', tone: 'good' });
    expect(rows[2]).toMatchObject({ value: '90.5%', changeText: 'increased by 2.1 points compared to 2023', tone: 'good' });
    expect(rows[1].changeText).toBeNull();
    expect(rows[0].series).toEqual([
      { year: 2023, value: 162 },
      { year: 2024, value: 110 },
    ]);
  });

  it('words it in Vietnamese with a decimal comma', () => {
    expect(yearlyRows(vi, yearly)[0].changeText).toBe('giảm 32,1% so với năm 2023');
  });
});

describe('year slider dates', () => {
  it('stands a past year for its 31 December and the current year for today', () => {
    expect(dateForYear(2021, '2025-06-30')).toBe('2021-12-31');
    expect(dateForYear(2025, '2025-06-30')).toBe('2025-06-30');
    expect(yearOf('2023-04-01')).toBe(2023);
    expect(yearOf('')).toBeNull();
  });
});
