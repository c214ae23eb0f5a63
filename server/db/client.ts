import { createRequire } from 'node:module';
import type { Pool, PoolClient } from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * A name to keep the statement prepared under, on each connection of a PostgreSQL server: a hot statement (a
   * vector tile) is then parsed once per connection, and planned once when its generic plan costs no more than a
   * planned one. One name per statement text. The embedded database ignores it.
   */
  name?: string;
  /**
   * The statement writes nothing and calls nothing that writes: the embedded database's change count (Db.changes)
   * stays where it is. Only for the lookups that every request makes (sessions, tokens, counters).
   */
  readOnly?: boolean;
}

/** What repositories see: run one statement with `$n` parameters, or a parameterless script. */
export interface Queryable {
  query<T = Row>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface TransactionOptions {
  /**
   * The work may run long (an import, a re-derivation, start-up loading): its statements get the long statement
   * timeout instead of the request one (PostgreSQL only; the embedded database runs one statement at a time).
   */
  long?: boolean;
}

/** One interface over the embedded database (PGlite + PostGIS) and a real PostgreSQL/PostGIS server (pg.Pool). */
export interface Db extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /**
   * How many statements of one piece of work may usefully run at once (one per connection): a PostgreSQL server
   * runs them in parallel processes, the embedded database one after the other (1).
   */
  readonly parallel: number;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /**
   * Runs `work` after the background work already queued on this database (province outlines after an import):
   * resolves when it has ended, with what it resolved or threw. `close()` waits for the queue to empty.
   */
  background<T>(work: () => Promise<T>): Promise<T>;
  /**
   * On the embedded database, which this process alone opens: a count that moves with every statement that may
   * write (every one not declared `readOnly`, and each transaction as it begins and ends), so that an answer read
   * while it stands is still the database's answer. Null on PostgreSQL, where other processes write too.
   */
  readonly changes: (() => number) | null;
  close(): Promise<void>;
}

/** The background queue of one database: one piece of work at a time, in order. */
function backgroundQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      const next = tail.then(work);
      tail = next.catch(() => undefined);
      return next;
    },
    settled: () => tail,
  };
}

/** A statement PostgreSQL cancelled at its statement timeout; `timeoutMs` is the limit that was in force. */
export class StatementTimeoutError extends Error {
  readonly code = '57014';
  constructor(readonly timeoutMs: number) {
    super(`statement cancelled after ${timeoutMs} ms (statement_timeout)`);
    this.name = 'StatementTimeoutError';
  }
}

/** Limits of one request's statements on PostgreSQL, so that no single request can hold a backend for long. */
export const REQUEST_STATEMENT_TIMEOUT_MS = 30_000;
/** Imports, border re-derivations and start-up loading. */
export const LONG_STATEMENT_TIMEOUT_MS = 10 * 60_000;
/** Per sort or hash of one statement, before it spills to disk (PostgreSQL's default is 4 MB). */
export const WORK_MEM = '32MB';

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
  /** application_name of the pool's connections, as pg_stat_activity shows them. */
  applicationName?: string;
  /**
   * statement_timeout of the pool's connections (ms); transactions opened with `long` get `longStatementTimeoutMs`.
   * Unset: the server's own setting.
   */
  statementTimeoutMs?: number;
  longStatementTimeoutMs?: number;
  /** work_mem of the pool's connections, e.g. '32MB'. Unset: the server's own setting. */
  workMem?: string;
  /** Told when an idle connection is lost (the server restarted, or an administrator ended it); the pool goes on. */
  onConnectionError?: (err: Error) => void;
}

/** The `options` parameter of a postgres:// URL, if any. */
function optionsOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('options');
  } catch {
    return null;
  }
}

const require = createRequire(import.meta.url);

export function openPostgres(opts: PostgresOptions): Db {
  // pg loads with the first connection pool: a server on the embedded database starts without it.
  const pg = require('pg') as typeof import('pg');
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const settings = [
    // Settings the operator put in DATABASE_URL (`?options=-c search_path=posture,public`): the pool's own options
    // would otherwise replace them.
    optionsOf(opts.url),
    // The app's statements are short, or aggregates of a few thousand communes. PostgreSQL's row estimates for the
    // status-as-of functions are far too high (millions of rows), which makes it JIT-compile such a query: the
    // national trend of the dashboard took 8 s, 6 s of them compiling, instead of under a second.
    '-c jit=off',
    opts.schema ? `-c search_path=${quoteIdent(opts.schema)},public` : null,
    opts.statementTimeoutMs ? `-c statement_timeout=${Math.round(opts.statementTimeoutMs)}` : null,
    opts.workMem ? `-c work_mem=${quoteSetting(opts.workMem)}` : null,
  ].filter(Boolean);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    application_name: opts.applicationName,
    types,
    options: settings.length > 0 ? settings.join(' ') : undefined,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => opts.onConnectionError?.(err));

  const timedOut = (err: unknown, timeoutMs: number | undefined) =>
    timeoutMs && (err as { code?: unknown })?.code === '57014' ? new StatementTimeoutError(timeoutMs) : err;
  const wrap = (c: Pool | PoolClient, timeoutMs: () => number | undefined): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[], qopts?: QueryOptions) {
      try {
        const res = qopts?.name ? await c.query({ name: qopts.name, text: sql, values: params as unknown[] | undefined }) : await c.query(sql, params as unknown[] | undefined);
        return res.rows as T[];
      } catch (err) {
        throw timedOut(err, timeoutMs());
      }
    },
    async exec(sql: string) {
      try {
        await c.query(sql);
      } catch (err) {
        throw timedOut(err, timeoutMs());
      }
    },
  });
  const base = wrap(pool, () => opts.statementTimeoutMs);
  const queue = backgroundQueue();
  return {
    kind: 'postgres',
    // Leaves most of the pool to other requests.
    parallel: Math.max(1, Math.min(4, Math.floor((opts.max ?? 10) / 2))),
    ...base,
    background: queue.run,
    changes: null,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, topts: TransactionOptions = {}): Promise<T> {
      const client = await pool.connect();
      // The pool listens for errors of idle clients only: a connection lost while this transaction holds it would
      // otherwise be an unhandled 'error' event that ends the process. The failed query rejects on its own.
      let lost: Error | undefined;
      const onError = (err: Error) => {
        lost = err;
        opts.onConnectionError?.(err);
      };
      client.on('error', onError);
      const long = topts.long && opts.longStatementTimeoutMs ? opts.longStatementTimeoutMs : undefined;
      try {
        await client.query('BEGIN');
        if (long) await client.query(`SET LOCAL statement_timeout = ${Math.round(long)}`);
        const result = await fn(wrap(client, () => long ?? opts.statementTimeoutMs));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (lost ??= e));
        throw timedOut(err, long ?? opts.statementTimeoutMs);
      } finally {
        client.off('error', onError);
        // A client whose connection failed is destroyed, not returned to the pool.
        client.release(lost);
      }
    },
    close: async () => {
      await queue.settled();
      await pool.end();
    },
  };
}

/** A setting value for the connection's `options` (no spaces or quotes: it is passed on the command line). */
function quoteSetting(value: string): string {
  if (!/^[A-Za-z0-9.]+$/.test(value)) throw new Error(`invalid PostgreSQL setting value "${value}"`);
  return value;
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
  // One process per data folder: a second one writing the same files would corrupt them.
  const release = opts.dataDir ? lockDataDir(opts.dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: opts.dataDir ?? undefined,
      extensions: { postgis, btree_gist },
      parsers,
    });
  } catch (err) {
    release();
    throw err;
  }
  let changes = 0;
  const wrap = (c: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[], qopts?: QueryOptions) {
      if (!qopts?.readOnly) changes++;
      const res = await c.query<T>(sql, params as unknown[] | undefined);
      return res.rows;
    },
    async exec(sql: string) {
      changes++;
      await c.exec(sql);
    },
  });
  const queue = backgroundQueue();
  return {
    kind: 'embedded',
    parallel: 1,
    ...wrap(pglite),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, _opts?: TransactionOptions) {
      changes++;
      try {
        return await pglite.transaction((tx) => fn(wrap(tx)));
      } finally {
        // Ended: committed or rolled back, either way not what a read during it saw.
        changes++;
      }
    },
    changes: () => changes,
    background: queue.run,
    close: async () => {
      await queue.settled();
      try {
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid SQL identifier "${name}"`);
  return `"${name}"`;
}
