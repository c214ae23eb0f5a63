import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { HQ_STATUSES } from '../domain.ts';
import { badRequest, HttpError } from '../errors.ts';
import { authOf } from '../plugins/auth.ts';
import { analysisInputs, type AnalysisInputs } from '../repositories/analysis-inputs.ts';
import { ANALYSIS_LIMITS, type BestSitesBody, type CoverageQuery, type ProximityQuery } from '../schemas/analysis.ts';
import { LRUCache } from 'lru-cache';
import { NDJSON, withProgress, type OnProgress } from '../plugins/progress.ts';
import type { BestSitesParams, CoverageParams, JobName, JobParams, JobResults, ProximityParams } from './analysis-jobs.ts';
import { said } from '../text/lang.ts';
import { hqStatusWord, listWords } from '../text/words.ts';

/**
 * Runs a job on loaded inputs: in this thread, or in a worker thread (see worker-pool.ts), which also stops a job
 * when `signal` aborts.
 */
export type JobRunner = <J extends JobName>(job: J, inputs: AnalysisInputs, params: JobParams[J], signal?: AbortSignal) => Promise<JobResults[J]>;

export const runInline: JobRunner = async (job, inputs, params) => (await import('./analysis-jobs.ts')).JOBS[job](inputs, params);

interface Pending {
  promise: Promise<object>;
  /** Requests waiting for this computation; when the last one goes away, the computation is stopped. */
  waiters: number;
  controller: AbortController;
  /** Progress listeners of the streamed requests waiting for it. */
  listeners: Set<OnProgress>;
}

export interface AnalysisServiceOptions {
  db: Db;
  runner?: JobRunner;
  /** Cache bounds: entries, estimated bytes of the serialised answers, and how long an unread answer stays. */
  maxEntries?: number;
  maxBytes?: number;
  ttlMs?: number;
}

/**
 * The answers kept in memory: at most `maxEntries`, and `maxBytes` of serialised JSON, so that a few large answers
 * cannot hold the process's memory (the least recently read go first, and an answer larger than the whole cache is
 * not kept); an answer not read for `ttlMs` goes too. The key carries the data version, so nothing kept is stale.
 */
export function answerCache({ maxEntries = 64, maxBytes = 64 * 1024 * 1024, ttlMs = 60 * 60_000, now }: Pick<AnalysisServiceOptions, 'maxEntries' | 'maxBytes' | 'ttlMs'> & { now?: () => number } = {}) {
  return new LRUCache<string, object>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (answer) => JSON.stringify(answer).length,
    ttl: ttlMs,
    updateAgeOnGet: true,
    // A given clock (tests) is read at every call rather than once per millisecond.
    ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
  });
}

const DEFAULT_STATUSES = ['independent', 'shared'];

/**
 * Answers analysis requests from a bounded in-process cache keyed by analysis, normalised parameters, the caller's
 * area and the data version; the same key gives the ETag, so an unchanged answer costs a 304 and one small query.
 * Coverage and the area objective of best sites overlay polygons in PostGIS (see coverage-db.ts, best-sites-db.ts);
 * the rest runs on loaded inputs through `runner`. A request that accepts `application/x-ndjson` gets progress
 * lines, then the answer (see plugins/progress.ts).
 */
export function analysisService(opts: AnalysisServiceOptions) {
  const cache = answerCache(opts);
  // Identical requests arriving together share one computation.
  const inFlight = new Map<string, Pending>();
  const runner = opts.runner ?? runInline;

  async function compute<J extends JobName>(job: J, params: JobParams[J], scope: Scope, signal: AbortSignal, onProgress: OnProgress): Promise<object> {
    // The analysis code (Turf among it) loads on the first analysis: the server starts without it.
    if (job === 'coverage') {
      const { coverageInDb } = await import('./coverage-db.ts');
      const { turfCommunes: _, ...answer } = await coverageInDb(opts.db, scope, params as CoverageParams, {
        signal,
        onProgress: ({ done, total }) => onProgress({ stage: 'compute', done, total }),
      });
      return answer;
    }
    const inputs = analysisInputs(opts.db, scope);
    const { JOB_INPUTS } = await import('./analysis-jobs.ts');
    const loaded = await inputs.load(JOB_INPUTS[job], { asOf: params.asOf, statuses: params.statuses });
    if (job === 'best-sites') {
      const p = params as BestSitesParams;
      checkCandidates(p, loaded);
      if (p.objective === 'area') {
        const { runBestSitesInDb } = await import('./best-sites-db.ts');
        return runBestSitesInDb(opts.db, scope, loaded, p, { signal, onProgress: ({ done, total }: { done: number; total: number }) => onProgress({ stage: 'compute', done, total }) });
      }
    }
    signal.throwIfAborted();
    return runner(job, loaded, params, signal);
  }

  async function answer<J extends JobName>(req: FastifyRequest, reply: FastifyReply, job: J, params: JobParams[J]) {
    const { scope } = authOf(req);
    const inputs = analysisInputs(opts.db, scope);
    // Read before the data: see analysisInputs.
    const dataVersion = await inputs.dataVersion();
    const key = cacheKey(job, params, scope, dataVersion);
    const etag = etagOf(key);
    // Set on answers only: a failure must not carry the ETag of a result.
    const validators = (state: string) =>
      reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'Cookie, Authorization').header('x-analysis-cache', state);
    if ((req.method === 'GET' || req.method === 'HEAD') && matches(req.headers['if-none-match'], etag)) {
      return validators('not-modified').code(304).send();
    }

    const result = async (onProgress: OnProgress): Promise<{ value: object; state: string }> => {
      const hit = cache.get(key);
      if (hit) return { value: hit, state: 'hit' };
      let pending = inFlight.get(key);
      if (!pending) {
        const controller = new AbortController();
        const entry: Pending = { promise: Promise.resolve({}), waiters: 0, controller, listeners: new Set() };
        const broadcast: OnProgress = async (step) => {
          await Promise.all([...entry.listeners].map((l) => l(step)));
        };
        entry.promise = (async () => {
          const started = performance.now();
          const computed = { ...(await compute(job, params, scope, controller.signal, broadcast)), dataVersion };
          if (!reply.sent) reply.header('server-timing', `analysis;dur=${Math.round(performance.now() - started)}`);
          cache.set(key, computed);
          return computed;
        })().finally(() => {
          if (inFlight.get(key) === entry) inFlight.delete(key);
        });
        inFlight.set(key, (pending = entry));
      }
      // A caller that disconnects (the panel's Cancel button) stops the work, unless someone else still waits for it.
      const shared = pending;
      shared.waiters++;
      shared.listeners.add(onProgress);
      const onClose = () => {
        shared.listeners.delete(onProgress);
        if (reply.raw.writableFinished || --shared.waiters > 0) return;
        // A request arriving after this must start afresh rather than join a stopped computation.
        if (inFlight.get(key) === shared) inFlight.delete(key);
        shared.controller.abort(new HttpError(503, said('the analysis was cancelled', 'phân tích đã bị hủy')));
      };
      reply.raw.once('close', onClose);
      try {
        return { value: await shared.promise, state: 'miss' };
      } finally {
        shared.listeners.delete(onProgress);
        reply.raw.off('close', onClose);
      }
    };

    if (String(req.headers.accept ?? '').includes(NDJSON)) {
      // The stream has already been sent when withProgress returns: the reply, not the result.
      return (await withProgress(req, reply, async (onProgress) => (await result(onProgress)).value)) as FastifyReply;
    }
    const { value, state } = await result(async () => {});
    return validators(state).send(value);
  }

  return { answer, cache };
}

export type AnalysisService = ReturnType<typeof analysisService>;

/** Refuses a best-sites request that would run for minutes (the area objective on hundreds of candidates). */
function checkCandidates(params: BestSitesParams, inputs: AnalysisInputs) {
  if (params.objective !== 'area') return;
  const n = params.candidates === 'communes' ? inputs.communes.features.length : params.candidates === 'villages' ? inputs.villages.features.length : params.points.length;
  const max = ANALYSIS_LIMITS.areaCandidates;
  if (n > max) {
    throw badRequest(
      said(
        `the area objective compares at most ${max} candidates; ${params.candidates} give ${n} here: choose commune centres or points, or the population objective`,
        `mục tiêu diện tích so sánh tối đa ${max} vị trí ứng viên; ở đây có ${n}: hãy chọn trung tâm xã hoặc các điểm tự chọn, hoặc mục tiêu dân số`,
      ),
    );
  }
}

/** Keys of the areas seen, by identity: an area kept for many requests (plugins/auth.ts, frozen) is hashed once. */
const scopeKeys = new WeakMap<readonly string[], string>();

export function scopeKey(scope: Scope): string {
  if (scope.communes === null) return 'all';
  let key = scopeKeys.get(scope.communes);
  if (key === undefined) {
    key = createHash('sha256').update([...scope.communes].sort().join(',')).digest('base64url').slice(0, 16);
    if (Object.isFrozen(scope.communes)) scopeKeys.set(scope.communes, key);
  }
  return key;
}

export function cacheKey(job: JobName, params: object, scope: Scope, dataVersion: string): string {
  return `${job}|${JSON.stringify(params)}|${scopeKey(scope)}|v${dataVersion}`;
}

export function etagOf(key: string): string {
  return `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match: `*`, or a list of (possibly weak) tags. */
export function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

// ---- Parameters: checked with messages that state the allowed range, then normalised so that equal requests
// ---- share one cache entry (order of statuses, 5 vs 5.0 km, default date).

const round = (n: number, digits: number) => Number(n.toFixed(digits));

function radius(value: number, field = 'radiusKm'): number {
  const { min, max } = ANALYSIS_LIMITS.radiusKm;
  if (!Number.isFinite(value) || value <= min || value > max) {
    throw badRequest(said(`${field} must be more than ${min} and at most ${max} km; got ${value}`, `bán kính phải lớn hơn ${min} và không quá ${max} km; đã nhập ${value}`));
  }
  return round(value, 3);
}

export function parseStatuses(value: string | undefined, field = 'statuses'): string[] {
  if (value === undefined) return DEFAULT_STATUSES;
  const given = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (given.length === 0) {
    throw badRequest(
      said(`${field} must name at least one HQ status: ${HQ_STATUSES.join(', ')}`, `cần chọn ít nhất một tình trạng trụ sở: ${listWords(HQ_STATUSES.map(hqStatusWord)).vi}`),
    );
  }
  for (const s of given) {
    if (!(HQ_STATUSES as readonly string[]).includes(s)) {
      throw badRequest(
        said(
          `${field}: "${s}" is not an HQ status; expected one of ${HQ_STATUSES.join(', ')}`,
          `tình trạng trụ sở: "${s}" không có; chọn trong: ${listWords(HQ_STATUSES.map(hqStatusWord)).vi}`,
        ),
      );
    }
  }
  return HQ_STATUSES.filter((s) => given.includes(s));
}

export function coverageParams(q: CoverageQuery, today: string): CoverageParams {
  return { radiusKm: radius(q.radiusKm), statuses: parseStatuses(q.statuses), asOf: q.asOf ?? today };
}

export function proximityParams(q: ProximityQuery, today: string): ProximityParams {
  const { min, max } = ANALYSIS_LIMITS.borderKm;
  const borderKm = q.borderKm ?? 5;
  if (!Number.isFinite(borderKm) || borderKm < min || borderKm > max) {
    throw badRequest(said(`borderKm must be between ${min} and ${max} km; got ${borderKm}`, `khoảng cách tới biên giới phải từ ${min} đến ${max} km; đã nhập ${borderKm}`));
  }
  return { borderKm: round(borderKm, 3), statuses: parseStatuses(q.statuses), asOf: q.asOf ?? today };
}

export function bestSitesParams(b: BestSitesBody, today: string): BestSitesParams {
  const { min, max } = ANALYSIS_LIMITS.k;
  if (!Number.isInteger(b.k) || b.k < min || b.k > max) {
    throw badRequest(said(`body/k must be a whole number from ${min} to ${max}; got ${b.k}`, `số vị trí cần chọn phải là số nguyên từ ${min} đến ${max}; đã nhập ${b.k}`));
  }
  const points = b.candidates === 'points' ? (b.points ?? []) : [];
  if (b.candidates === 'points' && points.length === 0) {
    throw badRequest(said('body/points must hold at least one point when candidates is "points"', 'cần ít nhất một điểm khi chọn ứng viên là “các điểm tự chọn”'));
  }
  return {
    k: b.k,
    radiusKm: radius(b.radiusKm, 'body/radiusKm'),
    objective: b.objective,
    candidates: b.candidates,
    points: points.map((p) => {
      const name = p.name?.trim();
      return name ? { lon: round(p.lon, 6), lat: round(p.lat, 6), name } : { lon: round(p.lon, 6), lat: round(p.lat, 6) };
    }),
    statuses: parseStatuses(b.statuses, 'body/statuses'),
    asOf: b.asOf ?? today,
  };
}
