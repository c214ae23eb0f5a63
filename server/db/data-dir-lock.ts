import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { said } from '../text/lang.ts';
import { SaidError } from '../text/said-error.ts';

/** The lock file inside an embedded data folder: the PID of the process that has the folder open. */
export const LOCK_FILE = 'posture.lock';

/** Folders this process holds, so that a lock file naming our own PID is told apart from a stale one. */
const held = new Set<string>();

/** The data folder is open in another process (or already in this one). */
export class DataDirLockedError extends SaidError {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      said(
        `the data folder ${dir} is in use by another Posture process (PID ${pid}); stop that process first, or set POSTURE_DATA_DIR to another folder`,
        `thư mục dữ liệu ${dir} đang được một tiến trình Posture khác sử dụng (PID ${pid}); hãy dừng tiến trình đó trước, hoặc đặt POSTURE_DATA_DIR sang thư mục khác`,
      ),
    );
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the embedded data folder for this process: two processes writing one PGlite folder corrupt it. Writes the
 * PID to `posture.lock` in the folder (created exclusively); a lock whose PID is no longer alive — left by a
 * process that was killed — is taken over. Returns the function that releases it. Throws DataDirLockedError
 * naming the folder and the PID holding it.
 *
 * @example const release = lockDataDir('.posture-data'); try { … } finally { release(); }
 */
export function lockDataDir(dir: string): () => void {
  const folder = resolve(dir);
  const file = join(folder, LOCK_FILE);
  mkdirSync(folder, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
    }
    let pid = NaN;
    try {
      pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      // Removed meanwhile: try again.
    }
    const ours = pid === process.pid;
    if (Number.isInteger(pid) && pid > 0 && (ours ? held.has(folder) : alive(pid))) throw new DataDirLockedError(folder, pid);
    // Stale: its process is gone (a PID equal to ours but not held here was left by an earlier life of this PID).
    rmSync(file, { force: true });
  }
  held.add(folder);
  return () => {
    if (!held.delete(folder)) return;
    try {
      if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}
