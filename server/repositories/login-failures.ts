import { createHash } from 'node:crypto';
import type { Queryable } from '../db/client.ts';

export interface LoginLimitPolicy {
  /** Failures allowed per key within the window. */
  max: number;
  windowMs: number;
}

const hashOf = (key: string) => createHash('sha256').update(key).digest('base64url');

/**
 * Failed logins per key (address and username) in a sliding window, in the database: every app process sharing it
 * sees the same failures. Only failures count: a user who logs in often is never locked out, and a successful login
 * forgets the key's failures. Keys are stored hashed; failures older than the window are deleted as new ones arrive.
 *
 * @example
 * const limit = loginFailures(db, { max: 10, windowMs: 15 * 60_000 });
 * if ((await limit.waitMs(key)) > 0) refuse(); else if (!ok) await limit.failed(key); else await limit.succeeded(key);
 */
export function loginFailures(db: Queryable, policy: LoginLimitPolicy) {
  return {
    /** Milliseconds until `key` may try again; 0 when it may now. */
    async waitMs(key: string): Promise<number> {
      const [row] = await db.query<{ count: number; waitMs: number | null }>(
        `SELECT count(*)::int AS count,
           ceil(extract(epoch FROM min(failed_at) + $3 * interval '1 millisecond' - clock_timestamp()) * 1000)::float8 AS "waitMs"
         FROM (SELECT failed_at FROM login_failure
               WHERE key_hash = $1 AND failed_at > clock_timestamp() - $3 * interval '1 millisecond'
               ORDER BY failed_at DESC LIMIT $2) recent`,
        [hashOf(key), policy.max, policy.windowMs],
      );
      return row.count >= policy.max ? Math.max(row.waitMs ?? 0, 0) : 0;
    },

    async failed(key: string): Promise<void> {
      await db.query(`DELETE FROM login_failure WHERE failed_at < clock_timestamp() - $1 * interval '1 millisecond'`, [policy.windowMs]);
      await db.query(`INSERT INTO login_failure (key_hash) VALUES ($1)`, [hashOf(key)]);
    },

    async succeeded(key: string): Promise<void> {
      await db.query(`DELETE FROM login_failure WHERE key_hash = $1`, [hashOf(key)]);
    },
  };
}
