import { writeZip } from '../../server/import/zip.ts';

/** One polygon record: outer rings only, as [x, y] positions (closed). */
export interface ShapeRecord {
  rings: number[][][];
  fields: Record<string, string>;
}

/**
 * A zipped polygon Shapefile (.shp, .dbf, and .prj / .cpg when given) written from scratch, so that the tests
 * need no binary fixtures. Text fields are encoded with `encode` (UTF-8 by default).
 */
export function zippedShapefile(
  records: ShapeRecord[],
  opts: { prj?: string; cpg?: string; encode?: (s: string) => Buffer; name?: string } = {},
): Buffer {
  const name = opts.name ?? 'communes';
  const files: Record<string, Buffer | string> = { [`${name}.shp`]: shpFile(records), [`${name}.dbf`]: dbfFile(records, opts.encode ?? ((s) => Buffer.from(s, 'utf8'))) };
  if (opts.prj) files[`${name}.prj`] = opts.prj;
  if (opts.cpg) files[`${name}.cpg`] = opts.cpg;
  return writeZip(files);
}

function bboxOf(points: number[][]): [number, number, number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function shpFile(records: ShapeRecord[]): Buffer {
  const bodies = records.map((r, i) => {
    // Shapefile outer rings run clockwise.
    const rings = r.rings.map((ring) => (signedArea(ring) > 0 ? [...ring].reverse() : ring));
    const points = rings.flat();
    const content = Buffer.alloc(44 + 4 * rings.length + 16 * points.length);
    content.writeInt32LE(5, 0);
    bboxOf(points).forEach((v, k) => content.writeDoubleLE(v, 4 + 8 * k));
    content.writeInt32LE(rings.length, 36);
    content.writeInt32LE(points.length, 40);
    let start = 0;
    rings.forEach((ring, k) => {
      content.writeInt32LE(start, 44 + 4 * k);
      start += ring.length;
    });
    const base = 44 + 4 * rings.length;
    points.forEach((p, k) => {
      content.writeDoubleLE(p[0], base + 16 * k);
      content.writeDoubleLE(p[1], base + 16 * k + 8);
    });
    const header = Buffer.alloc(8);
    header.writeInt32BE(i + 1, 0);
    header.writeInt32BE(content.length / 2, 4);
    return Buffer.concat([header, content]);
  });
  const body = Buffer.concat(bodies);
  const header = Buffer.alloc(100);
  header.writeInt32BE(9994, 0);
  header.writeInt32BE((100 + body.length) / 2, 24);
  header.writeInt32LE(1000, 28);
  header.writeInt32LE(5, 32);
  bboxOf(records.flatMap((r) => r.rings.flat())).forEach((v, k) => header.writeDoubleLE(v, 36 + 8 * k));
  return Buffer.concat([header, body]);
}

function signedArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

function dbfFile(records: ShapeRecord[], encode: (s: string) => Buffer): Buffer {
  const names = Object.keys(records[0]?.fields ?? {});
  const widths = names.map((n) => Math.max(1, ...records.map((r) => encode(r.fields[n] ?? '').length)));
  const headerLen = 32 + 32 * names.length + 1;
  const recordLen = 1 + widths.reduce((a, b) => a + b, 0);
  const header = Buffer.alloc(headerLen);
  header.writeUInt8(3, 0);
  header.writeUInt8(125, 1);
  header.writeUInt8(1, 2);
  header.writeUInt8(1, 3);
  header.writeUInt32LE(records.length, 4);
  header.writeUInt16LE(headerLen, 8);
  header.writeUInt16LE(recordLen, 10);
  names.forEach((n, k) => {
    header.write(n.slice(0, 10), 32 + 32 * k, 'latin1');
    header.write('C', 32 + 32 * k + 11, 'latin1');
    header.writeUInt8(widths[k], 32 + 32 * k + 16);
  });
  header.writeUInt8(0x0d, headerLen - 1);
  const rows = records.map((r) => {
    const row = Buffer.alloc(recordLen, 0x20);
    let at = 1;
    names.forEach((n, k) => {
      encode(r.fields[n] ?? '').copy(row, at);
      at += widths[k];
    });
    return row;
  });
  return Buffer.concat([header, ...rows, Buffer.from([0x1a])]);
}
