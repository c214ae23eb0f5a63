import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../server/db/data-dir-lock.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A Posture server on `dataDir` (Node itself with tsx's loader, so that its PID is the server's). */
function startServer(dataDir: string): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', POSTURE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', POSTURE_DEMO: 'false', LOG_LEVEL: 'silent', POSTURE_CLIENT_DIR: join(dataDir, 'no-client') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => text, exited };
}

async function until(check: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(Boolean(process.env.DATABASE_URL))('[embedded] one process per data folder', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'posture-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second lock on the same folder in the same process, and gives it up on release', async () => {
    const dir = await tempDir();
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over a stale lock whose process is gone', async () => {
    const dir = await tempDir();
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.on('exit', r));
    writeFileSync(join(dir, LOCK_FILE), `${gone.pid}\n`);
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    release();
  });

  it('refuses to start a second server on the same POSTURE_DATA_DIR, naming the folder and the PID holding it', async () => {
    const dataDir = join(await tempDir(), 'data');
    const first = startServer(dataDir);
    try {
      await until(() => /Posture is ready/.test(first.out()) || first.child.exitCode !== null, 400_000);
      expect(first.out()).toMatch(/Posture is ready/);
      const second = startServer(dataDir);
      expect(await second.exited).toBe(1);
      expect(second.out()).toContain(`Cannot start: the data folder ${dataDir} is in use by another Posture process (PID ${first.child.pid})`);
      // The first one still serves and, once stopped, frees the folder.
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    } finally {
      first.child.kill('SIGKILL');
    }
  }, 480_000);
});
