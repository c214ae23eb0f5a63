import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { edits } from '../../server/repositories/edits.ts';
import { TEST_PASSWORD, usernameOf, type Harness } from '../support/harness.ts';

class Rollback extends Error {}

export function authSuite(h: Harness) {
  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });
  const auditCount = async (entity: string, entityId: string) =>
    (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE entity = $1 AND entity_id = $2', [entity, entityId]))[0].n;
  const firstHq = async () => (await h.db.query<{ id: number; version: number; staff: number }>('SELECT id, version, staff_count AS staff FROM police_hq ORDER BY id LIMIT 1'))[0];

  /** An app on the harness's database that counts the session lookups it asks (`lookups.n`; a test may reset it). */
  async function appCountingSessionLookups() {
    const lookups = { n: 0 };
    const counted = new Proxy(h.db, {
      get(target, key) {
        if (key === 'query') {
          return (text: string, ...rest: unknown[]) => {
            if (text.includes('FROM app_session s JOIN app_user')) lookups.n++;
            return (target.query as (...a: unknown[]) => unknown)(text, ...rest);
          };
        }
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { app: await buildApp({ db: counted, config: loadConfig({}) }), lookups };
  }

  describe('login and session cookie', () => {
    it('sets an httpOnly, SameSite=Strict session cookie and returns the user and a CSRF token', async () => {
      const res = await login(usernameOf('commanderOne'), TEST_PASSWORD);
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'posture_session')!;
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Strict');
      expect(cookie.secure).toBeFalsy();
      expect(cookie.value.length).toBeGreaterThanOrEqual(40);
      const body = res.json() as { user: { role: string; communeCodes: string[] }; csrfToken: string };
      expect(body.user).toMatchObject({ role: 'commander', communeCodes: ['99001'] });
      expect(body.csrfToken.length).toBeGreaterThanOrEqual(30);
    });

    it('marks the cookie Secure when served over HTTPS', async () => {
      const app = await buildApp({ db: h.db, config: { ...loadConfig({}), trustProxy: true } });
      try {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: usernameOf('commanderAll'), password: TEST_PASSWORD },
          headers: { 'x-forwarded-proto': 'https' },
        });
        expect(res.cookies.find((c) => c.name === 'posture_session')!.secure).toBe(true);
      } finally {
        await app.close();
      }
    });

    it('answers a wrong password and an unknown user with the same 401 message', async () => {
      const wrong = await login(usernameOf('commanderOne'), 'wrong password!');
      const unknown = await login('no-such-user', 'wrong password!');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.cookies).toHaveLength(0);
    });

    it('stores passwords as Argon2id hashes, never in clear', async () => {
      const rows = await h.db.query<{ hash: string }>('SELECT password_hash AS hash FROM app_user');
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.hash).toMatch(/^\$argon2id\$/);
        expect(r.hash).not.toContain(TEST_PASSWORD);
      }
    });

    it('answers 401 without a session, but serves /api/health', async () => {
      expect((await h.app.inject({ method: 'GET', url: '/api/communes' })).statusCode).toBe(401);
      expect((await h.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      expect((await h.app.inject({ method: 'GET', url: '/api/unknown-path' })).statusCode).toBe(401);
    });

    it('ends the session on logout', async () => {
      const s = await h.login('commanderAll');
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken };
      expect((await h.app.inject({ method: 'GET', url: '/api/auth/session', headers })).statusCode).toBe(200);
      const out = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
      expect(out.statusCode).toBe(204);
      expect(out.cookies.find((c) => c.name === 'posture_session')?.value).toBe('');
      expect((await h.app.inject({ method: 'GET', url: '/api/communes', headers })).statusCode).toBe(401);
    });

    it('refuses an expired session with a message to log in again', async () => {
      const s = await h.login('commanderAll');
      await h.db.query(`UPDATE app_session SET expires_at = now() - interval '1 second' WHERE id_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [
        s.cookie.split('=')[1],
      ]);
      const res = await h.app.inject({ method: 'GET', url: '/api/communes', headers: { cookie: s.cookie } });
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toBe('your session has expired; log in again');
    });

    it('answers requests that arrive together from one query, each with its own session: live, ended or expired', async () => {
      const { app, lookups } = await appCountingSessionLookups();
      try {
        const sessions = await Promise.all(Array.from({ length: 12 }, () => h.login('commanderAll')));
        const hashOf = (cookie: string) => createHash('sha256').update(cookie.split('=')[1]).digest('hex');
        // Four ended (logged out elsewhere), four expired, four live.
        await h.db.query('DELETE FROM app_session WHERE id_hash = ANY ($1::text[])', [sessions.slice(0, 4).map((s) => hashOf(s.cookie))]);
        await h.db.query(`UPDATE app_session SET expires_at = now() - interval '1 second' WHERE id_hash = ANY ($1::text[])`, [sessions.slice(4, 8).map((s) => hashOf(s.cookie))]);
        lookups.n = 0;
        const answers = await Promise.all(sessions.map((s) => app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: s.cookie } })));
        expect(answers.map((a) => a.statusCode)).toEqual([...Array(8).fill(401), ...Array(4).fill(200)]);
        expect(answers.slice(8).map((a) => (a.json() as { user: { username: string } }).user.username)).toEqual(Array(4).fill(usernameOf('commanderAll')));
        expect(lookups.n).toBe(1);
        // The same session twice in one turn, and an unknown one beside it.
        lookups.n = 0;
        const twice = await Promise.all([sessions[8], sessions[8], { cookie: 'posture_session=unknown' }].map((s) => app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: s.cookie } })));
        expect(twice.map((a) => a.statusCode)).toEqual([200, 200, 401]);
        expect(lookups.n).toBe(1);
      } finally {
        await app.close();
      }
    });

    it('keeps a session read on the embedded database until a statement that may write runs there', async (ctx) => {
      if (h.db.kind !== 'embedded') ctx.skip();
      const { app, lookups } = await appCountingSessionLookups();
      app.get('/api/test-hello', { config: { access: 'read' } }, async () => 'xin chào');
      try {
        const s = await h.login('commanderAll');
        const hello = () => app.inject({ method: 'GET', url: '/api/test-hello', headers: { cookie: s.cookie } });
        // The first request also reads the user's area (a statement not declared read-only): the second reads the
        // session again, and from then on it is kept.
        expect((await hello()).statusCode).toBe(200);
        expect((await hello()).statusCode).toBe(200);
        lookups.n = 0;
        for (let i = 0; i < 3; i++) expect((await hello()).statusCode).toBe(200);
        expect(lookups.n).toBe(0);
        // Any statement that may write (here a harmless one) and the next request reads its session again.
        await h.db.query('SELECT 1');
        expect((await hello()).statusCode).toBe(200);
        expect(lookups.n).toBe(1);
        // Ended by a statement on the database, not through this app: the next request is refused.
        await h.db.query(`DELETE FROM app_session WHERE id_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [s.cookie.split('=')[1]]);
        expect((await hello()).statusCode).toBe(401);
      } finally {
        await app.close();
      }
    });

    it('limits login attempts per user and address (429 after the limit)', async () => {
      const app = await buildApp({ db: h.db, config: loadConfig({}), loginLimit: { max: 3, windowMs: 60_000 } });
      try {
        const attempt = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'rate-limited-user', password: 'wrong password' } });
        for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
        const limited = await attempt();
        expect(limited.statusCode).toBe(429);
        expect(limited.json().message).toMatch(/too many login attempts/);
        // Another username from the same address is not locked out.
        const other = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: usernameOf('commanderAll'), password: TEST_PASSWORD } });
        expect(other.statusCode).toBe(200);
      } finally {
        await app.close();
      }
    });

    it('sends security headers with a self-only content security policy', async () => {
      const res = await h.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/worker-src 'self' blob:/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    });
  });

  describe('CSRF', () => {
    it('refuses a change without the X-CSRF-Token header', async () => {
      const s = await h.login('plannerTwo');
      const hq = (await h.db.query<{ id: number; version: number }>(`SELECT id, version FROM police_hq WHERE commune_code = '99002'`))[0];
      const res = await h.app.inject({ method: 'PATCH', url: `/api/hqs/${hq.id}`, payload: { version: hq.version, staffCount: 1 }, headers: { cookie: s.cookie } });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe('missing or invalid x-csrf-token header');
    });

    it('refuses a change with another session’s token or from another origin', async () => {
      const s = await h.login('plannerTwo');
      const other = await h.login('plannerTwo');
      const hq = (await h.db.query<{ id: number; version: number }>(`SELECT id, version FROM police_hq WHERE commune_code = '99002'`))[0];
      const patch = (headers: Record<string, string>) =>
        h.app.inject({ method: 'PATCH', url: `/api/hqs/${hq.id}`, payload: { version: hq.version, staffCount: 1 }, headers: { cookie: s.cookie, ...headers } });
      expect((await patch({ 'x-csrf-token': other.csrfToken })).statusCode).toBe(403);
      const foreign = await patch({ 'x-csrf-token': s.csrfToken, origin: 'http://evil.example' });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().message).toMatch(/not accepted/);
    });
  });

  describe('audit and optimistic concurrency', () => {
    it('writes who, what, before and after for an edit, and refuses a stale version with 409', async () => {
      const hq = await firstHq();
      const before = await auditCount('police_hq', String(hq.id));
      const first = await h.as('admin', { method: 'PATCH', url: `/api/hqs/${hq.id}`, payload: { version: hq.version, staffCount: hq.staff + 1 } });
      expect(first.statusCode).toBe(200);
      expect(first.json().version).toBe(hq.version + 1);
      const stale = await h.as('admin', { method: 'PATCH', url: `/api/hqs/${hq.id}`, payload: { version: hq.version, staffCount: 0 } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().message).toMatch(/changed by someone else .*reload/);
      expect(await auditCount('police_hq', String(hq.id))).toBe(before + 1);
      const [entry] = await h.db.query<{ username: string; action: string; before: { staffCount: number }; after: { staffCount: number } }>(
        `SELECT u.username, a.action, a.before, a.after FROM audit_log a JOIN app_user u ON u.id = a.user_id
         WHERE a.entity = 'police_hq' AND a.entity_id = $1 ORDER BY a.id DESC LIMIT 1`,
        [String(hq.id)],
      );
      expect(entry).toMatchObject({ username: 'admin', action: 'update', before: { staffCount: hq.staff }, after: { staffCount: hq.staff + 1 } });
      expect((await h.db.query<{ staff: number }>('SELECT staff_count AS staff FROM police_hq WHERE id = $1', [hq.id]))[0].staff).toBe(hq.staff + 1);
    });

    it('rolls the audit record back with the change it belongs to', async () => {
      const hq = await firstHq();
      const before = await auditCount('police_hq', String(hq.id));
      const [{ id: adminId }] = await h.db.query<{ id: number }>(`SELECT id FROM app_user WHERE username = 'admin'`);
      await expect(
        h.db.transaction(async (tx) => {
          await edits.updateHq(tx, adminId, { communes: null }, hq.id, { version: hq.version, staffCount: 42 });
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await auditCount('police_hq', String(hq.id))).toBe(before);
      expect((await firstHq()).version).toBe(hq.version);
    });

    it('records a new status, closes the previous one on that day, and audits both', async () => {
      const res = await h.as('plannerTwo', {
        method: 'POST',
        url: '/api/communes/99002/statuses',
        payload: { kind: 'safe_standard', value: 'met', validFrom: '2026-01-15', decisionNo: '12/QĐ-CAT', note: 'Đạt chuẩn "An toàn về ANTT"' },
      });
      expect(res.statusCode).toBe(201);
      const body = res.json() as { created: { id: number; validFrom: string; decisionNo: string }; closed: { validTo: string } | null };
      expect(body.created).toMatchObject({ validFrom: '2026-01-15', decisionNo: '12/QĐ-CAT' });
      if (body.closed) expect(body.closed.validTo).toBe('2026-01-15');
      expect(await auditCount('commune_status', String(body.created.id))).toBe(1);
      const detail = await h.as('plannerTwo', { method: 'GET', url: '/api/communes/99002?asOf=2026-02-01' });
      expect(detail.json().properties.safe_standard).toBe('met');
    });

    it('refuses a status value that does not belong to the kind, naming the allowed ones', async () => {
      const res = await h.as('plannerTwo', { method: 'POST', url: '/api/communes/99002/statuses', payload: { kind: 'drug_free', value: 'transformed', validFrom: '2026-03-01' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('"transformed" is not a value of drug_free; expected one of not_started, designated, plan_approved, building, certified, challenge, maintained, reassessed, revoked');
    });
  });

  describe('user administration', () => {
    it('creates a commune-scoped user who then sees only that commune, and audits it', async () => {
      const created = await h.as('admin', {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'canbo.xa7', displayName: 'Cán bộ xã Đông', password: 'mật khẩu đủ dài', role: 'commander', scopeKind: 'communes', communeCodes: ['99007'] },
      });
      expect(created.statusCode).toBe(201);
      const user = created.json() as { id: number; version: number };
      expect(await auditCount('user', String(user.id))).toBe(1);
      const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'canbo.xa7', password: 'mật khẩu đủ dài' } });
      const cookie = `posture_session=${res.cookies[0].value}`;
      const list = await h.app.inject({ method: 'GET', url: '/api/communes', headers: { cookie } });
      expect(list.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['99007']);
      // Disabling the account ends its sessions at once.
      const patched = await h.as('admin', { method: 'PATCH', url: `/api/users/${user.id}`, payload: { version: user.version, disabled: true } });
      expect(patched.statusCode).toBe(200);
      expect((await h.app.inject({ method: 'GET', url: '/api/communes', headers: { cookie } })).statusCode).toBe(401);
      const stale = await h.as('admin', { method: 'PATCH', url: `/api/users/${user.id}`, payload: { version: user.version, disabled: false } });
      expect(stale.statusCode).toBe(409);
    });

    it('refuses unknown commune codes in a scope, naming them', async () => {
      const res = await h.as('admin', {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'scope-typo', displayName: '', password: 'long enough pass', role: 'commander', scopeKind: 'communes', communeCodes: ['99001', '12345'] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('unknown commune code(s): 12345');
      expect((await h.db.query(`SELECT 1 FROM app_user WHERE username = 'scope-typo'`)).length).toBe(0);
    });

    it('lets admins browse the audit log filtered by entity', async () => {
      const res = await h.as('admin', { method: 'GET', url: '/api/audit?entity=user&limit=5' });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: { entity: string }[]; total: number };
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((i) => i.entity === 'user')).toBe(true);
      expect(page.total).toBeGreaterThanOrEqual(page.items.length);
    });
  });
}
