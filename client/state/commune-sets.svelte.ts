import type { IndicatorsResponse } from '../../server/schemas/indicators.ts';
import { highlightCodes } from './highlight.ts';

/**
 * Two sets of communes the user builds while reading the dashboard: the ones outlined on the map (behind a
 * figure that was clicked) and the ones the dashboard is computed for (the selection; empty = whole area).
 */
export interface Highlight {
  codes: string[];
  /** What the communes stand for: an indicator id or `kind:value`; null when the user picked them. */
  source: string | null;
}

class CommuneSets {
  highlight = $state.raw<Highlight | null>(null);
  selected = $state.raw<string[]>([]);

  setHighlight(codes: string[], source: string | null): void {
    this.highlight = { codes: [...new Set(codes)].sort(), source };
  }

  /**
   * The figures were read again (another date, an edit): a highlight that stands for a figure or a status value
   * takes that figure's communes in them. Communes picked by hand (no source) stay as they are.
   */
  follow(data: Pick<IndicatorsResponse, 'items' | 'statusBreakdown'>): void {
    const h = this.highlight;
    if (!h?.source) return;
    const codes = highlightCodes(data, h.source);
    if (codes === null) return;
    const next = [...new Set(codes)].sort();
    if (next.length !== h.codes.length || next.some((c, i) => c !== h.codes[i])) this.highlight = { codes: next, source: h.source };
  }

  clearHighlight(): void {
    this.highlight = null;
  }

  /** Shift-click on the map: add the commune to the selection, or take it out. */
  toggleSelected(code: string): void {
    this.selected = this.selected.includes(code) ? this.selected.filter((c) => c !== code) : [...this.selected, code].sort();
  }

  setSelected(codes: string[]): void {
    this.selected = [...new Set(codes)].sort();
  }

  clearSelected(): void {
    this.selected = [];
  }

  reset(): void {
    this.highlight = null;
    this.selected = [];
  }

  /**
   * Drops the communes the user cannot see (a shared link may name communes outside their area): they are
   * simply not there for this user, which is not an error.
   */
  keepWithin(visible: ReadonlySet<string>): void {
    if (this.selected.some((c) => !visible.has(c))) this.selected = this.selected.filter((c) => visible.has(c));
    const h = this.highlight;
    if (h && h.codes.some((c) => !visible.has(c))) {
      const codes = h.codes.filter((c) => visible.has(c));
      this.highlight = codes.length ? { ...h, codes } : null;
    }
  }
}

export const communeSets = new CommuneSets();
