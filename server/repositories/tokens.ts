import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Role } from '../domain.ts';
import type { AccessTokenRecord } from '../schemas/tokens.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { said } from '../text/lang.ts';
import { writeAudit } from './audit.ts';
import { counterColumn } from './data-revision.ts';
import { batchedLookup } from './batched.ts';

/** Tokens start with this, so that a leaked one is recognised by secret scanners and people alike. */
export const TOKEN_PREFIX = 'pst_';
/** Live (neither expired nor revoked) tokens one user may hold at once. */
export const MAX_LIVE_TOKENS = 20;
/** Longest validity of a token, and the validity of one created without `expiresOn`. */
export const MAX_TOKEN_DAYS = 366;
export const DEFAULT_TOKEN_DAYS = 90;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export interface TokenOwner {
  tokenId: number;
  userId: number;
  username: string;
  role: Role;
  readOnly: boolean;
  /** Seconds since the token was last used (null: never). */
  idleSeconds: number | null;
  /** The read revision (migration 018) read with the token, before any data. */
  readRevision: string;
  /** The tile revision counter (migration 011) read with the token, before any tile: see tile-service.ts. */
  tileRevision: string;
}

const RECORD = `t.id, t.name, t.prefix, t.read_only AS "readOnly", t.created_at AS "createdAt", t.expires_at AS "expiresAt",
  t.last_used_at AS "lastUsedAt", t.revoked_at AS "revokedAt",
  CASE WHEN t.revoked_at IS NOT NULL THEN 'revoked' WHEN t.expires_at <= now() THEN 'expired' ELSE 'active' END AS state`;

/** The first instant after `date` (YYYY-MM-DD) in Vietnam (UTC+7, no daylight saving): a token works through its last day. */
const END_OF_DAY = `((($1::date + 1)::timestamp AT TIME ZONE 'UTC') - interval '7 hours')`;

/** The owners of live tokens by their hashes. */
const FIND_TOKENS = `SELECT t.token_hash AS key, t.id AS "tokenId", u.id AS "userId", u.username, u.role, t.read_only AS "readOnly",
    extract(epoch FROM now() - t.last_used_at)::float8 AS "idleSeconds",
    ${counterColumn('read_revision')} AS "readRevision", ${counterColumn('tile_revision')} AS "tileRevision"
  FROM access_token t JOIN app_user u ON u.id = t.user_id
  WHERE t.token_hash = ANY ($1::text[]) AND t.revoked_at IS NULL AND t.expires_at > now() AND u.disabled_at IS NULL`;

export function accessTokens(db: Queryable) {
  let findByHash: ((hash: string) => Promise<TokenOwner | null>) | undefined;
  return {
    /**
     * The owner of a live token (known, not revoked, not expired, its user not disabled), or null. The role is the
     * user's at this moment, so a changed role or area applies to their tokens at once.
     */
    async find(token: string): Promise<TokenOwner | null> {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
      // A GIS client asks many tiles or pages at once: the requests that arrive together share one query (batched.ts).
      findByHash ??= batchedLookup((hashes) => db.query<TokenOwner & { key: string }>(FIND_TOKENS, [hashes], { name: 'tokens-find', readOnly: true }));
      return findByHash(hashOf(token));
    },

    async touch(tokenId: number): Promise<void> {
      await db.query('UPDATE access_token SET last_used_at = now() WHERE id = $1', [tokenId]);
    },

    /** The user's tokens, live ones first, newest first; never the secret. */
    async list(userId: number): Promise<AccessTokenRecord[]> {
      return db.query<AccessTokenRecord>(
        `SELECT ${RECORD} FROM access_token t WHERE t.user_id = $1
         ORDER BY (t.revoked_at IS NULL AND t.expires_at > now()) DESC, t.created_at DESC, t.id DESC`,
        [userId],
      );
    },
  };
}

export interface TokenCreate {
  name: string;
  /** Last day the token works (Vietnam time), YYYY-MM-DD; DEFAULT_TOKEN_DAYS from today when absent. */
  expiresOn?: string;
  readOnly?: boolean;
}

/** Token changes; each writes its audit record in the same transaction. The secret never reaches the log. */
export const tokenWrites = {
  /** Creates a token for the user; the answer holds the secret, which is not kept anywhere. */
  async create(tx: Queryable, userId: number, body: TokenCreate): Promise<AccessTokenRecord & { token: string }> {
    const name = body.name.trim();
    if (name === '') throw badRequest(said('body/name must not be empty', 'body/name không được để trống'));
    // Serialises two creations by the same user, so that the limit holds.
    await tx.query('SELECT 1 FROM app_user WHERE id = $1 FOR UPDATE', [userId]);
    const [{ live }] = await tx.query<{ live: number }>(
      'SELECT count(*)::int AS live FROM access_token WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()',
      [userId],
    );
    if (live >= MAX_LIVE_TOKENS) {
      throw conflict(
        said(
          `you already hold ${live} active tokens, the most allowed (${MAX_LIVE_TOKENS}); revoke one first`,
          `bạn đã có ${live} mã truy cập còn hiệu lực, mức tối đa cho phép (${MAX_LIVE_TOKENS}); hãy thu hồi bớt một mã`,
        ),
      );
    }
    let expiresAt: string;
    if (body.expiresOn) {
      const [{ at, days }] = await tx.query<{ at: string; days: number }>(
        `SELECT ${END_OF_DAY} AS at, extract(epoch FROM ${END_OF_DAY} - now())::float8 / 86400 AS days`,
        [body.expiresOn],
      );
      if (days <= 0) {
        throw badRequest(said(`body/expiresOn ${body.expiresOn} is in the past`, `body/expiresOn ${body.expiresOn} là ngày đã qua`));
      }
      if (days > MAX_TOKEN_DAYS + 1) {
        throw badRequest(
          said(
            `body/expiresOn ${body.expiresOn} is more than ${MAX_TOKEN_DAYS} days ahead; a token lasts at most that long`,
            `body/expiresOn ${body.expiresOn} cách hôm nay quá ${MAX_TOKEN_DAYS} ngày; mã truy cập có hiệu lực tối đa chừng ấy ngày`,
          ),
        );
      }
      expiresAt = at;
    } else {
      [{ expiresAt }] = await tx.query<{ expiresAt: string }>(`SELECT now() + $1 * interval '1 day' AS "expiresAt"`, [DEFAULT_TOKEN_DAYS]);
    }
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO access_token (user_id, name, token_hash, prefix, read_only, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [userId, name, hashOf(token), token.slice(0, TOKEN_PREFIX.length + 6), body.readOnly ?? false, expiresAt],
    );
    const [created] = await tx.query<AccessTokenRecord>(`SELECT ${RECORD} FROM access_token t WHERE t.id = $1`, [id]);
    await writeAudit(tx, { userId, action: 'create', entity: 'access_token', entityId: id, after: created });
    return { ...created, token };
  },

  /** Revokes one of the user's tokens (404 for another user's); revoking a revoked token changes nothing. */
  async revoke(tx: Queryable, userId: number, id: number): Promise<AccessTokenRecord> {
    const [before] = await tx.query<AccessTokenRecord>(`SELECT ${RECORD} FROM access_token t WHERE t.id = $1 AND t.user_id = $2 FOR UPDATE`, [id, userId]);
    if (!before) throw notFound(said(`token ${id} not found`, `không tìm thấy mã truy cập ${id}`));
    if (before.revokedAt !== null) return before;
    await tx.query('UPDATE access_token SET revoked_at = now() WHERE id = $1', [id]);
    const [after] = await tx.query<AccessTokenRecord>(`SELECT ${RECORD} FROM access_token t WHERE t.id = $1`, [id]);
    await writeAudit(tx, { userId, action: 'delete', entity: 'access_token', entityId: id, before, after });
    return after;
  },
};
