import type { Db } from '../db/client.ts';
import { users, userWrites } from '../repositories/users.ts';
import { generatePassword } from './passwords.ts';

/**
 * Creates the first administrator when there is no account yet: from POSTURE_ADMIN_USER / POSTURE_ADMIN_PASSWORD,
 * or "admin" with a generated password that the caller prints once. Returns null when accounts already exist.
 * A given password's length is checked with the configuration (loadConfig), before anything opens.
 */
export async function ensureFirstAdmin(
  db: Db,
  given: { username: string | null; password: string | null },
): Promise<{ username: string; generatedPassword: string | null } | null> {
  if ((await users(db).count()) > 0) return null;
  const username = given.username ?? 'admin';
  const password = given.password ?? generatePassword();
  const created = await db.transaction(async (tx) => {
    // Several app processes may start at once on one database: the first creates the account, the others find it.
    await tx.query('LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE');
    if ((await users(tx).count()) > 0) return false;
    await userWrites.create(tx, null, { username, displayName: 'Administrator', password, role: 'admin', scopeKind: 'all' });
    return true;
  });
  if (!created) return null;
  return { username, generatedPassword: given.password ? null : password };
}
