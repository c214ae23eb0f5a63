import { describe, expect, it } from 'vitest';
import { csvCell, csvTable } from '../../server/exports/csv.ts';

describe('CSV through papaparse', () => {
  it('quotes a cell holding a byte-order mark, which a reader could take for the start of a file', () => {
    expect(csvCell('Xã\uFEFFA')).toBe('"Xã\uFEFFA"');
  });

  it('neutralises a formula followed by a line break without quoting it twice', () => {
    expect(csvCell('=1+1\nx')).toBe(`"'=1+1\nx"`);
    expect(csvCell('=1+1')).toBe(`'=1+1`);
  });

  it('writes each row with its own number of cells, and a header alone for no rows', () => {
    expect(csvTable(['a', 'b'], [[1], [], [1, 2, 3]])).toBe('\uFEFFa,b\r\n1\r\n\r\n1,2,3\r\n');
    expect(csvTable(['Mã xã'], [])).toBe('\uFEFFMã xã\r\n');
  });
});
