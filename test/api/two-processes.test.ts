/**
 * Two app processes on one PostgreSQL database, started at the same moment, as behind a reverse proxy: start-up
 * (migrations, reference data, demo, first administrator) happens once; a session opened on one works on the
 * other; an edit raced on both gives one 200 and one 409; failed logins on one count on the other; each sees the
 * other's writes at once; an import on one does not disturb reads on the other. Runs with DATABASE_URL only: the
 * embedded database belongs to one process (see data-dir-lock.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, quoteIdent, type Db } from '../../server/db/client.ts';
import { geodataDir, hasGeodata, inCi } from '../support/env.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const URL_ = process.env.DATABASE_URL;
const ADMIN = { username: 'chief', password: 'two-processes-password' };

interface Server {
  child: ChildProcess;
  out: () => string;
  base: () => string;
}

function startServer(url: string, dataDir: string): Server {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      POSTURE_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      POSTURE_ADMIN_USER: ADMIN.username,
      POSTURE_ADMIN_PASSWORD: ADMIN.password,
      POSTURE_CLIENT_DIR: join(dataDir, 'no-client'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return {
    child,
    out: () => text,
    base: () => /Posture is ready at (http:\/\/[^/]+)\//.exec(text)?.[1] ?? '',
  };
}

async function until(check: () => boolean, ms: number, what: () => string) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Session {
  cookie: string;
  csrfToken: string;
}

describe.skipIf(!URL_)('[postgres] two app processes on one database', () => {
  const schema = `posture_two_${randomBytes(4).toString('hex')}`;
  let admin: Db;
  let dataDir: string;
  let a: Server;
  let b: Server;
  let session: Session;

  const call = (s: Server, path: string, init: RequestInit & { session?: Session } = {}) =>
    fetch(`${s.base()}${path}`, {
      ...init,
      headers: {
        ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...(init.session ? { cookie: init.session.cookie, 'x-csrf-token': init.session.csrfToken, origin: s.base() } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  const login = async (s: Server, password = ADMIN.password) =>
    call(s, '/api/auth/login', { method: 'POST', body: JSON.stringify({ username: ADMIN.username, password }) });
  const q = <T>(sql: string, params?: unknown[]) => admin.query<T>(sql, params);

  beforeAll(async () => {
    admin = openPostgres({ url: URL_!, max: 1, schema });
    await admin.exec(`CREATE SCHEMA ${quoteIdent(schema)}`);
    dataDir = await mkdtemp(join(tmpdir(), 'posture-two-'));
    const url = new URL(URL_!);
    url.searchParams.set('options', `-c search_path=${schema},public`);
    // Both at the same moment, on an empty schema: each start-up step must happen once.
    a = startServer(url.toString(), join(dataDir, 'a'));
    b = startServer(url.toString(), join(dataDir, 'b'));
    for (const s of [a, b]) await until(() => s.base() !== '' || s.child.exitCode !== null, 300_000, () => s.out());
    expect(a.base(), a.out()).not.toBe('');
    expect(b.base(), b.out()).not.toBe('');
    const res = await login(a);
    expect(res.status).toBe(200);
    session = { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
  }, 400_000);

  afterAll(async () => {
    for (const s of [a, b]) s?.child.kill('SIGTERM');
    await Promise.all([a, b].map((s) => s && s.child.exitCode === null && new Promise((r) => s.child.on('exit', r))));
    await admin?.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await admin?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('starts both on an empty database with one set of migrations, reference data, demo and administrator', async () => {
    expect((await q<{ n: number }>('SELECT count(*)::int AS n FROM app_user'))[0].n).toBe(1);
    expect((await q<{ n: number }>('SELECT count(*)::int AS n FROM province WHERE is_demo'))[0].n).toBe(1);
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM commune WHERE province_code = '99'`))[0].n).toBe(45);
    expect((await q<{ n: number }>('SELECT count(*)::int AS n FROM ref_province'))[0].n).toBe(34);
    const migrations = await q<{ version: number; n: number }>('SELECT version, count(*)::int AS n FROM schema_migration GROUP BY version');
    expect(migrations.every((m) => m.n === 1)).toBe(true);
    for (const s of [a, b]) expect(await (await call(s, '/api/health')).json()).toMatchObject({ status: 'ok', db: 'postgres' });
  });

  it('accepts a session opened on one process on the other, with its CSRF token', async () => {
    const onB = await call(b, '/api/auth/session', { session });
    expect(onB.status).toBe(200);
    expect(((await onB.json()) as { csrfToken: string }).csrfToken).toBe(session.csrfToken);
    // A write on B with the session and token from A.
    const [hq] = await q<{ id: number; version: number }>('SELECT id, version FROM police_hq ORDER BY id LIMIT 1');
    const write = await call(b, `/api/hqs/${hq.id}`, { method: 'PATCH', session, body: JSON.stringify({ version: hq.version, staffCount: 7 }) });
    expect(write.status, await write.clone().text()).toBe(200);
    // Without the token, B refuses the same session's write.
    const noToken = await call(b, `/api/hqs/${hq.id}`, { method: 'PATCH', session: { ...session, csrfToken: 'wrong' }, body: JSON.stringify({ version: hq.version + 1, staffCount: 8 }) });
    expect(noToken.status).toBe(403);
  });

  it('gives one 200 and one 409 to the same edit raced on both processes, and each then reads the winner', async () => {
    const [hq] = await q<{ id: number; version: number }>('SELECT id, version FROM police_hq ORDER BY id DESC LIMIT 1');
    const edit = (s: Server, staffCount: number) =>
      call(s, `/api/hqs/${hq.id}`, { method: 'PATCH', session, body: JSON.stringify({ version: hq.version, staffCount }) });
    const answers = await Promise.all([edit(a, 11), edit(b, 12)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = answers[0].status === 200 ? 11 : 12;
    for (const s of [a, b]) {
      const fc = (await (await call(s, '/api/hqs', { session })).json()) as { features: { properties: { id: number; staffCount: number } }[] };
      expect(fc.features.find((f) => f.properties.id === hq.id)?.properties.staffCount).toBe(winner);
    }
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'police_hq' AND entity_id = $1`, [String(hq.id)]))[0].n).toBe(1);
  });

  it('counts failed logins made on one process on the other', async () => {
    for (let i = 0; i < 10; i++) expect((await login(i % 2 === 0 ? a : b, 'not the password')).status).toBe(401);
    for (const s of [a, b]) expect((await login(s)).status).toBe(429);
    await q('DELETE FROM login_failure');
    expect((await login(b)).status).toBe(200);
  });

  it.skipIf(!hasGeodata && !inCi)('serves reads on one process while the other imports a province, and both then see it', async () => {
    const file = readFileSync(`${geodataDir}/dienbien/dienbien_communes_2025.geojson`);
    const before = ((await (await call(b, '/api/provinces', { session })).json()) as { provinces: unknown[] }).provinces;
    const importing = call(a, '/api/import/boundaries/commit?province=11&file=dien-bien.geojson', {
      method: 'POST',
      session,
      body: file,
      headers: { 'content-type': 'application/octet-stream' },
    });
    let reads = 0;
    let done = false;
    const finished = importing.then(async (r) => {
      done = true;
      return { status: r.status, body: await r.text() };
    });
    while (!done) {
      const r = await call(b, '/api/communes', { session });
      expect(r.status).toBe(200);
      await r.arrayBuffer();
      reads++;
    }
    const result = await finished;
    expect(result.status, result.body).toBe(200);
    expect(reads).toBeGreaterThan(0);
    for (const s of [a, b]) {
      const { provinces } = (await (await call(s, '/api/provinces', { session })).json()) as { provinces: { code: string; communeCount: number }[] };
      expect(provinces.length).toBe(before.length + 1);
      expect(provinces.find((p) => p.code === '11')?.communeCount).toBe(45);
    }
  }, 300_000);

  it('ends on both processes a session logged out on one', async () => {
    expect((await call(b, '/api/auth/session', { session })).status).toBe(200);
    expect((await call(b, '/api/auth/logout', { method: 'POST', session })).status).toBe(204);
    for (const s of [a, b]) expect((await call(s, '/api/auth/session', { session })).status).toBe(401);
  });
});
