import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HttpError } from '../errors.ts';
import { said } from '../text/lang.ts';
import type { AnalysisInputs } from '../repositories/analysis-inputs.ts';
import type { JobName, JobParams, JobResults } from './analysis-jobs.ts';
import type { JobRunner } from './analysis-service.ts';

interface Task {
  id: number;
  job: JobName;
  inputs: AnalysisInputs;
  params: unknown;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  timer?: ReturnType<typeof setTimeout>;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  task: Task | null;
}

const WORKER_URL = new URL('./analysis-worker.mjs', import.meta.url);

/**
 * A few worker threads running analysis jobs, so that a coverage of seconds (Turf on a whole province) never
 * blocks the event loop that answers every other request. Jobs queue when all workers are busy. A worker that
 * dies is replaced and its job fails; `close` terminates them all.
 */
export interface WorkerPoolOptions {
  size?: number;
  /** A job running longer is stopped (its worker is replaced) and answered 503. */
  timeoutMs?: number;
}

export function workerPool({ size = Math.max(1, Math.min(2, availableParallelism() - 1)), timeoutMs = 60_000 }: WorkerPoolOptions = {}) {
  const slots: Slot[] = [];
  const queue: Task[] = [];
  let nextId = 1;
  let closed = false;

  function start(): Slot {
    // No inherited flags: the worker loads TypeScript through tsx itself, under `tsx` and under Vitest alike.
    const worker = new Worker(WORKER_URL, { execArgv: [] });
    worker.unref();
    const slot: Slot = { worker, task: null, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.on('message', (msg: { id?: number; result?: unknown; error?: string }) => {
      const task = slot.task;
      if (!task || msg.id !== task.id) return;
      slot.task = null;
      clearTimeout(task.timer);
      if (msg.error !== undefined) task.reject(new Error(msg.error));
      else task.resolve(msg.result);
      pump();
    });
    worker.on('error', (err) => fail(slot, err));
    worker.on('exit', (code) => {
      if (!closed) fail(slot, new Error(`analysis worker exited with code ${code}`));
    });
    return slot;
  }

  function fail(slot: Slot, err: Error) {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    slots.splice(i, 1);
    if (slot.task) {
      clearTimeout(slot.task.timer);
      slot.task.reject(err);
    }
    slot.task = null;
    void slot.worker.terminate();
    pump();
  }

  function pump() {
    while (queue.length > 0 && !closed) {
      let slot = slots.find((s) => s.task === null);
      if (!slot && slots.length < size) slots.push((slot = start()));
      if (!slot) return;
      const task = queue.shift()!;
      slot.task = task;
      const s = slot;
      s.ready.then(
        () => {
          s.worker.postMessage({ id: task.id, job: task.job, inputs: task.inputs, params: task.params });
          task.timer = setTimeout(() => {
            const seconds = Math.round(timeoutMs / 1000);
            fail(
              s,
              new HttpError(
                503,
                said(
                  `the analysis took longer than ${seconds} s and was stopped; try a smaller radius, fewer sites or fewer candidates`,
                  `phân tích chạy quá ${seconds} giây nên đã dừng; hãy thử bán kính nhỏ hơn, ít vị trí hơn hoặc ít ứng viên hơn`,
                ),
              ),
            );
          }, timeoutMs);
        },
        (err: Error) => fail(s, err),
      );
    }
  }

  const run: JobRunner = <J extends JobName>(job: J, inputs: AnalysisInputs, params: JobParams[J], signal?: AbortSignal) =>
    new Promise<JobResults[J]>((resolve, reject) => {
      if (closed) return reject(new Error('the analysis workers are closed'));
      if (signal?.aborted) return reject(signal.reason);
      const task: Task = { id: nextId++, job, inputs, params, resolve: resolve as (r: unknown) => void, reject };
      // Aborted: dropped from the queue, or its worker is stopped (and replaced) mid-job.
      signal?.addEventListener(
        'abort',
        () => {
          const queued = queue.indexOf(task);
          if (queued >= 0) {
            queue.splice(queued, 1);
            reject(signal.reason);
            return;
          }
          const slot = slots.find((s) => s.task === task);
          if (slot) fail(slot, signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        },
        { once: true },
      );
      queue.push(task);
      pump();
    });

  /** Starts the workers ahead of the first job (loading the analysis code takes a moment). */
  function warm() {
    while (!closed && slots.length < size) slots.push(start());
  }

  async function close() {
    closed = true;
    for (const t of queue.splice(0)) t.reject(new Error('the analysis workers are closed'));
    await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
  }

  return { run, warm, close, size };
}
