import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { openEmbedded } from '../../server/db/client.ts';
import { readBoundaryFile } from '../../server/import/boundary-file.ts';
import { commitBoundaries } from '../../server/repositories/boundary-import.ts';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { geodataDir, hasGeodata } from '../support/env.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('../support/import-child.ts', import.meta.url));

/**
 * A process killed (SIGKILL) in the middle of an import leaves the database as it was. On PostgreSQL the child
 * imports into the run's schema; the embedded database of the run lives in this process's memory, so for that back
 * end the child works on a data folder of its own, which is reopened here after the kill.
 */
export function importKillSuite(h: Harness) {
  const url = process.env.DATABASE_URL;
  afterAll(async () => {
    await h.db.query(`DELETE FROM commune WHERE province_code = '11'`);
    await h.db.query(`DELETE FROM province WHERE code = '11'`);
  });

  it.skipIf(!url || !hasGeodata)('an import killed after writing its rows, before COMMIT, leaves no row behind', async () => {
    const [{ schema }] = await h.db.query<{ schema: string }>('SELECT current_schema() AS schema');
    const count = async () =>
      (await h.db.query<{ n: number; p: number }>(`SELECT (SELECT count(*)::int FROM commune) AS n, (SELECT count(*)::int FROM province) AS p`))[0];
    const before = await count();
    // Node itself with tsx's loader (not the tsx command, which runs the script in a grandchild a kill would miss).
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, `${geodataDir}/dienbien/dienbien_communes_2025.geojson`, '11'], {
      cwd: ROOT,
      env: { ...process.env, POSTURE_SCHEMA: schema },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Whatever happens below, the child does not outlive the test (it would hold its locks).
    const stop = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
    try {
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('WRITTEN')) resolve();
      });
      child.on('exit', () => reject(new Error(`the import process ended before writing: ${stderr}`)));
      setTimeout(() => reject(new Error(`the import process wrote nothing within 40 s: ${stderr}`)), 40_000);
    });
    // The 45 rows exist inside the child's open transaction, unseen from here.
    expect(await count()).toEqual(before);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The server rolls the transaction back when the connection drops; its locks go with it, so the same
    // communes can be imported at once (this would wait on the dead transaction's row locks otherwise).
    expect(await count()).toEqual(before);
    const res = await h.as('admin', {
      method: 'POST',
      url: `/api/import/boundaries/commit?province=11&provinceName=${encodeURIComponent('Điện Biên')}`,
      payload: (await import('node:fs')).readFileSync(`${geodataDir}/dienbien/dienbien_communes_2025.geojson`),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 45 });
    } finally {
      stop();
    }
  }, 60_000);

  it.skipIf(!!url || !hasGeodata)('embedded: an import killed before COMMIT leaves the data folder as it was, and usable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'posture-kill-'));
    const file = `${geodataDir}/dienbien/dienbien_communes_2025.geojson`;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, '11', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('WRITTEN')) resolve();
        });
        child.on('exit', () => reject(new Error(`the import process ended before writing: ${stderr}`)));
        setTimeout(() => reject(new Error(`the import process wrote nothing within 90 s: ${stderr}`)), 90_000);
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const before = Number(/BEFORE (\d+)/.exec(out)![1]);
      const db = await openEmbedded({ dataDir: dir });
      try {
        const [after] = await db.query<{ n: number; p: number }>(`SELECT (SELECT count(*)::int FROM commune) AS n, (SELECT count(*)::int FROM province) AS p`);
        expect(after).toEqual({ n: before, p: 0 });
        // Usable: the same import now goes through.
        const read = await readBoundaryFile(readFileSync(file));
        const result = await commitBoundaries(db, read.candidates, { userId: null, provinceCode: '11', provinceName: 'Điện Biên', fileName: 'again' });
        expect(result.created).toBe(45);
      } finally {
        await db.close();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
}
