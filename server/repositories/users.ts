import type { Queryable } from '../db/client.ts';
import type { Role } from '../domain.ts';
import type { SessionUser, UserCreateBody, UserRecord, UserUpdateBody } from '../schemas/auth.ts';
import { hashPassword } from '../auth/passwords.ts';
import { conflict, notFound, badRequest } from '../errors.ts';
import { writeAudit } from './audit.ts';
import { said } from '../text/lang.ts';
import { changedBySomeoneElse, notFoundSaid } from '../text/messages.ts';

const USER_COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.role, u.scope_kind AS "scopeKind",
  ARRAY(SELECT province_code FROM user_scope_province p WHERE p.user_id = u.id ORDER BY 1) AS "provinceCodes",
  ARRAY(SELECT commune_code FROM user_scope_commune c WHERE c.user_id = u.id ORDER BY 1) AS "communeCodes",
  u.disabled_at IS NOT NULL AS disabled, u.version, u.created_at AS "createdAt"`;

export interface Credentials extends SessionUser {
  passwordHash: string;
  disabled: boolean;
}

export function users(db: Queryable) {
  return {
    async count(): Promise<number> {
      const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user');
      return n;
    },

    async credentials(username: string): Promise<Credentials | null> {
      const rows = await db.query<Credentials>(
        `SELECT ${USER_COLUMNS}, u.password_hash AS "passwordHash" FROM app_user u WHERE lower(u.username) = lower($1)`,
        [username],
      );
      return rows[0] ?? null;
    },

    async list(): Promise<UserRecord[]> {
      return db.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM app_user u ORDER BY u.username`);
    },

    async byId(id: number): Promise<UserRecord | null> {
      return (await db.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1`, [id]))[0] ?? null;
    },

    /**
     * The commune codes a user may see (null = everything), from their scope and role. Resolved in the database
     * on every request, so a changed scope applies at once.
     */
    /**
     * The communes a request may read: the user's area, narrowed to the view asked for. `view` is a province code,
     * or null for the default view: every real province of the area, or the demo when the area holds no real
     * commune — so that demo and real communes never meet in one answer. Null = no restriction (the whole
     * installation holds one kind of data only and the user may see all of it). `'*'` = the whole area, demo and
     * real together: only for listing the provinces one may choose from.
     */
    async scopeOf(userId: number, role: Role, view: string | null = null): Promise<string[] | null> {
      const [{ communes }] = await db.query<{ communes: string[] | null }>(
        `WITH u AS (SELECT * FROM app_user WHERE id = $1),
         area AS (
           SELECT c.code, c.province_code, p.is_demo
           FROM commune c JOIN province p ON p.code = c.province_code, u
           WHERE (u.scope_kind = 'all'
               OR (u.scope_kind = 'province' AND c.province_code IN (SELECT province_code FROM user_scope_province WHERE user_id = u.id))
               OR (u.scope_kind = 'communes' AND c.code IN (SELECT commune_code FROM user_scope_commune WHERE user_id = u.id)))
             AND ($2 <> 'border_officer' OR c.code IN (SELECT commune_code FROM border_commune))
         ),
         -- Cheap (one row each): decides whether the area must be listed at all.
         kinds AS (
           SELECT EXISTS (SELECT 1 FROM province WHERE NOT is_demo AND EXISTS (SELECT 1 FROM commune c WHERE c.province_code = province.code)) AS any_real,
                  EXISTS (SELECT 1 FROM province WHERE is_demo) AS any_demo
         )
         SELECT CASE
           WHEN u.scope_kind = 'all' AND $2 <> 'border_officer' AND ($3::text = '*' OR ($3::text IS NULL AND NOT (k.any_real AND k.any_demo))) THEN NULL
           -- Only here is the area scanned (a CTE is read when a branch that uses it runs).
           ELSE ARRAY(
             SELECT a.code FROM area a
             WHERE CASE WHEN $3::text = '*' THEN true
                        WHEN $3::text IS NOT NULL THEN a.province_code = $3::text
                        ELSE a.is_demo = NOT EXISTS (SELECT 1 FROM area r WHERE NOT r.is_demo) END
             ORDER BY a.code)
         END AS communes
         FROM u, kinds k`,
        [userId, role, view],
      );
      return communes;
    },
  };
}

// The two scope tables, each with the table its codes must exist in. Identifiers are fixed here, never from a request.
const SCOPE_TABLES = {
  province: { table: 'user_scope_province', column: 'province_code', known: 'province' },
  commune: { table: 'user_scope_commune', column: 'commune_code', known: 'commune' },
} as const;

async function writeScopeRows(tx: Queryable, userId: number, which: keyof typeof SCOPE_TABLES, codes: string[]) {
  const t = SCOPE_TABLES[which];
  await tx.query(`DELETE FROM ${t.table} WHERE user_id = $1`, [userId]);
  if (codes.length === 0) return;
  const known = new Set((await tx.query<{ code: string }>(`SELECT code FROM ${t.known} WHERE code = ANY($1::text[])`, [codes])).map((r) => r.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw badRequest(said(`unknown ${which} code(s): ${unknown.join(', ')}`, `mã ${which === 'province' ? 'tỉnh' : 'xã'} không tồn tại: ${unknown.join(', ')}`));
  }
  await tx.query(`INSERT INTO ${t.table} (user_id, ${t.column}) SELECT $1, unnest($2::text[])`, [userId, codes]);
}

async function writeScope(tx: Queryable, userId: number, provinceCodes: string[], communeCodes: string[]) {
  await writeScopeRows(tx, userId, 'province', provinceCodes);
  await writeScopeRows(tx, userId, 'commune', communeCodes);
}

function checkScope(kind: string, provinceCodes: string[], communeCodes: string[]) {
  if (kind === 'province' && provinceCodes.length === 0) {
    throw badRequest(said('scope "province" needs at least one province code', 'phạm vi “theo tỉnh” cần ít nhất một mã tỉnh'));
  }
  if (kind === 'communes' && communeCodes.length === 0) {
    throw badRequest(said('scope "communes" needs at least one commune code', 'phạm vi “theo xã” cần ít nhất một mã xã'));
  }
}

/** Account changes; each writes its audit record in the same transaction. Passwords never reach the audit log. */
export const userWrites = {
  async create(tx: Queryable, actorId: number | null, body: UserCreateBody): Promise<UserRecord> {
    const provinceCodes = body.scopeKind === 'province' ? [...new Set(body.provinceCodes ?? [])] : [];
    const communeCodes = body.scopeKind === 'communes' ? [...new Set(body.communeCodes ?? [])] : [];
    checkScope(body.scopeKind, provinceCodes, communeCodes);
    const taken = await tx.query('SELECT 1 FROM app_user WHERE lower(username) = lower($1)', [body.username]);
    if (taken.length > 0) throw conflict(said(`username "${body.username}" is already taken`, `tên đăng nhập “${body.username}” đã có người dùng`));
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO app_user (username, display_name, password_hash, role, scope_kind) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [body.username, body.displayName, await hashPassword(body.password), body.role, body.scopeKind],
    );
    await writeScope(tx, id, provinceCodes, communeCodes);
    const created = (await users(tx).byId(id))!;
    await writeAudit(tx, { userId: actorId, action: 'create', entity: 'user', entityId: id, after: created });
    return created;
  },

  async update(tx: Queryable, actorId: number | null, id: number, body: UserUpdateBody): Promise<UserRecord> {
    const before = await users(tx).byId(id);
    if (!before) throw notFound(notFoundSaid(said(`user ${id}`, `người dùng ${id}`)));
    const scopeKind = body.scopeKind ?? before.scopeKind;
    const provinceCodes = scopeKind === 'province' ? [...new Set(body.provinceCodes ?? before.provinceCodes)] : [];
    const communeCodes = scopeKind === 'communes' ? [...new Set(body.communeCodes ?? before.communeCodes)] : [];
    checkScope(scopeKind, provinceCodes, communeCodes);
    if (actorId === id && (body.disabled === true || (body.role && body.role !== 'admin' && before.role === 'admin'))) {
      throw badRequest(said('you cannot disable your own account or remove your own admin role', 'bạn không thể khóa tài khoản của chính mình hoặc bỏ quyền quản trị của chính mình'));
    }
    const updated = await tx.query(
      `UPDATE app_user SET
         display_name = coalesce($3, display_name),
         password_hash = coalesce($4, password_hash),
         role = coalesce($5, role),
         scope_kind = $6,
         disabled_at = CASE WHEN $7::boolean IS NULL THEN disabled_at WHEN $7 THEN coalesce(disabled_at, now()) ELSE NULL END,
         version = version + 1,
         updated_at = now()
       WHERE id = $1 AND version = $2 RETURNING id`,
      [id, body.version, body.displayName ?? null, body.password ? await hashPassword(body.password) : null, body.role ?? null, scopeKind, body.disabled ?? null],
    );
    if (updated.length === 0) {
      throw conflict(changedBySomeoneElse(said(`user ${before.username}`, `tài khoản ${before.username}`), before.version, body.version));
    }
    await writeScope(tx, id, provinceCodes, communeCodes);
    // A disabled account, a new password or a new role ends the user's open sessions.
    if (body.disabled || body.password || (body.role && body.role !== before.role)) {
      await tx.query('DELETE FROM app_session WHERE user_id = $1', [id]);
    }
    const after = (await users(tx).byId(id))!;
    await writeAudit(tx, {
      userId: actorId,
      action: 'update',
      entity: 'user',
      entityId: id,
      before,
      after: body.password ? { ...after, passwordChanged: true } : after,
    });
    return after;
  },
};
