import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openEmbedded, openPostgres, quoteIdent, type Db } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedDemoIfEmpty } from '../../server/seed.ts';
import { TEST_TODAY } from './env.ts';

export interface Harness {
  db: Db;
  app: FastifyInstance;
  /** 'embedded' or 'postgres', for test names and back-end specific expectations. */
  backend: Db['kind'];
}

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
    await seedDemoIfEmpty(h.db);
    h.app = await buildApp({ db: h.db, config: loadConfig({}), version: 'test', today: () => TEST_TODAY });
    await h.app.ready();
  });

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
