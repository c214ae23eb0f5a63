/**
 * WOFF (1.0) → plain TrueType/OpenType bytes. jsPDF embeds TrueType only, and the bundled Noto Sans
 * comes as WOFF2 and WOFF; WOFF is the same tables, each zlib-compressed, behind a different header, so
 * unwrapping it needs nothing but the browser's own DecompressionStream. Spec: https://www.w3.org/TR/WOFF/
 */

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function woffToSfnt(woff: ArrayBuffer): Promise<ArrayBuffer> {
  const view = new DataView(woff);
  if (view.byteLength < 44 || view.getUint32(0) !== WOFF_SIGNATURE) throw new Error('not a WOFF 1.0 font (bad signature)');
  const flavor = view.getUint32(4);
  const numTables = view.getUint16(12);
  const tables: { tag: number; checksum: number; data: Uint8Array }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const tag = view.getUint32(at);
    const offset = view.getUint32(at + 4);
    const compLength = view.getUint32(at + 8);
    const origLength = view.getUint32(at + 12);
    const checksum = view.getUint32(at + 16);
    if (offset + compLength > view.byteLength) throw new Error(`WOFF table ${i} runs past the end of the file`);
    const raw = new Uint8Array(woff, offset, compLength);
    const data = compLength < origLength ? await inflate(raw) : raw.slice();
    if (data.length !== origLength) throw new Error(`WOFF table ${i}: ${data.length} bytes after inflating, ${origLength} expected`);
    tables.push({ tag, checksum, data });
  }
  // sfnt tables are sorted by tag and 4-byte aligned.
  tables.sort((a, b) => a.tag - b.tag);
  const pad = (n: number) => (n + 3) & ~3;
  const headerSize = 12 + 16 * numTables;
  const size = tables.reduce((n, t) => n + pad(t.data.length), headerSize);
  const out = new ArrayBuffer(size);
  const o = new DataView(out);
  const bytes = new Uint8Array(out);
  const log2 = Math.floor(Math.log2(numTables));
  o.setUint32(0, flavor);
  o.setUint16(4, numTables);
  o.setUint16(6, 2 ** log2 * 16);
  o.setUint16(8, log2);
  o.setUint16(10, numTables * 16 - 2 ** log2 * 16);
  let offset = headerSize;
  tables.forEach((t, i) => {
    const rec = 12 + i * 16;
    o.setUint32(rec, t.tag);
    o.setUint32(rec + 4, t.checksum);
    o.setUint32(rec + 8, offset);
    o.setUint32(rec + 12, t.data.length);
    bytes.set(t.data, offset);
    offset += pad(t.data.length);
  });
  return out;
}
