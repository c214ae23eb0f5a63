import type { Db } from '../db/client.ts';

/**
 * Derives the outline of every real province marked outline_stale (a boundary import marks the provinces it wrote,
 * migration 013) in the database's background queue: the import does not wait for it, since the union of a whole
 * country's communes takes seconds and nothing the import checks needs it; the database closes only once it has
 * ended. One province per transaction: on the embedded database, which runs one statement at a time, requests are
 * answered between provinces instead of waiting for the whole country. A failure is logged and leaves the province
 * marked, so the next import or start-up derives it again.
 */
export function deriveStaleOutlines(db: Db, log: (message: string) => void = console.error): Promise<void> {
  return db.background(async () => {
    let stale: { code: string }[];
    try {
      stale = await db.query<{ code: string }>('SELECT code FROM province WHERE outline_stale ORDER BY code');
    } catch (err) {
      log(`province outlines not derived: ${(err as Error).message}`);
      return;
    }
    for (const { code } of stale) {
      try {
        await db.transaction((tx) => tx.query('SELECT province_outline_derive(ARRAY[$1::text])', [code]), { long: true });
      } catch (err) {
        log(`outline of province ${code} not derived: ${(err as Error).message}`);
      }
    }
  });
}

/** Resolves when the outline derivations queued so far have ended. */
export const outlinesDerived = (db: Db): Promise<void> => db.background(async () => {});
