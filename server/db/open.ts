import { mkdir } from 'node:fs/promises';
import type { Config } from '../config.ts';
import { LONG_STATEMENT_TIMEOUT_MS, openEmbedded, openPostgres, REQUEST_STATEMENT_TIMEOUT_MS, WORK_MEM, type Db } from './client.ts';

/** Opens the database the configuration names: a real server when DATABASE_URL is set, the embedded one otherwise. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) {
    const db = openPostgres({
      url: config.databaseUrl,
      applicationName: 'posture',
      statementTimeoutMs: REQUEST_STATEMENT_TIMEOUT_MS,
      longStatementTimeoutMs: LONG_STATEMENT_TIMEOUT_MS,
      workMem: WORK_MEM,
      onConnectionError: (err) => console.warn(`PostgreSQL connection lost (${err.message}); the pool reconnects on the next query`),
    });
    await db.query('SELECT 1'); // fail at start-up, not on the first request
    return db;
  }
  await mkdir(config.dataDir, { recursive: true });
  return openEmbedded({ dataDir: config.dataDir });
}
