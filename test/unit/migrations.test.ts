import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../server/db/migrate.ts';

describe('loadMigrations', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });
  const folder = async (files: Record<string, string>) => {
    dir = await mkdtemp(join(tmpdir(), 'posture-mig-'));
    for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
    return dir;
  };

  it('reads the project migrations in order, starting at 001', async () => {
    const ms = await loadMigrations();
    expect(ms[0]).toMatchObject({ version: 1, name: 'domain' });
    expect(ms.map((m) => m.version)).toEqual(ms.map((_, i) => i + 1));
    expect(ms[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a gap in the numbering', async () => {
    await expect(loadMigrations(await folder({ '001-a.sql': 'SELECT 1', '003-c.sql': 'SELECT 3' }))).rejects.toThrow(
      /without gaps; found 003-c\.sql at position 2/,
    );
  });

  it('refuses a badly named file', async () => {
    await expect(loadMigrations(await folder({ '1-Init.sql': 'SELECT 1' }))).rejects.toThrow(/"1-Init\.sql" must be named NNN-name\.sql/);
  });
});
