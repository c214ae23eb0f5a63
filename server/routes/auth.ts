import Type from 'typebox';
import { ApiError } from '../schemas/common.ts';
import { LoginBody, PasswordChangeBody, SessionInfo } from '../schemas/auth.ts';
import { users } from '../repositories/users.ts';
import { sessions } from '../repositories/sessions.ts';
import { writeAudit } from '../repositories/audit.ts';
import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { authOf, clearSessionCookie, setSessionCookie } from '../plugins/auth.ts';
import { HttpError } from '../errors.ts';
import { loginFailures } from '../repositories/login-failures.ts';
import { said } from '../text/lang.ts';
import type { RoutePlugin } from './types.ts';

const routes: RoutePlugin = async (app, { db, sessionPolicy, loginLimit }) => {
  const userRepo = users(db);

  const failedLogins = loginFailures(db, loginLimit);

  app.post(
    '/auth/login',
    { config: { access: 'public' }, schema: { body: LoginBody, response: { 200: SessionInfo, 401: ApiError, 429: ApiError } } },
    async (req, reply) => {
      const { username, password } = req.body;
      // Per address and username: one user's typos do not lock out the office behind the same address.
      const key = `${req.ip}|${username.toLowerCase()}`;
      const waitMs = await failedLogins.waitMs(key);
      if (waitMs > 0) {
        const minutes = Math.ceil(waitMs / 60_000);
        reply.header('Retry-After', String(Math.ceil(waitMs / 1000)));
        throw new HttpError(429, said(`too many login attempts; try again in ${minutes} min`, `đăng nhập sai quá nhiều lần; hãy thử lại sau ${minutes} phút`));
      }
      const found = await userRepo.credentials(username);
      // Verify against a decoy when the user is unknown, so that the answer takes as long either way.
      const ok = await verifyPassword(found?.passwordHash ?? (await decoyHash()), password);
      if (!found || !ok || found.disabled) {
        await failedLogins.failed(key);
        await writeAudit(db, { userId: found?.id ?? null, action: 'login_failed', entity: 'session', entityId: null, after: { username } });
        throw new HttpError(401, said('wrong username or password', 'sai tên đăng nhập hoặc mật khẩu'));
      }
      await failedLogins.succeeded(key);
      const { passwordHash: _, disabled: __, ...user } = found;
      const s = await db.transaction(async (tx) => {
        const created = await sessions(tx, sessionPolicy).create(user.id);
        await writeAudit(tx, { userId: user.id, action: 'login', entity: 'session', entityId: null });
        return created;
      });
      setSessionCookie(reply, req, s.token);
      return { user, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
    },
  );

  app.get('/auth/session', { config: { access: 'session', account: true }, schema: { response: { 200: SessionInfo } } }, async (req) => {
    const auth = authOf(req);
    const user = (await userRepo.byId(auth.userId))!;
    const { disabled: _, version: __, createdAt: ___, ...sessionUser } = user;
    return { user: sessionUser, csrfToken: auth.csrfToken, expiresAt: auth.expiresAt };
  });

  app.post('/auth/logout', { config: { access: 'session', account: true }, schema: { response: { 204: Type.Null() } } }, async (req, reply) => {
    const auth = authOf(req);
    await db.transaction(async (tx) => {
      await sessions(tx, sessionPolicy).end(auth.token);
      await writeAudit(tx, { userId: auth.userId, action: 'logout', entity: 'session', entityId: null });
    });
    clearSessionCookie(reply, req);
    return reply.status(204).send(null);
  });

  app.post(
    '/auth/password',
    { config: { access: 'session', account: true }, schema: { body: PasswordChangeBody, response: { 204: Type.Null(), 400: ApiError } } },
    async (req, reply) => {
      const auth = authOf(req);
      const found = (await userRepo.credentials(auth.username))!;
      if (!(await verifyPassword(found.passwordHash, req.body.currentPassword))) {
        throw new HttpError(400, said('the current password is wrong', 'mật khẩu hiện tại không đúng'));
      }
      if (req.body.newPassword === req.body.currentPassword) throw new HttpError(400, said('the new password must differ from the current one', 'mật khẩu mới phải khác mật khẩu hiện tại'));
      const newHash = await hashPassword(req.body.newPassword);
      await db.transaction(async (tx) => {
        await tx.query('UPDATE app_user SET password_hash = $2, version = version + 1, updated_at = now() WHERE id = $1', [auth.userId, newHash]);
        // Other sessions of this user end; this one stays.
        await tx.query('DELETE FROM app_session WHERE user_id = $1 AND id_hash <> encode(sha256(convert_to($2, \'UTF8\')), \'hex\')', [auth.userId, auth.token]);
        await writeAudit(tx, { userId: auth.userId, action: 'update', entity: 'user', entityId: auth.userId, after: { passwordChanged: true } });
      });
      return reply.status(204).send(null);
    },
  );
};
export default routes;
