import type { Db } from '../db/client.ts';

/**
 * Derives the outline of every real province marked outline_stale (a boundary import marks the provinces it wrote,
 * migration 013) in the database's background queue: the import does not wait for it, since the union of a whole
 * country's communes takes seconds and nothing the import checks needs it; the database closes only once it has
 * ended. A failure is logged and leaves the provinces marked, so the next import or start-up derives them again.
 */
export function deriveStaleOutlines(db: Db, log: (message: string) => void = console.error): Promise<void> {
  return db.background(async () => {
    try {
      await db.transaction(
        (tx) => tx.query(`SELECT province_outline_derive(ARRAY(SELECT code FROM province WHERE outline_stale ORDER BY code))`),
        { long: true },
      );
    } catch (err) {
      log(`province outlines not derived: ${(err as Error).message}`);
    }
  });
}

/** Resolves when the outline derivations queued so far have ended. */
export const outlinesDerived = (db: Db): Promise<void> => db.background(async () => {});
