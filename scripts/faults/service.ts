import type { Pool, RowDataPacket } from 'mysql2/promise';
import { startServer, type ServerChild } from '../bench/children';
import { benchServiceEnv, createPool } from '../bench/database';
import { IdNumberGenerator } from '../bench/ids';
import { randomDeclaration, VillagePicker, type BenchVillage } from '../bench/payload';
import { prepareBenchCounty } from '../bench/seedCases';
import type { DeclarationInput } from '../../src/domain/declaration';
import type { FaultDatabase } from './database';
import type { Acknowledged } from './load';

export const COUNTY = '152221';

/**
 * How long the service waits on the database in the fault scripts (the defaults are 3 s / 3 s /
 * 5 s): short enough that an outage's 503s come quickly, long enough for a loaded 2-core machine.
 */
export const FAULT_DB_TIMEOUTS = { DB_CONNECT_TIMEOUT_MS: '2000', DB_ACQUIRE_TIMEOUT_MS: '2000', DB_QUERY_TIMEOUT_MS: '3000' };
/** The slowest answer a request may take under a database fault: every limit in a row, plus scheduling on a busy machine. */
export const HANG_LIMIT_MS = 2000 + 3000 + 2000;

export interface Fixture {
  db: FaultDatabase;
  /** Same secrets for every process (one DATA_KEY decrypts what any wrote), DATABASE_URL of node 0. */
  env: NodeJS.ProcessEnv & { DATA_KEY: string };
  envFor(node: number): NodeJS.ProcessEnv;
  pool: Pool;
  villages: BenchVillage[];
  /** A fresh household's declaration, in a village drawn from `among` (default: the whole county, weighted). */
  declaration: (among?: VillagePicker) => DeclarationInput;
  close(): Promise<void>;
}

/** Migrates the fault database and loads the county (regions, a cadre per village), through node 0. */
export async function prepareFixture(db: FaultDatabase): Promise<Fixture> {
  // FAULT_LOG_LEVEL=error shows what the service processes log (silent by default: the PASS/FAIL lines are the output).
  const env = { ...benchServiceEnv(db.nodes[0].url()), ...FAULT_DB_TIMEOUTS, LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'silent' };
  const pool = createPool(db.nodes[0].url(), 4);
  const { villages } = await prepareBenchCounty(env, pool, COUNTY, new Date());
  const picker = new VillagePicker(villages);
  const ids = new IdNumberGenerator(COUNTY);
  return {
    db,
    env,
    envFor: (node) => ({ ...env, DATABASE_URL: db.nodes[node % db.nodes.length].url() }),
    pool,
    villages,
    declaration: (among = picker) => randomDeclaration(ids, among),
    close: () => pool.end(),
  };
}

/** The real service (createAppContext + createHttpApp, as the benches run it) in a child process. */
export function startService(fixture: Fixture, node = 0, extra: NodeJS.ProcessEnv = {}): Promise<ServerChild> {
  return startServer('service', { ...fixture.envFor(node), ...extra });
}

export interface Completeness {
  problems: string[];
  cases: number;
  /** "1 event + 1 notice" per case, with how many cases have that shape. */
  shapes: string;
}

/**
 * Every acknowledged declaration has its case (same tracking code), and every case in the
 * database — acknowledged or not: a request cut off after its commit is still a whole case —
 * has exactly one 'declare' audit row and its notices, all cases alike: nothing half-written.
 * `onlyAcknowledged` limits it to the acknowledged cases (when others were worked on since).
 */
export async function checkComplete(pool: Pool, acked: Acknowledged[], onlyAcknowledged = false): Promise<Completeness> {
  const problems: string[] = [];
  const [cases] = await pool.query<RowDataPacket[]>(
    `SELECT c.id, c.trackingCode,
            (SELECT COUNT(*) FROM case_events e WHERE e.caseId = c.id AND e.action = 'declare') AS declares,
            (SELECT COUNT(*) FROM case_events e WHERE e.caseId = c.id) AS events,
            (SELECT COUNT(*) FROM outbox o WHERE o.caseId = c.id) AS notices
       FROM cases c ${onlyAcknowledged ? 'WHERE c.id IN (?)' : ''}`,
    onlyAcknowledged ? [acked.length ? acked.map((a) => a.id) : [0]] : [],
  );
  const byId = new Map(cases.map((c) => [Number(c.id), c]));
  for (const a of acked) {
    const c = byId.get(a.id);
    if (!c) problems.push(`acknowledged case ${a.id} (${a.trackingCode}) is missing`);
    else if (c.trackingCode !== a.trackingCode) problems.push(`case ${a.id} has tracking code ${c.trackingCode}, the 201 said ${a.trackingCode}`);
  }
  const shapes = new Map<string, number>();
  for (const c of cases) {
    const shape = `${c.events} event${Number(c.events) === 1 ? '' : 's'} + ${c.notices} notice${Number(c.notices) === 1 ? '' : 's'}`;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    if (Number(c.declares) !== 1 || Number(c.notices) < 1) problems.push(`case ${c.id} is half-written: ${c.declares} declare events, ${c.notices} notices`);
  }
  if (shapes.size > 1) problems.push(`cases differ in shape: ${[...shapes].map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  const [[orphans]] = await pool.query<RowDataPacket[]>('SELECT (SELECT COUNT(*) FROM case_events e LEFT JOIN cases c ON c.id = e.caseId WHERE c.id IS NULL) + (SELECT COUNT(*) FROM outbox o LEFT JOIN cases c ON c.id = o.caseId WHERE o.caseId IS NOT NULL AND c.id IS NULL) AS n');
  if (Number(orphans.n) > 0) problems.push(`${orphans.n} audit or outbox rows without their case`);
  return { problems, cases: cases.length, shapes: [...shapes].map(([s, n]) => `${n}× ${s}`).join(', ') };
}
