import { describe, expect, it } from 'vitest';
import { highlightCodes } from '../../client/state/highlight.ts';

/** Figures of two dates for the same three communes: the key-and-complex list shrinks, a designation starts. */
const figure = (id: string, communes: string[]) => ({ id, communes }) as never;
const segment = (kind: string, value: string, communes: string[]) => ({ kind, value, count: communes.length, communes });
const in2020 = {
  items: [figure('key_complex', ['99001']), figure('drug_key_area', [])],
  statusBreakdown: [segment('transformation', 'designated', ['99001']), segment('transformation', 'none', ['99002', '99003']), segment('hq', 'independent', [])],
};
const in2025 = {
  items: [figure('key_complex', ['99001', '99002', '99003']), figure('drug_key_area', ['99003'])],
  statusBreakdown: [segment('transformation', 'designated', ['99002']), segment('transformation', 'transformed', ['99001']), segment('hq', 'independent', ['99003'])],
};

describe('highlightCodes', () => {
  it('takes the communes behind an indicator from the figures of the date', () => {
    expect(highlightCodes(in2025, 'key_complex')).toEqual(['99001', '99002', '99003']);
    expect(highlightCodes(in2020, 'key_complex')).toEqual(['99001']);
  });

  it('takes a status value from the breakdown, the HQ status included', () => {
    expect(highlightCodes(in2020, 'transformation:designated')).toEqual(['99001']);
    expect(highlightCodes(in2025, 'transformation:designated')).toEqual(['99002']);
    expect(highlightCodes(in2025, 'hq:independent')).toEqual(['99003']);
    expect(highlightCodes(in2020, 'hq:independent')).toEqual([]);
  });

  it('answers null for a source the figures do not hold, so that the highlight is left alone', () => {
    expect(highlightCodes(in2020, 'transformation:transformed')).toBeNull();
    expect(highlightCodes(in2020, 'self_governing_models')).toBeNull();
  });
});
