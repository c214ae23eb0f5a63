// @ts-check
/**
 * Whether a build output was made from the inputs on disk: the inputs are hashed — file contents, not modification
 * times, so a checkout or a copy that keeps the sources as they were does not rebuild — and the hash is written next
 * to the build output after a successful build. Plain JavaScript, so that `npm start` can check its builds before any
 * TypeScript loader is there; the client build (build-client-if-stale.ts) and the server build
 * (build-server-if-stale.mjs) share it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The stamp's format; a stamp of another format is stale. */
export const STAMP_FORMAT = 1;

/**
 * @typedef {object} BuildStamp
 * @property {number} format
 * @property {string} inputs sha256 of the inputs the build was made from.
 * @property {string} builtAt
 * @property {string[]} [files] The input files, when the build itself said what it read (the server bundle).
 */

/**
 * Every file under `inputs` (files or folders, relative to `root`), sorted, as paths relative to `root` with `/`.
 * @param {string} root
 * @param {readonly string[]} inputs
 * @returns {string[]}
 */
export function listInputs(root, inputs) {
  /** @type {string[]} */
  const files = [];
  /** @param {string} path */
  const walk = (path) => {
    for (const e of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) files.push(relative(root, full).split(sep).join('/'));
    }
  };
  for (const input of inputs) {
    const full = join(root, input);
    if (!existsSync(full)) continue;
    if (statSync(full).isDirectory()) walk(full);
    else files.push(input);
  }
  return [...new Set(files)].sort();
}

/**
 * sha256 over each input's path and contents: a renamed, added, removed or edited file changes it.
 * @param {string} root
 * @param {readonly string[]} inputs
 * @returns {string}
 */
export function hashInputs(root, inputs) {
  const hash = createHash('sha256');
  for (const file of listInputs(root, inputs)) {
    const content = readFileSync(join(root, file));
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/**
 * Why the build must be made, or null when the build on disk was made from exactly these inputs.
 * `stamp` is the stamp read from disk (null when absent or unreadable); `hasBuild` whether the output is there;
 * `what` names the build in the reason.
 * @param {string} inputsHash
 * @param {BuildStamp | null} stamp
 * @param {boolean} hasBuild
 * @param {string} [what]
 * @returns {string | null}
 */
export function staleReason(inputsHash, stamp, hasBuild, what = 'client') {
  if (!hasBuild) return 'no build yet';
  if (!stamp) return 'the build has no stamp of its inputs';
  if (stamp.format !== STAMP_FORMAT) return 'the build stamp is of an older format';
  if (stamp.inputs !== inputsHash) return `${what} sources changed since the last build`;
  return null;
}

/**
 * The stamp of the build in `outDir`: a file beside it (not inside it, so it is never served).
 * @param {string} outDir
 */
export const stampPath = (outDir) => `${outDir.replace(/[\\/]+$/, '')}.build-stamp.json`;

/**
 * @param {string} outDir
 * @returns {BuildStamp | null}
 */
export function readStamp(outDir) {
  try {
    const stamp = /** @type {BuildStamp} */ (JSON.parse(readFileSync(stampPath(outDir), 'utf8')));
    return typeof stamp.inputs === 'string' && typeof stamp.format === 'number' ? stamp : null;
  } catch {
    return null;
  }
}

/**
 * @param {string} outDir
 * @param {string} inputsHash
 * @param {Date} [now]
 * @param {string[]} [files]
 */
export function writeStamp(outDir, inputsHash, now = new Date(), files) {
  /** @type {BuildStamp} */
  const stamp = { format: STAMP_FORMAT, inputs: inputsHash, builtAt: now.toISOString(), ...(files ? { files } : {}) };
  writeFileSync(stampPath(outDir), `${JSON.stringify(stamp, null, 2)}\n`);
}

/**
 * @param {number} pid
 * @returns {boolean}
 */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/** A lock file without a PID yet is being written, unless it is older than this. */
const UNWRITTEN_LOCK_MS = 5000;
/**
 * A build takes seconds: a lock older than this was left by a process that died, whose PID has since gone to
 * another process.
 */
const LONGEST_BUILD_MS = 10 * 60_000;

/**
 * Runs `build` holding the build lock of `outDir`: a file beside it with the PID of the process building, created
 * exclusively. Processes started together (several app processes after an upgrade) wait for the one building, then
 * find its build up to date, instead of writing the same folder at once. A lock whose process is gone — killed
 * half-way through a build — is taken over, and so is one older than any build takes.
 * @template T
 * @param {string} outDir
 * @param {() => Promise<T>} build
 * @returns {Promise<T>}
 */
export async function withBuildLock(outDir, build) {
  const file = `${outDir.replace(/[\\/]+$/, '')}.build-lock`;
  mkdirSync(dirname(file), { recursive: true });
  let told = false;
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
    }
    let pid = NaN;
    let age = 0;
    try {
      pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      age = Date.now() - statSync(file).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    const holder = Number.isInteger(pid) && pid > 0;
    const stale = holder ? pid === process.pid || !alive(pid) || age > LONGEST_BUILD_MS : age > UNWRITTEN_LOCK_MS;
    if (stale) {
      rmSync(file, { force: true });
      continue;
    }
    if (!told && holder) console.log(`Waiting for the build in process ${pid} (lock ${file})…`);
    told ||= holder;
    await sleep(100);
  }
  try {
    return await build();
  } finally {
    try {
      if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  }
}
