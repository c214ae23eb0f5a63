import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

export type Row = Record<string, unknown>;

/** What repositories see: run one statement with `$n` parameters, or a parameterless script. */
export interface Queryable {
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** One interface over the embedded database (PGlite + PostGIS) and a real PostgreSQL/PostGIS server (pg.Pool). */
export interface Db extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Type OIDs whose default decoding differs between pg and PGlite; both back ends decode them the same way here,
// so results are identical whichever database runs: counts and numerics are numbers, dates stay 'YYYY-MM-DD'
// (no time-zone shift), timestamps become ISO strings.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

const toNumber = (v: string) => Number(v);
const toIsoTimestamp = (v: string) => new Date(v.includes('T') || /[+-]\d\d(:\d\d)?$/.test(v) ? v : `${v}Z`).toISOString();
const identity = (v: string) => v;

const PARSERS: Record<number, (v: string) => unknown> = {
  [INT8]: toNumber,
  [NUMERIC]: toNumber,
  [DATE]: identity,
  [TIMESTAMP]: toIsoTimestamp,
  [TIMESTAMPTZ]: toIsoTimestamp,
};

export interface PostgresOptions {
  url: string;
  /** Schema put first on the search_path (tests use a throw-away schema). */
  schema?: string;
  max?: number;
}

export function openPostgres(opts: PostgresOptions): Db {
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    types,
    options: opts.schema ? `-c search_path=${quoteIdent(opts.schema)},public` : undefined,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await c.query(sql, params as unknown[] | undefined);
      return res.rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const base = wrap(pool);
  return {
    kind: 'postgres',
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export interface EmbeddedOptions {
  /** Folder holding the database files; null keeps everything in memory. */
  dataDir: string | null;
}

export async function openEmbedded(opts: EmbeddedOptions): Promise<Db> {
  const [{ PGlite }, { postgis }, { btree_gist }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-postgis'),
    import('@electric-sql/pglite/contrib/btree_gist'),
  ]);
  const parsers = Object.fromEntries(Object.entries(PARSERS).map(([oid, f]) => [oid, (v: string) => f(v)]));
  const pglite: PGlite = await PGlite.create({
    dataDir: opts.dataDir ?? undefined,
    extensions: { postgis, btree_gist },
    parsers,
  });
  const wrap = (c: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await c.query<T>(sql, params as unknown[] | undefined);
      return res.rows;
    },
    async exec(sql: string) {
      await c.exec(sql);
    },
  });
  return {
    kind: 'embedded',
    ...wrap(pglite),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => pglite.transaction((tx) => fn(wrap(tx))),
    close: () => pglite.close(),
  };
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid SQL identifier "${name}"`);
  return `"${name}"`;
}
