import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { userWrites } from '../../server/repositories/users.ts';
import { MAX_LIVE_TOKENS } from '../../server/repositories/tokens.ts';
import type { UserCreateBody } from '../../server/schemas/auth.ts';
import { TEST_PASSWORD, type Harness, type TestUser } from '../support/harness.ts';

interface Created {
  id: number;
  token: string;
  prefix: string;
  state: string;
  readOnly: boolean;
  expiresAt: string;
}

export function tokensSuite(h: Harness) {
  /** A new token of `user`, made through the route as the browser makes it (session and CSRF header). */
  async function newToken(user: TestUser, body: Record<string, unknown> = {}): Promise<Created> {
    const res = await h.as(user, { method: 'POST', url: '/api/tokens', payload: { name: `Kiểm thử "${user}" đ`, ...body } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Created;
  }
  const withToken = (token: string, opts: InjectOptions) => h.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${token}` } });
  const codesOf = (res: { json(): unknown }) => (res.json() as { features: { properties: { code: string } }[] }).features.map((f) => f.properties.code);

  describe('personal access tokens', () => {
    it('answers the token once, stores only its hash, and lists it without the secret', async () => {
      const created = await newToken('commanderOne');
      expect(created.token).toMatch(/^pst_[A-Za-z0-9_-]{43}$/);
      expect(created.token.startsWith(created.prefix)).toBe(true);
      expect(created.state).toBe('active');
      const stored = await h.db.query<{ token_hash: string }>('SELECT token_hash FROM access_token WHERE id = $1', [created.id]);
      expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored[0].token_hash).not.toContain(created.token.slice(4, 20));
      const list = await h.as('commanderOne', { method: 'GET', url: '/api/tokens' });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(created.token);
      expect((list.json() as { items: { id: number }[] }).items.map((t) => t.id)).toContain(created.id);
    });

    it('expires after 90 days by default, at the end of the day given otherwise (Vietnam time)', async () => {
      const plain = await newToken('commanderOne');
      const days = (Date.parse(plain.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(89.9);
      expect(days).toBeLessThan(90.1);
      const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const dated = await newToken('commanderOne', { expiresOn: inAMonth });
      // The first instant of the next day in UTC+7.
      expect(new Date(dated.expiresAt).toISOString()).toBe(new Date(Date.parse(`${inAMonth}T00:00:00+07:00`) + 86_400_000).toISOString());
    });

    it('refuses an expiry in the past or more than 366 days ahead, naming the field', async () => {
      for (const expiresOn of ['2020-01-01', new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10)]) {
        const res = await h.as('commanderOne', { method: 'POST', url: '/api/tokens', payload: { name: 'x', expiresOn } });
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toContain('body/expiresOn');
      }
    });

    it('carries the role and area of its user: a commune-scoped token reads only its commune', async () => {
      const { token } = await newToken('commanderOne');
      const res = await withToken(token, { method: 'GET', url: '/api/communes' });
      expect(res.statusCode).toBe(200);
      expect(codesOf(res)).toEqual(['99001']);
      const outside = await withToken(token, { method: 'GET', url: '/api/communes/99002' });
      expect(outside.statusCode).toBe(404);
      const admin = await withToken(token, { method: 'GET', url: '/api/audit' });
      expect(admin.statusCode).toBe(403);
    });

    it('also works as the password of HTTP Basic authentication, for clients that offer only that, for reads only', async () => {
      const { token } = await newToken('plannerTwo');
      const basic = { authorization: `Basic ${Buffer.from(`anyone:${token}`).toString('base64')}` };
      const res = await h.app.inject({ method: 'GET', url: '/api/communes', headers: basic });
      expect(res.statusCode).toBe(200);
      expect(codesOf(res)).toEqual(['99002', '99003']);
      // A browser can resend Basic credentials by itself, as it does cookies: no change goes that way.
      const [hq] = await h.db.query<{ id: number; version: number }>(`SELECT id, version FROM police_hq WHERE commune_code = '99002' ORDER BY id LIMIT 1`);
      const write = await h.app.inject({ method: 'PATCH', url: `/api/hqs/${hq.id}`, headers: basic, payload: { version: hq.version } });
      expect(write.statusCode).toBe(403);
    });

    it('answers 401 to a wrong, an expired and a revoked token, and to an Authorization header of another kind', async () => {
      const expired = await newToken('commanderOne');
      await h.db.query(`UPDATE access_token SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
      const revoked = await newToken('commanderOne');
      const revoke = await h.as('commanderOne', { method: 'DELETE', url: `/api/tokens/${revoked.id}` });
      expect(revoke.statusCode).toBe(200);
      expect(revoke.json().state).toBe('revoked');
      const wrong = `${revoked.token.slice(0, -4)}AAAA`;
      for (const [token, what] of [[expired.token, 'expired'], [revoked.token, 'revoked'], [wrong, 'wrong'], ['pst_', 'empty']]) {
        const res = await withToken(token, { method: 'GET', url: '/api/communes' });
        expect(res.statusCode, what).toBe(401);
        expect(res.headers['www-authenticate']).toContain('Bearer');
        expect(res.json().message).toBe('the access token is unknown, expired or revoked');
      }
      const other = await h.app.inject({ method: 'GET', url: '/api/communes', headers: { authorization: 'Digest abc' } });
      expect(other.statusCode).toBe(401);
      expect(other.json().message).toContain('Bearer');
      // A token is the only credential when sent: a valid session cookie beside a revoked token does not help.
      const session = await h.login('commanderOne');
      const both = await h.app.inject({ method: 'GET', url: '/api/communes', headers: { cookie: session.cookie, authorization: `Bearer ${revoked.token}` } });
      expect(both.statusCode).toBe(401);
    });

    it('lists each token with its state: active, expired, revoked', async () => {
      const [active, expired, revoked] = [await newToken('plannerTwo'), await newToken('plannerTwo'), await newToken('plannerTwo')];
      await h.db.query(`UPDATE access_token SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
      await h.as('plannerTwo', { method: 'DELETE', url: `/api/tokens/${revoked.id}` });
      const list = (await h.as('plannerTwo', { method: 'GET', url: '/api/tokens' })).json() as { items: { id: number; state: string }[] };
      const stateOf = new Map(list.items.map((t) => [t.id, t.state]));
      expect([stateOf.get(active.id), stateOf.get(expired.id), stateOf.get(revoked.id)]).toEqual(['active', 'expired', 'revoked']);
      // Active tokens come first.
      expect(list.items.findIndex((t) => t.id === active.id)).toBeLessThan(list.items.findIndex((t) => t.id === expired.id));
    });

    it('writes without the CSRF header, and the change is audited with the token', async () => {
      const { token, id } = await newToken('plannerTwo', { name: 'script' });
      const [hq] = await h.db.query<{ id: number; version: number; staff: number }>(
        `SELECT id, version, staff_count AS staff FROM police_hq WHERE commune_code = '99002' ORDER BY id LIMIT 1`,
      );
      const res = await withToken(token, { method: 'PATCH', url: `/api/hqs/${hq.id}`, payload: { version: hq.version, staffCount: hq.staff } });
      expect(res.statusCode, res.body).toBe(200);
      const audit = await h.db.query<{ token_id: number | null; username: string }>(
        `SELECT a.token_id, u.username FROM audit_log a JOIN app_user u ON u.id = a.user_id
         WHERE a.entity = 'police_hq' AND a.entity_id = $1 ORDER BY a.id DESC LIMIT 1`,
        [String(hq.id)],
      );
      expect(audit[0]).toEqual({ token_id: id, username: 'plannertwo' });
      // The browser session's changes name no token.
      const viaSession = await h.as('plannerTwo', { method: 'PATCH', url: `/api/hqs/${hq.id}`, payload: { version: hq.version + 1, staffCount: hq.staff } });
      expect(viaSession.statusCode).toBe(200);
      const last = await h.db.query<{ token_id: number | null }>(`SELECT token_id FROM audit_log WHERE entity = 'police_hq' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [String(hq.id)]);
      expect(last[0].token_id).toBeNull();
    });

    it('audits the creation and the revocation, never the secret', async () => {
      const created = await newToken('commanderOne', { name: 'audited' });
      await h.as('commanderOne', { method: 'DELETE', url: `/api/tokens/${created.id}` });
      const rows = await h.db.query<{ action: string; before: unknown; after: unknown }>(
        `SELECT action, before, after FROM audit_log WHERE entity = 'access_token' AND entity_id = $1 ORDER BY id`,
        [String(created.id)],
      );
      expect(rows.map((r) => r.action)).toEqual(['create', 'delete']);
      expect(JSON.stringify(rows)).not.toContain(created.token.slice(10));
    });

    it('a read-only token reads (GET, and the POST analyses that only read) but cannot change anything', async () => {
      const { token } = await newToken('plannerTwo', { readOnly: true });
      const [hq] = await h.db.query<{ id: number; version: number }>(`SELECT id, version FROM police_hq WHERE commune_code = '99002' ORDER BY id LIMIT 1`);
      const write = await withToken(token, { method: 'PATCH', url: `/api/hqs/${hq.id}`, payload: { version: hq.version } });
      expect(write.statusCode).toBe(403);
      expect(write.json().message).toContain('read-only');
      const status = await withToken(token, { method: 'POST', url: '/api/communes/99002/statuses', payload: { kind: 'drug_free', value: 'building', validFrom: '2030-01-01' } });
      expect(status.statusCode).toBe(403);
      expect((await withToken(token, { method: 'GET', url: '/api/communes' })).statusCode).toBe(200);
      const selection = await withToken(token, { method: 'POST', url: '/api/selection', payload: { codes: ['99002'] } });
      expect(selection.statusCode).toBe(200);
    });

    it('never works for account administration, whatever its role: users, tokens, password, session', async () => {
      const { token } = await newToken('admin');
      for (const [method, url, payload] of [
        ['GET', '/api/users', undefined],
        ['POST', '/api/users', { username: 'made-by-token', displayName: 'x', password: 'long enough password', role: 'admin', scopeKind: 'all' }],
        ['GET', '/api/tokens', undefined],
        ['POST', '/api/tokens', { name: 'another' }],
        ['POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'another long password' }],
        ['GET', '/api/auth/session', undefined],
      ] as const) {
        const res = await withToken(token, { method, url, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().message).toContain('account administration');
      }
      expect(await h.db.query(`SELECT 1 FROM app_user WHERE username = 'made-by-token'`)).toHaveLength(0);
      // The same admin token still does admin work that is not about accounts.
      expect((await withToken(token, { method: 'GET', url: '/api/audit' })).statusCode).toBe(200);
    });

    it("revokes only the caller's own tokens (another user's is 404)", async () => {
      const theirs = await newToken('commanderOne');
      const res = await h.as('plannerTwo', { method: 'DELETE', url: `/api/tokens/${theirs.id}` });
      expect(res.statusCode).toBe(404);
      expect((await withToken(theirs.token, { method: 'GET', url: '/api/communes' })).statusCode).toBe(200);
    });

    it(`holds at most ${MAX_LIVE_TOKENS} active tokens per user (409 beyond), and a disabled user's tokens stop working`, async () => {
      await h.db.transaction((tx) =>
        userWrites.create(tx, null, { username: 'token-owner', displayName: 'Chủ mã', password: TEST_PASSWORD, role: 'commander', scopeKind: 'all' } as UserCreateBody),
      );
      const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'token-owner', password: TEST_PASSWORD } });
      const cookie = `posture_session=${login.cookies.find((c) => c.name === 'posture_session')!.value}`;
      const headers = { cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
      const made: string[] = [];
      for (let i = 0; i < MAX_LIVE_TOKENS; i++) {
        const res = await h.app.inject({ method: 'POST', url: '/api/tokens', headers, payload: { name: `token ${i}` } });
        expect(res.statusCode).toBe(201);
        made.push((res.json() as Created).token);
      }
      const over = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: { ...headers, 'accept-language': 'vi' }, payload: { name: 'one too many' } });
      expect(over.statusCode).toBe(409);
      expect(over.json().message).toContain(`${MAX_LIVE_TOKENS}`);
      expect(over.json().message).toContain('mã truy cập');
      expect((await withToken(made[0], { method: 'GET', url: '/api/communes?province=99' })).statusCode).toBe(200);
      await h.db.query(`UPDATE app_user SET disabled_at = now() WHERE username = 'token-owner'`);
      expect((await withToken(made[0], { method: 'GET', url: '/api/communes?province=99' })).statusCode).toBe(401);
    });
  });
}
