import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createConnection } from 'mysql2/promise';
import type { Logger } from 'pino';
import request from 'supertest';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createHttpApp } from '../../src/http/app';
import { createLogger } from '../../src/logger';
import { hashPassword } from '../../src/security/passwords';
import type { AppContext } from '../../src/services/context';
import { importCounties } from '../../src/services/regionImport';
import { addStaffUser } from '../../src/services/staffAdmin';
import { saveCountySettings } from '../../src/services/countySettings';
import { DEFAULT_MYSQL_URL } from './mariadb';

export type Driver = 'mariadb' | 'sqlite';
/** API suites run on both: MariaDB as in production, SQLite as on a newcomer's first start. */
export const DRIVERS: Driver[] = ['mariadb', 'sqlite'];

/** Real places from the demo county: two villages of 科尔沁镇, two of 索伦镇. */
export const PLACES = {
  county: '152221',
  townA: '152221100',
  townB: '152221101',
  villageA1: '152221100001', // 兴科居委会
  villageA2: '152221100002', // 科尔沁社区居委会
  villageB1: '152221101201', // 联发嘎查
  villageNoCadre: '152221101202', // 联合嘎查: nobody responsible
} as const;

export const PASSWORD = 'Test-pass-2026';
export const NOW = new Date('2026-11-23T02:00:00.000Z'); // a Monday, 10:00 in China

export interface TestApp {
  app: AppContext;
  http: ReturnType<typeof request>;
  server: Server;
  clock: { now: Date };
  users: Record<'cadreA1' | 'cadreA1b' | 'cadreA2' | 'cadreB1' | 'townA' | 'townB' | 'county', number>;
  login(username: keyof TestApp['users']): Promise<string>;
  close(): Promise<void>;
}

export async function freshDatabaseUrl(driver: Driver): Promise<{ url: string; drop: () => Promise<void> }> {
  if (driver === 'sqlite') return { url: 'sqlite::memory:', drop: async () => undefined };
  const base = process.env.MYSQL_URL ?? DEFAULT_MYSQL_URL;
  const name = `shenbao_t_${randomBytes(5).toString('hex')}`;
  const admin = await createConnection({ uri: base });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = base.replace(/\/[^/?]+(\?.*)?$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const connection = await createConnection({ uri: base });
      await connection.query(`DROP DATABASE IF EXISTS ${name}`);
      await connection.end();
    },
  };
}

let sharedHash: Promise<string> | null = null;

export interface TestAppOptions {
  /** Reaches the fresh database another way, e.g. through a TCP proxy a test can stall. */
  routeDatabase?: (url: string) => string;
  logger?: Logger;
}

/**
 * A migrated database with the demo county's regions, its figures for the year, and staff:
 * two cadres for village A1 (A1 primary), one each for A2 and B1, a township account per town,
 * and the county account.
 */
export async function createTestApp(driver: Driver, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await freshDatabaseUrl(driver);
  const clock = { now: NOW };
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: options.routeDatabase ? options.routeDatabase(database.url) : database.url,
    DATA_KEY: randomBytes(32).toString('hex'),
    AUTH_SECRET: randomBytes(32).toString('hex'),
    DEMO_SEED: 'off',
    // The suites file hundreds of cases from 127.0.0.1 on a clock that stands still; the flood
    // limits have their own test (test/http/declarationRateLimit.test.ts), which sets them.
    DECLARE_LIMIT_PER_ADDRESS: '1000000',
    DECLARE_LIMIT_PER_RESIDENT: '1000000',
    ...env,
  });
  const app = await createAppContext(config, { logger: options.logger ?? createLogger('silent'), clock: () => clock.now });
  await importCounties(app.db.manager, [PLACES.county]);
  await saveCountySettings(app.db.manager, { countyCode: PLACES.county, year: 2026, incomeLine: 7500, medicalThreshold: 10_000, rigidSpendingThreshold: 20_000 }, NOW);
  sharedHash ??= hashPassword(PASSWORD);
  const passwordHash = await sharedHash;
  const add = async (username: string, role: 'cadre' | 'township' | 'county', extra: { villages?: string[]; region?: string }) =>
    (await addStaffUser(app.db.manager, { username, password: PASSWORD, role, name: username, ...extra }, NOW, passwordHash)).id;
  const users = {
    cadreA1: await add('cadreA1', 'cadre', { villages: [PLACES.villageA1] }),
    cadreA1b: await add('cadreA1b', 'cadre', { villages: [PLACES.villageA1] }),
    cadreA2: await add('cadreA2', 'cadre', { villages: [PLACES.villageA2] }),
    cadreB1: await add('cadreB1', 'cadre', { villages: [PLACES.villageB1] }),
    townA: await add('townA', 'township', { region: PLACES.townA }),
    townB: await add('townB', 'township', { region: PLACES.townB }),
    county: await add('county', 'county', { region: PLACES.county }),
  };
  const server = createHttpApp(app).listen(0, '127.0.0.1');
  const http = request(server);
  return {
    app,
    http,
    server,
    clock,
    users,
    async login(username) {
      const response = await http.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
      return response.body.token as string;
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await app.db.destroy();
      await database.drop();
    },
  };
}

export function declaration(overrides: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}) {
  return {
    applicant: { name: '巴特尔', phone: '13912345678', idNumber: '11010519491231002X', villageCode: PLACES.villageA1, ...applicant },
    householdSize: 4,
    hardships: ['illness'],
    details: { medicalOutOfPocket: 12000 },
    annualIncome: 20000,
    consent: true,
    proxy: null,
    ...overrides,
  };
}

/** Row counts of the tables a declaration writes, to prove a refused request wrote nothing. */
export async function rowCounts(app: AppContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['cases', 'case_events', 'outbox', 'residents']) {
    const [row] = (await app.db.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number | string }[];
    counts[table] = Number(row.n);
  }
  return counts;
}

/**
 * The service on a port of its own, for thousands of sequential requests (with `httpJson`'s
 * keep-alive agent): supertest closes and reopens a server around every request, which more than
 * doubles the time of a property test.
 */
export async function listenOnce(t: TestApp): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createHttpApp(t.app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
