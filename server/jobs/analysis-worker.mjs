// Worker thread running analysis jobs off the server's event loop (see worker-pool.ts). Plain JavaScript so that
// Node can start it under any runner; the TypeScript job module is loaded through tsx's scoped import.
import { tsImport } from 'tsx/esm/api';

const { JOBS } = await tsImport('./analysis-jobs.ts', import.meta.url);

/** One job for piscina: its answer is passed back, an error thrown is passed back as the task's error. */
export default function runJob({ job, inputs, params }) {
  return JOBS[job](inputs, params);
}
