import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Db } from './db/client.ts';
import type { Scope } from './auth/access.ts';
import { etagOf, matches as ifNoneMatch, scopeKey } from './jobs/analysis-service.ts';
import { LAYERS, tileOf, tileRevision, type TileAddress } from './repositories/tiles.ts';

export const TILE_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

export interface TileServiceOptions {
  db: Db;
  /** Bytes of tiles kept in memory (64 MB by default), least recently used first out. */
  maxBytes?: number;
}

interface Cached {
  body: Buffer;
  etag: string;
}

/**
 * Vector tiles behind a bounded in-process cache keyed by layer, z/x/y, the date (dated layers only), the caller's
 * area and the tile's own revision (the last change that reached it, see migration 011). The key gives a strong
 * ETag, so an unchanged tile costs a 304 and the revision query. Tiles are confidential like every answer:
 * `private, no-cache`, never kept by a shared cache.
 */
export function tileService(opts: TileServiceOptions) {
  const cache = new LRUCache<string, Cached>({ maxSize: opts.maxBytes ?? 64 * 1024 * 1024, sizeCalculation: (v) => v.body.length + 128 });
  const inFlight = new Map<string, Promise<Cached>>();
  let hits = 0;
  let misses = 0;

  async function answer(req: FastifyRequest, reply: FastifyReply, t: TileAddress, asOf: string, scope: Scope) {
    const revision = await tileRevision(opts.db, t);
    const key = `${t.layer}|${t.z}/${t.x}/${t.y}|${LAYERS[t.layer].dated ? asOf : ''}|${scopeKey(scope)}|r${revision}`;
    const etag = etagOf(key);
    // Set on answers only: a failure must not carry the ETag of a tile.
    const validators = () => reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'Cookie, Authorization');
    if (ifNoneMatch(req.headers['if-none-match'], etag)) return validators().code(304).send();
    let tile = cache.get(key);
    if (tile) hits++;
    else {
      misses++;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = tileOf(opts.db, t, asOf, scope)
          .then((body) => {
            const made = { body, etag };
            cache.set(key, made);
            return made;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      tile = await pending;
    }
    return validators().type(TILE_CONTENT_TYPE).send(tile.body);
  }

  return {
    answer,
    stats: () => ({ hits, misses, entries: cache.size, bytes: cache.calculatedSize }),
    clear: () => cache.clear(),
  };
}

export type TileService = ReturnType<typeof tileService>;
