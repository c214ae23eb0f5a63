import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';

const decode: Record<string, (b: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync };

/** Answers go out compressed as the request accepts; binary formats and streamed progress do not. */
export function compressionSuite(h: Harness) {
  const get = (url: string, encoding?: string) => h.as('admin', { method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  describe('communes (GeoJSON)', () => {
    for (const encoding of ['br', 'gzip']) {
      it(`with accept-encoding ${encoding}: ${encoding}, decompressing to the same JSON`, async () => {
        const [plain, packed] = await Promise.all([get('/api/communes?asOf=2025-01-01'), get('/api/communes?asOf=2025-01-01', encoding)]);
        expect(plain.statusCode).toBe(200);
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(packed.statusCode).toBe(200);
        expect(packed.headers['content-encoding']).toBe(encoding);
        expect(packed.headers.vary).toMatch(/accept-encoding/i);
        expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
        expect(JSON.parse(decode[encoding](packed.rawPayload).toString('utf8'))).toEqual(plain.json());
      });
    }

    it('prefers br when both are accepted', async () => {
      expect((await get('/api/communes', 'gzip, deflate, br')).headers['content-encoding']).toBe('br');
    });
  });

  it('compresses a CSV export', async () => {
    const [plain, packed] = await Promise.all([get('/api/export/communes?format=csv'), get('/api/export/communes?format=csv', 'gzip')]);
    expect(packed.statusCode).toBe(200);
    expect(packed.headers['content-type']).toMatch(/^text\/csv/);
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(packed.rawPayload).equals(plain.rawPayload)).toBe(true);
  });

  it('leaves an XLSX export (already a ZIP) as it is', async () => {
    const res = await get('/api/export/communes?format=xlsx', 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('streams import progress (application/x-ndjson) uncompressed, so each line leaves at once', async () => {
    const file = readFileSync(new URL('../fixtures/import/valid-two-communes.geojson', import.meta.url));
    const res = await h.as('admin', {
      method: 'POST',
      url: `/api/import/boundaries/preview?province=90&provinceName=${encodeURIComponent('Tỉnh thử nén')}`,
      payload: file,
      headers: { 'content-type': 'application/octet-stream', accept: 'application/x-ndjson', 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.body.trimEnd().split('\n').at(-1)!)).toHaveProperty('result');
  });
}
