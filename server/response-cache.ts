import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Db } from './db/client.ts';
import type { Scope } from './auth/access.ts';
import { authOf } from './plugins/auth.ts';
import { etagOf, matches as ifNoneMatch, scopeKey } from './jobs/analysis-service.ts';
import { readRevision } from './repositories/data-revision.ts';

interface Cached {
  /** The answer as sent before compression: @fastify/compress encodes it for each request as that one accepts. */
  body: string | Buffer;
  type: string;
}

export interface ResponseCacheOptions {
  /** Bytes of answers kept in memory, least recently used first out. */
  maxBytes: number;
}

/**
 * Serialised answers behind a bounded in-process cache. The caller's key must hold everything the answer depends
 * on (the caller's area, the parameters, a revision of the data); the key gives a strong ETag, so an unchanged
 * answer costs a 304. Answers are confidential: `private, no-cache`, never kept by a shared cache. Identical
 * requests arriving together share one computation.
 */
export function responseCache(opts: ResponseCacheOptions) {
  const cache = new LRUCache<string, Cached>({ maxSize: opts.maxBytes, sizeCalculation: (v) => v.body.length + 128 });
  const inFlight = new Map<string, Promise<Cached>>();
  let hits = 0;
  let misses = 0;

  async function send(req: FastifyRequest, reply: FastifyReply, key: string, make: () => Promise<Cached>) {
    const etag = etagOf(key);
    // Set on answers only: a failure must not carry the ETag of an answer.
    const validators = (state: string) =>
      reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'Cookie, Authorization').header('x-cache', state);
    if (ifNoneMatch(req.headers['if-none-match'], etag)) return validators('not-modified').code(304).send();
    let answer = cache.get(key);
    const state = answer ? 'hit' : 'miss';
    if (answer) hits++;
    else {
      misses++;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = make()
          .then((made) => {
            cache.set(key, made);
            return made;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      answer = await pending;
    }
    return validators(state).type(answer.type).send(answer.body);
  }

  return {
    send,
    stats: () => ({ hits, misses, entries: cache.size, bytes: cache.calculatedSize }),
    clear: () => cache.clear(),
  };
}

export type ResponseCache = ReturnType<typeof responseCache>;

/**
 * The map page's reads (communes, HQs, indicators, border communes, search) from one response cache, keyed by the
 * route, its normalised parameters, the caller's area and the read revision (migration 018: it moves with
 * every committed write to a table these answers read). The revision is read before the data: a change committed
 * in between is then stored under the older revision, which nobody asks for any more.
 */
export function cachedReads(opts: { db: Db; maxBytes?: number }) {
  const responses = responseCache({ maxBytes: opts.maxBytes ?? 64 * 1024 * 1024 });

  /**
   * Answers `req` with `compute()` serialised by the route's own response schema (what Fastify would send), or with
   * the stored answer of an identical earlier request.
   */
  async function answer(req: FastifyRequest, reply: FastifyReply, params: Record<string, unknown>, compute: (scope: Scope) => Promise<unknown>) {
    const auth = authOf(req);
    const { scope } = auth;
    // Read with the session when there is one (one query less per request), else here; before the data either way.
    const revision = auth.readRevision ?? (await readRevision(opts.db));
    const key = `${req.routeOptions.url}|${JSON.stringify(params)}|${scopeKey(scope)}|r${revision}`;
    return responses.send(req, reply, key, async () => ({
      body: reply.serialize(await compute(scope)) as string,
      type: 'application/json; charset=utf-8',
    }));
  }

  return { answer, stats: responses.stats, clear: responses.clear };
}

export type CachedReads = ReturnType<typeof cachedReads>;
