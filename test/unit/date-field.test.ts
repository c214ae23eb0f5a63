import { describe, expect, it } from 'vitest';
import { parseDateText } from '../../client/ui/date-field.ts';

describe('parseDateText', () => {
  it('reads dd/mm/yyyy as day first, whatever the browser language', () => {
    expect(parseDateText('31/12/2020')).toBe('2020-12-31');
    expect(parseDateText('01/02/2026')).toBe('2026-02-01');
    expect(parseDateText('1/2/2026')).toBe('2026-02-01');
    expect(parseDateText(' 07-12-2026 ')).toBe('2026-12-07');
    expect(parseDateText('7.12.2026')).toBe('2026-12-07');
  });

  it('reads an ISO date', () => {
    expect(parseDateText('2020-12-31')).toBe('2020-12-31');
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['', '12/31/2020', '30/02/2026', '29/02/2025', '00/01/2026', '2026-13-01', 'hôm nay', '31/12/20']) expect(parseDateText(bad), bad).toBeNull();
    expect(parseDateText('29/02/2024')).toBe('2024-02-29');
  });
});
