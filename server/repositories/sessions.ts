import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Db, Queryable } from '../db/client.ts';
import type { Role } from '../domain.ts';
import { counterColumn } from './data-revision.ts';
import { batchedLookup } from './batched.ts';

export interface SessionRow {
  userId: number;
  username: string;
  role: Role;
  csrfToken: string;
  expiresAt: string;
  /** Seconds since the session was last touched. */
  idleSeconds: number;
  /** The read revision (migration 018) as the request begins: the cached reads key on it without a query of their own. */
  readRevision: string;
  /** The tile revision counter (migration 011) as the request begins: see tile-service.ts. */
  tileRevision: string;
}

/** The live sessions of token hashes, with the counters the requests' caches key on. */
const FIND_SESSIONS = `SELECT s.id_hash AS key, s.user_id AS "userId", u.username, u.role, s.csrf_token AS "csrfToken", s.expires_at AS "expiresAt",
    extract(epoch FROM now() - s.last_seen_at)::float8 AS "idleSeconds",
    ${counterColumn('read_revision')} AS "readRevision", ${counterColumn('tile_revision')} AS "tileRevision"
  FROM app_session s JOIN app_user u ON u.id = s.user_id
  WHERE s.id_hash = ANY ($1::text[]) AND s.expires_at > now() AND u.disabled_at IS NULL`;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionPolicy {
  /** A session ends after this long without a request. */
  idleMs: number;
  /** …and in any case this long after login. */
  maxMs: number;
}

/** Live sessions kept by the embedded database's session lookups (see `find`). */
const KEPT_SESSIONS = 10_000;

export function sessions(db: Queryable | Db, policy: SessionPolicy) {
  // Asked by every request: the requests that arrive together share one query (batched.ts), kept prepared (a third
  // of its time was parsing and planning). Made on the first find: the login and logout routes use the rest.
  let findByHash: ((hash: string) => Promise<SessionRow | null>) | undefined;
  // The embedded database is this process's alone (its folder is locked): a session it answered stays its answer
  // until a statement that may write runs there (a logout, a password or role change, a touch, any edit: see
  // Db.changes) or the session's time runs out, so it is kept until then. On PostgreSQL, other processes write too.
  const changes = 'changes' in db ? db.changes : null;
  const kept = changes ? new LRUCache<string, { session: SessionRow; at: number; change: number; expires: number }>({ max: KEPT_SESSIONS }) : null;
  return {
    /** Opens a session; returns the token for the cookie (only its hash is stored) and the CSRF token. */
    async create(userId: number): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const [{ expiresAt }] = await db.query<{ expiresAt: string }>(
        `INSERT INTO app_session (id_hash, user_id, csrf_token, expires_at)
         VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond') RETURNING expires_at AS "expiresAt"`,
        [tokenHash(token), userId, csrfToken, Math.min(policy.idleMs, policy.maxMs)],
      );
      // Expired sessions are swept on login rather than by a timer.
      await db.query('DELETE FROM app_session WHERE expires_at < now()');
      return { token, csrfToken, expiresAt };
    },

    /** The live session for a cookie token, or null (unknown, expired, or the account is disabled). */
    async find(token: string): Promise<SessionRow | null> {
      const hash = tokenHash(token);
      const now = Date.now();
      const known = kept?.get(hash);
      if (known && known.change === changes!() && known.expires > now) {
        return { ...known.session, idleSeconds: known.session.idleSeconds + (now - known.at) / 1000 };
      }
      findByHash ??= batchedLookup((hashes) => db.query<SessionRow & { key: string }>(FIND_SESSIONS, [hashes], { name: 'sessions-find', readOnly: true }));
      const change = changes?.();
      const session = await findByHash(hash);
      // Kept only when nothing that may write ran while it was read.
      if (session && kept && change === changes!()) kept.set(hash, { session, at: now, change, expires: Date.parse(session.expiresAt) });
      return session;
    },

    /** Slides the idle expiry forward, never past the maximum session length. */
    async touch(token: string): Promise<void> {
      await db.query(
        `UPDATE app_session SET last_seen_at = now(),
           expires_at = least(created_at + $2 * interval '1 millisecond', now() + $3 * interval '1 millisecond')
         WHERE id_hash = $1`,
        [tokenHash(token), policy.maxMs, policy.idleMs],
      );
    },

    async end(token: string): Promise<void> {
      await db.query('DELETE FROM app_session WHERE id_hash = $1', [tokenHash(token)]);
    },
  };
}
