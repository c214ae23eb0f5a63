/**
 * Builds the client only when what it is built from changed since the last build (`npm start`), or always with
 * `--force` (`npm run build`). The inputs are hashed — file contents, not modification times, so a checkout or a
 * copy that keeps the sources as they were does not rebuild — and the hash is written next to the build output
 * after a successful build. A start with unchanged sources skips Vite's 5–8 s.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What the client build reads, relative to the repository root: folders are taken whole. */
export const CLIENT_INPUTS = [
  'client',
  'vite.config.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
  // The installed tree as npm last wrote it: a dependency installed or updated without touching the lock file.
  'node_modules/.package-lock.json',
];

/** The stamp's format; a stamp of another format is stale. */
const STAMP_FORMAT = 1;

export interface BuildStamp {
  format: number;
  /** sha256 of the inputs the build was made from. */
  inputs: string;
  builtAt: string;
}

/** Every file under `inputs` (files or folders, relative to `root`), sorted, as paths relative to `root` with `/`. */
export function listInputs(root: string, inputs: readonly string[] = CLIENT_INPUTS): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
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

/** sha256 over each input's path and contents: a renamed, added, removed or edited file changes it. */
export function hashInputs(root: string, inputs: readonly string[] = CLIENT_INPUTS): string {
  const hash = createHash('sha256');
  for (const file of listInputs(root, inputs)) {
    const content = readFileSync(join(root, file));
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/**
 * Why the client must be built, or null when the build on disk was made from exactly these inputs.
 * `stamp` is the stamp read from disk (null when absent or unreadable); `hasBuild` whether the output holds an index.html.
 */
export function staleReason(inputsHash: string, stamp: BuildStamp | null, hasBuild: boolean): string | null {
  if (!hasBuild) return 'no build yet';
  if (!stamp) return 'the build has no stamp of its inputs';
  if (stamp.format !== STAMP_FORMAT) return 'the build stamp is of an older format';
  if (stamp.inputs !== inputsHash) return 'client sources changed since the last build';
  return null;
}

/** The stamp of the build in `outDir`: a file beside it (not inside it, so it is never served). */
export const stampPath = (outDir: string) => `${outDir.replace(/[\\/]+$/, '')}.build-stamp.json`;

export function readStamp(outDir: string): BuildStamp | null {
  try {
    const stamp = JSON.parse(readFileSync(stampPath(outDir), 'utf8')) as BuildStamp;
    return typeof stamp.inputs === 'string' && typeof stamp.format === 'number' ? stamp : null;
  } catch {
    return null;
  }
}

export function writeStamp(outDir: string, inputsHash: string, now = new Date()): void {
  const stamp: BuildStamp = { format: STAMP_FORMAT, inputs: inputsHash, builtAt: now.toISOString() };
  writeFileSync(stampPath(outDir), `${JSON.stringify(stamp, null, 2)}\n`);
}

/** Builds the client into dist/client when it is stale (or always with `force`), saying what it did. */
export async function buildClientIfStale(force: boolean): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outDir = join(root, 'dist', 'client');
  const started = performance.now();
  const inputsHash = hashInputs(root);
  const stamp = readStamp(outDir);
  const reason = force ? 'forced' : staleReason(inputsHash, stamp, existsSync(join(outDir, 'index.html')));
  const ms = () => `${Math.round(performance.now() - started)} ms`;
  if (reason === null) {
    console.log(`Client is up to date (built ${stamp!.builtAt}, inputs checked in ${ms()}).`);
    return;
  }
  console.log(`Building the client (${reason})…`);
  // A build that dies half-way must not leave a stamp claiming the output matches the sources.
  rmSync(stampPath(outDir), { force: true });
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  writeStamp(outDir, inputsHash);
  console.log(`Client built in ${ms()}.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildClientIfStale(process.argv.includes('--force')).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
