import { describe, expect, it } from 'vitest';
import wkx from 'wkx';
import { geometryOfBlob, isSqlite } from '../../server/import/geopackage.ts';

/** A GeoPackage geometry blob: "GP", version 0, flags, srs_id, an envelope of `envelopeDoubles` doubles, the WKB. */
function blob(wkb: Buffer, { envelope = 0, empty = false, extended = false } = {}): Buffer {
  const doubles = [0, 4, 6, 6, 8][envelope];
  const head = Buffer.alloc(8 + doubles * 8);
  head.write('GP', 0, 'latin1');
  head[2] = 0;
  head[3] = 1 | (envelope << 1) | (empty ? 0b1_0000 : 0) | (extended ? 0b10_0000 : 0);
  head.writeInt32LE(4326, 4);
  for (let i = 0; i < doubles; i++) head.writeDoubleLE(100 + i, 8 + i * 8);
  return Buffer.concat([head, wkb]);
}

const square = wkx.Geometry.parseGeoJSON({ type: 'Polygon', coordinates: [[[105, 21], [105.02, 21], [105.02, 21.02], [105, 21]]] }).toWkb();

describe('GeoPackage geometry blobs', () => {
  it('reads the WKB after a header with no envelope', () => {
    expect(geometryOfBlob(blob(square))).toEqual({ type: 'Polygon', coordinates: [[[105, 21], [105.02, 21], [105.02, 21.02], [105, 21]]] });
  });

  it('skips an envelope of 4, 6 or 8 doubles', () => {
    for (const envelope of [1, 2, 3, 4]) expect(geometryOfBlob(blob(square, { envelope }))).toMatchObject({ type: 'Polygon' });
  });

  it('gives null for a geometry flagged empty', () => {
    expect(geometryOfBlob(blob(Buffer.alloc(0), { empty: true }))).toBeNull();
  });

  it('refuses a blob without the GP header, extended types and an invalid envelope indicator', () => {
    expect(() => geometryOfBlob(square)).toThrow(/no "GP" header/);
    expect(() => geometryOfBlob(blob(square, { extended: true }))).toThrow(/extended GeoPackage geometry types/);
    const bad = blob(square);
    bad[3] = 1 | (7 << 1);
    expect(() => geometryOfBlob(bad)).toThrow(/invalid envelope indicator 7/);
  });

  it('knows an SQLite file by its first 16 bytes', () => {
    expect(isSqlite(Buffer.from('SQLite format 3\0rest', 'latin1'))).toBe(true);
    expect(isSqlite(Buffer.from('{"type":"FeatureCollection"}'))).toBe(false);
    expect(isSqlite(Buffer.alloc(3))).toBe(false);
  });
});
