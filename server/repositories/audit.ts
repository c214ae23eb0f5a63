import type { Queryable } from '../db/client.ts';
import type { AuditPage, AuditQuery } from '../schemas/auth.ts';
import { currentTokenId } from '../auth/token-context.ts';

export type AuditAction = 'create' | 'update' | 'delete' | 'import' | 'login' | 'logout' | 'login_failed';

export interface AuditRecord {
  userId: number | null;
  action: AuditAction;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit record. Call it with the transaction that makes the change, so both commit or neither. A change
 * made with an access token names the token (see auth/token-context.ts).
 */
export async function writeAudit(tx: Queryable, r: AuditRecord): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (user_id, action, entity, entity_id, before, after, token_id) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
    [r.userId, r.action, r.entity, r.entityId === null ? null : String(r.entityId), json(r.before), json(r.after), currentTokenId()],
  );
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export async function listAudit(db: Queryable, q: AuditQuery): Promise<AuditPage> {
  const where = `WHERE ($1::text IS NULL OR a.entity = $1)
      AND ($2::text IS NULL OR a.entity_id = $2)
      AND ($3::text IS NULL OR u.username = $3)
      AND ($4::text IS NULL OR a.action = $4)
      AND ($5::date IS NULL OR a.at >= $5::date)
      AND ($6::date IS NULL OR a.at < $6::date + 1)`;
  const params = [q.entity ?? null, q.entityId ?? null, q.username ?? null, q.action ?? null, q.from ?? null, q.to ?? null];
  const [items, [{ total }]] = await Promise.all([
    db.query<AuditPage['items'][number]>(
      `SELECT a.id::int AS id, a.at, u.username, a.action, a.entity, a.entity_id AS "entityId", a.before, a.after,
         a.token_id AS "tokenId"
       FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id ${where}
       ORDER BY a.id DESC LIMIT $7 OFFSET $8`,
      [...params, q.limit, q.offset],
    ),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id ${where}`, params),
  ]);
  return { items, total };
}
