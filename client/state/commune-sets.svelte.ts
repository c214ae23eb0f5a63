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
}

export const communeSets = new CommuneSets();
