import { inflateRawSync } from 'node:zlib';
import { said } from '../text/lang.ts';
import { SaidError } from '../text/said-error.ts';

/**
 * The files of a ZIP archive (stored or deflated entries; no ZIP64, no encryption), read from its central
 * directory. Enough for zipped Shapefiles; anything else is refused with a message saying what.
 */
export function readZip(buf: Buffer, maxEntryBytes = 512 * 1024 * 1024): Map<string, Buffer> {
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) throw new SaidError(said('not a ZIP archive (no end-of-central-directory record)', 'không phải tệp ZIP (không có bản ghi kết thúc thư mục trung tâm)'));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new SaidError(said(`ZIP central directory entry ${i + 1} is damaged`, `mục ${i + 1} của thư mục trung tâm ZIP bị hỏng`));
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1');
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (flags & 0x1) throw new SaidError(said(`ZIP entry ${name} is encrypted`, `tệp ${name} trong ZIP bị mã hóa`));
    if (size > maxEntryBytes) throw new SaidError(said(`ZIP entry ${name} is too large once unpacked (${size} bytes)`, `tệp ${name} trong ZIP quá lớn khi giải nén (${size} byte)`));
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new SaidError(said(`ZIP entry ${name} is damaged`, `tệp ${name} trong ZIP bị hỏng`));
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressed);
    if (method === 0) files.set(name, raw);
    else if (method === 8) files.set(name, inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) }));
    else {
      throw new SaidError(
        said(
          `ZIP entry ${name} uses compression method ${method}; only stored and deflated entries are read`,
          `tệp ${name} trong ZIP dùng phương thức nén ${method}; chỉ đọc được tệp không nén hoặc nén deflate`,
        ),
      );
    }
  }
  return files;
}

function findEndOfCentralDirectory(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  return -1;
}

/** A ZIP archive of the given files, stored without compression (test fixtures, template downloads). */
export function writeZip(files: Record<string, Buffer | string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(nameBuf.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x800, 8);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(nameBuf.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, nameBuf, data);
    central.push(ch, nameBuf);
    offset += lh.length + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
