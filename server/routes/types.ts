import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/client.ts';
import type { Config } from '../config.ts';
import type { SessionPolicy } from '../repositories/sessions.ts';
import type { TileService } from '../tile-service.ts';
import type { CachedReads } from '../response-cache.ts';

/** What every route plugin receives. */
export interface RouteDeps {
  db: Db;
  config: Config;
  /** The vector tiles behind their cache, shared by the map's tile routes and the OGC API. */
  tiles: TileService;
  /** The map page's reads behind their cache, keyed by the data revision. */
  reads: CachedReads;
  /** Version of the running software, reported by /api/health. */
  version: string;
  /** Today in Vietnam (UTC+7), 'YYYY-MM-DD'; injectable so tests can fix the date. */
  today: () => string;
  sessionPolicy: SessionPolicy;
  loginLimit: { max: number; windowMs: number };
}

export type RoutePlugin = FastifyPluginAsyncTypebox<RouteDeps>;
