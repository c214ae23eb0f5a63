import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

/**
 * A minimal PMTiles v3 writer for test fixtures (npm has readers only): one root directory, no leaf
 * directories, gzip-compressed directory and metadata, tiles stored as given. Enough for a few hundred tiles;
 * the layout follows https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md.
 */
export interface PmtilesInput {
  /** 1 MVT, 2 PNG, 3 JPEG, 4 WebP. */
  tileType: 1 | 2 | 3 | 4;
  /** 1 none, 2 gzip: how the given tile bytes are compressed. */
  tileCompression: 1 | 2;
  tiles: { z: number; x: number; y: number; data: Uint8Array }[];
  metadata: Record<string, unknown>;
  bounds: [number, number, number, number];
}

function varint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

function directory(entries: Entry[]): Buffer {
  const out: number[] = [];
  varint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    varint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) varint(out, e.runLength);
  for (const e of entries) varint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    varint(out, i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Buffer.from(out);
}

export function writePmtiles(input: PmtilesInput): Buffer {
  const tiles = input.tiles.map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.tileId - b.tileId);
  const entries: Entry[] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const t of tiles) {
    entries.push({ tileId: t.tileId, offset, length: t.data.length, runLength: 1 });
    chunks.push(Buffer.from(t.data));
    offset += t.data.length;
  }
  const tileData = Buffer.concat(chunks);
  const root = gzipSync(directory(entries));
  const metadata = gzipSync(Buffer.from(JSON.stringify(input.metadata)));
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const u64 = (at: number, value: number) => header.writeBigUInt64LE(BigInt(value), at);
  const rootOffset = 127;
  const metadataOffset = rootOffset + root.length;
  const leafOffset = metadataOffset + metadata.length;
  const dataOffset = leafOffset;
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leafOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, tileData.length);
  u64(72, tiles.length);
  u64(80, entries.length);
  u64(88, tiles.length);
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(2, 97); // internal compression: gzip
  header.writeUInt8(input.tileCompression, 98);
  header.writeUInt8(input.tileType, 99);
  const zooms = tiles.map((t) => t.z);
  header.writeUInt8(Math.min(...zooms), 100);
  header.writeUInt8(Math.max(...zooms), 101);
  const [w, s, e, n] = input.bounds.map((d) => Math.round(d * 1e7));
  header.writeInt32LE(w, 102);
  header.writeInt32LE(s, 106);
  header.writeInt32LE(e, 110);
  header.writeInt32LE(n, 114);
  header.writeUInt8(Math.min(...zooms), 118);
  header.writeInt32LE(Math.round((w + e) / 2), 119);
  header.writeInt32LE(Math.round((s + n) / 2), 123);
  return Buffer.concat([header, root, metadata, tileData]);
}
