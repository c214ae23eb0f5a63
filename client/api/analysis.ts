import type { BestSitesAnswer, BestSitesBody, CoverageAnswer, ProximityAnswer } from '../../server/schemas/analysis.ts';
import { request, requestWithProgress, type StreamProgress } from './client.ts';

export type { BestSitesAnswer, BestSitesBody, CoverageAnswer, ProximityAnswer };
export type CandidatePoint = NonNullable<BestSitesBody['points']>[number];

/** Query string of the set parameters (an empty date is left to the server's today). */
const query = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '').map(([k, v]) => [k, String(v)])).toString();

/**
 * The analysis endpoints. GET answers carry an ETag: the browser revalidates them with If-None-Match, so an
 * unchanged result comes back as a 304 without being recomputed or resent.
 */
export const analysisApi = {
  /** Streamed: `onProgress` hears how many communes are done, for a national run of some seconds. */
  coverage: (p: { radiusKm: number; statuses: string[]; asOf: string }, onProgress: (p: StreamProgress) => void, signal?: AbortSignal) =>
    requestWithProgress<CoverageAnswer>(
      'GET',
      `/api/analysis/coverage?${query({ radiusKm: p.radiusKm, statuses: p.statuses.join(','), asOf: p.asOf })}`,
      onProgress,
      { signal },
    ),
  proximity: (p: { borderKm: number; statuses: string[]; asOf: string }, signal?: AbortSignal) =>
    request<ProximityAnswer>('GET', `/api/analysis/proximity?${query({ borderKm: p.borderKm, statuses: p.statuses.join(','), asOf: p.asOf })}`, { signal }),
  bestSites: (body: BestSitesBody, onProgress: (p: StreamProgress) => void, signal?: AbortSignal) =>
    requestWithProgress<BestSitesAnswer>('POST', '/api/analysis/best-sites', onProgress, { body, signal, read: true }),
};
