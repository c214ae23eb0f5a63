// Worker thread running analysis jobs off the server's event loop (see worker-pool.ts). Plain JavaScript so that
// Node can start it under any runner; the TypeScript job module is loaded through tsx's scoped import.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { JOBS } = await tsImport('./analysis-jobs.ts', import.meta.url);

parentPort.on('message', ({ id, job, inputs, params }) => {
  try {
    const started = performance.now();
    const result = JOBS[job](inputs, params);
    parentPort.postMessage({ id, result, ms: performance.now() - started });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort.postMessage({ ready: true });
