import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const STAMP_MODULE = pathToFileURL(join(import.meta.dirname, '../../scripts/build-stamp.mjs')).href;

/** A process that takes the build lock of `outDir`, notes its start and end in `log` 300 ms apart, and exits. */
function builder(outDir: string, log: string): Promise<{ code: number | null; out: string }> {
  const script = `import { appendFileSync } from 'node:fs';
    import { withBuildLock } from ${JSON.stringify(STAMP_MODULE)};
    await withBuildLock(${JSON.stringify(outDir)}, async () => {
      appendFileSync(${JSON.stringify(log)}, 'start ' + process.pid + '\\n');
      await new Promise((r) => setTimeout(r, 300));
      appendFileSync(${JSON.stringify(log)}, 'end ' + process.pid + '\\n');
    });`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('build lock (several starts at once)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'posture-build-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets one process build at a time: the others wait, say for whom, and go on after it', async () => {
    const log = join(dir, 'log');
    const outDir = join(dir, 'dist', 'server');
    const runs = await Promise.all([builder(outDir, log), builder(outDir, log), builder(outDir, log)]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    // Never two builds at once: each start is followed by the end of the same process.
    for (let i = 0; i < 6; i += 2) expect(lines[i + 1]).toBe(lines[i].replace('start', 'end'));
    expect(runs.filter((r) => /Waiting for the build in process \d+/.test(r.out)).length).toBeGreaterThanOrEqual(1);
    expect(existsSync(`${outDir}.build-lock`)).toBe(false);
  });

  it('takes over the lock of a process that is gone (killed half-way through a build)', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const outDir = join(dir, 'dist', 'client');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(`${outDir}.build-lock`, `${gone}\n`);
    const log = join(dir, 'log');
    const run = await builder(outDir, log);
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('Waiting');
    expect(readFileSync(log, 'utf8')).toMatch(/^start \d+\nend \d+\n$/);
  });

  it('takes over a lock older than any build, even when its PID now belongs to a live process', async () => {
    const outDir = join(dir, 'dist', 'client');
    mkdirSync(join(dir, 'dist'));
    // PID 1 is always alive: a PID reused by another process after the builder died.
    writeFileSync(`${outDir}.build-lock`, '1\n');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(`${outDir}.build-lock`, hourAgo, hourAgo);
    const run = await builder(outDir, join(dir, 'log'));
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('Waiting');
  });
});
