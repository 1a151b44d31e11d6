/**
 * `npm run bench:list`: does the console's case list (GET /api/cases → src/store/caseFinder.ts
 * `CaseFinder.list`: scope + filters + keyset on (createdAt, id) or (stepDueAt, id)) stay fast at
 * a million cases, on the first page and on deep pages? Issue: "keyset paging that stays fast at a
 * million cases".
 *
 * In a fresh database `shenbao_bench_list`:
 *   1. migrates it (createAppContext), imports one county's regions (default 152221), seeds its
 *      staff in bulk (seedAreaStaff) and gives the county account `k<county>` and the township
 *      account `t<town>` of the county's biggest town real passwords;
 *   2. bulk-seeds N cases in that county (seedCases' default mix: 20 % open, filed in the last 90
 *      days and due 1–15 days after filing; the rest finished over three years; secondary indexes
 *      rebuilt after the load, then ANALYZE TABLE). Without audit and outbox rows unless --history:
 *      the list and the overview never read them and they make seeding ~1.5× slower; the export
 *      reads the audit rows (its step dates), so without them it does a little less per batch;
 *   3. reads from the data, with mysql2: the biggest and the median town, a surname, a full name, a
 *      name nobody has, a tracking code, and by OFFSET the cursor and ids of page 50 and the cursor
 *      halfway through each order (newest, due), in each scope;
 *   4. forks THIS file as a child (`--child service`) that runs the real service (createAppContext +
 *      createHttpApp on an ephemeral port). This process is the client: it signs in as the county and
 *      the township account and times each request from write to last byte over one keep-alive
 *      connection (http.ts's agent): --warmup warm-ups (none after one that took over a tenth of
 *      --budget), then up to --requests runs, fewer once --budget seconds were spent (at least one;
 *      a warm-up slower than the whole budget is itself the one measurement); p50/p95/p99/max with
 *      queueLatency's percentile. A request still running after --timeout seconds is abandoned and its
 *      statement killed (KILL QUERY, only statements running that long in this bench database), and
 *      reported as "> timeout". Page 50 is also reached by following nextCursor 49 times (each page
 *      timed; the walked cursor and page 50's ids are checked against the OFFSET query). The
 *      overview runs twice; the median town's export (time to first and to last byte) once, twice if
 *      under 20 s. The first request of each kind runs with the service's SQL trace on (trace.ts) to
 *      capture the statement TypeORM sent;
 *   5. baseline, sharing no code with the code under test: hand-written mysql2 queries for the first
 *      page and page 50 (index columns only, and whole rows; the range form and the row-value form
 *      of the keyset), timed the same way;
 *   6. EXPLAIN of HAND-WRITTEN equivalents of the list's SQL (CaseFinder.list executes, so its SQL is
 *      written out here), and ANALYZE FORMAT=JSON of them when the request took under 3/4 of
 *      --timeout, with the session's Handler_read_* and Handler_icp_attempts counters around it
 *      (what the engine read, including the index entries pushdown threw away, which r_rows leaves
 *      out); EXPLAIN of the captured service statement next to each (same access and index?); and,
 *      EXPLAIN only, the export's batch and row-count queries and the overview's statements;
 *   7. with --drop-list-indexes: drops the four indexes of migration 1764600000000-CaseListIndexes in
 *      the same database, ANALYZE TABLE, and runs the orders' requests (not the searches), the
 *      overview, the export, the baseline and the plans again; printed side by side;
 *   8. drops the database (unless --keep-db).
 *
 * --reuse-db skips steps 1–2 when the database a --keep-db run left holds --cases cases in --county
 * (it is kept again): for trying a query change without re-seeding. The service child gets
 * the same fixed DATA_KEY (the data is generated), so a reused database still decrypts.
 *
 * Options: --cases 1000000 (≥ 100,000)  --county 152221  --requests 30  --warmup 3  --budget 10 (s of
 * timed runs per request kind)  --timeout 60 (s per request)  --export-timeout 120 (s)  --history
 * --drop-list-indexes  --keep-db  --reuse-db. MYSQL_URL names the server (default mysql://root@127.0.0.1:3306/test).
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Agent, get, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createHttpApp } from '../../src/http/app';
import { RISK_TYPE_CATALOGUE } from '../../src/domain/riskTypes';
import { createLogger } from '../../src/logger';
import { FieldCrypto } from '../../src/security/fieldCrypto';
import { hashPassword } from '../../src/security/passwords';
import { encodeCursor } from '../../src/store/caseFinder';
import { stopChild } from './children';
import { benchDatabaseUrl, benchServiceEnv, createPool, dropBenchDatabase, recreateBenchDatabase } from './database';
import { httpJson, keepAlive } from './http';
import { IdNumberGenerator } from './ids';
import { VillagePicker } from './payload';
import { percentile } from './queueLatency';
import { formatNumber as fmt, table } from './report';
import { prepareBenchCounty, seedCases } from './seedCases';
import { installQueryTrace } from './trace';

const DATABASE = 'shenbao_bench_list';
const PAGE = 20;
/** The indexes of migration 1764600000000-CaseListIndexes. */
const LIST_INDEXES = ['idx_cases_county_created', 'idx_cases_town_created', 'idx_cases_county_due', 'idx_cases_town_due'];
/** Neither a surname nor a given name payload.ts uses: a search that matches nothing. */
const ABSENT_NAME = '诸葛亮';
const MB = 1024 * 1024;

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ms1 = (ms: number) => (Number.isFinite(ms) ? (ms >= 100 ? fmt(ms) : fmt(ms, 1)) : '–');
const hr = () => process.hrtime.bigint();
const since = (t: bigint) => Number(hr() - t) / 1e6;

// ------------------------------------------------------------------ child: the real service

type ParentMessage = { type: 'capture' } | { type: 'captured' } | { type: 'stop' };
interface CapturedStatement {
  sql: string;
  /** Dates travel as { $date: ms } (IPC is JSON). */
  parameters: unknown[];
}
type ChildMessage = { type: 'ready'; port: number } | { type: 'capturing' } | { type: 'captured'; statements: CapturedStatement[] } | { type: 'error'; message: string };

async function serviceChild(): Promise<void> {
  const app = await createAppContext(loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' }), { logger: createLogger('silent') });
  const server = createHttpApp(app).listen(0, '127.0.0.1');
  if (!server.listening) await once(server, 'listening');
  const send = (m: ChildMessage) => process.send?.(m);
  // The trace is on only around the request whose SQL is captured.
  let trace: { uninstall: () => void } | null = null;
  let captured: CapturedStatement[] = [];
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'capture') {
      captured = [];
      trace ??= installQueryTrace(app.db, (sql, parameters) => {
        if (!/FROM `cases`/.test(sql)) return;
        const list = Array.isArray(parameters) ? parameters : [];
        captured.push({ sql, parameters: list.map((p) => (p instanceof Date ? { $date: p.getTime() } : p)) });
      });
      send({ type: 'capturing' });
    } else if (message.type === 'captured') {
      trace?.uninstall();
      trace = null;
      send({ type: 'captured', statements: captured });
      captured = [];
    } else {
      server.close();
      server.closeAllConnections();
      app.db
        .destroy()
        .catch(() => undefined)
        .finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
}

interface Service {
  url: string;
  /** Runs `work` with the service's SQL trace on; returns its result and the statements on `cases` it sent. */
  capture<T>(work: () => Promise<T>): Promise<{ result: T; statements: CapturedStatement[] }>;
  stop(): Promise<void>;
}

async function startService(env: NodeJS.ProcessEnv): Promise<Service> {
  const child: ChildProcess = fork(__filename, ['--child', 'service'], { env, execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`service child exited with code ${code}`));
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'error') reject(new Error(`service child: ${m.message}`));
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Extract<ChildMessage, { type: T }>);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  let stopped: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${ready.port}`,
    capture: async (work) => {
      const capturing = next('capturing');
      child.send({ type: 'capture' } satisfies ParentMessage);
      await capturing;
      const result = await work();
      const done = next('captured');
      child.send({ type: 'captured' } satisfies ParentMessage);
      return { result, statements: (await done).statements };
    },
    stop: () => (stopped ??= stopChild(child)),
  };
}

function childMain(kind: string): void {
  if (kind !== 'service') throw new Error(`--child service, got ${kind}`);
  serviceChild().catch((error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ChildMessage);
    setTimeout(() => process.exit(1), 100);
  });
}

// ------------------------------------------------------------------ options

function options() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '1000000' },
      county: { type: 'string', default: '152221' },
      requests: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '3' },
      budget: { type: 'string', default: '10' },
      timeout: { type: 'string', default: '60' },
      'export-timeout': { type: 'string', default: '120' },
      history: { type: 'boolean', default: false },
      'drop-list-indexes': { type: 'boolean', default: false },
      'keep-db': { type: 'boolean', default: false },
      'reuse-db': { type: 'boolean', default: false },
    },
  });
  const whole = (name: string, text: string, min: number) => {
    const n = Number(text.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: a whole number ≥ ${min}; got ${text}`);
    return n;
  };
  if (!/^\d{6}$/.test(values.county)) throw new Error(`--county: a 6-digit county code; got ${values.county}`);
  return {
    // Fewer leave the biggest town without 1,000 open cases for page 50 of the due order.
    cases: whole('cases', values.cases, 100_000),
    county: values.county,
    requests: whole('requests', values.requests, 1),
    warmup: whole('warmup', values.warmup, 0),
    budgetMs: whole('budget', values.budget, 1) * 1000,
    timeoutMs: whole('timeout', values.timeout, 1) * 1000,
    exportTimeoutMs: whole('export-timeout', values['export-timeout'], 1) * 1000,
    history: values.history,
    dropListIndexes: values['drop-list-indexes'],
    // Reusing implies keeping: the point is the next run.
    keepDb: values['keep-db'] || values['reuse-db'],
    reuseDb: values['reuse-db'],
    mysqlUrl: process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306/test',
  };
}
type Options = ReturnType<typeof options>;

// ------------------------------------------------------------------ what the data holds

type Scope = 'county' | 'town';
type Sort = 'newest' | 'oldest' | 'due';
const SCOPES = ['county', 'town'] as const;
const BENCH_LIST_DATA_KEY = '5b'.repeat(32);
/** Who reads the queue, a case and the overview: the two list scopes and the busiest cadre. */
type ReadScope = Scope | 'cadre';
const READ_SCOPES = [...SCOPES, 'cadre'] as const;
const usernameOf = (f: Facts, s: ReadScope) => (s === 'cadre' ? f.cadre.username : f.scopes[s].username);
const ORDER: Record<Sort, { column: 'createdAt' | 'stepDueAt'; dir: 'ASC' | 'DESC' }> = {
  newest: { column: 'createdAt', dir: 'DESC' },
  oldest: { column: 'createdAt', dir: 'ASC' },
  due: { column: 'stepDueAt', dir: 'ASC' },
};

/** The row a page starts after: what the service's nextCursor carries. */
interface After {
  sort: Sort;
  key: Date;
  id: number;
  /** 1-based position of that row in the order. */
  row: number;
}

interface ScopeFacts {
  username: string;
  /** Cases in scope, and those with a step due time (the due order lists only those). */
  cases: number;
  withDue: number;
  page50: Record<'newest' | 'due', After>;
  /** The ids page 50 must hold (OFFSET 980 LIMIT 20). */
  page50Ids: Record<'newest' | 'due', number[]>;
  halfway: Record<'newest' | 'due', After>;
}

interface Town {
  code: string;
  name: string;
  cases: number;
}

interface Facts {
  county: string;
  countyName: string;
  /** The township account's town (the biggest) and the exported one (the median). */
  town: Town;
  exportTown: Town;
  towns: number;
  scopes: Record<Scope, ScopeFacts>;
  surname: { q: string; county: number; town: number };
  fullName: { q: string; county: number; town: number };
  absent: { q: string; county: number };
  trackingCode: string;
  openCases: number;
  /** The cadre with the most open cases assigned: their 待办 is the longest. */
  cadre: { username: string; open: number; caseId: number };
  /** What InnoDB's statistics tell the optimizer: the table's row estimate and the county code's cardinality. */
  stats: { tableRows: number; countyCardinality: number };
}

const scopeWhere = (f: Pick<Facts, 'county' | 'town'>, s: Scope) => (s === 'county' ? { sql: 'c.countyCode = ?', param: f.county } : { sql: 'c.townCode = ?', param: f.town.code });

async function rowAt(pool: Pool, where: { sql: string; param: string }, sort: Sort, row: number): Promise<After> {
  const { column, dir } = ORDER[sort];
  const due = sort === 'due' ? ' AND c.stepDueAt IS NOT NULL' : '';
  const [[r]] = await pool.query<RowDataPacket[]>(`SELECT c.id, c.${column} AS k FROM cases c WHERE ${where.sql}${due} ORDER BY c.${column} ${dir}, c.id ${dir} LIMIT ?, 1`, [where.param, row - 1]);
  if (!r) throw new Error(`no row ${row} in the ${sort} order for ${where.param}`);
  return { sort, key: r.k as Date, id: Number(r.id), row };
}

async function idsOfPage(pool: Pool, where: { sql: string; param: string }, sort: Sort, page: number): Promise<number[]> {
  const { column, dir } = ORDER[sort];
  const due = sort === 'due' ? ' AND c.stepDueAt IS NOT NULL' : '';
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT c.id FROM cases c WHERE ${where.sql}${due} ORDER BY c.${column} ${dir}, c.id ${dir} LIMIT ?, ?`, [where.param, (page - 1) * PAGE, PAGE]);
  return rows.map((r) => Number(r.id));
}

async function readFacts(pool: Pool, county: string): Promise<Facts> {
  const one = async (sql: string, params: unknown[]) => (await pool.query<RowDataPacket[]>(sql, params))[0][0];
  const [towns] = await pool.query<RowDataPacket[]>(
    'SELECT c.townCode AS code, r.name, COUNT(*) AS n FROM cases c JOIN regions r ON r.code = c.townCode WHERE c.countyCode = ? GROUP BY c.townCode, r.name ORDER BY n DESC, c.townCode',
    [county],
  );
  const asTown = (r: RowDataPacket): Town => ({ code: String(r.code), name: String(r.name), cases: Number(r.n) });
  const town = asTown(towns[0]);
  const exportTown = asTown(towns[Math.floor(towns.length / 2)]);
  const countyName = String((await one('SELECT name FROM regions WHERE code = ?', [county])).name);
  const count = async (where: string, params: unknown[]) => Number((await one(`SELECT COUNT(*) AS n FROM cases c WHERE ${where}`, params)).n);
  const scopes = {} as Record<Scope, ScopeFacts>;
  for (const s of SCOPES) {
    const where = scopeWhere({ county, town }, s);
    const cases = await count(where.sql, [where.param]);
    const withDue = await count(`${where.sql} AND c.stepDueAt IS NOT NULL`, [where.param]);
    scopes[s] = {
      username: s === 'county' ? `k${county}` : `t${town.code}`,
      cases,
      withDue,
      page50: { newest: await rowAt(pool, where, 'newest', 49 * PAGE), due: await rowAt(pool, where, 'due', 49 * PAGE) },
      page50Ids: { newest: await idsOfPage(pool, where, 'newest', 50), due: await idsOfPage(pool, where, 'due', 50) },
      halfway: { newest: await rowAt(pool, where, 'newest', Math.floor(cases / 2)), due: await rowAt(pool, where, 'due', Math.floor(withDue / 2)) },
    };
  }
  const busiest = await one(
    'SELECT s.username, COUNT(*) AS n, MIN(c.id) AS caseId FROM cases c JOIN staff_users s ON s.id = c.assigneeId WHERE c.countyCode = ? AND c.isOpen = 1 GROUP BY s.username ORDER BY n DESC, s.username LIMIT 1',
    [county],
  );
  const cadre = { username: String(busiest.username), open: Number(busiest.n), caseId: Number(busiest.caseId) };
  // A name from the town (its first case on page 50), its surname, and a tracking code from there too.
  const sample = await one('SELECT applicantName, trackingCode FROM cases WHERE id = ?', [scopes.town.page50Ids.newest[0]]);
  const name = String(sample.applicantName);
  const surname = name.slice(0, 1);
  // Every name count in one pass over the table (applicantName is in no index).
  const like = (q: string) => `%${q}%`;
  const names = await one(
    `SELECT SUM(applicantName LIKE ?) AS s, SUM(applicantName LIKE ?) AS f, SUM(applicantName LIKE ?) AS a,
            SUM(townCode = ? AND applicantName LIKE ?) AS ts, SUM(townCode = ? AND applicantName LIKE ?) AS tf
       FROM cases IGNORE INDEX (idx_cases_county, idx_cases_county_created, idx_cases_county_due) WHERE countyCode = ?`,
    [like(surname), like(name), like(ABSENT_NAME), town.code, like(surname), town.code, like(name), county],
  );
  return {
    county,
    countyName,
    town,
    exportTown,
    towns: towns.length,
    scopes,
    surname: { q: surname, county: Number(names.s), town: Number(names.ts) },
    fullName: { q: name, county: Number(names.f), town: Number(names.tf) },
    absent: { q: ABSENT_NAME, county: Number(names.a) },
    trackingCode: String(sample.trackingCode),
    openCases: await count('c.countyCode = ? AND c.isOpen = 1', [county]),
    cadre,
    stats: await optimizerStats(pool),
  };
}

async function optimizerStats(pool: Pool): Promise<Facts['stats']> {
  const [[t]] = await pool.query<RowDataPacket[]>("SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cases'");
  const [index] = await pool.query<RowDataPacket[]>('SHOW INDEX FROM cases');
  const first = index.find((r) => r.Key_name === 'idx_cases_county_created' && Number(r.Seq_in_index) === 1);
  return { tableRows: Number(t?.n ?? NaN), countyCardinality: Number(first?.Cardinality ?? NaN) };
}

const cursorOf = (a: After) => encodeCursor([a.sort, a.key.getTime(), a.id]);

// ------------------------------------------------------------------ the requests

/** A list request: its URL query and, for EXPLAIN, the hand-written SQL the list should run. */
interface ListCase {
  id: string;
  label: string;
  sort: Sort;
  query: (f: Facts, s: Scope) => Record<string, string>;
  /** Conditions after the scope's (hand-written), with their parameters. */
  where?: (f: Facts, now: Date) => { sql: string[]; params: unknown[] };
  after?: (f: Facts, s: Scope) => After;
  /** Measured again without the list indexes (the orders; the searches are not what they are for). */
  dropped: boolean;
}

const likeName = (q: string) => ({ sql: ["c.applicantName LIKE ? ESCAPE '!'"], params: [`%${q.replace(/[!%_]/g, (ch) => `!${ch}`)}%`] });

const LIST_CASES: ListCase[] = [
  { id: 'newest', label: 'newest, page 1', sort: 'newest', query: () => ({ sort: 'newest' }), dropped: true },
  { id: 'newest-p50', label: 'newest, page 50', sort: 'newest', query: (f, s) => ({ sort: 'newest', cursor: cursorOf(f.scopes[s].page50.newest) }), after: (f, s) => f.scopes[s].page50.newest, dropped: true },
  { id: 'newest-half', label: 'newest, halfway', sort: 'newest', query: (f, s) => ({ sort: 'newest', cursor: cursorOf(f.scopes[s].halfway.newest) }), after: (f, s) => f.scopes[s].halfway.newest, dropped: false },
  { id: 'oldest', label: 'oldest, page 1', sort: 'oldest', query: () => ({ sort: 'oldest' }), dropped: true },
  { id: 'due', label: 'due, page 1', sort: 'due', query: () => ({ sort: 'due' }), dropped: true },
  { id: 'due-p50', label: 'due, page 50', sort: 'due', query: (f, s) => ({ sort: 'due', cursor: cursorOf(f.scopes[s].page50.due) }), after: (f, s) => f.scopes[s].page50.due, dropped: true },
  { id: 'due-half', label: 'due, halfway', sort: 'due', query: (f, s) => ({ sort: 'due', cursor: cursorOf(f.scopes[s].halfway.due) }), after: (f, s) => f.scopes[s].halfway.due, dropped: false },
  { id: 'state', label: 'state=assigned', sort: 'newest', query: () => ({ state: 'assigned' }), where: () => ({ sql: ['c.state = ?'], params: ['assigned'] }), dropped: false },
  { id: 'overdue', label: 'due=overdue', sort: 'newest', query: () => ({ due: 'overdue' }), where: (_f, now) => ({ sql: ['c.isOpen = 1', 'c.stepDueAt < ?'], params: [now] }), dropped: true },
  { id: 'surname', label: 'q=<surname>', sort: 'newest', query: (f) => ({ q: f.surname.q }), where: (f) => likeName(f.surname.q), dropped: false },
  { id: 'fullname', label: 'q=<full name>', sort: 'newest', query: (f) => ({ q: f.fullName.q }), where: (f) => likeName(f.fullName.q), dropped: false },
  { id: 'absent', label: 'q=<nobody’s name>', sort: 'newest', query: (f) => ({ q: f.absent.q }), where: (f) => likeName(f.absent.q), dropped: false },
  { id: 'code', label: 'q=<tracking code>', sort: 'newest', query: (f) => ({ q: f.trackingCode }), where: (f) => ({ sql: ['c.trackingCode = ?'], params: [f.trackingCode] }), dropped: false },
];

/** The list's SQL written by hand after CaseFinder.list (c.* for TypeORM's column list). */
function handSql(c: ListCase, f: Facts, s: Scope, now: Date): { sql: string; params: unknown[] } {
  const scope = scopeWhere(f, s);
  const { column, dir } = ORDER[c.sort];
  const where = [scope.sql];
  const params: unknown[] = [scope.param];
  if (c.where) {
    const w = c.where(f, now);
    where.push(...w.sql);
    params.push(...w.params);
  }
  if (c.sort === 'due') where.push('c.stepDueAt IS NOT NULL');
  const after = c.after?.(f, s);
  if (after) {
    const op = dir === 'DESC' ? '<' : '>';
    where.push(`c.${column} ${op}= ?`, `(c.${column} ${op} ? OR c.id ${op} ?)`);
    params.push(after.key, after.key, after.id);
  }
  return { sql: `SELECT c.* FROM cases c WHERE ${where.join(' AND ')} ORDER BY c.${column} ${dir}, c.id ${dir} LIMIT ${PAGE + 1}`, params };
}

/** Statements of the export and the overview, hand-written after caseExport.ts / caseOverview.ts: EXPLAIN only (some run for minutes at a million cases). */
function explainOnly(f: Facts, now: Date): { label: string; sql: string; params: unknown[] }[] {
  const half = f.scopes.county.halfway.newest;
  return [
    { label: 'export batch, no filter, halfway', sql: 'SELECT c.* FROM cases c WHERE c.countyCode = ? AND c.createdAt <= ? AND (c.createdAt < ? OR c.id < ?) ORDER BY c.createdAt DESC, c.id DESC LIMIT 1000', params: [f.county, half.key, half.key, half.id] },
    { label: 'export batch, ?town=, halfway', sql: 'SELECT c.* FROM cases c WHERE c.countyCode = ? AND c.townCode = ? AND c.createdAt <= ? AND (c.createdAt < ? OR c.id < ?) ORDER BY c.createdAt DESC, c.id DESC LIMIT 1000', params: [f.county, f.exportTown.code, half.key, half.key, half.id] },
    { label: 'GET /api/cases/count, ?town=', sql: 'SELECT COUNT(DISTINCT(c.id)) AS cnt FROM cases c WHERE c.countyCode = ? AND c.townCode = ?', params: [f.county, f.exportTown.code] },
    {
      label: 'overview tallies, county',
      sql: "SELECT t.areaCode, t.parentCode, t.state, t.dim, SUM(t.n) FROM case_tallies t WHERE t.level = 't' AND t.parentCode = ? GROUP BY t.areaCode, t.parentCode, t.state, t.dim",
      params: [f.county],
    },
    {
      label: 'overview tallies, town',
      sql: "SELECT t.areaCode, t.parentCode, t.state, t.dim, SUM(t.n) FROM case_tallies t WHERE t.level = 'v' AND t.parentCode = ? GROUP BY t.areaCode, t.parentCode, t.state, t.dim",
      params: [f.exportTown.code],
    },
    {
      label: 'overview due today and soon',
      sql: 'SELECT c.townCode, SUM(CASE WHEN c.stepDueAt < ? THEN 1 ELSE 0 END), SUM(CASE WHEN c.stepDueAt >= ? THEN 1 ELSE 0 END) FROM cases c WHERE c.countyCode = ? AND c.isOpen = 1 AND c.stepDueAt <= ? AND c.stepDueAt >= ? GROUP BY c.townCode',
      params: [now, now, f.county, new Date(now.getTime() + 2 * 86_400_000), new Date(now.getTime() - 86_400_000)],
    },
    {
      label: 'overview declarations, 14 days',
      sql: 'SELECT COUNT(*), SUM(CASE WHEN c.createdAt >= ? THEN 1 ELSE 0 END) FROM cases c WHERE c.countyCode = ? AND c.createdAt >= ? AND c.createdAt < ?',
      params: [new Date(now.getTime() - 7 * 86_400_000), f.county, new Date(now.getTime() - 14 * 86_400_000), now],
    },
    { label: 'overview attention: overdue', sql: 'SELECT c.* FROM cases c WHERE c.countyCode = ? AND c.isOpen = 1 AND c.stepDueAt < ? AND c.stepDueAt IS NOT NULL ORDER BY c.stepDueAt ASC, c.id ASC LIMIT 8', params: [f.county, now] },
  ];
}

// ------------------------------------------------------------------ timing

interface Timing {
  /** The first request of its kind in the phase (a warm-up, unless there are none): cold caches show here. */
  first: number;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  items: number;
  /** A run was abandoned after --timeout (then it is the last sample, at the timeout). */
  timedOut: boolean;
  failures: string[];
}

interface Outcome {
  ok: boolean;
  items: number;
  detail?: string;
  timedOut?: boolean;
}

type Run = (first: boolean) => Promise<{ out: Outcome; ms: number }>;

async function timeRuns(run: Run, o: { count: number; warmup: number; budgetMs: number }): Promise<Timing> {
  const timings: number[] = [];
  const failures: string[] = [];
  let first = NaN;
  let items = 0;
  let warm = 0;
  let spent = 0;
  let timedOut = false;
  for (;;) {
    const warming = warm < o.warmup;
    if (!warming && (timings.length >= o.count || (timings.length > 0 && spent >= o.budgetMs))) break;
    const { out, ms } = await run(Number.isNaN(first));
    if (Number.isNaN(first)) first = ms;
    if (out.timedOut) {
      timings.push(ms);
      timedOut = true;
      break;
    }
    if (!out.ok) {
      failures.push(out.detail ?? 'failed');
      if (failures.length >= 3) break;
      continue;
    }
    items = out.items;
    if (warming) {
      // Slower than the whole budget: this run is the measurement. Over a tenth of it: warm enough.
      if (ms > o.budgetMs) {
        timings.push(ms);
        break;
      }
      warm = ms > o.budgetMs / 10 ? o.warmup : warm + 1;
      continue;
    }
    timings.push(ms);
    spent += ms;
  }
  const sorted = [...timings].sort((a, b) => a - b);
  return { first, n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, items, timedOut, failures };
}

/**
 * Abandons what still runs in this bench database after `olderThanS` seconds (the service's
 * statement for a request given up on) and waits until it has stopped.
 */
async function killBenchStatements(pool: Pool, olderThanS: number): Promise<number> {
  const running = async () =>
    (
      await pool.query<RowDataPacket[]>("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND = 'Query' AND TIME >= ? AND ID <> CONNECTION_ID()", [DATABASE, olderThanS])
    )[0].map((r) => Number(r.id));
  const ids = await running();
  for (const id of ids) await pool.query(`KILL QUERY ${id}`).catch(() => undefined);
  for (let i = 0; i < 100 && (await running()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return ids.length;
}

/** GET over the keep-alive agent (http.ts), given up after `timeoutMs` (the socket is destroyed). */
function getJson(url: string, token: string, timeoutMs: number): Promise<{ status: number; body: unknown; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = request(url, { method: 'GET', headers: { accept: 'application/json', authorization: `Bearer ${token}` }, agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body, timedOut: false });
      });
      res.on('error', (e) => (settled ? undefined : ((settled = true), clearTimeout(timer), reject(e))));
    });
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve({ status: 0, body: null, timedOut: true });
    }, timeoutMs);
    req.on('error', (e) => (settled ? undefined : ((settled = true), clearTimeout(timer), reject(e))));
    req.end();
  });
}

const downloadAgent = new Agent({ keepAlive: false });

interface Download {
  status: number;
  bytes: number;
  /** Response headers in (the route reads the first batch before it sends them) and last byte. */
  firstByteMs: number;
  ms: number;
  complete: boolean;
  text: string;
}

/** GET to the last byte, counting and dropping the body; gives up (saying how far it got) after `timeoutMs`. */
function download(url: string, token: string, timeoutMs: number): Promise<Download> {
  const t = hr();
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let status = 0;
    let firstByteMs = NaN;
    let settled = false;
    const finish = (complete: boolean, text = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ status, bytes, firstByteMs, ms: since(t), complete, text });
    };
    const req = get(url, { agent: downloadAgent, headers: { authorization: `Bearer ${token}` } }, (res: IncomingMessage) => {
      firstByteMs = since(t);
      status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (status !== 200 && chunks.length < 4) chunks.push(chunk);
      });
      res.on('end', () => finish(true, status === 200 ? '' : Buffer.concat(chunks).toString('utf8').slice(0, 300)));
      res.on('error', (e) => (settled ? undefined : ((settled = true), reject(e))));
    });
    const timer = setTimeout(() => {
      finish(false);
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) => (settled ? undefined : ((settled = true), clearTimeout(timer), reject(e))));
  });
}

// ------------------------------------------------------------------ ANALYZE FORMAT=JSON

interface AnalyzeSummary {
  rRows: number;
  rFiltered: number;
  ms: number;
  /** Session counters around the ANALYZE: Handler_read_* (all kinds), and index entries pushdown checked. */
  handlerReads: number;
  icpChecked: number;
}

const HANDLER_READS = ['Handler_read_first', 'Handler_read_key', 'Handler_read_last', 'Handler_read_next', 'Handler_read_prev', 'Handler_read_rnd', 'Handler_read_rnd_next'];

async function sessionCounters(conn: PoolConnection): Promise<{ reads: number; icp: number }> {
  const [rows] = await conn.query<RowDataPacket[]>("SHOW SESSION STATUS WHERE Variable_name LIKE 'Handler_read%' OR Variable_name = 'Handler_icp_attempts'");
  const value = (name: string) => Number(rows.find((r) => r.Variable_name === name)?.Value ?? 0);
  return { reads: HANDLER_READS.reduce((a, n) => a + value(n), 0), icp: value('Handler_icp_attempts') };
}

/** The table node of an ANALYZE FORMAT=JSON plan (single table), wherever the sort put it. */
function findTable(node: unknown): Record<string, unknown> | null {
  if (!node || typeof node !== 'object') return null;
  const o = node as Record<string, unknown>;
  if (typeof o.table_name === 'string') return o;
  for (const value of Object.values(o)) {
    const found = findTable(value);
    if (found) return found;
  }
  return null;
}

async function analyzeJson(pool: Pool, sql: string, params: unknown[]): Promise<AnalyzeSummary> {
  const conn = await pool.getConnection();
  try {
    // SHOW STATUS reads a few rows itself: measured back to back, and subtracted.
    const a = await sessionCounters(conn);
    const b = await sessionCounters(conn);
    const [[row]] = await conn.query<RowDataPacket[]>(`ANALYZE FORMAT=JSON ${sql}`, params);
    const c = await sessionCounters(conn);
    const plan = JSON.parse(String(Object.values(row)[0])) as { query_block?: Record<string, unknown> };
    const t = findTable(plan) ?? {};
    return {
      rRows: Number(t.r_rows ?? NaN) * Number(t.r_loops ?? 1),
      rFiltered: Number(t.r_filtered ?? NaN),
      ms: Number(plan.query_block?.r_total_time_ms ?? NaN),
      handlerReads: c.reads - b.reads - (b.reads - a.reads),
      icpChecked: c.icp - b.icp,
    };
  } finally {
    conn.release();
  }
}

// ------------------------------------------------------------------ one phase (with the list indexes, or without)

interface Row {
  scope: ReadScope | 'raw';
  id: string;
  label: string;
  timing: Timing;
  note: string;
}

interface Walk {
  scope: Scope;
  sort: 'newest' | 'due';
  pages: number[];
  cursorMatches: boolean;
  idsMatch: boolean;
}

interface Plan {
  scope: Scope | 'county account';
  id: string;
  label: string;
  sql: string;
  explain: RowDataPacket[];
  /** null: not executed (EXPLAIN only, or the request took too long to run it again). */
  analyze: AnalyzeSummary | null;
  note: string;
  /** EXPLAIN's row for the statement the service sent (captured). */
  service: RowDataPacket | null;
  serviceSql: string | null;
}

interface Phase {
  name: string;
  short: string;
  rows: Row[];
  walks: Walk[];
  plans: Plan[];
  exportRuns: Download[];
  killed: number;
  load: number[];
  ms: number;
}

async function login(base: string, username: string, password: string): Promise<string> {
  const res = await httpJson('POST', `${base}/api/auth/login`, { body: { username, password } });
  const token = (res.body as { token?: string }).token;
  if (res.status !== 200 || !token) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}

const listUrl = (base: string, query: Record<string, string>) => `${base}/api/cases?${new URLSearchParams({ ...query, limit: String(PAGE) }).toString()}`;

function listOutcome(res: { status: number; body: unknown; timedOut: boolean }): Outcome {
  if (res.timedOut) return { ok: false, items: 0, timedOut: true };
  const body = res.body as { items?: unknown[] };
  if (res.status !== 200 || !Array.isArray(body.items)) return { ok: false, items: 0, detail: `${res.status} ${JSON.stringify(res.body).slice(0, 200)}` };
  return { ok: true, items: body.items.length };
}

async function runPhase(o: Options, name: string, short: string, env: NodeJS.ProcessEnv, pool: Pool, f: Facts, passwords: Record<ReadScope, string>, full: boolean): Promise<Phase> {
  const started = Date.now();
  const phase: Phase = { name, short, rows: [], walks: [], plans: [], exportRuns: [], killed: 0, load: [os.loadavg()[0]], ms: 0 };
  const runs = { count: o.requests, warmup: o.warmup, budgetMs: o.budgetMs };
  const cases = LIST_CASES.filter((c) => full || c.dropped);
  const captured = new Map<string, CapturedStatement | null>();
  const service = await startService(env);
  try {
    const base = service.url;
    const tokens = {} as Record<ReadScope, string>;
    for (const s of READ_SCOPES) tokens[s] = await login(base, usernameOf(f, s), passwords[s]);

    /** One timed GET; a request given up on has its statement killed before the next. */
    const timedGet = async (url: string, token: string) => {
      const t = hr();
      const res = await getJson(url, token, o.timeoutMs);
      const ms = since(t);
      if (res.timedOut) phase.killed += await killBenchStatements(pool, Math.floor(o.timeoutMs / 1000) - 2);
      return { res, ms };
    };

    for (const s of SCOPES) {
      if (full) {
        // Page 50 the way the console reaches it: nextCursor, 49 times.
        for (const sort of ['newest', 'due'] as const) {
          let cursor: string | null = null;
          const pages: number[] = [];
          let cursorMatches = false;
          let ids: number[] = [];
          for (let page = 1; page <= 50; page++) {
            if (page === 50) cursorMatches = cursor === cursorOf(f.scopes[s].page50[sort]);
            const { res, ms } = await timedGet(listUrl(base, cursor ? { sort, cursor } : { sort }), tokens[s]);
            pages.push(ms);
            const body = res.body as { items?: { id: number }[]; nextCursor?: string | null };
            if (res.timedOut || res.status !== 200 || !Array.isArray(body.items)) throw new Error(`walk ${s} ${sort} page ${page}: ${res.timedOut ? 'timed out' : `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`}`);
            ids = body.items.map((i) => i.id);
            cursor = body.nextCursor ?? null;
            if (!cursor && page < 50) throw new Error(`walk ${s} ${sort}: no nextCursor after page ${page}`);
          }
          const expected = f.scopes[s].page50Ids[sort];
          const w = { scope: s, sort, pages, cursorMatches, idsMatch: ids.length === expected.length && ids.every((id, i) => id === expected[i]) };
          phase.walks.push(w);
          say(`[${short}] ${s}: followed nextCursor to page 50 (${sort}) in ${seconds(pages.reduce((a, b) => a + b, 0))}; cursor ${w.cursorMatches ? 'matches' : 'DIFFERS from'} the OFFSET query's, page 50's ids ${w.idsMatch ? 'match' : 'DIFFER'}`);
        }
      }
      for (const c of cases) {
        const url = listUrl(base, c.query(f, s));
        const run: Run = async (first) => {
          if (!first) {
            const { res, ms } = await timedGet(url, tokens[s]);
            return { out: listOutcome(res), ms };
          }
          const { result, statements } = await service.capture(async () => {
            const r = await timedGet(url, tokens[s]);
            // A killed statement is recorded as it fails: give it a moment.
            if (r.res.timedOut) await new Promise((resolve) => setTimeout(resolve, 300));
            return r;
          });
          captured.set(`${s}:${c.id}`, statements.find((st) => /FROM `cases` `c`/.test(st.sql) && /ORDER BY/.test(st.sql)) ?? null);
          return { out: listOutcome(result.res), ms: result.ms };
        };
        const timing = await timeRuns(run, runs);
        phase.rows.push({ scope: s, id: c.id, label: c.label, timing, note: '' });
        say(
          `[${short}] ${s} ${c.label}: ${timing.timedOut ? `> ${seconds(o.timeoutMs)} (abandoned, statement killed)` : `p50 ${ms1(timing.p50)} ms, max ${ms1(timing.max)} ms`} (${timing.n} runs, ${timing.items} items)` +
            (timing.failures.length ? `; FAILED: ${timing.failures[0]}` : ''),
        );
      }
      const overview = await timeRuns(
        async () => {
          const { res, ms } = await timedGet(`${base}/api/overview`, tokens[s]);
          const body = res.body as { open?: { total: number } };
          if (res.timedOut) return { out: { ok: false, items: 0, timedOut: true }, ms };
          return { out: res.status === 200 && body.open ? { ok: true, items: body.open.total } : { ok: false, items: 0, detail: `${res.status} ${JSON.stringify(res.body).slice(0, 200)}` }, ms };
        },
        full ? runs : { count: 1, warmup: 0, budgetMs: o.budgetMs * 10 },
      );
      phase.rows.push({ scope: s, id: 'overview', label: 'GET /api/overview', timing: overview, note: `open ${fmt(overview.items)}` });
      say(`[${short}] ${s} overview: ${overview.timedOut ? `> ${seconds(o.timeoutMs)}` : overview.n ? `${ms1(overview.first)} ms${overview.n > 1 ? `, then ${ms1(overview.max === overview.first ? overview.p50 : overview.max)} ms` : ''}` : `FAILED: ${overview.failures[0]}`}`);
    }

    // The other staff reads, in each scope: the 待办 (page 1 and the page after), a case and its trail.
    for (const s of full ? READ_SCOPES : []) {
      const first = await getJson(`${base}/api/queue?limit=${PAGE}`, tokens[s], o.timeoutMs);
      const cursor = (first.body as { nextCursor?: string | null }).nextCursor;
      const caseId = s === 'cadre' ? f.cadre.caseId : f.scopes[s].page50Ids.newest[0];
      const reads: { id: string; label: string; url: string }[] = [
        { id: 'queue', label: 'GET /api/queue, page 1', url: `${base}/api/queue?limit=${PAGE}` },
        ...(cursor ? [{ id: 'queue-p2', label: 'GET /api/queue, page 2', url: `${base}/api/queue?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}` }] : []),
        { id: 'detail', label: 'GET /api/cases/:id', url: `${base}/api/cases/${caseId}` },
        { id: 'timeline', label: 'GET /api/cases/:id/timeline', url: `${base}/api/cases/${caseId}/timeline` },
        ...(s === 'cadre' ? [{ id: 'overview', label: 'GET /api/overview', url: `${base}/api/overview` }] : []),
      ];
      for (const r of reads) {
        const timing = await timeRuns(async () => {
          const { res, ms } = await timedGet(r.url, tokens[s]);
          if (res.timedOut) return { out: { ok: false, items: 0, timedOut: true }, ms };
          const body = res.body as { items?: unknown[]; id?: number; open?: { total: number } };
          const items = Array.isArray(body.items) ? body.items.length : body.open ? body.open.total : body.id ? 1 : 0;
          return { out: res.status === 200 ? { ok: true, items } : { ok: false, items: 0, detail: `${res.status} ${JSON.stringify(res.body).slice(0, 200)}` }, ms };
        }, runs);
        phase.rows.push({ scope: s, id: r.id, label: r.label, timing, note: '' });
        say(`[${short}] ${s} ${r.label}: p50 ${ms1(timing.p50)} ms, p95 ${ms1(timing.p95)} ms (${timing.n} runs, ${timing.items} items)${timing.failures.length ? `; FAILED: ${timing.failures[0]}` : ''}`);
      }
    }

    // The median town's export to the last byte, as the county account.
    const exportUrl = `${base}/api/exports/cases.xlsx?town=${f.exportTown.code}`;
    for (let i = 0; i < (full ? 2 : 1); i++) {
      const d = await download(exportUrl, tokens.county, o.exportTimeoutMs);
      if (!d.complete) phase.killed += await killBenchStatements(pool, 1);
      phase.exportRuns.push(d);
      say(
        `[${short}] county export ?town=${f.exportTown.code} (${fmt(f.exportTown.cases)} rows): headers after ${seconds(d.firstByteMs)}, ${d.complete ? 'last byte' : 'GAVE UP'} after ${seconds(d.ms)}, ` +
          `${fmt(d.bytes / MB, 1)} MB${d.status !== 200 ? ` status ${d.status} ${d.text}` : ''}`,
      );
      if (!d.complete || d.status !== 200 || d.ms > 20_000) break;
    }
  } finally {
    await service.stop();
  }
  phase.load.push(os.loadavg()[0]);

  const raw = createPool(benchDatabaseUrl(o.mysqlUrl, DATABASE).bench, 1);
  try {
    // Baseline: hand-written mysql2 queries, the same timing, no service code.
    for (const s of SCOPES) {
      const scope = scopeWhere(f, s);
      const a = f.scopes[s].page50.newest;
      const sql = (cols: string, extra: string) => `SELECT ${cols} FROM cases WHERE ${scope.sql.replace('c.', '')}${extra} ORDER BY createdAt DESC, id DESC LIMIT ${PAGE + 1}`;
      const range = ' AND createdAt <= ? AND (createdAt < ? OR id < ?)';
      const variants: [string, string, string, unknown[]][] = [
        ['raw-p1-index', 'page 1, SELECT id, createdAt', sql('id, createdAt', ''), [scope.param]],
        ['raw-p1-rows', 'page 1, SELECT *', sql('*', ''), [scope.param]],
        ['raw-p50-index', 'page 50, SELECT id, createdAt, range form', sql('id, createdAt', range), [scope.param, a.key, a.key, a.id]],
        ['raw-p50-rows', 'page 50, SELECT *, range form', sql('*', range), [scope.param, a.key, a.key, a.id]],
        ['raw-p50-rowvalue', 'page 50, SELECT id, createdAt, (createdAt, id) < (?, ?)', sql('id, createdAt', ' AND (createdAt, id) < (?, ?)'), [scope.param, a.key, a.id]],
      ];
      for (const [id, label, text, params] of variants) {
        const timing = await timeRuns(async () => {
          const t = hr();
          const [rows] = await raw.query<RowDataPacket[]>(text, params);
          return { out: { ok: true, items: Math.min(rows.length, PAGE) }, ms: since(t) };
        }, runs);
        phase.rows.push({ scope: 'raw', id: `${s}:${id}`, label: `${s}: ${label}`, timing, note: '' });
      }
    }
    say(`[${short}] baseline queries done`);

    // EXPLAIN (and, if it ran in reasonable time, ANALYZE) of the hand-written SQL; EXPLAIN of the captured statements.
    const now = new Date();
    const analyzeUnder = o.timeoutMs * 0.75;
    for (const s of SCOPES) {
      for (const c of cases) {
        const { sql, params } = handSql(c, f, s, now);
        const [explain] = await raw.query<RowDataPacket[]>(`EXPLAIN ${sql}`, params);
        const timing = phase.rows.find((r) => r.scope === s && r.id === c.id)?.timing;
        const slow = !timing || timing.timedOut || !(timing.p50 <= analyzeUnder);
        const analyze = slow ? null : await analyzeJson(raw, sql, params);
        const st = captured.get(`${s}:${c.id}`) ?? null;
        const serviceParams = st ? st.parameters.map((p) => (p && typeof p === 'object' && '$date' in p ? new Date((p as { $date: number }).$date) : p)) : [];
        const service = st ? ((await raw.query<RowDataPacket[]>(`EXPLAIN ${st.sql}`, serviceParams))[0][0] ?? null) : null;
        const note = slow ? `not run again: the request took ${timing?.timedOut ? `over ${seconds(o.timeoutMs)}` : seconds(timing?.p50 ?? NaN)}` : '';
        phase.plans.push({ scope: s, id: c.id, label: c.label, sql, explain, analyze, note, service, serviceSql: st?.sql ?? null });
      }
    }
    for (const e of explainOnly(f, now)) {
      const [explain] = await raw.query<RowDataPacket[]>(`EXPLAIN ${e.sql}`, e.params);
      phase.plans.push({ scope: 'county account', id: e.label, label: e.label, sql: e.sql, explain, analyze: null, note: 'EXPLAIN only', service: null, serviceSql: null });
    }
    say(`[${short}] EXPLAIN / ANALYZE done`);
  } finally {
    await raw.end();
  }
  phase.ms = Date.now() - started;
  return phase;
}

// ------------------------------------------------------------------ report

function report(o: Options, f: Facts, phases: Phase[], seedMs: number): void {
  const [withIdx, without] = phases;
  const none: Timing = { first: NaN, n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, items: 0, timedOut: false, failures: [] };
  const key = (r: Row) => `${r.scope}:${r.id}`;
  const over = `> ${fmt(o.timeoutMs / 1000)} s`;
  const cells = (t: Timing) => {
    if (t.n === 0) return [t.failures.length ? 'FAILED' : '–', '–', '–', '–', '–', '–'];
    const v = (ms: number) => (t.timedOut && ms >= t.max ? over : ms1(ms));
    return [v(t.first), v(t.p50), v(t.p95), v(t.p99), v(t.max), String(t.n)];
  };
  const head = ['1st', 'p50', 'p95', 'p99', 'max', 'n'];
  const header = (lead: string[]) => [...lead, ...head, ...(without ? [...head.map((h) => `${h} −idx`), '−idx/with'] : [])];
  const line = (lead: string[], r: Row) => {
    const out = [...lead, ...cells(r.timing)];
    if (without) {
      const d = without.rows.find((x) => key(x) === key(r));
      out.push(...cells(d?.timing ?? none));
      out.push(d && d.timing.n && r.timing.p50 > 0 ? `${d.timing.timedOut ? '> ' : ''}${fmt(d.timing.p50 / r.timing.p50, 1)}×` : '');
    }
    return out;
  };

  say();
  say(
    `Case list at ${fmt(o.cases)} cases: county ${f.county} ${f.countyName} (${fmt(f.scopes.county.cases)} cases, ${fmt(f.openCases)} open = ${fmt(f.scopes.county.withDue)} with a step due time; ${f.towns} towns); ` +
      `township ${f.town.code} ${f.town.name} (${fmt(f.scopes.town.cases)} cases, the biggest town, ${fmt(f.scopes.town.withDue)} open). Seeded in ${seconds(seedMs)}` +
      `${o.history ? ' with audit and outbox rows' : ' without audit or outbox rows (--history adds them)'}.`,
  );
  say(
    `  q=<surname>: q=${f.surname.q} (${fmt(f.surname.county)} matches in the county, ${fmt(f.surname.town)} in the town); q=<full name>: q=${f.fullName.q} (${fmt(f.fullName.county)} / ${fmt(f.fullName.town)}); ` +
      `q=<nobody’s name>: q=${f.absent.q} (${fmt(f.absent.county)}); q=<tracking code>: q=${f.trackingCode}`,
  );
  say(
    `  page 50: the cursor after row 980 (rows 981–1,000); halfway: the cursor after row ${fmt(f.scopes.county.halfway.newest.row)} (county, newest) / ${fmt(f.scopes.town.halfway.newest.row)} (town), ` +
      `${fmt(f.scopes.county.halfway.due.row)} / ${fmt(f.scopes.town.halfway.due.row)} in the due order (open cases only). Cursors made from OFFSET queries, as nextCursor would carry them.`,
  );
  say(`  InnoDB's statistics after ANALYZE TABLE: ~${fmt(f.stats.tableRows)} rows in cases (really ${fmt(o.cases)}), county code cardinality ${fmt(f.stats.countyCardinality)} (really 1).`);
  for (const scope of SCOPES) {
    say();
    say(`GET /api/cases as the ${scope} account ${f.scopes[scope].username}, ms, client-side write → last byte over keep-alive${without ? `; "−idx": ${without.name}` : ''}`);
    say(table(header(['request', 'items']), withIdx.rows.filter((r) => r.scope === scope).map((r) => line([r.label, r.note || String(r.timing.items)], r)), 2));
  }
  say();
  say(`As the cadre ${f.cadre.username} (${fmt(f.cadre.open)} open cases assigned, the most in the county), ms`);
  say(table(header(['request', 'items']), withIdx.rows.filter((r) => r.scope === 'cadre').map((r) => line([r.label, r.note || String(r.timing.items)], r)), 2));
  say(`  1st: the first request of its kind in the phase (a warm-up: cold caches); p50/p95/p99/max/n: the timed runs after ${o.warmup} warm-ups (none after one over`);
  say(`  ${seconds(o.budgetMs / 10)}), up to ${o.requests}, fewer once ${seconds(o.budgetMs)} were spent; a warm-up over ${seconds(o.budgetMs)} is the one run. ${over}: abandoned, its statement killed.`);
  say(`  The overview: as the list (1 run without the indexes). Rows "–" under −idx were not run again without the indexes.`);

  say();
  say('Baseline: hand-written mysql2 queries (no service code), timed the same way, ms');
  say(table(header(['query', 'rows']), withIdx.rows.filter((r) => r.scope === 'raw').map((r) => line([r.label, String(r.timing.items)], r)), 2));
  const p50 = (phase: Phase, k: string) => phase.rows.find((r) => key(r) === k)?.timing.p50 ?? NaN;
  for (const phase of phases) {
    const diff = (scope: Scope, id: string, rawId: string) => `${ms1(p50(phase, `${scope}:${id}`) - p50(phase, `raw:${scope}:${rawId}`))} ms`;
    say(
      `  ${phase.name}: service p50 − raw SELECT * p50 — county page 1 ${diff('county', 'newest', 'raw-p1-rows')}, page 50 ${diff('county', 'newest-p50', 'raw-p50-rows')}; ` +
        `town page 1 ${diff('town', 'newest', 'raw-p1-rows')}, page 50 ${diff('town', 'newest-p50', 'raw-p50-rows')}`,
    );
  }

  if (withIdx.walks.length) {
    say();
    say(`Following nextCursor from page 1 to page 50 (${withIdx.name}), ms per page`);
    say(
      table(
        ['scope', 'sort', 'all 50', 'page 1', 'pages 2–50 p50', 'pages 2–50 max', 'pages 41–50 p50', 'cursor after 49 pages = OFFSET row 980', 'page 50 ids = OFFSET 980'],
        withIdx.walks.map((w) => {
          const later = w.pages.slice(1).sort((a, b) => a - b);
          const last10 = w.pages.slice(-10).sort((a, b) => a - b);
          return [w.scope, w.sort, ms1(w.pages.reduce((a, b) => a + b, 0)), ms1(w.pages[0]), ms1(percentile(later, 50)), ms1(later[later.length - 1]), ms1(percentile(last10, 50)), w.cursorMatches ? 'yes' : 'NO', w.idsMatch ? 'yes' : 'NO'];
        }),
        2,
      ),
    );
  }

  say();
  say(`Export GET /api/exports/cases.xlsx?town=${f.exportTown.code} (${f.exportTown.name}, the median town) as the county account`);
  say(
    table(
      ['phase', 'rows', 'run', 'headers (first batch read)', 'last byte', 'MB', 'rows/s'],
      phases.flatMap((p) =>
        p.exportRuns.map((r, i) => [p.name, fmt(f.exportTown.cases), String(i + 1), seconds(r.firstByteMs), r.complete ? seconds(r.ms) : `> ${seconds(r.ms)} (gave up)`, `${fmt(r.bytes / MB, 1)}${r.complete ? '' : ' so far'}`, r.complete ? fmt(f.exportTown.cases / (r.ms / 1000)) : '–']),
      ),
      1,
    ),
  );

  for (const phase of phases) {
    say();
    say(`EXPLAIN and ANALYZE FORMAT=JSON of HAND-WRITTEN equivalents of the SQL (${phase.name}); "service plan": EXPLAIN of the statement TypeORM sent, captured with trace.ts`);
    say(
      table(
        ['scope', 'request', 'type', 'key', 'Extra', 'est. rows', 'r_rows', 'r_filtered %', 'handler reads', 'ICP checks', 'ANALYZE ms', 'service plan'],
        phase.plans.map((p) => {
          const e = p.explain[0] ?? {};
          const a = p.analyze;
          const plan = (r: RowDataPacket) => `${String(r.type)} ${String(r.key ?? 'NULL')}`;
          const sv = p.service;
          return [
            p.scope, p.label, String(e.type ?? '?'), String(e.key ?? 'NULL'), String(e.Extra ?? ''), fmt(Number(e.rows)),
            ...(a ? [fmt(a.rRows), fmt(a.rFiltered, 1), fmt(a.handlerReads), fmt(a.icpChecked), ms1(a.ms)] : [p.note, '', '', '', '']),
            p.scope === 'county account' ? '' : sv ? (plan(sv) === plan(e as RowDataPacket) ? '= same' : plan(sv)) : 'not captured',
          ];
        }),
        5,
      ),
    );
  }
  say(
    [
      "  est. rows: the optimizer's estimate; r_rows: rows the table access passed up (× loops; after index condition pushdown); handler reads: Handler_read_*",
      '  over the ANALYZE (index entries and rows the server fetched); ICP checks: Handler_icp_attempts (index entries tested against the pushed-down',
      "  condition, rejected ones included); ANALYZE ms: r_total_time_ms; service plan \"= same\": same access type and index as the hand-written one.",
    ].join('\n'),
  );
  say();
  say('The hand-written SQL (county scope; the town scope has c.townCode = ? instead):');
  for (const p of withIdx.plans.filter((x) => x.scope === 'county' || x.scope === 'county account')) say(`  ${p.label.padEnd(34)} ${p.sql.length > 240 ? `${p.sql.slice(0, 150)} … ${p.sql.slice(-70)}` : p.sql}`);
  const sample = withIdx.plans.find((p) => p.scope === 'county' && p.id === 'newest-p50')?.serviceSql;
  if (sample) say(`  captured from the service (county, newest, page 50): ${sample.replace(/^SELECT .* FROM/, 'SELECT <every column> FROM')}`);
  say();
  say(
    `  Phases: ${phases.map((p) => `${p.name} ${seconds(p.ms)} (load average ${p.load.map((l) => fmt(l, 1)).join(' → ')}${p.killed ? `; ${p.killed} statements killed after the timeout` : ''})`).join('; ')}. ` +
      `${os.cpus().length} CPUs; other work on this machine adds noise.`,
  );
}

/** Steps 1–2: regions, staff and the cases, in bulk. */
async function seedDatabase(o: Options, pool: Pool, dataKey: string): Promise<number> {
  const { bench } = benchDatabaseUrl(o.mysqlUrl, DATABASE);
  const t = Date.now();
  const now = new Date();
  const { staff, villages } = await prepareBenchCounty(benchServiceEnv(bench), pool, o.county, now);
  say(`migrated ${DATABASE}; county ${o.county}: ${fmt(staff.towns)} towns, ${fmt(staff.villages)} villages with their staff, in ${seconds(Date.now() - t)}`);

  const seed = await seedCases({
    pool,
    crypto: new FieldCrypto(Buffer.from(dataKey, 'hex')),
    ids: new IdNumberGenerator(o.county),
    villages: new VillagePicker(villages),
    total: o.cases,
    now,
    deferIndexes: true,
    history: o.history,
  });
  say(`seeded ${fmt(seed.cases)} cases (${fmt(seed.open)} open), ${fmt(seed.events)} audit rows, ${fmt(seed.outbox)} outbox rows in ${seconds(seed.ms)} (${fmt(seed.cases / (seed.ms / 1000))} cases/s, index rebuild and ANALYZE included)`);
  return seed.ms;
}

/** How many cases of the county a kept bench database holds (0 when there is none). */
async function seededCases(server: string, county: string): Promise<number> {
  const pool = createPool(server, 1);
  try {
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${DATABASE}\`.cases WHERE countyCode = ?`, [county]);
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await pool.end();
  }
}

async function serverVersion(server: string): Promise<string> {
  const pool = createPool(server, 1);
  try {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT VERSION() AS v');
    return String(rows[0].v);
  } finally {
    await pool.end();
  }
}

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  const o = options();
  const { server, bench } = benchDatabaseUrl(o.mysqlUrl, DATABASE);
  const reused = o.reuseDb ? await seededCases(server, o.county) : 0;
  const reuse = reused >= o.cases;
  const version = reuse ? await serverVersion(server) : await recreateBenchDatabase(server, DATABASE);
  const cpus = os.cpus();
  const pool = createPool(bench, 4);
  const started = Date.now();
  try {
    const [[settings]] = await pool.query<RowDataPacket[]>('SELECT @@innodb_buffer_pool_size AS b, @@innodb_flush_method AS f');
    say(
      `申报通 case list bench — ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'}), ${fmt(os.totalmem() / MB)} MB RAM, Node ${process.version}, MariaDB ${version} ` +
        `(buffer pool ${fmt(Number(settings.b) / MB)} MB, ${settings.f}); ${fmt(o.cases)} cases in county ${o.county}${o.dropListIndexes ? '; then again without the four list indexes' : ''}`,
    );
    // One key for this bench's database (generated data only), so a --reuse-db run still decrypts
    // what the seeding run sealed (the case detail reads the phone and ID number).
    const env = { ...benchServiceEnv(bench), DATA_KEY: BENCH_LIST_DATA_KEY };
    const dataKey = env.DATA_KEY;
    let seedMs = 0;
    if (reuse) say(`reused ${DATABASE}: ${fmt(reused)} cases in county ${o.county} (--reuse-db)`);
    else seedMs = await seedDatabase(o, pool, dataKey);
    const [indexRows] = await pool.query<RowDataPacket[]>('SHOW INDEX FROM cases');
    const present = new Set(indexRows.map((r) => String(r.Key_name)));
    const missing = LIST_INDEXES.filter((i) => !present.has(i));
    if (missing.length) throw new Error(`cases lacks ${missing.join(', ')}: is migration 1764600000000-CaseListIndexes in migrations/index.ts?`);

    const tf = Date.now();
    const f = await readFacts(pool, o.county);
    say(`read the data in ${seconds(Date.now() - tf)}: biggest town ${f.town.code} ${f.town.name} (${fmt(f.town.cases)} cases), median ${f.exportTown.code} ${f.exportTown.name} (${fmt(f.exportTown.cases)})`);
    const passwords = {} as Record<ReadScope, string>;
    for (const s of READ_SCOPES) {
      passwords[s] = `Bench-${randomBytes(9).toString('base64url')}`;
      // seedAreaStaff's accounts cannot log in: these three get a real password.
      await pool.query('UPDATE staff_users SET passwordHash = ? WHERE username = ?', [await hashPassword(passwords[s]), usernameOf(f, s)]);
    }

    const phases: Phase[] = [await runPhase(o, 'with the list indexes', 'with', env, pool, f, passwords, true)];
    if (o.dropListIndexes) {
      const td = Date.now();
      await pool.query(`ALTER TABLE cases ${LIST_INDEXES.map((i) => `DROP INDEX \`${i}\``).join(', ')}`);
      await pool.query('ANALYZE TABLE cases');
      say(`dropped ${LIST_INDEXES.join(', ')} in ${seconds(Date.now() - td)}`);
      phases.push(await runPhase(o, 'without the four list indexes', '−idx', env, pool, f, passwords, false));
    }
    report(o, f, phases, seedMs);
    const problems = [
      ...phases.flatMap((p) => p.rows.filter((r) => r.timing.failures.length).map((r) => `${p.name}: ${r.scope} ${r.label}: ${r.timing.failures[0]}`)),
      ...phases.flatMap((p) => p.walks.filter((w) => !w.cursorMatches || !w.idsMatch).map((w) => `${p.name}: walk ${w.scope} ${w.sort}: cursor ${w.cursorMatches ? 'ok' : 'differs'}, ids ${w.idsMatch ? 'ok' : 'differ'}`)),
      ...phases.flatMap((p) => p.exportRuns.filter((r) => r.complete && r.status !== 200).map((r) => `${p.name}: export status ${r.status} ${r.text}`)),
    ];
    for (const p of problems) say(`  PROBLEM ${p}`);
    say(`  (whole bench: ${seconds(Date.now() - started)})`);
    // The exit code says whether the bench ran cleanly; slow requests are findings, not failures.
    return problems.length ? 1 : 0;
  } finally {
    await pool.end().catch(() => undefined);
    if (o.keepDb) say(`kept database ${DATABASE} (--keep-db)`);
    else await dropBenchDatabase(server, DATABASE);
  }
}

if (process.argv[2] === '--child') childMain(process.argv[3]);
else
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench:list failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
