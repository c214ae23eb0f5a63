import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
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
 * Reads `NNN-name.sql` files, ordered by number. Gaps and duplicate numbers are refused. The files are read one
 * after the other without a round trip through the thread pool each: a few small files, read once at start-up.
 */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file);
    if (!m) throw new Error(`migration file "${file}" must be named NNN-name.sql`);
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    migrations.push({
      version: Number(m[1]),
      name: m[2],
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration numbers must run 001, 002, … without gaps; found ${file(m)} at position ${i + 1}`);
  });
  return migrations;
}

/**
 * Whether every migration is applied, as it is (same checksum): most starts, which one read answers, without the lock
 * and a transaction per migration. Anything else takes the locked path below, which says what is wrong.
 */
async function allApplied(db: Db, all: Migration[]): Promise<boolean> {
  const [{ present }] = await db.query<{ present: boolean }>(`SELECT to_regclass('schema_migration') IS NOT NULL AS present`);
  if (!present) return false;
  const rows = await db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migration');
  const applied = new Map(rows.map((r) => [r.version, r.checksum]));
  return all.every((m) => applied.get(m.version) === m.checksum);
}

const file = (m: Migration) => `${String(m.version).padStart(3, '0')}-${m.name}.sql`;

/**
 * Applies pending migrations, each in its own transaction together with its row in schema_migration.
 * Safe to run on every start and from several processes at once (an advisory lock serialises them).
 * Returns the versions applied by this call.
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? (await loadMigrations());
  if (await allApplied(db, all)) return [];
  // Under the same lock as the migrations: two processes creating the table at once would otherwise collide.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7400021)');
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
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
