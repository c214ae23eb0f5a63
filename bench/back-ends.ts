import { randomBytes } from 'node:crypto';
import { openEmbedded, openPostgres, quoteIdent, type Db } from '../server/db/client.ts';

export type BackEnd = 'embedded' | 'PostgreSQL';

/**
 * Runs `run` on a fresh in-memory embedded database, then, when DATABASE_URL is set, on that PostgreSQL server in a
 * schema made for the run and dropped with everything in it afterwards (a pool of `max` connections). One after the
 * other, never at once; each database is closed after its run, whether it ends well or not.
 */
export async function onEachBackEnd(run: (db: Db, backEnd: BackEnd) => Promise<void>, { max }: { max: number }): Promise<void> {
  const embedded = await openEmbedded({ dataDir: null });
  try {
    await run(embedded, 'embedded');
  } finally {
    await embedded.close();
  }
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const admin = openPostgres({ url, max: 1 });
  const schema = `posture_bench_${randomBytes(4).toString('hex')}`;
  try {
    await admin.exec(`CREATE SCHEMA ${quoteIdent(schema)}`);
    const db = openPostgres({ url, schema, max });
    try {
      await run(db, 'PostgreSQL');
    } finally {
      await db.close();
    }
  } finally {
    await admin.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await admin.close();
  }
}
