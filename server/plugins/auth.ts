import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { Db } from '../db/client.ts';
import type { Role } from '../domain.ts';
import { ACCESS, allows, type Access, type Scope } from '../auth/access.ts';
import { sessions, type SessionPolicy } from '../repositories/sessions.ts';
import { users } from '../repositories/users.ts';
import { HttpError } from '../errors.ts';
import { said } from '../text/lang.ts';

export const SESSION_COOKIE = 'posture_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Who is asking, resolved once per request from the session cookie. */
export interface RequestAuth {
  userId: number;
  username: string;
  role: Role;
  scope: Scope;
  csrfToken: string;
  expiresAt: string;
  token: string;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
  /** The request parts the route declared (JSON Schema), for tests generated from the route table. */
  schema: { params?: unknown; querystring?: unknown; body?: unknown };
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyInstance {
    /** Every /api route with the access it declared, for the access-matrix test and for audits of the API. */
    routeTable: RegisteredRoute[];
  }
}

export interface AuthOptions {
  db: Db;
  sessionPolicy: SessionPolicy;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Security for the whole app, registered on the root instance before any route: headers, cookies, and one
 * onRequest hook that authenticates, authorises by role, resolves the area scope and checks CSRF for every /api
 * route. A route without `config.access` makes start-up fail, so no route is open by omission.
 */
export async function registerAuth(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // MapLibre and Svelte set inline style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'data:', 'blob:'],
        // MapLibre runs its tile workers from the bundled worker file or a blob.
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Served over plain HTTP on closed networks too: do not force HTTPS from here (a TLS proxy sets HSTS).
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);

  app.decorateRequest('auth', null);
  app.decorate('routeTable', [] as RegisteredRoute[]);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const access = route.config?.access;
    if (!access || !(ACCESS as readonly string[]).includes(access)) {
      throw new Error(`route ${route.method} ${route.url} must declare config.access (one of ${ACCESS.join(', ')})`);
    }
    for (const method of [route.method].flat()) {
      const { params, querystring, body } = route.schema ?? {};
      if (method !== 'HEAD') app.routeTable.push({ method, url: route.url, access, schema: { params, querystring, body } });
    }
  });

  const sessionRepo = sessions(opts.db, opts.sessionPolicy);
  const userRepo = users(opts.db);

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (!path.startsWith('/api/') && path !== '/api') return; // the client and its assets
    // Unknown /api paths need a session too, so that their absence is not revealed to strangers.
    const access: Access = req.routeOptions.config?.access ?? 'session';
    if (access === 'public') return;

    const token = req.cookies[SESSION_COOKIE];
    const session = token ? await sessionRepo.find(token) : null;
    if (!token || !session) {
      if (token) clearSessionCookie(reply, req);
      throw new HttpError(401, token ? 'your session has expired; log in again' : 'log in to continue');
    }
    if (session.idleSeconds > 60) await sessionRepo.touch(token);
    if (!allows(session.role, access)) {
      throw new HttpError(403, `the ${session.role} role may not do this`);
    }
    if (!SAFE_METHODS.has(req.method)) checkCsrf(req, session.csrfToken);
    req.auth = {
      userId: session.userId,
      username: session.username,
      role: session.role,
      scope: { communes: await userRepo.scopeOf(session.userId, session.role, access === 'read' ? viewOf(req) : null) },
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
      token,
    };
  });
}

/**
 * The province a read asks for (`?province=`), or null for the default view (see users.scopeOf). Writes never
 * narrow: they address communes by code within the whole area.
 */
function viewOf(req: FastifyRequest): string | null {
  const value = (req.query as Record<string, unknown> | undefined)?.province;
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !/^[0-9]{2}$/.test(value)) {
    throw new HttpError(400, said('querystring/province must be a 2-digit province code', 'querystring/province phải là mã tỉnh gồm 2 chữ số'));
  }
  return value;
}

function checkCsrf(req: FastifyRequest, expected: string) {
  const given = req.headers[CSRF_HEADER];
  // Compared as bytes of equal length: a header of as many characters but some of them non-ASCII is longer in
  // bytes, and timingSafeEqual throws on buffers of different lengths.
  const givenBytes = Buffer.from(typeof given === 'string' ? given : '');
  const expectedBytes = Buffer.from(expected);
  const ok = givenBytes.length === expectedBytes.length && timingSafeEqual(givenBytes, expectedBytes);
  if (!ok) throw new HttpError(403, said(`missing or invalid ${CSRF_HEADER} header`, `thiếu hoặc sai tiêu đề ${CSRF_HEADER}`));
  // Defence in depth: a browser always sends Origin on cross-site writes; it must be this server. An opaque
  // origin ("null", from a sandboxed frame or a file) or one that is not a URL is never this server.
  const origin = req.headers.origin;
  if (origin !== undefined && hostOf(origin) !== req.headers.host) {
    const shown = JSON.stringify(String(origin).slice(0, 100));
    throw new HttpError(403, said(`requests from the origin ${shown} are not accepted`, `không chấp nhận yêu cầu từ nguồn ${shown}`));
  }
}

function hostOf(origin: string | string[]): string | null {
  if (typeof origin !== 'string') return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** A browser-session cookie: the server decides expiry (idle and maximum length), the browser forgets it on close. */
export function setSessionCookie(reply: FastifyReply, req: FastifyRequest, token: string) {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' });
}

export function clearSessionCookie(reply: FastifyReply, req: FastifyRequest) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' });
}

/** The authenticated caller of a route that is not public (the onRequest hook guarantees it). */
export function authOf(req: FastifyRequest): RequestAuth {
  if (!req.auth) throw new HttpError(401, 'log in to continue');
  return req.auth;
}
