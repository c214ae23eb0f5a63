import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the server (server/main.ts, as `npm start` does after the client build) with `env` added; its exit and output. */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', POSTURE_DEMO: 'false', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('start with a bad configuration', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('stops on a first administrator password shorter than 10 characters with exit code 2 and one line, before opening anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'posture-config-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const run = await start({ POSTURE_DATA_DIR: dataDir, POSTURE_ADMIN_USER: 'admin', POSTURE_ADMIN_PASSWORD: 'đổi-ngay' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('Configuration error: POSTURE_ADMIN_PASSWORD must have at least 10 characters, got 8\n');
    expect(run.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });
});
