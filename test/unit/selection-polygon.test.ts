import { describe, expect, it } from 'vitest';
import { checkSelectionPolygon, countCrossings } from '../../server/analysis/selection-polygon.ts';
import { MAX_SELECTION_CROSSINGS, MAX_SELECTION_VERTICES } from '../../server/schemas/campaigns.ts';

const square = (x: number, y: number, d = 0.1) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

describe('selection polygon check', () => {
  it('accepts a closed polygon with a hole, and a multipolygon', () => {
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [square(103, 21, 1), square(103.2, 21.2, 0.1)] }, 100, 100)).not.toThrow();
    expect(() => checkSelectionPolygon({ type: 'MultiPolygon', coordinates: [[square(103, 21)], [square(104, 21)]] }, 100, 100)).not.toThrow();
  });

  it('accepts a lasso that crosses itself (the database repairs it)', () => {
    const bowtie = [[103, 21], [103.1, 21.1], [103.1, 21], [103, 21.1], [103, 21]];
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [bowtie] }, 100, 100)).not.toThrow();
  });

  it('names the polygon and ring of an open ring', () => {
    const open = square(104, 21).slice(0, 4);
    expect(() => checkSelectionPolygon({ type: 'MultiPolygon', coordinates: [[square(103, 21)], [open]] }, 100, 100)).toThrow(
      'polygon 2, ring 1: not closed (the last position must repeat the first)',
    );
  });

  it('refuses a ring of fewer than 4 positions', () => {
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [[[103, 21], [103.1, 21], [103, 21]]] }, 100, 100)).toThrow(
      'polygon, ring 1: a ring needs at least 4 positions (3 corners and the closing one), got 3',
    );
  });

  it('refuses coordinates outside longitude/latitude, naming the position', () => {
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [[[103, 21], [103, 95], [104, 21], [103, 21]]] }, 100, 100)).toThrow(
      'polygon, ring 1, position 2: [103, 95] is not a longitude/latitude in EPSG:4326',
    );
  });

  it('counts positions over all rings against the limit', () => {
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [square(103, 21), square(103.01, 21.01, 0.01)] }, 9, 100)).toThrow(
      'polygon: 10 positions, more than the 9 allowed; simplify the shape',
    );
  });

  // A ring zigzagging across its own closing edge: m zigzag corners cross it m - 1 times.
  const zigzag = (m: number) => {
    const ring = [[103, 21]];
    for (let i = 1; i <= m; i++) ring.push([103 + i * 0.001, 21 + (i % 2 ? 0.001 : -0.001)]);
    ring.push([103 + (m + 1) * 0.001, 21], [103, 21]);
    return ring;
  };
  // Random positions in a small box: a scribble whose edges cross each other about a million times.
  const scribble = (n: number) => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const ring = Array.from({ length: n - 1 }, () => [103 + rnd() * 0.1, 21 + rnd() * 0.1]);
    return [...ring, ring[0]];
  };

  it('counts the crossings of a bow tie, a square with a hole, and a zigzag', () => {
    expect(countCrossings([[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]], 10)).toBe(1);
    expect(countCrossings([square(103, 21, 1), square(103.2, 21.2, 0.1)], 10)).toBe(0);
    expect(countCrossings([zigzag(20)], 100)).toBe(19);
    // Two rings crossing each other count too.
    expect(countCrossings([square(103, 21), square(103.05, 21.05)], 10)).toBe(2);
  });

  it('accepts a drawn shape crossing itself as many times as allowed, and refuses one crossing more', () => {
    const at = { type: 'Polygon' as const, coordinates: [zigzag(MAX_SELECTION_CROSSINGS + 1)] };
    const over = { type: 'Polygon' as const, coordinates: [zigzag(MAX_SELECTION_CROSSINGS + 2)] };
    expect(() => checkSelectionPolygon(at, MAX_SELECTION_VERTICES, MAX_SELECTION_CROSSINGS)).not.toThrow();
    expect(() => checkSelectionPolygon(over, MAX_SELECTION_VERTICES, MAX_SELECTION_CROSSINGS)).toThrow(
      `polygon: its outline crosses itself more than the ${MAX_SELECTION_CROSSINGS} times allowed; draw a simpler shape`,
    );
  });

  it('refuses a 4,999-vertex random self-intersecting polygon at once (it once took the database down)', () => {
    const started = performance.now();
    expect(() => checkSelectionPolygon({ type: 'Polygon', coordinates: [scribble(4999)] }, MAX_SELECTION_VERTICES, MAX_SELECTION_CROSSINGS)).toThrow(
      /crosses itself more than/,
    );
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('checks a valid outline of the most vertices allowed, every edge spanning the same longitudes, in well under a second', () => {
    // A comb of long horizontal teeth: the sweep's worst case (every edge overlaps every other in x), no crossing.
    const ring: number[][] = [];
    const teeth = Math.floor((MAX_SELECTION_VERTICES - 3) / 4);
    for (let i = 0; i < teeth; i++) {
      const y = 21 + i * 0.0002;
      ring.push([103, y], [104, y], [104, y + 0.0001], [103.0001, y + 0.0001]);
    }
    ring.push([102.9999, 21 + teeth * 0.0002], [102.9999, 21], ring[0]);
    const started = performance.now();
    expect(countCrossings([ring], MAX_SELECTION_CROSSINGS)).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
