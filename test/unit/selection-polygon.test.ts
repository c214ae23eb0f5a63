import { describe, expect, it } from 'vitest';
import { checkSelectionPolygon } from '../../server/analysis/selection-polygon.ts';

const square = (x: number, y: number, d = 0.1) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

describe('selection polygon check', () => {
  it('accepts a closed polygon with a hole, and a multipolygon', () => {
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [square(103, 21, 1), square(103.2, 21.2, 0.1)] }, 100)).not.toThrow();
    expect(() => checkSelectionPolygon({ type: 'MultiPolygon', coordinates: [[square(103, 21)], [square(104, 21)]] }, 100)).not.toThrow();
  });

  it('accepts a lasso that crosses itself (the database repairs it)', () => {
    const bowtie = [[103, 21], [103.1, 21.1], [103.1, 21], [103, 21.1], [103, 21]];
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [bowtie] }, 100)).not.toThrow();
  });

  it('names the polygon and ring of an open ring', () => {
    const open = square(104, 21).slice(0, 4);
    expect(() => checkSelectionPolygon({ type: 'MultiPolygon', coordinates: [[square(103, 21)], [open]] }, 100)).toThrow(
      'polygon 2, ring 1: not closed (the last position must repeat the first)',
    );
  });

  it('refuses a ring of fewer than 4 positions', () => {
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [[[103, 21], [103.1, 21], [103, 21]]] }, 100)).toThrow(
      'polygon, ring 1: a ring needs at least 4 positions (3 corners and the closing one), got 3',
    );
  });

  it('refuses coordinates outside longitude/latitude, naming the position', () => {
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [[[103, 21], [103, 95], [104, 21], [103, 21]]] }, 100)).toThrow(
      'polygon, ring 1, position 2: [103, 95] is not a longitude/latitude in EPSG:4326',
    );
  });

  it('counts positions over all rings against the limit', () => {
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [square(103, 21), square(103.01, 21.01, 0.01)] }, 9)).toThrow(
      'polygon: 10 positions, more than the 9 allowed; simplify the shape',
    );
  });
});
