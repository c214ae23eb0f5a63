import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../server/db/client.ts';
import { sqlFile } from '../../server/sql/index.ts';
import { planStatusRows } from '../../server/repositories/status-import.ts';
import { checkStatusRows, MAX_IMPORT_ROWS, overlapsInFile, readTable, type StatusRow } from '../../server/import/status-table.ts';
import { constants, deflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { checkZip, readZip, writeZip, ZIP_LIMITS } from '../../server/import/zip.ts';
import type { SaidError } from '../../server/text/said-error.ts';

const CHECK = sqlFile('import-status-check');
const HEADER = 'commune_code,kind,value,valid_from,valid_to\n';

describe('import limits', () => {
  it('plans a 150,000-row status import whose every row has a problem without overflowing the stack', async () => {
    const rows: StatusRow[] = Array.from({ length: 150_000 }, (_, i) => ({
      row: i + 2, communeCode: '91001', kind: 'drug_free', value: 'certified', validFrom: '2020-01-01', validTo: null,
      decisionNo: null, decisionDate: null, note: null,
    }));
    // The database finds a problem on every row; nothing else is known about the commune.
    const db: Queryable = {
      async query<T>(sql: string) {
        return (sql === CHECK ? rows.map((r) => ({ row: r.row, en: `row ${r.row}: unknown commune`, vi: `dòng ${r.row}: không có xã` })) : []) as T[];
      },
      async exec() {},
    };
    const plan = await planStatusRows(db, rows, null);
    // Every row but the first overlaps the one before it in the file, and every row is unknown to the database.
    expect(plan.problems).toHaveLength(2 * rows.length - 1);
    expect(overlapsInFile(rows)).toHaveLength(rows.length - 1);
  }, 120_000);

  it(`reads a CSV of ${MAX_IMPORT_ROWS} data rows and refuses one of a row more, naming the limit`, async () => {
    const line = '91001,drug_free,certified,2020-01-01,\n';
    const atLimit = await readTable(Buffer.from(HEADER + line.repeat(MAX_IMPORT_ROWS)));
    expect(atLimit.records).toHaveLength(MAX_IMPORT_ROWS);
    expect(checkStatusRows(atLimit).rows).toHaveLength(MAX_IMPORT_ROWS);
    await expect(readTable(Buffer.from(HEADER + line.repeat(MAX_IMPORT_ROWS + 1)))).rejects.toThrow(
      'the file has more than 200,000 data rows, the most one import takes; split it into several files',
    );
  }, 120_000);

  it('refuses an 800,000-row CSV (once 5.2 GB and a 500 after 147 s) without parsing past the limit', async () => {
    await expect(readTable(Buffer.from(HEADER + '91001,drug_free,certified,2020-01-01,\n'.repeat(800_000)))).rejects.toThrow(/more than 200,000 data rows/);
  }, 120_000);
});

describe('ZIP bounds', () => {
  const small = { maxBytes: 1024 * 1024, maxEntries: 5 };
  const zeros = (n: number) => new Uint8Array(n);
  /** The archive with every declared uncompressed size rewritten to 10 bytes: a ZIP bomb that lies. */
  const lying = (zip: Uint8Array) => {
    const buf = Buffer.from(zip);
    for (let i = 0; i + 4 <= buf.length; i++) {
      const sig = buf.readUInt32LE(i);
      if (sig === 0x04034b50) buf.writeUInt32LE(10, i + 22);
      if (sig === 0x02014b50) buf.writeUInt32LE(10, i + 24);
    }
    return buf;
  };

  it('unpacks an archive at the bounds', () => {
    const files = readZip(zipSync({ 'a.shp': zeros(small.maxBytes - 10), 'a.dbf': zeros(10) }, { level: 6 }), small);
    expect([...files.keys()]).toEqual(['a.shp', 'a.dbf']);
    expect(files.get('a.shp')!.length).toBe(small.maxBytes - 10);
  });

  it('refuses an archive unpacking to one byte more than allowed, by its declared size and when it lies about it', () => {
    const bomb = zipSync({ 'a.shp': zeros(small.maxBytes - 10), 'a.dbf': zeros(11) }, { level: 9 });
    expect(() => readZip(bomb, small)).toThrow('it unpacks to more than 1 MB, the most an upload may hold');
    expect(() => readZip(lying(bomb), small)).toThrow('it unpacks to more than 1 MB, the most an upload may hold');
    expect(() => checkZip(lying(bomb), small)).toThrow('it unpacks to more than 1 MB, the most an upload may hold');
  });

  it('refuses an archive of more entries than allowed', () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: small.maxEntries + 1 }, (_, i) => [`f${i}.txt`, zeros(1)])));
    expect(() => readZip(many, small)).toThrow('it holds more than 5 entries, the most an upload may hold');
  });

  it('keeps the default bounds of an upload: 512 MB unpacked, 1,000 entries', () => {
    expect(ZIP_LIMITS).toEqual({ maxBytes: 512 * 1024 * 1024, maxEntries: 1000 });
  });

  it('refuses a 1.2 GB entry compressed into a few hundred KB without unpacking it', { timeout: 120_000 }, () => {
    // Deflated zeros, built piece by piece: a stored-size header says 1.2 GB; nothing close to that is allocated.
    const bomb = zipSync({ 'big.shp': zeros(64 * 1024 * 1024) }, { level: 9 });
    const view = Buffer.from(bomb);
    for (let i = 0; i + 4 <= view.length; i++) {
      const sig = view.readUInt32LE(i);
      if (sig === 0x04034b50) view.writeUInt32LE(1_200_000_000, i + 22);
      if (sig === 0x02014b50) view.writeUInt32LE(1_200_000_000, i + 24);
    }
    const before = process.memoryUsage().rss;
    expect(() => readZip(view)).toThrow(/unpacks to more than 512 MB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  /**
   * A ZIP of one entry unpacking to 1 GiB of zeros, about 1 MB on disk, declaring `declared` bytes unpacked. The
   * deflate stream repeats one flushed block of 16 MiB of zeros (a full flush makes each copy independent of the
   * one before), so the test never holds the gigabyte itself. Its CRC is left at 0: nothing reads that far.
   */
  function gigabyteBomb(declared: number): Buffer {
    const block = deflateRawSync(Buffer.alloc(16 * 1024 * 1024), { finishFlush: constants.Z_FULL_FLUSH });
    const data = Buffer.concat([...Array.from({ length: 64 }, () => block), deflateRawSync(Buffer.alloc(0))]);
    const name = Buffer.from('bomb.shp');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12);
    end.writeUInt32LE(local.length + name.length + data.length, 16);
    return Buffer.concat([local, name, data, central, name, end]);
  }

  /** The growth of the process's resident memory and of its heap and buffers while `f` runs. */
  function growth(f: () => void): { rss: number; heap: number } {
    const before = process.memoryUsage();
    f();
    const after = process.memoryUsage();
    return { rss: after.rss - before.rss, heap: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers };
  }

  const MB = 1024 * 1024;
  const saidOf = (f: () => void) => {
    try {
      f();
    } catch (err) {
      return (err as SaidError).said;
    }
    throw new Error('no error');
  };

  it('refuses a real 1 GiB ZIP bomb that declares its size from its directory, unpacking nothing', { timeout: 120_000 }, () => {
    const bomb = gigabyteBomb(1024 * MB);
    expect(bomb.length).toBeLessThan(2 * MB);
    let said: { en: string; vi: string } | undefined;
    const grew = growth(() => (said = saidOf(() => readZip(bomb))));
    expect(said).toEqual({ en: 'it unpacks to more than 512 MB, the most an upload may hold', vi: 'khi giải nén vượt quá 512 MB, mức tối đa của một tệp tải lên' });
    expect(grew.rss).toBeLessThan(64 * MB);
    expect(grew.heap).toBeLessThan(64 * MB);
  });

  it('refuses a real 1 GiB ZIP bomb that lies about its size once it has unpacked past the bound, keeping nothing', { timeout: 300_000 }, () => {
    const bomb = gigabyteBomb(1000);
    for (const read of [() => readZip(bomb), () => checkZip(bomb)]) {
      let said: { en: string; vi: string } | undefined;
      const grew = growth(() => (said = saidOf(read)));
      expect(said).toEqual({ en: 'it unpacks to more than 512 MB, the most an upload may hold', vi: 'khi giải nén vượt quá 512 MB, mức tối đa của một tệp tải lên' });
      // 512 MB went through the inflater; at most a piece or two of it is held at once.
      expect(grew.rss).toBeLessThan(100 * MB);
      expect(grew.heap).toBeLessThan(100 * MB);
    }
  });

  it('writes archives it reads back', () => {
    expect(readZip(writeZip({ 'xã.cpg': 'UTF-8' })).get('xã.cpg')!.toString()).toBe('UTF-8');
  });
});
