import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Harness } from './harness.ts';
import { TEST_TODAY } from './env.ts';

export const run = promisify(execFile);

/** GDAL's command-line tools, the independent client of the OGC API (Debian package gdal-bin; always present in CI). */
export async function hasGdal(): Promise<boolean> {
  try {
    await run('ogrinfo', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** A server on the run's database for clients that speak HTTP; `listen` starts it, once any hook is added. */
export function serverForClients(h: Harness): Promise<FastifyInstance> {
  return buildApp({ db: h.db, config: loadConfig({}), version: 'test', today: () => TEST_TODAY });
}

/** Starts the server on a free port of 127.0.0.1; its base URL. */
export async function listen(server: FastifyInstance): Promise<string> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  const addr = server.server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}

export interface GeoJson {
  features: { id?: string | number; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown[] } | null }[];
}

/** A GDAL tool run as a user would, with the access token in GDAL_HTTP_HEADERS; its standard output. */
export async function gdalTool(tool: 'ogrinfo' | 'ogr2ogr', args: string[], token: string): Promise<string> {
  const env = { ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}`, CPL_DEBUG: 'OFF' };
  const { stdout } = await run(tool, args, { env, maxBuffer: 512 * 1024 * 1024, timeout: 600_000 });
  return stdout;
}

/** The features of an OGC API collection as GDAL reads them, written out by GDAL as GeoJSON. */
export async function readWithGdal(url: string, layer: string, token: string, extra: string[] = []): Promise<GeoJson> {
  return JSON.parse(await gdalTool('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `OAPIF:${url}`, layer, ...extra], token)) as GeoJson;
}
