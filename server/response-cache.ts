import { brotliCompressSync, constants as zlib, deflateSync, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { negotiate } from '@fastify/accept-negotiator';
import { LRUCache } from 'lru-cache';
import type { Db } from './db/client.ts';
import type { Scope } from './auth/access.ts';
import { authOf } from './plugins/auth.ts';
import { etagOf, matches as ifNoneMatch, scopeKey } from './jobs/analysis-service.ts';
import { readRevision } from './repositories/data-revision.ts';

/** An answer as made: its body (JSON text or bytes) and content type. */
interface Made {
  body: string | Buffer;
  type: string;
}

/** An answer as kept: its bytes as sent before compression (encoded to UTF-8 once, not for every request), its ETag. */
interface Cached {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * The encodings the app offers (app.ts registers @fastify/compress with this list, for every other answer), with
 * that plugin's settings: Brotli at quality 4, zlib's defaults, nothing under 1 KiB. A cached answer is encoded once
 * per encoding and kept beside it, instead of once per request.
 */
export const ENCODINGS = ['br', 'gzip', 'deflate'] as const;
type Encoding = (typeof ENCODINGS)[number];
const ENCODE: Record<Encoding, (b: Buffer) => Buffer> = {
  br: (b) => brotliCompressSync(b, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: b.length } }),
  gzip: (b) => gzipSync(b),
  deflate: (b) => deflateSync(b),
};
const COMPRESS_FROM_BYTES = 1024;
// JSON answers, and vector tiles (which @fastify/compress leaves alone: mime-db does not call them compressible).
const COMPRESSIBLE = /^application\/(?:(?:[\w.+-]+\+)?json|vnd\.mapbox-vector-tile)(?:;|$)/;

function encodingFor(req: FastifyRequest, cached: Cached): Encoding | null {
  if (req.headers['x-no-compression'] !== undefined || !COMPRESSIBLE.test(cached.type) || cached.body.length < COMPRESS_FROM_BYTES) return null;
  const accept = req.headers['accept-encoding'];
  if (typeof accept !== 'string') return null;
  const chosen = negotiate(accept.toLowerCase().replace(/x-gzip|\*/g, 'gzip'), ENCODINGS as unknown as string[]);
  return chosen && (ENCODINGS as readonly string[]).includes(chosen) ? (chosen as Encoding) : null;
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
  // Encoded copies, under the answer's key and the encoding; dropped on their own when space runs out.
  const encoded = new LRUCache<string, Buffer>({ maxSize: Math.max(1, Math.floor(opts.maxBytes / 4)), sizeCalculation: (v) => v.length + 64 });
  const inFlight = new Map<string, Promise<Cached>>();
  let hits = 0;
  let misses = 0;

  async function send(req: FastifyRequest, reply: FastifyReply, key: string, make: () => Promise<Made>) {
    let answer = cache.get(key);
    // Kept with the answer: the key is hashed once per answer, not per request.
    const etag = answer?.etag ?? etagOf(key);
    // Set on answers only: a failure must not carry the ETag of an answer.
    const validators = (state: string) =>
      reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'Cookie, Authorization, Accept-Encoding').header('x-cache', state);
    if (ifNoneMatch(req.headers['if-none-match'], etag)) return validators('not-modified').code(304).send();
    const state = answer ? 'hit' : 'miss';
    if (answer) hits++;
    else {
      misses++;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = make()
          .then((made) => {
            const kept = { body: typeof made.body === 'string' ? Buffer.from(made.body) : made.body, type: made.type, etag };
            cache.set(key, kept);
            return kept;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      answer = await pending;
    }
    validators(state).type(answer.type);
    const encoding = encodingFor(req, answer);
    if (!encoding) return reply.send(answer.body);
    const encodedKey = `${key}|${encoding}`;
    let bytes = encoded.get(encodedKey);
    if (!bytes) {
      bytes = ENCODE[encoding](answer.body);
      encoded.set(encodedKey, bytes);
    }
    // An answer with its Content-Encoding set is left as it is by @fastify/compress.
    return reply.header('content-encoding', encoding).send(bytes);
  }

  return {
    send,
    stats: () => ({ hits, misses, entries: cache.size, bytes: cache.calculatedSize }),
    clear: () => {
      cache.clear();
      encoded.clear();
    },
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
