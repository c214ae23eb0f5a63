import { describe, expect, it } from 'vitest';
import { csvHeader, TABLE_IMPORT_KINDS } from '../../client/panels/admin/table-imports.ts';

describe('table import registry', () => {
  it('reads the column list from a template header: byte-order mark, quotes, CRLF, semicolons', () => {
    expect(csvHeader('\uFEFFcommune_code,kind,value,valid_from\r\n99001,drug_free,building,2025-01-01\r\n')).toEqual(['commune_code', 'kind', 'value', 'valid_from']);
    expect(csvHeader('"old_code";"new code, 2025";"note ""x"""\n')).toEqual(['old_code', 'new code, 2025', 'note "x"']);
    expect(csvHeader('')).toEqual([]);
  });

  it('lists each kind once, statuses first', () => {
    expect(TABLE_IMPORT_KINDS[0]).toBe('statuses');
    expect(new Set(TABLE_IMPORT_KINDS).size).toBe(TABLE_IMPORT_KINDS.length);
  });
});
