import type { FeatureCollection, MultiLineString, MultiPolygon, Point } from 'geojson';
import type { Static } from 'typebox';
import type { ApiError } from '../../server/schemas/common.ts';
import type {
  BorderGateProperties as BorderGateSchema,
  BorderProperties as BorderSchema,
  CommuneDetail,
  CommuneProperties,
  HqProperties,
  Meta,
} from '../../server/schemas/api.ts';

export type { CommuneDetail, CommuneProperties, HqProperties, Meta };
export type Province = NonNullable<Meta['province']>;
export type StatusRecord = CommuneDetail['properties']['history'][number];
export type DetailHq = CommuneDetail['properties']['hqs'][number];

export type BorderProperties = Static<typeof BorderSchema>;
export type BorderGateProperties = Static<typeof BorderGateSchema>;

export type CommuneCollection = FeatureCollection<MultiPolygon, CommuneProperties>;
export type HqCollection = FeatureCollection<Point, HqProperties>;
export type BorderCollection = FeatureCollection<MultiLineString, BorderProperties>;
export type BorderGateCollection = FeatureCollection<Point, BorderGateProperties>;

/** A failed API call: HTTP status (0 when the server could not be reached) and the server's message. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly path: string;
  constructor(status: number, message: string, path: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.path = path;
  }
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiRequestError(0, (err as Error).message, path);
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as Partial<ApiError>;
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // Not JSON (a proxy error page, say): keep the status line.
    }
    throw new ApiRequestError(res.status, message, path);
  }
  return (await res.json()) as T;
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

export const api = {
  meta: (signal?: AbortSignal) => get<Meta>('/api/meta', signal),
  communes: async (asOf?: string, signal?: AbortSignal) =>
    nfcNames(await get<CommuneCollection>(withAsOf('/api/communes', asOf), signal)) as CommuneCollection,
  commune: (code: string, asOf?: string, signal?: AbortSignal) =>
    get<CommuneDetail>(withAsOf(`/api/communes/${encodeURIComponent(code)}`, asOf), signal),
  hqs: (asOf?: string, signal?: AbortSignal) => get<HqCollection>(withAsOf('/api/hqs', asOf), signal),
  borders: (signal?: AbortSignal) => get<BorderCollection>('/api/borders', signal),
  borderGates: (asOf?: string, signal?: AbortSignal) =>
    get<BorderGateCollection>(withAsOf('/api/border-gates', asOf), signal),
};
