import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openPostgres, StatementTimeoutError } from '../../server/db/client.ts';
import { errorResponse } from '../../server/errors.ts';
import { MAX_SELECTION_CROSSINGS, MAX_SELECTION_VERTICES } from '../../server/schemas/campaigns.ts';
import { TEST_PASSWORD, usernameOf, type Harness } from '../support/harness.ts';
import { TEST_TODAY } from '../support/env.ts';
import { loginFailures } from '../../server/repositories/login-failures.ts';
import { MAX_IMPORT_ROWS } from '../../server/import/status-table.ts';
import { writeZip, ZIP_LIMITS } from '../../server/import/zip.ts';
import { MAX_IMPORT_CROSSINGS } from '../../server/import/boundary-file.ts';

const vi = { 'accept-language': 'vi' };
/** Known when the tests are collected (the harness opens its database later, in beforeAll). */
const onPostgres = Boolean(process.env.DATABASE_URL);

/** Random positions in a small box of the demo province: a scribble whose edges cross each other ~a million times. */
function scribble(n: number): number[][] {
  let seed = 11;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const ring = Array.from({ length: n - 1 }, () => [103 + rnd() * 0.2, 21 + rnd() * 0.2]);
  return [...ring, ring[0]];
}

/** The schema the harness's PostgreSQL pool works in (first on its search_path). */
async function schemaOf(h: Harness): Promise<string> {
  const [{ path }] = await h.db.query<{ path: string }>('SELECT current_setting($1) AS path', ['search_path']);
  return path.split(',')[0].trim().replace(/"/g, '');
}

/**
 * One request must never take the database or the process down: each test is a regression named after what broke.
 */
export function hardeningSuite(h: Harness) {
  describe('drawn shapes are bounded before the database repairs them', () => {
    it('refuses a 4,999-vertex random self-intersecting polygon at once, in the request language', async () => {
      const started = Date.now();
      const res = await h.as('commanderAll', { method: 'POST', url: '/api/selection', payload: { polygon: { type: 'Polygon', coordinates: [scribble(4999)] } } });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe(`polygon: its outline crosses itself more than the ${MAX_SELECTION_CROSSINGS} times allowed; draw a simpler shape`);
      const inVi = await h.as('commanderAll', { method: 'POST', url: '/api/selection', headers: vi, payload: { polygon: { type: 'Polygon', coordinates: [scribble(4999)] } } });
      expect(inVi.json().message).toBe(`vùng vẽ: đường viền tự cắt nhau nhiều hơn ${MAX_SELECTION_CROSSINGS} lần cho phép; hãy vẽ hình đơn giản hơn`);
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('refuses the same scribble on the selection export', async () => {
      const res = await h.as('commanderAll', { method: 'POST', url: '/api/selection/export', payload: { format: 'csv', polygon: { type: 'Polygon', coordinates: [scribble(4999)] } } });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/crosses itself more than/);
    });

    it('refuses a polygon of one vertex more than the limit, naming it', async () => {
      const ring = Array.from({ length: MAX_SELECTION_VERTICES }, (_, i) => {
        const a = (2 * Math.PI * i) / MAX_SELECTION_VERTICES;
        return [103.1 + 0.05 * Math.cos(a), 21.1 + 0.05 * Math.sin(a)];
      });
      const res = await h.as('commanderAll', { method: 'POST', url: '/api/selection', payload: { polygon: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } } });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe(`polygon: ${MAX_SELECTION_VERTICES + 1} positions, more than the ${MAX_SELECTION_VERTICES} allowed; simplify the shape`);
    });

    it('still selects with a lasso that crosses itself once (a bow tie over the demo province)', async () => {
      const [box] = await h.db.query<{ x0: number; y0: number; x1: number; y1: number }>(
        `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom) AS e FROM commune WHERE province_code = '99') s`,
      );
      const bowtie = [[box.x0, box.y0], [box.x1, box.y1], [box.x1, box.y0], [box.x0, box.y1], [box.x0, box.y0]];
      const res = await h.as('commanderAll', { method: 'POST', url: '/api/selection?province=99', payload: { polygon: { type: 'Polygon', coordinates: [bowtie] } } });
      expect(res.statusCode).toBe(200);
      expect(res.json().communes.length).toBeGreaterThan(0);
    });
  });

  describe('imported commune outlines are bounded the same way', () => {
    it('reports a scribbled outline in a boundary preview before the database repairs it', async () => {
      const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '91001', name: 'Xã thử' }, geometry: { type: 'Polygon', coordinates: [scribble(4999)] } }] };
      const started = Date.now();
      const res = await h.as('admin', {
        method: 'POST', url: `/api/import/boundaries/preview?province=91&provinceName=${encodeURIComponent('Tỉnh thử')}&file=x.geojson`,
        payload: Buffer.from(JSON.stringify(fc)), headers: { 'content-type': 'application/octet-stream' },
      });
      expect(res.statusCode).toBe(200);
      const problems = (res.json() as { report: { problems: { severity: string; message: string }[] } }).report.problems;
      expect(problems).toContainEqual(expect.objectContaining({ severity: 'error', message: `feature 1 (91001): its outline crosses itself more than ${MAX_IMPORT_CROSSINGS} times; repair it in a GIS before importing` }));
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });

  describe('statement timeout on PostgreSQL', () => {
    it.runIf(onPostgres)('answers a statement cancelled at the timeout with 503 naming the limit, and lets long work run longer', async () => {
      const db = openPostgres({ url: process.env.DATABASE_URL!, schema: await schemaOf(h), max: 1, statementTimeoutMs: 200, longStatementTimeoutMs: 5000 });
      try {
        const err = await db.query('SELECT pg_sleep(1)').catch((e: Error) => e);
        expect(err).toBeInstanceOf(StatementTimeoutError);
        expect((err as StatementTimeoutError).timeoutMs).toBe(200);
        const answer = errorResponse(err as Error, { headers: {} } as FastifyRequest);
        expect(answer.statusCode).toBe(503);
        expect(answer.body.message).toMatch(/longer than the 200 ms allowed/);
        expect(errorResponse(err as Error, { headers: vi } as unknown as FastifyRequest).body.message).toMatch(/quá 200 ms cho phép/);
        // The connection is usable afterwards, and a long transaction may take longer.
        expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
        await expect(db.transaction((tx) => tx.query('SELECT pg_sleep(0.4)'), { long: true })).resolves.toBeDefined();
        await expect(db.transaction((tx) => tx.query('SELECT pg_sleep(0.4)'))).rejects.toBeInstanceOf(StatementTimeoutError);
      } finally {
        await db.close();
      }
    });
  });

  describe('connections dropped by PostgreSQL', () => {
    it.runIf(onPostgres)('keeps serving while its backends are terminated in a loop: 503 during the outage, 200 afterwards', async () => {
      const applicationName = `posture-outage-${process.pid}`;
      const lost: Error[] = [];
      const db = openPostgres({ url: process.env.DATABASE_URL!, schema: await schemaOf(h), max: 4, applicationName, onConnectionError: (e) => lost.push(e) });
      const app = await buildApp({ db, config: loadConfig({}), today: () => TEST_TODAY });
      const killer = openPostgres({ url: process.env.DATABASE_URL!, max: 1 });
      try {
        const s = await h.login('admin');
        const headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken };
        const [hq] = await h.db.query<{ id: number }>('SELECT id FROM police_hq ORDER BY id LIMIT 1');
        const read = () => app.inject({ method: 'GET', url: '/api/communes?province=99', headers });
        // A write holds a connection through a transaction (the case that used to end the process); with a stale
        // version it locks the HQ, then is refused and changes nothing.
        const write = () => app.inject({ method: 'PATCH', url: `/api/hqs/${hq.id}`, headers, payload: { version: 999999, staffCount: 1 } });
        expect((await read()).statusCode).toBe(200);
        let stop = false;
        const kills = (async () => {
          let n = 0;
          while (!stop) {
            await killer.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
            n++;
            await new Promise((r) => setTimeout(r, 5));
          }
          return n;
        })();
        const statuses: number[] = [];
        for (let round = 0; round < 15; round++) {
          for (const res of await Promise.all([read(), read(), write()])) {
            statuses.push(res.statusCode);
            if (res.statusCode === 503) expect(res.json().message).toBe('the database is unavailable for a moment; try again shortly');
          }
        }
        stop = true;
        expect(await kills).toBeGreaterThan(0);
        // Every answer is a proper one: served, refused as stale, or unavailable; never a crash.
        for (const code of statuses) expect([200, 409, 503]).toContain(code);
        expect(statuses).toContain(503);
        expect((await read()).statusCode).toBe(200);
        expect((await read()).statusCode).toBe(200);
      } finally {
        await app.close();
        await db.close();
        await killer.close();
      }
    });
  });

  describe('Origin of a write', () => {
    for (const origin of ['null', 'not a url', 'http://']) {
      it(`answers Origin "${origin}" with a valid CSRF token with 403, not 500`, async () => {
        const res = await h.as('admin', { method: 'POST', url: '/api/selection', headers: { origin }, payload: { codes: ['99001'] } });
        expect(res.statusCode).toBe(403);
        expect(res.json().message).toBe(`requests from the origin ${JSON.stringify(origin)} are not accepted`);
      });
    }

    it('accepts a write from its own origin', async () => {
      const res = await h.as('admin', { method: 'POST', url: '/api/selection', headers: { origin: 'http://posture.test', host: 'posture.test' }, payload: { codes: ['99001'] } });
      expect(res.statusCode).toBe(200);
    });
  });

  describe('border distance setting', () => {
    const setting = async () => (await h.as('admin', { method: 'GET', url: '/api/border/settings' })).json() as { distanceM: number; version: number };

    for (const distanceM of [0.1, 0.5, 1.5, null, '1000', true, -1, 20001]) {
      it(`refuses distanceM ${JSON.stringify(distanceM)} with 400 and changes nothing`, async () => {
        const before = await setting();
        const res = await h.as('admin', { method: 'PATCH', url: '/api/border/settings', payload: { version: before.version, distanceM } });
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toMatch(/^body\/distanceM must be/);
        expect(await setting()).toEqual(before);
      });
    }

    it('accepts whole metres, 1 m included', async () => {
      const before = await setting();
      const one = await h.as('admin', { method: 'PATCH', url: '/api/border/settings', payload: { version: before.version, distanceM: 1 } });
      expect(one.statusCode).toBe(200);
      expect(one.json().distanceM).toBe(1);
      const back = await h.as('admin', { method: 'PATCH', url: '/api/border/settings', payload: { version: one.json().version, distanceM: before.distanceM } });
      expect(back.statusCode).toBe(200);
    });
  });

  describe('login limit', () => {
    it('counts failed logins only: the 11th good login in 15 minutes succeeds, the 11th attempt after 10 failures is 429', async () => {
      const app = await buildApp({ db: h.db, config: loadConfig({}) });
      try {
        const attempt = (password: string) =>
          app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: usernameOf('commanderProvince'), password } });
        for (let i = 0; i < 11; i++) expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
        for (let i = 0; i < 10; i++) expect((await attempt('wrong password!')).statusCode).toBe(401);
        const limited = await attempt(TEST_PASSWORD);
        expect(limited.statusCode).toBe(429);
        expect(limited.json().message).toBe('too many login attempts; try again in 15 min');
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
        const inVi = await app.inject({ method: 'POST', url: '/api/auth/login', headers: vi, payload: { username: usernameOf('commanderProvince'), password: TEST_PASSWORD } });
        expect(inVi.json().message).toBe('đăng nhập sai quá nhiều lần; hãy thử lại sau 15 phút');
        // The failures are the database's, not this app's: another app on the same database refuses too.
        const other = await buildApp({ db: h.db, config: loadConfig({}) });
        try {
          expect((await other.inject({ method: 'POST', url: '/api/auth/login', payload: { username: usernameOf('commanderProvince'), password: TEST_PASSWORD } })).statusCode).toBe(429);
        } finally {
          await other.close();
        }
      } finally {
        await app.close();
        await h.db.query('DELETE FROM login_failure');
      }
    });

    it('counts failures in a sliding window, per address and username, stored hashed', async () => {
      // A window wide enough that the three failures below fall inside it on a loaded machine too.
      const WINDOW_MS = 5000;
      const limit = loginFailures(h.db, { max: 3, windowMs: WINDOW_MS });
      const key = `127.0.0.9|người dùng 'thử'`;
      try {
        for (let i = 0; i < 3; i++) {
          expect(await limit.waitMs(key)).toBe(0);
          await limit.failed(key);
        }
        const wait = await limit.waitMs(key);
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(WINDOW_MS);
        expect(await limit.waitMs(`${key} `)).toBe(0);
        const stored = await h.db.query<{ key: string }>('SELECT key_hash AS key FROM login_failure');
        expect(stored.length).toBe(3);
        expect(stored.every((r) => !r.key.includes('thử'))).toBe(true);
        await new Promise((r) => setTimeout(r, wait + 50));
        expect(await limit.waitMs(key)).toBe(0);
        // A new failure clears the ones the window has left behind.
        await limit.failed(key);
        expect((await h.db.query('SELECT 1 FROM login_failure')).length).toBe(1);
        await limit.succeeded(key);
        expect(await limit.waitMs(key)).toBe(0);
        expect((await h.db.query('SELECT 1 FROM login_failure')).length).toBe(0);
      } finally {
        await h.db.query('DELETE FROM login_failure');
      }
    });

    it('forgets the failures of a user and address after a successful login', async () => {
      const app = await buildApp({ db: h.db, config: loadConfig({}), loginLimit: { max: 3, windowMs: 60_000 } });
      try {
        const attempt = (password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: usernameOf('commanderOne'), password } });
        for (let i = 0; i < 2; i++) expect((await attempt('wrong password!')).statusCode).toBe(401);
        expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
        for (let i = 0; i < 2; i++) expect((await attempt('wrong password!')).statusCode).toBe(401);
        expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    });
  });

  describe('caching of confidential answers', () => {
    it('marks every /api answer of the route table no-store, unless the route chose private caching', async () => {
      const s = await h.login('admin');
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken };
      const sample: Record<string, string> = { code: '99001', id: '1', z: '0', x: '0', y: '0' };
      const routes = h.app.routeTable.filter((r) => r.url !== '/api/auth/logout');
      expect(routes.length).toBeGreaterThan(40);
      const missing: string[] = [];
      for (const r of routes) {
        // Reads with real parameters; writes with parameters that cannot match anything, so nothing changes.
        const url = r.url.replace(/:([A-Za-z]+)/g, (_, name: string) => (r.method === 'GET' ? (sample[name] ?? 'x') : 'x'));
        const res = await h.app.inject({ method: r.method as 'GET', url, headers });
        const cc = String(res.headers['cache-control'] ?? '');
        if (cc !== 'no-store' && !/\bprivate\b/.test(cc)) missing.push(`${r.method} ${r.url} → ${res.statusCode} "${cc}"`);
      }
      expect(missing).toEqual([]);
    });

    it('marks answers without a session and unknown /api paths no-store too', async () => {
      expect((await h.app.inject({ method: 'GET', url: '/api/communes' })).headers['cache-control']).toBe('no-store');
      expect((await h.as('admin', { method: 'GET', url: '/api/no-such-route' })).headers['cache-control']).toBe('no-store');
    });
  });

  describe('two writers recording the same status', () => {
    it('answers the loser with the same 409 on both back ends, never with the constraint name', async () => {
      const [{ code }] = await h.db.query<{ code: string }>(
        `SELECT c.code FROM commune c WHERE c.province_code = '99'
           AND NOT EXISTS (SELECT 1 FROM commune_status s WHERE s.commune_code = c.code AND s.kind = 'safe_standard') ORDER BY c.code DESC LIMIT 1`,
      );
      const s = await h.login('admin');
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken };
      const record = () => h.app.inject({ method: 'POST', url: `/api/communes/${code}/statuses`, headers, payload: { kind: 'safe_standard', value: 'met', validFrom: '2025-06-01' } });
      const answers = await Promise.all([record(), record(), record(), record()]);
      try {
        expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409]);
        for (const a of answers.filter((x) => x.statusCode === 409)) {
          expect(a.body).not.toMatch(/no_overlap|constraint|violat/);
          expect(a.json().message).toMatch(/already exists/);
        }
      } finally {
        await h.db.query(`DELETE FROM commune_status WHERE commune_code = $1 AND kind = 'safe_standard'`, [code]);
      }
    });

    it('words a constraint violation for a person, in the request language', () => {
      const err = Object.assign(new Error('conflicting key value violates exclusion constraint "commune_status_no_overlap"'), { code: '23P01' });
      const en = errorResponse(err, { headers: {} } as FastifyRequest);
      expect(en).toMatchObject({ statusCode: 409 });
      expect(en.body.message).toBe('this conflicts with a record that already exists or was saved at the same moment; reload and try again');
      expect(errorResponse(err, { headers: vi } as unknown as FastifyRequest).body.message).toMatch(/^dữ liệu này trùng/);
      // Writers racing for one exclusion constraint can also end in a deadlock or a serialization failure.
      for (const code of ['40P01', '40001']) {
        const raced = errorResponse(Object.assign(new Error('deadlock detected'), { code }), { headers: {} } as FastifyRequest);
        expect(raced).toMatchObject({ statusCode: 409 });
        expect(raced.body.message).toBe(en.body.message);
      }
      const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
      expect(errorResponse(nul, { headers: {} } as FastifyRequest).body.message).not.toMatch(/0x00|UTF8/);
    });
  });

  describe('request bodies are not coerced, dates are bounded, NUL is refused', () => {
    const hq = async () => (await h.db.query<{ id: number; version: number }>(`SELECT h.id, h.version FROM police_hq h JOIN commune c ON c.code = h.commune_code WHERE c.province_code = '99' ORDER BY h.id LIMIT 1`))[0];

    for (const staffCount of [null, ' ', true, '12']) {
      it(`refuses staffCount ${JSON.stringify(staffCount)} with 400`, async () => {
        const { id, version } = await hq();
        const res = await h.as('admin', { method: 'PATCH', url: `/api/hqs/${id}`, payload: { version, staffCount } });
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toBe('body/staffCount must be integer');
        expect((await hq()).version).toBe(version);
      });
    }

    it('refuses a campaign step dated 9999-12-31, and a view dated 1899-12-31, naming the range', async () => {
      const step = await h.as('admin', { method: 'POST', url: '/api/campaigns/1/stages', payload: { communeCode: '99001', stage: 'transformed', on: '9999-12-31', version: 1 } });
      expect(step.statusCode).toBe(400);
      expect(step.json().message).toBe('body/on must be a date YYYY-MM-DD from 1900-01-01 to 2100-12-31');
      const view = await h.as('admin', { method: 'GET', url: '/api/communes?asOf=1899-12-31', headers: vi });
      expect(view.statusCode).toBe(400);
      expect(view.json().message).toBe('tham số/asOf: phải là ngày dạng YYYY-MM-DD, từ 1900-01-01 đến 2100-12-31');
    });

    it('refuses a NUL character in a text field, naming the field', async () => {
      const res = await h.as('admin', { method: 'POST', url: '/api/communes/99001/statuses', payload: { kind: 'safe_standard', value: 'met', validFrom: '2025-06-01', note: 'a\u0000b' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('body/note must not contain a NUL character (\\u0000)');
    });
  });

  describe('size of a status import', () => {
    const upload = (csv: string, headers: Record<string, string> = {}) =>
      h.as('admin', { method: 'POST', url: '/api/import/statuses/preview?file=big.csv', payload: Buffer.from(csv), headers: { 'content-type': 'application/octet-stream', ...headers } });
    const header = 'commune_code,kind,value,valid_from,valid_to\n';

    it('answers a 150,000-row status file with its problems, not a 500 (Maximum call stack size exceeded)', async () => {
      // Fixture province 91 does not exist: every row is an unknown commune, and every row but the first overlaps.
      const res = await upload(header + '91001,drug_free,certified,2020-01-01,\n'.repeat(150_000));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ rowCount: 150_000 });
      expect(res.json().errorCount).toBeGreaterThanOrEqual(150_000);
    }, 300_000);

    it(`refuses a status file of ${MAX_IMPORT_ROWS} + 1 rows with a 400 naming the limit, in the request language`, async () => {
      const csv = header + '91001,drug_free,certified,2020-01-01,\n'.repeat(MAX_IMPORT_ROWS + 1);
      const res = await upload(csv);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('the file has more than 200,000 data rows, the most one import takes; split it into several files');
      expect((await upload(csv, vi)).json().message).toBe('tệp có hơn 200.000 dòng dữ liệu, mức tối đa của một lần nhập; hãy chia thành nhiều tệp');
    }, 120_000);
  });

  describe('ZIP uploads', () => {
    const octet = { 'content-type': 'application/octet-stream' };
    // More entries than an upload may hold; each empty, so the archive is small.
    const crowded = () => writeZip(Object.fromEntries(Array.from({ length: ZIP_LIMITS.maxEntries + 1 }, (_, i) => [`x${i}.txt`, ''])));

    it('refuses a workbook of more entries than allowed before exceljs opens it', async () => {
      const res = await h.as('admin', { method: 'POST', url: '/api/import/statuses/preview?file=bomb.xlsx', payload: crowded(), headers: octet });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe(`the workbook cannot be read: it holds more than ${ZIP_LIMITS.maxEntries} entries, the most an upload may hold`);
    });

    it('refuses a zipped Shapefile of more entries than allowed, in the request language', async () => {
      const res = await h.as('admin', {
        method: 'POST', url: '/api/import/boundaries/preview?province=91&provinceName=T%E1%BB%89nh%20th%E1%BB%AD&file=bomb.zip', payload: crowded(), headers: { ...octet, ...vi },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain(`tệp chứa hơn ${ZIP_LIMITS.maxEntries} mục, mức tối đa của một tệp tải lên`);
    });

    it('answers a damaged Shapefile in words, not with the parser\'s ("Invalid DataView length")', async () => {
      const zip = writeZip({ 'x.shp': Buffer.alloc(60, 7), 'x.dbf': Buffer.alloc(10, 1), 'x.shx': Buffer.alloc(10), 'x.prj': 'GEOGCS["WGS 84"]', 'x.cpg': 'UTF-8' });
      const res = await h.as('admin', { method: 'POST', url: '/api/import/boundaries/preview?province=91&provinceName=T&file=x.zip', payload: zip, headers: octet });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).not.toMatch(/DataView|Invalid|undefined/);
    });
  });
}
