import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export const BENCH_DATABASE = 'shenbao_bench';

/** MYSQL_URL names a server (its database part is ignored); the bench works in its own database. */
export function benchDatabaseUrl(mysqlUrl: string, name = BENCH_DATABASE): { server: string; bench: string } {
  const url = new URL(mysqlUrl.replace(/^mariadb:/, 'mysql:'));
  if (url.protocol !== 'mysql:') throw new Error(`MYSQL_URL must be mysql://user:pass@host:port/db, got ${mysqlUrl}`);
  url.pathname = '/';
  const server = url.toString();
  url.pathname = `/${name}`;
  return { server, bench: url.toString() };
}

async function onServer<T>(serverUrl: string, work: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection(serverUrl);
  try {
    return await work(conn);
  } finally {
    await conn.end();
  }
}

/** Drops and re-creates a bench database (by default `shenbao_bench`); returns the server's version string. */
export function recreateBenchDatabase(serverUrl: string, name = BENCH_DATABASE): Promise<string> {
  return onServer(serverUrl, async (conn) => {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
    return String(rows[0].v);
  });
}

export function dropBenchDatabase(serverUrl: string, name = BENCH_DATABASE): Promise<void> {
  return onServer(serverUrl, async (conn) => {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  });
}

/** A pool like the service's (mysql2, UTC, utf8mb4) for the seed and the bare baseline. */
export function createPool(url: string, connectionLimit: number): mysql.Pool {
  return mysql.createPool({ uri: url, connectionLimit, timezone: 'Z', charset: 'utf8mb4_unicode_ci', dateStrings: false });
}

/**
 * The server's statement counter (SHOW GLOBAL STATUS 'Questions'). Server-wide: other clients of
 * the same server during a run inflate the per-request figure derived from it.
 */
export async function serverQuestions(pool: mysql.Pool): Promise<number> {
  const [rows] = await pool.query<mysql.RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Questions'");
  return Number(rows[0]?.Value ?? NaN);
}

/**
 * The environment a bench's service child runs with: the bench database, fresh secrets (its
 * DATA_KEY also seeds the ciphertexts, so read it from here), no demo county, no scheduler.
 */
export function benchServiceEnv(databaseUrl: string): NodeJS.ProcessEnv & { DATA_KEY: string } {
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    DEMO_SEED: 'off',
    SCHEDULER: 'off',
    DATA_KEY: randomBytes(32).toString('hex'),
    AUTH_SECRET: randomBytes(32).toString('hex'),
    // Benches and fault runs flood intake from one address on purpose: they measure the service,
    // not the flood limits that refuse such a client in service.
    DECLARE_LIMIT_PER_ADDRESS: '1000000000',
    DECLARE_LIMIT_PER_RESIDENT: '1000000000',
  };
}
