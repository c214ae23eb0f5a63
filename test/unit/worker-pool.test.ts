import { afterEach, describe, expect, it } from 'vitest';
import { workerPool } from '../../server/jobs/worker-pool.ts';
import { runBestSites, runCoverage } from '../../server/jobs/analysis-jobs.ts';
import type { AnalysisInputs } from '../../server/repositories/analysis-inputs.ts';
import { loadCase } from './analysis-fixtures.ts';

function inputs(name: string): AnalysisInputs {
  const c = loadCase(name);
  return { communes: c.communes, hqs: c.hqs, villages: c.villages, border: c.border, gates: c.gates };
}

describe('analysis worker pool', () => {
  let pool: ReturnType<typeof workerPool> | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  it('gives the same answer in a worker thread as in this one', async () => {
    pool = workerPool({ size: 1 });
    const data = inputs('best-sites-area');
    const params = { radiusKm: 1.5, statuses: ['independent'], asOf: '2025-12-31' };
    await expect(pool.run('coverage', data, params)).resolves.toEqual(runCoverage(data, params));
    const sites = { ...params, k: 2, objective: 'area' as const, candidates: 'communes' as const, points: [] };
    await expect(pool.run('best-sites', data, sites)).resolves.toEqual(runBestSites(data, sites));
  }, 30_000);

  it('passes an analysis error back as an error and keeps working', async () => {
    pool = workerPool({ size: 1 });
    const data = inputs('best-sites-area');
    const bad = { radiusKm: -1, statuses: [], asOf: '2025-12-31' };
    await expect(pool.run('coverage', data, bad)).rejects.toThrow(/radius/i);
    await expect(pool.run('coverage', data, { ...bad, radiusKm: 1 })).resolves.toMatchObject({ params: { radiusKm: 1 } });
  }, 30_000);

  it('stops a job that runs too long with a 503 that says what to change', async () => {
    pool = workerPool({ size: 1, timeoutMs: 1 });
    const data = inputs('best-sites-area');
    const sites = { radiusKm: 1.5, statuses: [], asOf: '2025-12-31', k: 2, objective: 'area' as const, candidates: 'communes' as const, points: [] };
    await expect(pool.run('best-sites', data, sites)).rejects.toMatchObject({ statusCode: 503, message: expect.stringMatching(/took longer than 0 s and was stopped; try a smaller radius/) });
  }, 30_000);

  it('stops a running job whose caller goes away, with the reason the caller gave, and keeps working', async () => {
    pool = workerPool({ size: 1 });
    const data = inputs('best-sites-area');
    const sites = { radiusKm: 1.5, statuses: [], asOf: '2025-12-31', k: 2, objective: 'area' as const, candidates: 'communes' as const, points: [] };
    pool.warm();
    // Waits for the worker to be ready, so that the next job is running, not loading, when it is cancelled.
    await pool.run('coverage', data, { radiusKm: 1, statuses: [], asOf: '2025-12-31' });
    const controller = new AbortController();
    const reason = new Error('the caller went away');
    const started = performance.now();
    const running = pool.run('best-sites', data, sites, controller.signal);
    setTimeout(() => controller.abort(reason), 20);
    await expect(running).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(runBestSitesMs(data, sites));
    await expect(pool.run('coverage', data, { radiusKm: 1, statuses: [], asOf: '2025-12-31' })).resolves.toMatchObject({ params: { radiusKm: 1 } });
  }, 60_000);

  it('drops a queued job whose caller goes away before a worker takes it', async () => {
    pool = workerPool({ size: 1 });
    const data = inputs('best-sites-area');
    const params = { radiusKm: 1.5, statuses: ['independent'], asOf: '2025-12-31' };
    const first = pool.run('coverage', data, params);
    const controller = new AbortController();
    const queued = pool.run('coverage', data, params, controller.signal);
    controller.abort(new Error('not wanted any more'));
    await expect(queued).rejects.toThrow('not wanted any more');
    await expect(first).resolves.toEqual(runCoverage(data, params));
  }, 30_000);

  it('refuses a job after it is closed', async () => {
    const closing = workerPool({ size: 1 });
    await closing.close();
    await expect(closing.run('coverage', inputs('best-sites-area'), { radiusKm: 1, statuses: [], asOf: '2025-12-31' })).rejects.toThrow('the analysis workers are closed');
  });
});

/** How long best sites take in this thread, the time a cancelled job must stop well before. */
function runBestSitesMs(data: AnalysisInputs, params: Parameters<typeof runBestSites>[1]): number {
  const started = performance.now();
  runBestSites(data, params);
  return performance.now() - started;
}
