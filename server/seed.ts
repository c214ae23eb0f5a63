import type { Db } from './db/client.ts';
import { writeProvinceDataset, type WriteReport } from './repositories/dataset.ts';

/**
 * Loads the demo province when the database holds no province yet (first start). Later starts find the data
 * and leave it alone. Returns the write report, or null when nothing was loaded.
 */
export async function seedDemoIfEmpty(db: Db): Promise<WriteReport | null> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM province');
  if (n > 0) return null;
  const { generateDemoDataset } = await import('../data/demo/generate.ts');
  const dataset = generateDemoDataset();
  return db.transaction(async (tx) => {
    // Another process may have seeded between the check and this transaction.
    await tx.query('LOCK TABLE province IN EXCLUSIVE MODE');
    const [{ n: again }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM province');
    if (again > 0) return null;
    return writeProvinceDataset(tx, dataset);
  }, { long: true });
}
