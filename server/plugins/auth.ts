import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import helmet from 'helmet';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.ts';
import type { Role } from '../domain.ts';
import { ACCESS, allows, type Access, type Scope } from '../auth/access.ts';
import { sessions, type SessionPolicy } from '../repositories/sessions.ts';
import { users } from '../repositories/users.ts';
import { accessTokens, type TokenOwner } from '../repositories/tokens.ts';
import { runWithToken } from '../auth/token-context.ts';
import { HttpError } from '../errors.ts';
import { said } from '../text/lang.ts';
import { roleWord } from '../text/words.ts';

export const SESSION_COOKIE = 'posture_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Who is asking, resolved once per request from the session cookie or an access token. */
export interface RequestAuth {
  userId: number;
  username: string;
  role: Role;
  scope: Scope;
  /** The session's CSRF token, expiry and cookie token; empty for a request made with an access token. */
  csrfToken: string;
  expiresAt: string;
  token: string;
  /** The access token the request was made with, or null for the browser session. */
  tokenId: number | null;
  /** The read revision read with the session or the access token, before any data. */
  readRevision?: string;
  /** The tile revision counter read with the session or the access token, before any tile. */
  tileRevision?: string;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
  /** Account administration (sessions, passwords, tokens, users): a browser session only, never a token. */
  account: boolean;
  /** The request parts the route declared (JSON Schema), for tests generated from the route table. */
  schema: { params?: unknown; querystring?: unknown; body?: unknown };
}

/** Paths the hook guards: the JSON API and the OGC API services. The client and its assets are open. */
export const isGuardedPath = (path: string) => path === '/api' || path.startsWith('/api/') || path === '/ogc' || path.startsWith('/ogc/');

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
  // Helmet's middleware, made once: @fastify/helmet made it again for every request, parsing the policy each time
  // (about 7 % of a cached read's CPU).
  const securityHeaders = helmet({
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
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)));
  await app.register(fastifyCookie);

  app.decorateRequest('auth', null);
  app.decorate('routeTable', [] as RegisteredRoute[]);
  app.addHook('onRoute', (route) => {
    if (!isGuardedPath(route.url)) return;
    const access = route.config?.access;
    if (!access || !(ACCESS as readonly string[]).includes(access)) {
      throw new Error(`route ${route.method} ${route.url} must declare config.access (one of ${ACCESS.join(', ')})`);
    }
    for (const method of [route.method].flat()) {
      const { params, querystring, body } = route.schema ?? {};
      if (method !== 'HEAD') app.routeTable.push({ method, url: route.url, access, account: route.config?.account === true, schema: { params, querystring, body } });
    }
  });

  const sessionRepo = sessions(opts.db, opts.sessionPolicy);
  const tokenRepo = accessTokens(opts.db);
  const userRepo = users(opts.db);

  // A user's resolved area, kept while the read revision stands: the revision moves with every write to what an
  // area is made of (communes, provinces, border communes, the user's role and scope rows: migrations 018, 019), so
  // a cached read costs the session's one query. Frozen: requests share it. Bounded by the commune codes held (a
  // national area lists 3,321), not by entries: each write starts a new revision and so new entries.
  const areas = new LRUCache<string, Scope>({ maxSize: 1_000_000, sizeCalculation: (scope) => 1 + (scope.communes?.length ?? 0) });
  async function scopeOf(userId: number, role: Role, view: string | null, revision: string): Promise<Scope> {
    const key = `${userId}|${role}|${view ?? ''}|${revision}`;
    let scope = areas.get(key);
    if (!scope) {
      const communes = await userRepo.scopeOf(userId, role, view);
      scope = Object.freeze({ communes: communes && Object.freeze(communes) }) as Scope;
      areas.set(key, scope);
    }
    return scope;
  }

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (!isGuardedPath(path)) return; // the client and its assets
    // Unknown /api paths need a session too, so that their absence is not revealed to strangers.
    const access: Access = req.routeOptions.config?.access ?? 'session';
    if (access === 'public') return;

    // A program sends its access token; the browser its session cookie (a token, when sent, is the only credential).
    if (req.headers.authorization !== undefined) {
      const owner = await tokenOwner(req, reply);
      if (req.routeOptions.config?.account === true) {
        throw new HttpError(
          403,
          said('an access token cannot be used for account administration (sessions, passwords, tokens, users); log in', 'không dùng mã truy cập để quản trị tài khoản (phiên, mật khẩu, mã truy cập, người dùng); hãy đăng nhập'),
        );
      }
      // A browser may send Basic credentials it remembers on its own, as it sends cookies: only reads go that way.
      const readOnly = owner.readOnly || /^\s*basic\s/i.test(String(req.headers.authorization));
      if (readOnly && !SAFE_METHODS.has(req.method) && access !== 'read') {
        throw new HttpError(403, said('this access token is read-only; it cannot change anything', 'mã truy cập này chỉ được đọc; không thể thay đổi dữ liệu'));
      }
      if (!allows(owner.role, access)) throw new HttpError(403, `the ${owner.role} role may not do this`);
      if (owner.idleSeconds === null || owner.idleSeconds > 60) await tokenRepo.touch(owner.tokenId);
      req.auth = {
        userId: owner.userId,
        username: owner.username,
        role: owner.role,
        scope: await scopeOf(owner.userId, owner.role, access === 'read' ? viewOf(req) : null, owner.readRevision),
        csrfToken: '',
        expiresAt: '',
        token: '',
        tokenId: owner.tokenId,
        readRevision: owner.readRevision,
        tileRevision: owner.tileRevision,
      };
      return;
    }

    const token = req.cookies[SESSION_COOKIE];
    const session = token ? await sessionRepo.find(token) : null;
    if (!token || !session) {
      if (token) clearSessionCookie(reply, req);
      throw new HttpError(
        401,
        token ? said('your session has expired; log in again', 'phiên làm việc đã hết hạn; hãy đăng nhập lại') : said('log in to continue', 'hãy đăng nhập để tiếp tục'),
      );
    }
    if (session.idleSeconds > 60) await sessionRepo.touch(token);
    if (!allows(session.role, access)) {
      throw new HttpError(403, said(`the ${session.role} role may not do this`, `vai trò “${roleWord(session.role).vi}” không được làm việc này`));
    }
    if (!SAFE_METHODS.has(req.method)) checkCsrf(req, session.csrfToken);
    req.auth = {
      userId: session.userId,
      username: session.username,
      role: session.role,
      scope: await scopeOf(session.userId, session.role, access === 'read' ? viewOf(req) : null, session.readRevision),
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
      token,
      tokenId: null,
      readRevision: session.readRevision,
      tileRevision: session.tileRevision,
    };
  });

  // Audit records written while a token's request is handled name the token. Set just before the handler, after
  // the body is read (reading a body may leave the async context of the hooks before it).
  app.addHook('preHandler', (req, _reply, done) => {
    const tokenId = req.auth?.tokenId;
    if (tokenId) runWithToken(tokenId, done);
    else done();
  });

  /** The live token of the Authorization header (Bearer, or Basic with the token as password), or a 401. */
  async function tokenOwner(req: FastifyRequest, reply: FastifyReply): Promise<TokenOwner> {
    const given = tokenOf(String(req.headers.authorization));
    const owner = given ? await tokenRepo.find(given) : null;
    if (!owner) {
      reply.header('WWW-Authenticate', 'Bearer realm="Posture"');
      throw new HttpError(
        401,
        given
          ? said('the access token is unknown, expired or revoked', 'mã truy cập không tồn tại, đã hết hạn hoặc đã bị thu hồi')
          : said('the Authorization header must be "Bearer <access token>"', 'tiêu đề Authorization phải có dạng "Bearer <mã truy cập>"'),
      );
    }
    return owner;
  }
}

/**
 * The token of an Authorization header: `Bearer <token>`, or `Basic` with the token as the password (the user name
 * is not read), for clients that offer only user and password — for reads only (see the hook). Null when the header
 * is neither.
 */
export function tokenOf(header: string): string | null {
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return null;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
}

/**
 * The province a read asks for (`?province=`), or null for the default view (see users.scopeOf). Writes never
 * narrow: they address communes by code within the whole area.
 */
function viewOf(req: FastifyRequest): string | null {
  const value = (req.query as Record<string, unknown> | undefined)?.province;
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !/^[0-9]{2}$/.test(value)) {
    throw new HttpError(400, said('querystring/province must be a 2-digit province code', 'tham số/province: phải là mã tỉnh gồm 2 chữ số'));
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
  if (!req.auth) throw new HttpError(401, said('log in to continue', 'hãy đăng nhập để tiếp tục'));
  return req.auth;
}
