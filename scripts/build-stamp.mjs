// @ts-check
/**
 * Whether a build output was made from the inputs on disk: the inputs are hashed — file contents, not modification
 * times, so a checkout or a copy that keeps the sources as they were does not rebuild — and the hash is written next
 * to the build output after a successful build. Plain JavaScript, so that `npm start` can check its builds before any
 * TypeScript loader is there; the client build (build-client-if-stale.ts) and the server build
 * (build-server-if-stale.mjs) share it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

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
