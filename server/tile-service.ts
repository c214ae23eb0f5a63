import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Db } from './db/client.ts';
import type { Scope } from './auth/access.ts';
import { scopeKey } from './jobs/analysis-service.ts';
import { responseCache } from './response-cache.ts';
import { authOf } from './plugins/auth.ts';
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
 *
 * The revision query is asked once per tile while no change is committed anywhere: the session's query reads the
 * tile revision counter (the last change committed, migration 011) as the request begins, and a tile's revision read
 * after that counter covers every change up to it, so it serves every request that began with the same counter (a
 * request the revision of a later change reaches gets that tile's newer answer, never an older one).
 */
export function tileService(opts: TileServiceOptions) {
  const responses = responseCache({ maxBytes: opts.maxBytes ?? 64 * 1024 * 1024 });
  const revisions = new LRUCache<string, number>({ max: 100_000 });

  async function revisionOf(t: TileAddress, counter: string | undefined): Promise<number> {
    if (counter === undefined) return tileRevision(opts.db, t);
    const key = `${counter}|${t.layer}|${t.z}/${t.x}/${t.y}`;
    let revision = revisions.get(key);
    if (revision === undefined) {
      revision = await tileRevision(opts.db, t);
      revisions.set(key, revision);
    }
    return revision;
  }

  async function answer(req: FastifyRequest, reply: FastifyReply, t: TileAddress, asOf: string, scope: Scope) {
    const revision = await revisionOf(t, authOf(req).tileRevision);
    const key = `${t.layer}|${t.z}/${t.x}/${t.y}|${LAYERS[t.layer].dated ? asOf : ''}|${scopeKey(scope)}|r${revision}`;
    return responses.send(req, reply, key, async () => ({ body: await tileOf(opts.db, t, asOf, scope), type: TILE_CONTENT_TYPE }));
  }

  return { answer, stats: responses.stats, clear: () => (responses.clear(), revisions.clear()) };
}

export type TileService = ReturnType<typeof tileService>;
