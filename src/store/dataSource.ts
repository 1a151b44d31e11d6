import 'reflect-metadata';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export type DatabaseUrl = { kind: 'sqlite'; path: string } | { kind: 'mysql'; url: string };

/** How long the service waits on MariaDB before it answers 503 instead of hanging. */
export interface DatabaseTimeouts {
  /** TCP connect and handshake of a new pooled connection. */
  connectMs: number;
  /** Waiting for a free pooled connection. */
  acquireMs: number;
  /** One query, from sending it to its last row (streamed reads excepted). */
  queryMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 3000, acquireMs: 3000, queryMs: 5000 };

/** Requests waiting for a pooled connection beyond this are refused at once: a stall sheds load instead of piling it up. */
const POOL_QUEUE_LIMIT = 500;

/** `sqlite:PATH` (or `sqlite::memory:`) | `mysql://…` | `mariadb://…` */
export function parseDatabaseUrl(value: string): DatabaseUrl | null {
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    return path ? { kind: 'sqlite', path } : null;
  }
  if (/^(mysql|mariadb):\/\/[^/]+\/[^/?]+/.test(value)) return { kind: 'mysql', url: value.replace(/^mariadb:/, 'mysql:') };
  return null;
}

export function dataSourceOptions(database: DatabaseUrl, timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, logging: false } as const;
  if (database.kind === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: database.path,
      // WAL lets readers go on while a writer commits; busy_timeout waits out short write locks.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        // busy_timeout first: switching to WAL needs a lock another process (a CLI) may hold.
        db.pragma('busy_timeout = 5000');
        db.pragma('journal_mode = WAL');
        // FULL, not WAL's usual NORMAL: every acknowledged declaration survives a power cut too,
        // at one fsync per commit (the embedded default serves one county: its rate is measured in docs/performance.md).
        db.pragma('synchronous = FULL');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    // "mariadb" rather than "mysql": TypeORM's mysql flavour keeps diffing JSON/text columns.
    type: 'mariadb',
    url: database.url,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    poolSize: 20,
    connectTimeout: timeouts.connectMs,
    // trace: mysql2 captures a stack trace for every query to decorate errors with it (7 % of a
    // declaration's CPU); TypeORM wraps every error in a QueryFailedError with the SQL anyway.
    extra: { connectionLimit: 20, queueLimit: POOL_QUEUE_LIMIT, trace: false },
  };
}

/**
 * The database holds names, ID numbers and incomes: only the service's own user may read it.
 * New directories are 0700; the database file is created 0600 before SQLite opens it (SQLite
 * gives its -wal and -shm files the database file's mode), and an existing file from an older
 * install is tightened. An existing directory is left as it is: it may be shared (the working
 * directory for `sqlite:./x.db`).
 */
export function prepareSqliteFile(path: string): void {
  if (path === ':memory:' || path.startsWith('file:')) return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

export class DatabaseTimeoutError extends Error {
  readonly code = 'DB_ACQUIRE_TIMEOUT';
  constructor(ms: number) {
    super(`no database connection became free within ${ms} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

/** What this file needs of mysql2's pooled connection (TypeORM hands it out untyped). */
interface PooledConnection {
  query(...args: unknown[]): unknown;
  release(): void;
  destroy(): void;
}

type QueryCallback = (error: (Error & { code?: string }) | null, ...rest: unknown[]) => void;

const guarded = new WeakSet<object>();
const queryTimeouts = new WeakMap<DataSource, number>();

/**
 * Gives every query on a connection a time limit (mysql2's per-query `timeout`), and drops a
 * connection whose query timed out: mysql2 keeps such a connection busy until the server
 * finally answers, so returning it to the pool would make the next request wait behind the
 * stalled query without any timer running. Streamed reads (no callback) are left unlimited:
 * an export may take minutes and stops on its own when the connection dies.
 */
function guardConnection(db: DataSource, connection: PooledConnection): PooledConnection {
  if (guarded.has(connection)) return connection;
  guarded.add(connection);
  const query = connection.query.bind(connection);
  connection.query = (...args: unknown[]) => {
    const callback = args[args.length - 1];
    const timeout = queryTimeouts.get(db);
    if (typeof callback !== 'function' || !timeout) return query(...args);
    const [sql, ...rest] = args;
    const options = typeof sql === 'string' ? { sql, timeout } : { timeout, ...(sql as object) };
    const done: QueryCallback = (error, ...results) => {
      if (error?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') connection.destroy();
      (callback as QueryCallback)(error, ...results);
    };
    return query(options, ...rest.slice(0, -1), done);
  };
  return connection;
}

/** Waits at most `ms` for a pooled connection; one that turns up later goes straight back. */
function acquireWithin(obtain: () => Promise<PooledConnection>, ms: number): Promise<PooledConnection> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new DatabaseTimeoutError(ms));
    }, ms);
    obtain().then(
      (connection) => {
        if (late) return connection.release();
        clearTimeout(timer);
        resolve(connection);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!late) reject(error);
      },
    );
  });
}

export function createDataSource(database: DatabaseUrl, timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS): DataSource {
  if (database.kind === 'sqlite') prepareSqliteFile(database.path);
  const db = new DataSource(dataSourceOptions(database, timeouts));
  if (database.kind === 'mysql') {
    // TypeORM takes every connection (queries and transactions alike) through this one method.
    const driver = db.driver as unknown as { obtainMasterConnection(): Promise<PooledConnection> };
    const obtain = driver.obtainMasterConnection.bind(driver);
    driver.obtainMasterConnection = () => acquireWithin(obtain, timeouts.acquireMs).then((connection) => guardConnection(db, connection));
  }
  return db;
}

/**
 * Turns the per-query time limit on, once migrations have run: a migration that rebuilds an
 * index on a big table may rightly take longer than any request should.
 */
export function limitQueryTime(db: DataSource, ms: number): void {
  queryTimeouts.set(db, ms);
}
