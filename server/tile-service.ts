import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from './db/client.ts';
import type { Scope } from './auth/access.ts';
import { scopeKey } from './jobs/analysis-service.ts';
import { responseCache } from './response-cache.ts';
import { LAYERS, tileOf, tileRevision, type TileAddress } from './repositories/tiles.ts';

export const TILE_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

export interface TileServiceOptions {
  db: Db;
  /** Bytes of tiles kept in memory (64 MB by default), least recently used first out. */
  maxBytes?: number;
}

/**
 * Vector tiles behind a response cache (response-cache.ts) keyed by layer, z/x/y, the date (dated layers only), the
 * caller's area and the tile's own revision (the last change that reached it, see migration 011): an unchanged tile
 * costs a 304 and the revision query.
 */
export function tileService(opts: TileServiceOptions) {
  const responses = responseCache({ maxBytes: opts.maxBytes ?? 64 * 1024 * 1024 });

  async function answer(req: FastifyRequest, reply: FastifyReply, t: TileAddress, asOf: string, scope: Scope) {
    const revision = await tileRevision(opts.db, t);
    const key = `${t.layer}|${t.z}/${t.x}/${t.y}|${LAYERS[t.layer].dated ? asOf : ''}|${scopeKey(scope)}|r${revision}`;
    return responses.send(req, reply, key, async () => ({ body: await tileOf(opts.db, t, asOf, scope), type: TILE_CONTENT_TYPE }));
  }

  return { answer, stats: responses.stats, clear: responses.clear };
}

export type TileService = ReturnType<typeof tileService>;
