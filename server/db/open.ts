import { mkdir } from 'node:fs/promises';
import type { Config } from '../config.ts';
import { openEmbedded, openPostgres, type Db } from './client.ts';

/** Opens the database the configuration names: a real server when DATABASE_URL is set, the embedded one otherwise. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) {
    const db = openPostgres({ url: config.databaseUrl });
    await db.query('SELECT 1'); // fail at start-up, not on the first request
    return db;
  }
  await mkdir(config.dataDir, { recursive: true });
  return openEmbedded({ dataDir: config.dataDir });
}
