// @ts-check
/**
 * Builds what `npm start` runs (scripts/start.ts: the client check, then server/main.ts and everything it imports)
 * into dist/server as plain JavaScript, only when one of the files the last build read changed. Node then loads a
 * few bundled modules without a TypeScript loader: no tsx child process, and no loader hooks in front of each of
 * the server's hundred and fifty modules at every start. Most packages stay imports of node_modules; `npm run dev`
 * and the tests keep running the TypeScript sources.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hashInputs, readStamp, staleReason, stampPath, withBuildLock, writeStamp } from './build-stamp.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = 'scripts/start.ts';
/**
 * Each build in a folder of its own, named by its inputs' hash: a server still running an earlier build keeps the
 * modules it loads on demand when another start rebuilds.
 */
const OUT_DIR = join(ROOT, 'dist', 'server');
const buildDir = (/** @type {string} */ inputsHash) => join(OUT_DIR, inputsHash.slice(0, 16));
/**
 * What shapes the bundle besides the sources it was made from; the installed packages as npm last wrote them stand
 * for the packages bundled (and for esbuild itself).
 */
const BUILD_INPUTS = ['scripts/build-server-if-stale.mjs', 'tsconfig.json', 'node_modules/.package-lock.json'];
/**
 * Packages bundled rather than imported from node_modules: pure JavaScript that Node would otherwise load as
 * hundreds of small modules (TypeBox alone is 370). The others stay imports, as their files, workers and native
 * parts expect.
 */
const BUNDLED_PACKAGES = /^typebox(\/|$)/;

/**
 * `import.meta.url` as the source file's own address, written relative to the bundle: the files the sources read
 * next to themselves (SQL, migrations, reference data, worker and log-transport scripts) are read where they are.
 * @type {import('esbuild').Plugin}
 */
const sourceLocation = {
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/, namespace: 'file' }, async ({ path }) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(path, 'utf8');
      const unsupported = /import\.meta\.(dirname|filename|resolve)\b/.exec(source);
      if (unsupported) return { errors: [{ text: `${unsupported[0]} would name the bundle, not this file: use new URL(…, import.meta.url)` }] };
      const fromBundle = relative(buildDir('0'.repeat(64)), path).split(sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/** @type {import('esbuild').Plugin} */
const packagesExternal = {
  name: 'packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) => (BUNDLED_PACKAGES.test(path) ? undefined : { path, external: true }));
  },
};

/**
 * @param {string} outdir
 * @returns {Promise<string[]>} the files (relative to the repository root) the build read.
 */
async function build(outdir) {
  const esbuild = await import('esbuild');
  rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outdir,
    outExtension: { '.js': '.mjs' },
    // Modules the server imports on demand (the application while the database opens, the demo generator, the
    // analyses) stay chunks of their own, loaded when imported, and so do the packages only they import.
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceLocation, packagesExternal],
  });
  return Object.keys(result.metafile.inputs)
    .map((p) => p.split(sep).join('/'))
    .filter((p) => !/(^|\/)node_modules\//.test(p));
}

/**
 * The bundle to import: built first when there is none, or when the files it was built from changed, saying so.
 * @returns {Promise<string>} its file URL
 */
export async function buildServerIfStale(force = false) {
  const started = performance.now();
  const entry = (/** @type {string} */ hash) => join(buildDir(hash), 'start.mjs');
  /** @returns {{ stamp: import('./build-stamp.mjs').BuildStamp | null, inputsHash: string, reason: string | null }} */
  const check = () => {
    const stamp = readStamp(OUT_DIR);
    const inputsHash = hashInputs(ROOT, stamp?.files ?? []);
    return { stamp, inputsHash, reason: staleReason(inputsHash, stamp?.files ? stamp : null, stamp ? existsSync(entry(stamp.inputs)) : false, 'server') };
  };
  const first = check();
  if (!force && first.reason === null) return pathToFileURL(entry(first.inputsHash)).href;

  return withBuildLock(OUT_DIR, async () => {
    // Another start may have built it while this one waited for the lock.
    const { stamp, inputsHash, reason } = force ? { ...check(), reason: 'forced' } : check();
    if (reason === null) return pathToFileURL(entry(inputsHash)).href;
    console.log(`Building the server (${reason})…`);
    // A build that dies half-way must not leave a stamp claiming the output matches the sources.
    rmSync(stampPath(OUT_DIR), { force: true });
    const building = join(OUT_DIR, `building-${process.pid}`);
    let inputs;
    try {
      inputs = [...BUILD_INPUTS, ...(await build(building))].sort();
    } catch (err) {
      rmSync(building, { recursive: true, force: true });
      throw err;
    }
    const builtHash = hashInputs(ROOT, inputs);
    // The same inputs built before give the same output, which a running server may be using: that one stays.
    if (existsSync(entry(builtHash))) rmSync(building, { recursive: true, force: true });
    else {
      rmSync(buildDir(builtHash), { recursive: true, force: true });
      renameSync(building, buildDir(builtHash));
    }
    writeStamp(OUT_DIR, builtHash, new Date(), inputs);
    // Earlier builds go, but the one this stamp named: a server started from it may still be running.
    const keep = new Set([buildDir(builtHash), ...(stamp ? [buildDir(stamp.inputs)] : [])]);
    for (const name of readdirSync(OUT_DIR)) {
      if (!keep.has(join(OUT_DIR, name)) && !name.startsWith('building-')) rmSync(join(OUT_DIR, name), { recursive: true, force: true });
    }
    console.log(`Server built in ${Math.round(performance.now() - started)} ms.`);
    return pathToFileURL(entry(builtHash)).href;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildServerIfStale(process.argv.includes('--force')).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
