import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponse } from '../errors.ts';

/** Content type of a streamed answer: one JSON object per line. */
export const NDJSON = 'application/x-ndjson';

/**
 * Where a long request is: `check` counts features (`done` of `total`); `write` has no count; `compute` counts
 * the communes an analysis has done.
 */
export interface ProgressStep {
  stage: 'check' | 'write' | 'compute';
  done?: number;
  total?: number;
}

/** Reports a step; await it: a line that went out gives the event loop a turn to send it. */
export type OnProgress = (step: ProgressStep) => Promise<void>;

/** Progress lines at most this often (and the last one of each stage). */
const EVERY_MS = 100;

/**
 * Runs `work` and answers its result. A request that accepts `application/x-ndjson` gets a stream instead: a
 * `{"progress":{…}}` line as the work goes on, then one `{"result":…}` line, or `{"error":{statusCode, error,
 * message}}` when it fails (the status line, sent before the work starts, is then already 200). Any other request
 * gets the result as JSON, and errors through the error handler, as usual.
 */
export async function withProgress<T>(req: FastifyRequest, reply: FastifyReply, work: (onProgress: OnProgress) => Promise<T>): Promise<T | FastifyReply> {
  if (!String(req.headers.accept ?? '').includes(NDJSON)) return work(async () => {});
  const out = new PassThrough();
  const line = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);
  let last = 0;
  let lastStage = '';
  const onProgress: OnProgress = async (step) => {
    const now = Date.now();
    const stageEnds = step.total !== undefined && step.done === step.total;
    if (step.stage === lastStage && !stageEnds && now - last < EVERY_MS) return;
    [last, lastStage] = [now, step.stage];
    line({ progress: step });
    // The embedded database answers without ever leaving the event loop's microtasks: without this turn, every
    // line would wait in the socket's queue until the work is done.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  void (async () => {
    try {
      const result = await work(onProgress);
      out.end(`${JSON.stringify({ result })}\n`);
    } catch (err) {
      const { statusCode, body } = errorResponse(err as Error, req);
      if (statusCode >= 500) req.log.error({ err }, 'request failed');
      out.end(`${JSON.stringify({ error: body })}\n`);
    }
  })();
  // Proxies must not hold the lines back.
  reply.header('cache-control', 'no-store').header('x-accel-buffering', 'no');
  return reply.type(`${NDJSON}; charset=utf-8`).send(out);
}
