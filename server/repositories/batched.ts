import DataLoader from 'dataloader';

/**
 * A lookup that every request makes (its session, its access token) answered for all the requests that arrived in
 * the same turn of the event loop by one query: under load, tens of requests share a round trip to the database
 * instead of one each. Nothing is cached: each request's key is read by a query sent after the request arrived, so it
 * sees every change committed before it (a session ended, an account disabled, a counter moved), as a query of its
 * own would. Alone, a request waits for nothing (its query leaves at the end of the turn that received it).
 *
 * `lookup` gets distinct keys and answers the rows found, each naming its key in a `key` column, which the answer
 * leaves out.
 */
export function batchedLookup<Row extends object>(lookup: (keys: string[]) => Promise<(Row & { key: string })[]>): (key: string) => Promise<Row | null> {
  const loader = new DataLoader<string, Row | null>(
    async (keys) => {
      const rows = await lookup([...new Set(keys)]);
      const byKey = new Map(rows.map(({ key, ...row }) => [key, row as unknown as Row]));
      return keys.map((k) => byKey.get(k) ?? null);
    },
    // The check phase after the poll phase: every request parsed from the sockets ready in this turn has asked.
    { cache: false, batchScheduleFn: (run) => setImmediate(run), maxBatchSize: 1000 },
  );
  return (key) => loader.load(key);
}
