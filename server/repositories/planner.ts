import { quoteIdent, type Queryable } from '../db/client.ts';

/**
 * Refreshes the planner's statistics of the tables a bulk write touched, right after it commits, in the same job.
 * Without this PostgreSQL plans the next reads on the old statistics until autovacuum comes round: after the national
 * import a one-province dashboard read every status record of the country. `tables` are the writer's own names,
 * never a request's.
 */
export async function analyzeTables(db: Queryable, tables: readonly string[]): Promise<void> {
  await db.exec(tables.map((t) => `ANALYZE ${quoteIdent(t)};`).join(' '));
}
