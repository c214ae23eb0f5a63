import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../server/db/client.ts';
import { loadMigrations, migrate } from '../../server/db/migrate.ts';
import { seedDemoIfEmpty } from '../../server/seed.ts';

// The embedded database keeps its data in a folder; this is what `npm start` relies on across restarts.
describe.skipIf(Boolean(process.env.DATABASE_URL))('[embedded] data folder across restarts', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('seeds on first open, then reopens with the data and a later change intact, without seeding again', async () => {
    dir = await mkdtemp(join(tmpdir(), 'posture-persist-'));
    const dataDir = join(dir, 'db');

    const first = await openEmbedded({ dataDir });
    try {
      // A fresh folder gets every migration, in order.
      const all = (await loadMigrations()).map((m) => m.version);
      expect(all[0]).toBe(1);
      expect(await migrate(first)).toEqual(all);
      const report = await seedDemoIfEmpty(first);
      expect(report?.communes).toBe(45);
      await first.query(`UPDATE police_hq SET staff_count = 99 WHERE id = (SELECT min(id) FROM police_hq)`);
    } finally {
      await first.close();
    }

    const second = await openEmbedded({ dataDir });
    try {
      expect(await migrate(second)).toEqual([]);
      expect(await seedDemoIfEmpty(second)).toBeNull();
      const [{ communes, staff }] = await second.query<{ communes: number; staff: number }>(
        `SELECT (SELECT count(*)::int FROM commune) AS communes,
                (SELECT staff_count FROM police_hq ORDER BY id LIMIT 1) AS staff`,
      );
      expect(communes).toBe(45);
      expect(staff).toBe(99);
    } finally {
      await second.close();
    }
  });
});
