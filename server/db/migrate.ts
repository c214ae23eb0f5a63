import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Reads `NNN-name.sql` files, ordered by number. Duplicate numbers are refused; a gap is allowed, since numbers are
 * reserved for changes made in parallel and may land out of order (each is applied once, whenever it arrives).
 */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file);
    if (!m) throw new Error(`migration file "${file}" must be named NNN-name.sql`);
    const sql = await readFile(`${dir}/${file}`, 'utf8');
    migrations.push({
      version: Number(m[1]),
      name: m[2],
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  migrations.forEach((m, i) => {
    if (i > 0 && m.version === migrations[i - 1].version) throw new Error(`two migrations have the number ${m.version}: ${file(migrations[i - 1])} and ${file(m)}`);
  });
  return migrations;
}

const file = (m: Migration) => `${String(m.version).padStart(3, '0')}-${m.name}.sql`;

/**
 * Applies pending migrations, each in its own transaction together with its row in schema_migration.
 * Safe to run on every start and from several processes at once (an advisory lock serialises them).
 * Returns the versions applied by this call.
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? (await loadMigrations());
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const m of all) {
    const done = await db.transaction(async (tx) => {
      // Serialises concurrent starts against the same server; the lock ends with the transaction.
      await tx.query('SELECT pg_advisory_xact_lock(7400021)');
      const rows = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migration WHERE version = $1', [m.version]);
      if (rows.length > 0) {
        if (rows[0].checksum !== m.checksum) {
          throw new Error(`migration ${file(m)} was changed after it was applied; add a new migration instead`);
        }
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      return true;
    }, { long: true });
    if (done) applied.push(m.version);
  }
  return applied;
}
