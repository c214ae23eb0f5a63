import type { FeatureCollection, MultiLineString, MultiPolygon, Point } from 'geojson';
import type { Static } from 'typebox';
import type { ApiError } from '../../server/schemas/common.ts';
import type {
  BorderGateProperties as BorderGateSchema,
  BorderProperties as BorderSchema,
  CommuneDetail,
  CommuneProperties,
  CommuneSummary,
  CommuneSummaryList,
  HqProperties,
  Meta,
  ProvinceList,
} from '../../server/schemas/api.ts';
import type {
  AuditPage,
  AuditQuery,
  LoginBody,
  PasswordChangeBody,
  SessionInfo,
  SessionUser,
  UserCreateBody,
  UserRecord,
  UserUpdateBody,
} from '../../server/schemas/auth.ts';
import type {
  BorderCommune,
  BorderCommuneList,
  BorderGateCreateBody,
  BorderGateEditRecord,
  BorderIndicators,
  BorderSegmentProperties,
  BorderSetting,
} from '../../server/schemas/border.ts';
import type { Indicator, IndicatorsResponse } from '../../server/schemas/indicators.ts';
import type { SearchHit } from '../../server/schemas/search.ts';
import type { AccessTokenCreateBody, AccessTokenCreated, AccessTokenList, AccessTokenRecord } from '../../server/schemas/tokens.ts';
import type { BasemapTileJson } from '../../server/schemas/basemap.ts';
import { session } from '../state/session.svelte.ts';
import { locale } from '../state/locale.svelte.ts';
import { view } from '../state/view.svelte.ts';
import { addView } from '../state/province-view.ts';

export type { SearchHit, BasemapTileJson };
export type { CommuneDetail, CommuneProperties, CommuneSummary, HqProperties, Indicator, IndicatorsResponse, Meta };
export type Province = NonNullable<Meta['province']>;
/** A province one may choose as the view (GET /api/provinces). */
export type ProvinceChoice = ProvinceList['provinces'][number];
export type ProvinceFigures = IndicatorsResponse['provinces'][number];
export type StatusRecord = CommuneDetail['properties']['history'][number];
export type DetailHq = CommuneDetail['properties']['hqs'][number];

export type { AuditPage, SessionInfo, SessionUser, UserCreateBody, UserRecord, UserUpdateBody };
export type { AccessTokenCreateBody, AccessTokenCreated, AccessTokenRecord };
export type Role = SessionUser['role'];
export type ScopeKind = SessionUser['scopeKind'];
export type AuditEntry = AuditPage['items'][number];
/** Audit filters; paging has defaults on the server. */
export type AuditFilters = Partial<AuditQuery>;

export type BorderProperties = Static<typeof BorderSchema>;
export type BorderGateProperties = Static<typeof BorderGateSchema>;

export type CommuneCollection = FeatureCollection<MultiPolygon, CommuneProperties>;
export type HqCollection = FeatureCollection<Point, HqProperties>;
export type BorderCollection = FeatureCollection<MultiLineString, BorderProperties>;
export type BorderGateCollection = FeatureCollection<Point, BorderGateProperties>;

export type { BorderCommune, BorderCommuneList, BorderGateCreateBody, BorderGateEditRecord, BorderIndicators, BorderSegmentProperties, BorderSetting };
export type BorderSegmentCollection = FeatureCollection<MultiLineString, BorderSegmentProperties>;
export type BorderGateUpdate = { version: number; name?: string; level?: BorderGateCreateBody['level']; closedOn?: string | null; lon?: number; lat?: number };
export type BorderExportFormat = 'csv' | 'xlsx' | 'geojson';

/** A failed API call: HTTP status (0 when the server could not be reached) and the server's message. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly path: string;
  /** Seconds the server asked us to wait (Retry-After on 429/503), when it said so. */
  readonly retryAfter: number | null;
  constructor(status: number, message: string, path: string, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.path = path;
    this.retryAfter = retryAfter;
  }
}

/** True when the failure means "the server is not there" rather than "the server said no". */
export const isUnreachable = (err: unknown) =>
  err instanceof ApiRequestError && (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /**
   * What a 401 means. 'session-over' (the default): the session expired or was revoked, so the app goes
   * back to the login page. 'answer': the caller handles it (wrong credentials, wrong current password,
   * no session yet).
   */
  on401?: 'session-over' | 'answer';
  /**
   * A read about the province view (see withView). Defaults to true for GET; POSTs that only read (selection,
   * best sites) say so.
   */
  read?: boolean;
  /** The view this read is about, when not the current one ('' = the default view). */
  view?: string;
}

/**
 * `path` with the province view every read is about (`province=NN`; nothing for the default view). Every read URL
 * the client makes goes through here: requests (see request) and the download links of exports alike.
 *
 * @example withView('/api/communes?asOf=2025-12-31') // '/api/communes?asOf=2025-12-31&province=11' in the view of Điện Biên
 */
export function withView(path: string, province: string = view.provinceCode): string {
  return addView(path, province);
}

function retryAfterSeconds(res: Response): number | null {
  const header = res.headers.get('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - Date.now()) / 1000));
}

async function failure(res: Response, path: string): Promise<ApiRequestError> {
  let message = locale.t.common.unreadableAnswer(res.status);
  try {
    const body = (await res.json()) as Partial<ApiError>;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON (a proxy's error page, say): its status, in the user's language.
  }
  return new ApiRequestError(res.status, message, path, retryAfterSeconds(res));
}

/**
 * Every API call goes through here: JSON in and out, the session cookie sent by the browser, the CSRF
 * token added to every change, and a 401 taken as the end of the session.
 */
export async function request<T>(
  method: Method,
  path: string,
  { body, signal, on401 = 'session-over', read = method === 'GET', view: province }: RequestOptions = {},
): Promise<T> {
  if (read) path = withView(path, province);
  // Messages for people (validation reports, refusals) come back in the interface language.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': locale.lang };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  const epoch = session.epoch;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiRequestError(0, locale.t.common.noConnection, path);
  }
  if (!res.ok) {
    const err = await failure(res, path);
    if (res.status === 401 && on401 === 'session-over') session.expire(epoch);
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A step of a long request's streamed answer (see server/plugins/progress.ts). */
export interface StreamProgress {
  stage: string;
  done?: number;
  total?: number;
}

/**
 * `request` for the long reads that can report progress: the server is asked for its answer as lines
 * (`application/x-ndjson`), each progress line goes to `onProgress` as it arrives, then the result (or the error,
 * with the server's message) ends the answer. A server answering plain JSON is read as such.
 */
export async function requestWithProgress<T>(
  method: Method,
  path: string,
  onProgress: (p: StreamProgress) => void,
  { body, signal, read = method === 'GET', view: province }: RequestOptions = {},
): Promise<T> {
  if (read) path = withView(path, province);
  const headers: Record<string, string> = { accept: 'application/x-ndjson, application/json', 'accept-language': locale.lang };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  const epoch = session.epoch;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiRequestError(0, locale.t.common.noConnection, path);
  }
  if (!res.ok) {
    const err = await failure(res, path);
    if (res.status === 401) session.expire(epoch);
    throw err;
  }
  if (!(res.headers.get('content-type') ?? '').startsWith('application/x-ndjson') || !res.body) return (await res.json()) as T;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  let last: { result?: T; error?: { statusCode: number; message: string } } | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (value) text += value;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
      const line = text.slice(0, nl);
      text = text.slice(nl + 1);
      if (line.trim() === '') continue;
      const message = JSON.parse(line) as { progress?: StreamProgress; result?: T; error?: { statusCode: number; message: string } };
      if (message.progress) onProgress(message.progress);
      else last = message;
    }
    if (done) break;
  }
  if (last?.error) throw new ApiRequestError(last.error.statusCode, last.error.message, path);
  if (!last || !('result' in last)) throw new ApiRequestError(0, locale.t.common.answerCut, path);
  return last.result as T;
}

const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, { signal });

/** `?a=1&b=2` from the set values, or '' when none is set. */
function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') q.set(key, String(value));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const withAsOf = (path: string, asOf?: string) => (asOf ? `${path}?asOf=${encodeURIComponent(asOf)}` : path);

/**
 * Names are drawn glyph by glyph on the map; in NFC every Vietnamese letter is one code point that the
 * bundled Vietnamese font subset covers, whereas decomposed marks would be drawn from a fallback font.
 */
function nfcNames<F extends { properties: { name: string } }>(fc: { features: F[] }) {
  for (const f of fc.features) f.properties.name = f.properties.name.normalize('NFC');
  return fc;
}

/** Map layers the server draws as vector tiles (GET /api/tiles/{layer}/{z}/{x}/{y}.mvt). */
export type TileLayer = 'communes' | 'border-communes' | 'hqs' | 'border-gates' | 'border-lines' | 'villages';

/**
 * The absolute tile URL template of a layer, with the date and the view: MapLibre fetches the tiles itself (from a
 * worker, hence absolute), with the session cookie of this origin.
 *
 * @example tileUrl('communes', '2025-12-31') // 'https://host/api/tiles/communes/{z}/{x}/{y}.mvt?asOf=2025-12-31&province=11'
 */
export function tileUrl(layer: TileLayer, asOf?: string): string {
  return `${location.origin}${withView(withAsOf(`/api/tiles/${layer}/{z}/{x}/{y}.mvt`, asOf))}`;
}

export const api = {
  meta: (signal?: AbortSignal) => get<Meta>('/api/meta', signal),
  /** The operator's basemap (TileJSON); 404 when the server has none. */
  basemap: (signal?: AbortSignal) => request<BasemapTileJson>('GET', '/api/basemap', { signal, read: false }),
  /** The provinces of the user's whole area, to choose the view from (real first, the demo last). */
  provinces: (signal?: AbortSignal) => get<ProvinceList>('/api/provinces', signal),
  communes: async (asOf?: string, signal?: AbortSignal) =>
    nfcNames(await get<CommuneCollection>(withAsOf('/api/communes', asOf), signal)) as CommuneCollection,
  /** The communes without geometry (the map draws them from tiles), each with its bounding box. */
  communeSummaries: async (asOf?: string, signal?: AbortSignal) => {
    const { items } = await get<CommuneSummaryList>(withAsOf('/api/communes/summaries', asOf), signal);
    for (const c of items) c.name = c.name.normalize('NFC');
    return items;
  },
  commune: (code: string, asOf?: string, signal?: AbortSignal) =>
    get<CommuneDetail>(withAsOf(`/api/communes/${encodeURIComponent(code)}`, asOf), signal),
  hqs: (asOf?: string, signal?: AbortSignal) => get<HqCollection>(withAsOf('/api/hqs', asOf), signal),
  borders: (signal?: AbortSignal) => get<BorderCollection>('/api/borders', signal),
  borderGates: (asOf?: string, signal?: AbortSignal) =>
    get<BorderGateCollection>(withAsOf('/api/border-gates', asOf), signal),
  /** The dashboard's figures for the whole area, or for `communes` when some are selected. */
  indicators: (asOf: string | undefined, communes: string[], signal?: AbortSignal) =>
    get<IndicatorsResponse>(`/api/indicators${queryString({ asOf, communes: communes.length ? communes.join(',') : undefined })}`, signal),

  border: {
    segments: (signal?: AbortSignal) => get<BorderSegmentCollection>('/api/border/segments', signal),
    communes: (asOf?: string, signal?: AbortSignal) => get<BorderCommuneList>(withAsOf('/api/border/communes', asOf), signal),
    indicators: (asOf?: string, signal?: AbortSignal) => get<BorderIndicators>(withAsOf('/api/border/indicators', asOf), signal),
    settings: (signal?: AbortSignal) => get<BorderSetting>('/api/border/settings', signal),
    /** Administrators; `version` must be the one read (409 otherwise). */
    updateSettings: (body: { distanceM: number; version: number }) => request<BorderSetting>('PATCH', '/api/border/settings', { body }),
    /** A plain link: the browser downloads the file with the session cookie. */
    exportUrl: (format: BorderExportFormat, asOf?: string) => withView(`/api/border/export${queryString({ format, asOf })}`),
    createGate: (body: BorderGateCreateBody) => request<BorderGateEditRecord>('POST', '/api/border-gates', { body }),
    /** `body.version` must be the version read; a 409 means someone changed the gate meanwhile. */
    updateGate: (id: number, body: BorderGateUpdate) => request<BorderGateEditRecord>('PATCH', `/api/border-gates/${id}`, { body }),
  },

  auth: {
    /** 401 here just means "not logged in". */
    session: () => request<SessionInfo>('GET', '/api/auth/session', { on401: 'answer' }),
    login: (body: Static<typeof LoginBody>) => request<SessionInfo>('POST', '/api/auth/login', { body, on401: 'answer' }),
    /** A 401 here means the session had already ended: as good as a log-out. */
    logout: () => request<void>('POST', '/api/auth/logout', { on401: 'answer' }),
    /** 401 may mean a wrong current password: the caller tells that from an expired session. */
    changePassword: (body: Static<typeof PasswordChangeBody>) =>
      request<void>('POST', '/api/auth/password', { body, on401: 'answer' }),
  },

  /** The user's personal access tokens (for GIS clients and scripts). */
  tokens: {
    list: (signal?: AbortSignal) => get<AccessTokenList>('/api/tokens', signal),
    create: (body: AccessTokenCreateBody) => request<AccessTokenCreated>('POST', '/api/tokens', { body }),
    revoke: (id: number) => request<AccessTokenRecord>('DELETE', `/api/tokens/${id}`),
  },

  users: {
    list: (signal?: AbortSignal) => get<UserRecord[]>('/api/users', signal),
    create: (body: UserCreateBody) => request<UserRecord>('POST', '/api/users', { body }),
    /** `body.version` must be the version read; a 409 means someone changed the user meanwhile. */
    update: (id: number, body: UserUpdateBody) => request<UserRecord>('PATCH', `/api/users/${id}`, { body }),
  },

  /**
   * Provinces, communes, HQs and border gates by name (tones optional) or commune code, in the current view, or in
   * `province` ('' = the default view) when given.
   */
  search: (q: string, signal?: AbortSignal, province?: string) =>
    request<{ items: SearchHit[] }>('GET', `/api/search${queryString({ q, limit: 10 })}`, { signal, view: province }),

  audit: (filters: AuditFilters, signal?: AbortSignal) =>
    get<AuditPage>(`/api/audit${queryString({ ...filters })}`, signal),
};
