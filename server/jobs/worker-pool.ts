import { availableParallelism } from 'node:os';
import Piscina from 'piscina';
import { HttpError } from '../errors.ts';
import { said } from '../text/lang.ts';
import type { JobName, JobResults } from './analysis-jobs.ts';
import type { JobRunner } from './analysis-service.ts';

const WORKER_URL = new URL('./analysis-worker.mjs', import.meta.url);

export interface WorkerPoolOptions {
  size?: number;
  /** A job not answered this long after it was asked (queue included) is stopped (its worker replaced) and answered 503. */
  timeoutMs?: number;
}

/**
 * A few worker threads (piscina) running analysis jobs, so that a coverage of seconds (Turf on a whole province)
 * never blocks the event loop that answers every other request. Jobs queue when all workers are busy; a job whose
 * signal aborts leaves the queue, or its worker is stopped and replaced; a worker that dies is replaced and its job
 * fails. The threads start on the first job or on `warm`; `close` stops them and fails what is left.
 */
export function workerPool({ size = Math.max(1, Math.min(2, availableParallelism() - 1)), timeoutMs = 60_000 }: WorkerPoolOptions = {}) {
  let pool: Piscina | null = null;
  let closed = false;

  function threads(): Piscina {
    if (closed) throw new Error('the analysis workers are closed');
    // No inherited flags: the worker loads TypeScript through tsx itself, under `tsx` and under Vitest alike.
    pool ??= new Piscina({ filename: WORKER_URL.href, minThreads: size, maxThreads: size, idleTimeout: Infinity, execArgv: [] });
    return pool;
  }

  const run: JobRunner = async <J extends JobName>(job: J, inputs: unknown, params: unknown, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    const timedOut = AbortSignal.timeout(timeoutMs);
    try {
      return (await threads().run({ job, inputs, params }, { signal: signal ? AbortSignal.any([signal, timedOut]) : timedOut })) as JobResults[J];
    } catch (err) {
      // The caller's own reason (a cancelled request), rather than piscina's AbortError wrapping it.
      if (signal?.aborted) throw signal.reason;
      if (timedOut.aborted) {
        const seconds = Math.round(timeoutMs / 1000);
        throw new HttpError(
          503,
          said(
            `the analysis took longer than ${seconds} s and was stopped; try a smaller radius, fewer sites or fewer candidates`,
            `phân tích chạy quá ${seconds} giây nên đã dừng; hãy thử bán kính nhỏ hơn, ít vị trí hơn hoặc ít ứng viên hơn`,
          ),
        );
      }
      throw err;
    }
  };

  /** Starts the workers ahead of the first job (loading the analysis code takes a moment). */
  function warm() {
    if (!closed) threads();
  }

  async function close() {
    closed = true;
    await pool?.destroy();
    pool = null;
  }

  return { run, warm, close, size };
}
