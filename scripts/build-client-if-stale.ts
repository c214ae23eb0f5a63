/**
 * Builds the client only when what it is built from changed since the last build (`npm start`), or always with
 * `--force` (`npm run build`). The inputs are hashed (build-stamp.mjs) and the hash is written next to the build
 * output after a successful build. A start with unchanged sources skips Vite's 5–8 s.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hashInputs as hashFiles, listInputs as listFiles, readStamp, staleReason, stampPath, withBuildLock, writeStamp } from './build-stamp.mjs';

export { readStamp, staleReason, stampPath, writeStamp };
export type { BuildStamp } from './build-stamp.mjs';

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

/** Every file under `inputs` (files or folders, relative to `root`), sorted, as paths relative to `root` with `/`. */
export const listInputs = (root: string, inputs: readonly string[] = CLIENT_INPUTS): string[] => listFiles(root, inputs);

/** sha256 over each input's path and contents: a renamed, added, removed or edited file changes it. */
export const hashInputs = (root: string, inputs: readonly string[] = CLIENT_INPUTS): string => hashFiles(root, inputs);

/** Builds the client into dist/client when it is stale (or always with `force`), saying what it did. */
export async function buildClientIfStale(force: boolean): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outDir = join(root, 'dist', 'client');
  const started = performance.now();
  const ms = () => `${Math.round(performance.now() - started)} ms`;
  const check = () => {
    const stamp = readStamp(outDir);
    const inputsHash = hashInputs(root);
    return { stamp, inputsHash, reason: force ? 'forced' : staleReason(inputsHash, stamp, existsSync(join(outDir, 'index.html'))) };
  };
  const first = check();
  if (first.reason === null) {
    console.log(`Client is up to date (built ${first.stamp!.builtAt}, inputs checked in ${ms()}).`);
    return;
  }
  await withBuildLock(outDir, async () => {
    // Another start may have built it while this one waited for the lock.
    const { stamp, inputsHash, reason } = check();
    if (reason === null) {
      console.log(`Client is up to date (built ${stamp!.builtAt} by another start).`);
      return;
    }
    console.log(`Building the client (${reason})…`);
    // A build that dies half-way must not leave a stamp claiming the output matches the sources.
    rmSync(stampPath(outDir), { force: true });
    const { build } = await import('vite');
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
    writeStamp(outDir, inputsHash);
    console.log(`Client built in ${ms()}.`);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildClientIfStale(process.argv.includes('--force')).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
