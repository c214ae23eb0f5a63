import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { ensureReferenceUnits } from '../../server/reference-units.ts';
import { ensureBundledBorder } from '../../server/reference-border.ts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openEmbedded, openPostgres, quoteIdent, type Db } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedDemoIfEmpty } from '../../server/seed.ts';
import { userWrites } from '../../server/repositories/users.ts';
import type { UserCreateBody } from '../../server/schemas/auth.ts';
import { TEST_TODAY } from './env.ts';

export const TEST_PASSWORD = 'correct horse battery';

/** Accounts every integration run has, one per role and kind of area scope. */
export const TEST_USERS = {
  admin: { role: 'admin', scopeKind: 'all' },
  commanderAll: { role: 'commander', scopeKind: 'all' },
  commanderProvince: { role: 'commander', scopeKind: 'province', provinceCodes: ['99'] },
  commanderOne: { role: 'commander', scopeKind: 'communes', communeCodes: ['99001'] },
  plannerTwo: { role: 'planner', scopeKind: 'communes', communeCodes: ['99002', '99003'] },
  borderAll: { role: 'border_officer', scopeKind: 'all' },
} as const satisfies Record<string, Pick<UserCreateBody, 'role' | 'scopeKind' | 'provinceCodes' | 'communeCodes'>>;
export type TestUser = keyof typeof TEST_USERS;

export interface Session {
  cookie: string;
  csrfToken: string;
}

export interface Harness {
  db: Db;
  app: FastifyInstance;
  /** 'embedded' or 'postgres', for test names and back-end specific expectations. */
  backend: Db['kind'];
  /** Logs in (a new session each call). */
  login(user: TestUser): Promise<Session>;
  /** A request as `user` (one cached session per user; pass null for no session), CSRF header included. */
  as(user: TestUser | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export const usernameOf = (user: TestUser) => user.toLowerCase();

/**
 * One database for the whole integration run: embedded PostGIS in memory by default, or — when DATABASE_URL is
 * set — a throw-away schema on that server, dropped afterwards (other data on the server is never touched).
 * Migrated and seeded with the demo province, with the app built on top. Registers its own beforeAll/afterAll.
 */
export function useHarness(): Harness {
  const h = {} as Harness;
  let schema: string | null = null;
  let admin: Db | null = null;

  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    if (url) {
      schema = `posture_test_${randomBytes(4).toString('hex')}`;
      admin = openPostgres({ url, max: 1 });
      await admin.exec(`CREATE SCHEMA ${quoteIdent(schema)}`);
      h.db = openPostgres({ url, schema, max: 4 });
    } else {
      h.db = await openEmbedded({ dataDir: null });
    }
    h.backend = h.db.kind;
    await migrate(h.db);
    await ensureBundledBorder(h.db);
    await ensureReferenceUnits(h.db);
    await seedDemoIfEmpty(h.db);
    for (const [name, u] of Object.entries(TEST_USERS)) {
      await h.db.transaction((tx) =>
        userWrites.create(tx, null, { username: usernameOf(name as TestUser), displayName: `Test ${name}`, password: TEST_PASSWORD, ...u } as UserCreateBody),
      );
    }
    h.app = await buildApp({
      db: h.db,
      config: loadConfig({}),
      version: 'test',
      today: () => TEST_TODAY,
      // The access matrix logs in many times; the limit itself is tested on an app of its own.
      loginLimit: { max: 10_000, windowMs: 60_000 },
    });
    await h.app.ready();
  });

  h.login = async (user) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: usernameOf(user), password: TEST_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login as ${user} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'posture_session')!;
    return { cookie: `posture_session=${cookie.value}`, csrfToken: (res.json() as { csrfToken: string }).csrfToken };
  };
  const cached = new Map<TestUser, Session>();
  h.as = async (user, opts) => {
    let session: Session | undefined;
    if (user) {
      session = cached.get(user);
      if (!session) cached.set(user, (session = await h.login(user)));
    }
    const headers = { ...(opts.headers ?? {}), ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}) };
    return h.app.inject({ ...opts, headers });
  };

  afterAll(async () => {
    await h.app?.close();
    await h.db?.close();
    if (admin && schema) {
      await admin.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
      await admin.close();
    }
  });

  return h;
}
