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
    const versions = ms.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(ms[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses two migrations with the same number', async () => {
    await expect(loadMigrations(await folder({ '001-a.sql': 'SELECT 1', '002-b.sql': 'SELECT 2', '002-c.sql': 'SELECT 3' }))).rejects.toThrow(
      /two migrations have the number 2: 002-b\.sql and 002-c\.sql/,
    );
  });

  it('takes a gap in the numbering (numbers reserved for parallel changes may land out of order), in order', async () => {
    const ms = await loadMigrations(await folder({ '003-c.sql': 'SELECT 3', '001-a.sql': 'SELECT 1' }));
    expect(ms.map((m) => m.version)).toEqual([1, 3]);
  });

  it('refuses a badly named file', async () => {
    await expect(loadMigrations(await folder({ '1-Init.sql': 'SELECT 1' }))).rejects.toThrow(/"1-Init\.sql" must be named NNN-name\.sql/);
  });
});
