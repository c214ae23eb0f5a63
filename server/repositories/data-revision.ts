import type { Queryable } from '../db/client.ts';

const REVISION = `SELECT value FROM app_meta WHERE key = $1`;

async function counter(db: Queryable, key: string): Promise<string> {
  const rows = await db.query<{ value: string }>(REVISION, [key], { readOnly: true });
  return rows[0]?.value ?? '0';
}

/**
 * A counter read inside another query (the session's or an access token's), as `counter` reads it alone. The keys
 * are this module's constants, never text from a request.
 */
export const counterColumn = (key: 'read_revision' | 'tile_revision') => `coalesce((SELECT value FROM app_meta WHERE key = '${key}'), '0')`;

/** Counter bumped by statement triggers on every committed change to a table the analyses read (migration 003). */
export const dataRevision = (db: Queryable): Promise<string> => counter(db, 'data_revision');

/**
 * Counter bumped by statement triggers on every committed change to a table the cached reads read (migration 018):
 * the analyses' tables and the statuses, provinces, border communes and setting, dashboard figures, vocabulary.
 */
export const readRevision = (db: Queryable): Promise<string> => counter(db, 'read_revision');
