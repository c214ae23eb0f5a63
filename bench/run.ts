/**
 * `npm run bench`: every benchmark in turn, each with the options given (`-- --quick`, `--sample=N`, `--radius=KM`).
 * Each prints its own table of ratios against a baseline measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = ['analysis.ts', 'import.ts', 'national.ts', 'tiles.ts', 'map.ts', 'load.ts', 'reads.ts', 'hq-import.ts', 'start.ts'];
let failed = false;
for (const name of BENCHMARKS) {
  const script = fileURLToPath(new URL(name, import.meta.url));
  const res = spawnSync(process.execPath, ['--import', 'tsx', script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (res.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
