import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../support/harness.ts';

const AS_OF = '2025-06-01';
/** Writes start after the test's today, so that the suites after this one count as before. */
const LATER = '2026-02-01';
/** Fixture province for the import below, removed afterwards (the import suite uses and removes it too). */
const PROVINCE = '90';

/**
 * The map page's reads come from a cache keyed by the caller's area, the parameters and the data revision: a repeated
 * request is a hit (same ETag, 304 on If-None-Match), every kind of write moves the answer, and two areas never share
 * an entry.
 */
export function readCacheSuite(h: Harness) {
  const get = (url: string, user: TestUser = 'admin', headers: Record<string, string> = {}) => h.as(user, { method: 'GET', url, headers });
  const edit = async (method: 'PATCH' | 'POST', url: string, payload: object) => {
    const res = await h.as('admin', { method, url, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  /** The answer before and after `write`, each read twice (the second read must be a hit of the same entry). */
  async function aroundWrite(url: string, write: () => Promise<unknown>) {
    const before = await get(url);
    expect(before.statusCode, before.body).toBe(200);
    const again = await get(url);
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.headers.etag).toBe(before.headers.etag);
    await write();
    const after = await get(url, 'admin', { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    return { before: before.json(), after: after.json() };
  }

  const cleanUp = async () => {
    await h.db.query(`DELETE FROM commune_status WHERE commune_code IN (SELECT code FROM commune WHERE province_code = $1)`, [PROVINCE]);
    await h.db.query(`DELETE FROM commune WHERE province_code = $1`, [PROVINCE]);
    await h.db.query(`DELETE FROM province WHERE code = $1`, [PROVINCE]);
  };
  afterAll(cleanUp);

  describe('a repeated read', () => {
    for (const url of [`/api/communes?asOf=${AS_OF}`, `/api/hqs?asOf=${AS_OF}`, `/api/indicators?asOf=${AS_OF}`, `/api/border/communes?asOf=${AS_OF}`, '/api/search?q=xa',
      '/api/borders', `/api/border-gates?asOf=${AS_OF}`, '/api/border/segments', '/api/meta', '/api/provinces']) {
      it(`${url.split('?')[0]}: a hit with the same strong ETag and bytes, 304 on If-None-Match`, async () => {
        const first = await get(url);
        expect(first.statusCode, first.body).toBe(200);
        const etag = String(first.headers.etag);
        expect(etag).toMatch(/^"[\w-]+"$/);
        expect(first.headers['cache-control']).toBe('private, no-cache');
        const second = await get(url);
        expect(second.headers['x-cache']).toBe('hit');
        expect(second.headers.etag).toBe(etag);
        expect(second.body).toBe(first.body);
        const revalidated = await get(url, 'admin', { 'if-none-match': etag });
        expect(revalidated.statusCode).toBe(304);
        expect(revalidated.body).toBe('');
      });
    }

    it('goes out compressed from the cache, decompressing to the same JSON', async () => {
      const url = `/api/communes?asOf=${AS_OF}`;
      const plain = await get(url);
      const packed = await get(url, 'admin', { 'accept-encoding': 'br' });
      expect(packed.headers['x-cache']).toBe('hit');
      expect(packed.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(packed.rawPayload).toString('utf8')).toBe(plain.body);
    });

    it('keeps each encoding of an answer: the same bytes each time, per the request\'s Accept-Encoding, none when refused', async () => {
      const url = `/api/hqs?asOf=${AS_OF}`;
      const plain = await get(url);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(String(plain.headers.vary)).toContain('Accept-Encoding');
      const gzip = [await get(url, 'admin', { 'accept-encoding': 'gzip, deflate' }), await get(url, 'admin', { 'accept-encoding': 'x-gzip' })];
      for (const g of gzip) {
        expect(g.headers['content-encoding']).toBe('gzip');
        expect(gunzipSync(g.rawPayload).toString('utf8')).toBe(plain.body);
      }
      expect(gzip[1].rawPayload.equals(gzip[0].rawPayload)).toBe(true);
      expect(Number(gzip[0].headers['content-length'])).toBe(gzip[0].rawPayload.length);
      const preferred = await get(url, 'admin', { 'accept-encoding': 'gzip;q=0.5, br;q=1' });
      expect(preferred.headers['content-encoding']).toBe('br');
      for (const refused of [{ 'accept-encoding': 'identity' }, { 'accept-encoding': 'br', 'x-no-compression': '1' }, { 'accept-encoding': 'zstd' }] as Record<string, string>[]) {
        const res = await get(url, 'admin', refused);
        expect(res.headers['content-encoding'], JSON.stringify(refused)).toBeUndefined();
        expect(res.body).toBe(plain.body);
      }
    });

    it('a different date or parameter is another entry', async () => {
      const a = await get(`/api/indicators?asOf=${AS_OF}`);
      const b = await get('/api/indicators?asOf=2024-06-01');
      const c = await get(`/api/indicators?asOf=${AS_OF}&communes=99001`);
      expect(new Set([a.headers.etag, b.headers.etag, c.headers.etag]).size).toBe(3);
      expect(c.json().communeCount).toBe(1);
    });

    it('an error is not cached: a selection outside the area is refused each time', async () => {
      for (let i = 0; i < 2; i++) {
        const res = await get(`/api/indicators?asOf=${AS_OF}&communes=99002`, 'commanderOne');
        expect(res.statusCode).toBe(404);
        expect(res.headers.etag).toBeUndefined();
      }
    });
  });

  describe('areas', () => {
    it('a commune-scoped user never gets the province answer, whoever asked first', async () => {
      const url = `/api/communes?asOf=${AS_OF}`;
      const province = await get(url, 'commanderProvince');
      const one = await get(url, 'commanderOne');
      expect(one.headers.etag).not.toBe(province.headers.etag);
      expect(one.headers['x-cache']).toBe('miss');
      expect(one.json().features.map((f: { id: string }) => f.id)).toEqual(['99001']);
      expect(province.json().features.length).toBeGreaterThan(1);
      // The province's ETag does not open the commune user's answer either.
      expect((await get(url, 'commanderOne', { 'if-none-match': String(province.headers.etag) })).statusCode).toBe(200);
    });

    for (const path of ['/api/indicators', '/api/hqs', '/api/border/communes']) {
      it(`${path}: each area its own answer`, async () => {
        const url = `${path}?asOf=${AS_OF}`;
        const [all, province, one] = await Promise.all([get(url), get(url, 'commanderProvince'), get(url, 'commanderOne')]);
        expect(new Set([all.headers.etag, province.headers.etag, one.headers.etag]).size).toBe(3);
        expect(one.body).not.toBe(province.body);
      });
    }

    it("a user's changed area applies to the next read of the same session, and a token's too", async () => {
      const username = 'area-mover';
      const created = await edit('POST', '/api/users', { username, displayName: 'Area mover', password: 'area mover password', role: 'commander', scopeKind: 'communes', communeCodes: ['99001'] });
      const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'area mover password' } });
      const cookies = { posture_session: login.cookies.find((c) => c.name === 'posture_session')!.value };
      const token = (await h.app.inject({ method: 'POST', url: '/api/tokens', cookies, headers: { 'x-csrf-token': login.json().csrfToken }, payload: { name: 'area', readOnly: true } })).json().token as string;
      const codes = async (via: 'session' | 'token') => {
        const res = await h.app.inject({ url: `/api/communes?asOf=${AS_OF}`, ...(via === 'session' ? { cookies } : { headers: { authorization: `Bearer ${token}` } }) });
        expect(res.statusCode, res.body).toBe(200);
        return res.json().features.map((f: { id: string }) => f.id);
      };
      for (const via of ['session', 'token'] as const) {
        expect(await codes(via)).toEqual(['99001']);
        expect(await codes(via)).toEqual(['99001']);
      }
      const moved = await edit('PATCH', `/api/users/${created.id}`, { version: created.version, communeCodes: ['99002'] });
      for (const via of ['session', 'token'] as const) expect(await codes(via), via).toEqual(['99002']);
      await edit('PATCH', `/api/users/${created.id}`, { version: moved.version, scopeKind: 'province', provinceCodes: ['99'] });
      for (const via of ['session', 'token'] as const) expect((await codes(via)).length, via).toBeGreaterThan(1);
      await edit('PATCH', `/api/users/${created.id}`, { version: moved.version + 1, disabled: true });
    });

    it('provinces: each user the provinces of their own area, whichever view they share', async () => {
      const all = await get('/api/provinces?province=99');
      const one = await get('/api/provinces?province=99', 'commanderOne');
      expect(one.headers.etag).not.toBe(all.headers.etag);
      const count = (res: typeof all) => res.json().provinces.find((p: { code: string }) => p.code === '99').communeCount;
      expect(one.json().provinces.map((p: { code: string }) => p.code)).toEqual(['99']);
      expect(count(one)).toBe(1);
      expect(count(all)).toBeGreaterThan(1);
    });

    it('search: a commune-scoped user finds nothing outside the area', async () => {
      const all = await get('/api/search?q=99002');
      const one = await get('/api/search?q=99002', 'commanderOne');
      expect(all.json().items.length).toBeGreaterThan(0);
      expect(one.json().items).toEqual([]);
    });
  });

  it('the read revision moves with a statement on every table the cached reads read', async () => {
    const revision = async () => Number((await h.db.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'read_revision'`))[0].value);
    // Statement-level triggers: a statement that touches no row counts too (and changes nothing here).
    const tables = ['commune', 'police_hq', 'police_hq_status', 'village', 'national_border', 'border_gate', 'commune_status', 'province', 'border_commune',
      'border_commune_country', 'border_setting', 'security_team_count', 'self_governing_model', 'model_activity_point', 'province_indicator', 'indicator',
      'status_value', 'country'];
    for (const table of tables) {
      const before = await revision();
      await h.db.query(`DELETE FROM ${table} WHERE false`);
      // At least one: a change to the border or the setting re-derives the border communes in the same statement.
      expect(await revision(), table).toBeGreaterThan(before);
    }
    // A user's area is resolved from these (migration 019), and kept by the server while the revision stands.
    for (const table of ['user_scope_province', 'user_scope_commune']) {
      const before = await revision();
      await h.db.query(`DELETE FROM ${table} WHERE false`);
      expect(await revision(), table).toBeGreaterThan(before);
    }
    const beforeRole = await revision();
    await h.db.query(`UPDATE app_user SET role = role WHERE false`);
    expect(await revision()).toBeGreaterThan(beforeRole);
    // Sessions, logins, password changes, audit entries and campaigns are not read by these answers.
    const before = await revision();
    await h.db.query(`DELETE FROM audit_log WHERE false`);
    await h.db.query(`DELETE FROM campaign WHERE false`);
    await h.db.query(`DELETE FROM app_session WHERE false`);
    await h.db.query(`UPDATE app_user SET password_hash = password_hash, updated_at = now() WHERE false`);
    await h.login('commanderOne');
    expect(await revision()).toBe(before);
  });

  describe('every kind of write moves the answer', () => {
    it('a status record: communes and indicators', async () => {
      const url = `/api/communes?asOf=${LATER}`;
      const current = (await get(url)).json().features.find((f: { id: string }) => f.id === '99030').properties.drug_free as string;
      const value = current === 'certified' ? 'challenge' : 'certified';
      const indicators = await get(`/api/indicators?asOf=${LATER}`);
      const { after } = await aroundWrite(url, () => edit('POST', '/api/communes/99030/statuses', { kind: 'drug_free', value, validFrom: LATER }));
      expect(after.features.find((f: { id: string }) => f.id === '99030').properties.drug_free).toBe(value);
      expect((await get(`/api/indicators?asOf=${LATER}`)).headers.etag).not.toBe(indicators.headers.etag);
    });

    /** The HQ of a commune no other suite edits, and a day on which a new status record may start. */
    async function hqOf(code: string) {
      const [hq] = await h.db.query<{ id: number; name: string; version: number; latest: string | null; status: string }>(
        `SELECT h.id, h.name, h.version, (SELECT max(valid_from)::text FROM police_hq_status s WHERE s.hq_id = h.id) AS latest,
           (SELECT s.status FROM police_hq_status s WHERE s.hq_id = h.id ORDER BY s.valid_from DESC LIMIT 1) AS status
         FROM police_hq h WHERE h.commune_code = $1 ORDER BY h.id LIMIT 1`,
        [code],
      );
      expect(hq, `an HQ in commune ${code}`).toBeDefined();
      const next = hq.latest ? new Date(Date.parse(`${hq.latest}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : AS_OF;
      return { ...hq, from: next > LATER ? next : LATER };
    }

    it('an HQ edit: HQs', async () => {
      const hq = await hqOf('99030');
      const { after } = await aroundWrite(`/api/hqs?asOf=${AS_OF}`, () => edit('PATCH', `/api/hqs/${hq.id}`, { version: hq.version, name: `${hq.name} (thử)` }));
      expect(after.features.find((f: { properties: { id: number } }) => f.properties.id === hq.id).properties.name).toBe(`${hq.name} (thử)`);
      await edit('PATCH', `/api/hqs/${hq.id}`, { version: hq.version + 1, name: hq.name });
    });

    it('an HQ status: communes (their HQ status) and indicators', async () => {
      const hq = await hqOf('99030');
      const target = hq.status === 'shared' ? 'planned' : 'shared';
      const indicators = await get(`/api/indicators?asOf=${hq.from}`);
      const { after } = await aroundWrite(`/api/communes?asOf=${hq.from}`, () => edit('PATCH', `/api/hqs/${hq.id}`, { version: hq.version, status: target, statusFrom: hq.from }));
      expect(after.features.find((f: { id: string }) => f.id === '99030').properties.hqStatus).toBe(target);
      expect((await get(`/api/indicators?asOf=${hq.from}`)).headers.etag).not.toBe(indicators.headers.etag);
    });

    it('the border distance setting: border communes', async () => {
      const setting = (await get('/api/border/settings')).json() as { distanceM: number; version: number };
      const { after } = await aroundWrite(`/api/border/communes?asOf=${AS_OF}`, () =>
        edit('PATCH', '/api/border/settings', { version: setting.version, distanceM: setting.distanceM + 1000 }),
      );
      expect(after.distanceM).toBe(setting.distanceM + 1000);
      await edit('PATCH', '/api/border/settings', { version: setting.version + 1, distanceM: setting.distanceM });
    });

    it('a border gate: search', async () => {
      const gate = (await get(`/api/border-gates?asOf=${AS_OF}`)).json().features[0].properties as { id: number; name: string; version: number };
      const { before, after } = await aroundWrite('/api/search?q=Cửa khẩu thử đệm', () =>
        edit('PATCH', `/api/border-gates/${gate.id}`, { version: gate.version, name: 'Cửa khẩu thử đệm' }),
      );
      expect(before.items).toEqual([]);
      expect(after.items.map((i: { name: string }) => i.name)).toContain('Cửa khẩu thử đệm');
      await edit('PATCH', `/api/border-gates/${gate.id}`, { version: gate.version + 1, name: gate.name });
    });

    // Last: the imported province hides the demo one until it is removed.
    it('a boundary import: the new communes appear in communes, indicators and search', async () => {
      const file = readFileSync(new URL('../fixtures/import/valid-two-communes.geojson', import.meta.url));
      const urls = [`/api/communes?asOf=${AS_OF}`, `/api/indicators?asOf=${AS_OF}`, '/api/search?q=96001'];
      const before = await Promise.all(urls.map((u) => get(u)));
      const res = await h.as('admin', {
        method: 'POST',
        url: `/api/import/boundaries/commit?province=${PROVINCE}&provinceName=${encodeURIComponent('Tỉnh thử bộ đệm')}`,
        payload: file,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const [communes, indicators, found] = await Promise.all(urls.map((u) => get(u)));
      // The first real province hides the demo one from the answers.
      const ids = (r: { features: { id: string }[] }) => r.features.map((f) => f.id);
      expect(ids(before[0].json())).not.toContain('96001');
      expect(ids(communes.json())).toEqual(['96001', '96002']);
      expect(indicators.headers.etag).not.toBe(before[1].headers.etag);
      expect(indicators.json().communeCount).toBe(2);
      expect(before[2].json().items).toEqual([]);
      expect(found.json().items.map((i: { id: string }) => i.id)).toContain('96001');
    });
  });
}
