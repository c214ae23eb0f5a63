import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';

/** What a basemap's tiles are: vector tiles (MVT) or images. */
export type TileFormat = 'mvt' | 'png' | 'jpeg' | 'webp';

export const CONTENT_TYPES: Record<TileFormat, string> = {
  mvt: 'application/vnd.mapbox-vector-tile',
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** What the client needs to draw an archive: TileJSON's fields, read from the file. */
export interface BasemapInfo {
  container: 'pmtiles' | 'mbtiles';
  format: TileFormat;
  name: string | null;
  attribution: string | null;
  minzoom: number;
  maxzoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  /** [lon, lat, zoom]. */
  center: [number, number, number] | null;
  /** The vector layers the archive holds (MVT only), as its metadata lists them. */
  vectorLayers: { id: string }[];
  /** Changes whenever the file does: part of every tile's ETag. */
  version: string;
}

/** A stored tile: its bytes as stored, and the encoding they are stored in. */
export interface StoredTile {
  data: Uint8Array;
  encoding: 'gzip' | 'br' | null;
}

export interface BasemapArchive {
  info: BasemapInfo;
  /** The tile at z/x/y (XYZ scheme), or null when the archive holds none there. */
  tile(z: number, x: number, y: number): Promise<StoredTile | null>;
  close(): Promise<void>;
}

export class BasemapError extends Error {}

const WORLD: [number, number, number, number] = [-180, -85.0511, 180, 85.0511];

/** Bounds read from metadata, or the world when they are missing or malformed. */
export function parseBounds(value: unknown): [number, number, number, number] {
  const parts = Array.isArray(value) ? value.map(Number) : typeof value === 'string' ? value.split(',').map(Number) : [];
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return WORLD;
  const [w, s, e, n] = parts;
  return w < e && s < n && w >= -180 && e <= 180 && s >= -90 && n <= 90 ? [w, s, e, n] : WORLD;
}

/** gzip and zlib streams start with these bytes; vector MBTiles tiles are usually gzip-compressed. */
export function storedEncoding(data: Uint8Array): 'gzip' | null {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b ? 'gzip' : null;
}

/** A version tag for the file at `path`: its path, size and modification time (the file is never written by the app). */
export function fileVersion(path: string): string {
  const st = statSync(path);
  return createHash('sha256').update(`${path}\0${st.size}\0${st.mtimeMs}`).digest('base64url').slice(0, 16);
}
