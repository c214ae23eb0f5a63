import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import fastifyStatic from '@fastify/static';
import fastifyCompress from '@fastify/compress';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from './db/client.ts';
import type { Config } from './config.ts';
import { badRequest, errorResponse } from './errors.ts';
import { compiledOnFirstCall } from './plugins/compiled-on-first-call.ts';
import { inLang, langOf, said } from './text/lang.ts';
import { isGuardedPath, registerAuth, SESSION_COOKIE } from './plugins/auth.ts';
import { tileService } from './tile-service.ts';
import { cachedReads, ENCODINGS } from './response-cache.ts';
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
import tokens from './routes/tokens.ts';
import openapi from './routes/openapi.ts';
import ogc from './routes/ogc.ts';
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
    // Fastify's own serializers (fast-json-stringify, given the shared schemas and options as by default), each built
    // on its route's first answer: see compiledOnFirstCall.
    schemaController: {
      compilersFactory: {
        buildSerializer: (...factoryArgs: Parameters<ReturnType<typeof SerializerSelector>>) => {
          const serializers = SerializerSelector()(...factoryArgs);
          return (route) => compiledOnFirstCall(() => serializers(route));
        },
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Query strings and path parameters are text and are coerced to the declared types; JSON bodies are taken as
  // sent, since coercion changes their meaning (null or " " would become 0, true would become 1).
  const validators = AjvCompiler();
  app.setValidatorCompiler((route) =>
    compiledOnFirstCall(() => validators({}, { customOptions: { allErrors: false, coerceTypes: route.httpPart === 'body' ? false : 'array' } })(route)),
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
  app.addHook('onSend', (req, reply, payload, done) => {
    if (!reply.hasHeader('cache-control') && isGuardedPath(req.url.split('?')[0])) {
      reply.header('Cache-Control', 'no-store');
    }
    done(null, payload);
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
  await app.register(fastifyCompress, { global: true, globalDecompression: false, encodings: [...ENCODINGS] });

  const routeDeps: RouteDeps = {
    db: deps.db,
    // One tile cache for the map's tile routes and the OGC API's.
    tiles: tileService({ db: deps.db }),
    reads: cachedReads({ db: deps.db }),
    config: deps.config,
    version: deps.version ?? '0.0.0',
    today: deps.today ?? (() => vietnamToday()),
    sessionPolicy: deps.sessionPolicy ?? DEFAULT_SESSION_POLICY,
    loginLimit: deps.loginLimit ?? DEFAULT_LOGIN_LIMIT,
  };
  await registerAuth(app, { db: deps.db, sessionPolicy: routeDeps.sessionPolicy });
  // The OpenAPI description of every route, from the routes' own schemas; registered before them to see them all.
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Posture API',
        version: routeDeps.version,
        description:
          'Every route but health, login and this document needs the browser session (cookie, with the X-CSRF-Token header on changes) or a personal access token (Authorization: Bearer). Answers are limited to the area of the caller.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          token: { type: 'http', scheme: 'bearer', description: 'A personal access token (POST /api/tokens); never for account administration' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform({ schema, url, route }) {
      const access = route.config?.access;
      const notes = [access ? `Access: ${access}` : null, route.config?.account ? 'account administration: browser session only' : null].filter(Boolean).join('; ');
      const described = { ...(schema ?? {}), description: [schema?.description, notes].filter(Boolean).join('. ') } as typeof schema;
      if (access === 'public') Object.assign(described, { security: [] });
      return { schema: described, url };
    },
  });
  await app.register(
    async (api) => {
      for (const routes of [health, auth, meta, communes, hqs, border, users, indicators, analysis, campaigns, search, dataImport, dataExport, basemap, tiles, tokens, openapi]) {
        await api.register(routes, routeDeps);
      }
    },
    { prefix: '/api' },
  );
  await app.register(ogc, { ...routeDeps, prefix: '/ogc' });

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
    const noRoute = () => inLang(said(`no route ${req.method} ${path}`, `không có đường dẫn ${req.method} ${path}`), langOf(req));
    // The API and the OGC services answer JSON, never the client's page (a GIS client must not read HTML as data).
    if (isGuardedPath(path) || req.method !== 'GET') {
      return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: noRoute() });
    }
    // A GIS client given the server's address looks for the OGC API's collections and conformance at its root.
    if (path === '/collections' || path.startsWith('/collections/') || path === '/conformance') {
      return reply.redirect(`/ogc${req.url}`, 308);
    }
    // A client asking for JSON (and not for a page) gets an answer it can read as such.
    const accept = String(req.headers.accept ?? '');
    if (accept.includes('json') && !accept.includes('text/html')) {
      return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: noRoute() });
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
