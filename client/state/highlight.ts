import type { IndicatorsResponse } from '../../server/schemas/indicators.ts';

/**
 * The communes a highlight stands for in a set of figures: an indicator id (`key_complex`) names the communes behind
 * that figure, `kind:value` (`transformation:designated`, `hq:independent`) those of one segment of the status
 * breakdown; null when the figures hold no such source.
 *
 * @example highlightCodes(figuresOf2020, 'key_complex') // the 10 communes key and complex on the date of those figures
 */
export function highlightCodes(data: Pick<IndicatorsResponse, 'items' | 'statusBreakdown'>, source: string): string[] | null {
  const colon = source.indexOf(':');
  if (colon >= 0) {
    const kind = source.slice(0, colon);
    const value = source.slice(colon + 1);
    return data.statusBreakdown.find((b) => b.kind === kind && b.value === value)?.communes ?? null;
  }
  return data.items.find((i) => i.id === source)?.communes ?? null;
}
