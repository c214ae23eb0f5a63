import { describe, expect, it } from 'vitest';
import { vietnamToday } from '../../server/app.ts';

describe('vietnamToday', () => {
  it('uses Vietnam time (UTC+7): 18:00 UTC is already the next day', () => {
    expect(vietnamToday(new Date('2025-12-31T18:00:00Z'))).toBe('2026-01-01');
  });
  it('keeps the date before 17:00 UTC', () => {
    expect(vietnamToday(new Date('2025-12-31T16:59:59Z'))).toBe('2025-12-31');
  });
});
