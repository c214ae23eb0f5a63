import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { AjvCompiler } from '@fastify/ajv-compiler';
import fastifyStatic from '@fastify/static';
import fastifyCompress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from './db/client.ts';
import type { Config } from './config.ts';
import { badRequest, errorResponse } from './errors.ts';
import { inLang, langOf, said } from './text/lang.ts';
import { registerAuth } from './plugins/auth.ts';
import type { SessionPolicy } from './repositories/sessions.ts';
import health from './routes/health.ts';
import auth from './routes/auth.ts';
import meta from './routes/meta.ts';
import communes from './routes/communes.ts';
import hqs from './routes/hqs.ts';
import border from './routes/border.ts';
import users from './routes/users.ts';
import indicators from './routes/indicators.ts';
import analysis from './routes/analysis.ts';
import campaigns from './routes/campaigns.ts';
import search from './routes/search.ts';
import dataImport from './routes/import.ts';
import dataExport from './routes/export.ts';
import basemap from './routes/basemap.ts';
import tiles from './routes/tiles.ts';
import type { RouteDeps } from './routes/types.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  version?: string;
  today?: () => string;
  /** Fastify logger options; false in tests. */
  logger?: boolean | object;
  sessionPolicy?: SessionPolicy;
  loginLimit?: { max: number; windowMs: number };
}

const HOUR = 3_600_000;
/** Sessions end after 8 hours without a request, and 24 hours after login at the latest. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 8 * HOUR, maxMs: 24 * HOUR };
/** 10 login attempts per username and address in 15 minutes. */
export const DEFAULT_LOGIN_LIMIT = { max: 10, windowMs: 15 * 60_000 };

/** Today's date in Vietnam (UTC+7) as 'YYYY-MM-DD'. */
export function vietnamToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy,
    ajv: { customOptions: { allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Query strings and path parameters are text and are coerced to the declared types; JSON bodies are taken as
  // sent, since coercion changes their meaning (null or " " would become 0, true would become 1).
  const validators = AjvCompiler();
  app.setValidatorCompiler((route) =>
    validators({}, { customOptions: { allErrors: false, coerceTypes: route.httpPart === 'body' ? false : 'array' } })(route),
  );

  // Text fields are stored in PostgreSQL, which cannot hold a NUL character: refuse it naming the field, before
  // the database answers with its own words.
  app.addHook('preValidation', async (req) => {
    const at = nulPath(req.body);
    if (at !== null) {
      const field = `body${at}`;
      throw badRequest(said(`${field} must not contain a NUL character (\\u0000)`, `${field} không được chứa ký tự NUL (\\u0000)`));
    }
  });

  // Answers carry confidential data: nothing under /api is kept by the browser or a proxy unless its route
  // chose its own (private) caching, as the analyses and tiles do with their ETags.
  app.addHook('onSend', async (req, reply) => {
    if (!reply.hasHeader('cache-control') && (req.url === '/api' || req.url.startsWith('/api/') || req.url.startsWith('/api?'))) {
      reply.header('Cache-Control', 'no-store');
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { statusCode, body } = errorResponse(err, req);
    if (statusCode >= 500) req.log.error({ err }, 'request failed');
    return reply.status(statusCode).send(body);
  });

  // Every answer of a compressible type (JSON, GeoJSON, CSV, the client's scripts) in br or gzip as the request
  // accepts; PDF, ZIP, XLSX, images and anything already carrying a Content-Encoding pass as they are. Streamed
  // progress (application/x-ndjson) is not a compressible type, so each line leaves at once. Request bodies are
  // not inflated: the import routes' size limit applies to the bytes a client really sends.
  await app.register(fastifyCompress, { global: true, globalDecompression: false, encodings: ['br', 'gzip', 'deflate'] });

  const routeDeps: RouteDeps = {
    db: deps.db,
    config: deps.config,
    version: deps.version ?? '0.0.0',
    today: deps.today ?? (() => vietnamToday()),
    sessionPolicy: deps.sessionPolicy ?? DEFAULT_SESSION_POLICY,
    loginLimit: deps.loginLimit ?? DEFAULT_LOGIN_LIMIT,
  };
  await registerAuth(app, { db: deps.db, sessionPolicy: routeDeps.sessionPolicy });
  await app.register(
    async (api) => {
      for (const routes of [health, auth, meta, communes, hqs, border, users, indicators, analysis, campaigns, search, dataImport, dataExport, basemap, tiles]) await api.register(routes, routeDeps);
    },
    { prefix: '/api' },
  );

  const clientDir = deps.config.clientDir;
  const hasClient = existsSync(join(clientDir, 'index.html'));
  if (hasClient) {
    await app.register(fastifyStatic, {
      root: clientDir,
      index: 'index.html',
      // Files are looked up on each request (not listed at start-up), so a rebuilt client is served at once.
      wildcard: true,
      setHeaders(reply, filePath) {
        // Vite names built assets by content hash: they never change. index.html must always be revalidated.
        reply.header('Cache-Control', filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/api/') || path === '/api' || req.method !== 'GET') {
      const message = said(`no route ${req.method} ${path}`, `không có đường dẫn ${req.method} ${path}`);
      return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: inLang(message, langOf(req)) });
    }
    if (!hasClient) {
      return reply.status(503).type('text/plain; charset=utf-8').send('The client is not built. Run `npm start`, which builds it.');
    }
    if (/\.[A-Za-z0-9]+$/.test(path)) {
      return reply.status(404).type('text/plain; charset=utf-8').send(`${path} not found`);
    }
    // Client-side routes: the single-page app handles them.
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });

  return app;
}

/**
 * The JSON path of a string holding a NUL character in a parsed JSON body (keys included), or null. Iterative, so
 * that a deeply nested body cannot exhaust the stack.
 */
function nulPath(body: unknown): string | null {
  const stack: [unknown, string][] = [[body, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\0')) return path || '/';
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [key, v] of Object.entries(value)) {
        if (key.includes('\0')) return `${path}/${key}`;
        stack.push([v, `${path}/${key}`]);
      }
    }
  }
  return null;
}
