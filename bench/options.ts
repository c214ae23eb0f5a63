import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { geodataDir } from '../test/support/env.ts';

/**
 * The options every benchmark takes (`npm run bench` passes the same ones to each): `--quick` (the first 300
 * communes), `--sample=N` (the first N), `--radius=KM` (the analyses' reach, 5 km by default), `--help`.
 * Exits with a one-line reason on an unknown option or a value that is not a positive number.
 */
export function benchOptions(usage: string): { sample: number; radiusKm: number } {
  const args = new Map(process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'] as const;
  }));
  for (const k of args.keys()) {
    if (!['quick', 'sample', 'radius', 'help'].includes(k)) {
      console.error(`unknown option --${k}; options: --quick, --sample=N, --radius=KM`);
      process.exit(2);
    }
  }
  if (args.has('help')) {
    console.log(usage);
    process.exit(0);
  }
  const sample = args.has('sample') ? Number(args.get('sample')) : args.has('quick') ? 300 : Infinity;
  const radiusKm = args.has('radius') ? Number(args.get('radius')) : 5;
  if (!(sample > 0) || !(radiusKm > 0)) {
    console.error('--sample and --radius must be positive numbers');
    process.exit(2);
  }
  return { sample, radiusKm };
}

/** Progress lines go to stderr, so that stdout holds only the table of ratios. */
export const log = (s: string) => process.stderr.write(`${s}\n`);

/** Runs `fn` once and says how long it took, in seconds. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; s: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, s: (performance.now() - t0) / 1000 };
}

/** The national 2025 communes, relative to ../shared/geodata (read in place, never copied into the repository). */
export const NATIONAL_COMMUNES = 'vietnam/vn_communes_2025.geojson';

/** The national communes file's path; without it the bench says so and is skipped. */
export function nationalCommunesFile(): string {
  const path = `${geodataDir}/${NATIONAL_COMMUNES}`;
  if (!existsSync(path)) {
    console.error(`skipped: ${geodataDir}${NATIONAL_COMMUNES} not found (the national communes are read from ../shared/geodata)`);
    process.exit(0);
  }
  return path;
}
