/**
 * `npm run bench:export`: the case export (GET /api/exports/cases.xlsx, src/services/caseExport.ts)
 * at 10,000 and 100,000 cases on MariaDB. Goal (issue): "100,000 rows without memory growing with
 * the row count" — read here as: 10× the rows give well under 2× the memory growth.
 *
 * For each size, in a fresh database `shenbao_bench_export_<size>`:
 *   1. migrates it (createAppContext), imports one county's regions (importCounties, default the
 *      demo county 152221), seeds its staff in bulk (seedAreaStaff: a county account `k<code>`, a
 *      township account per town, a cadre per village) and gives the county account a password;
 *   2. bulk-seeds N cases in that county (seedCases: multi-row INSERTs, real ciphertexts, the
 *      default mix — 20 % open, the rest closed / monitored / rejected — with their audit rows);
 *   3. service — forks THIS file as a child (`--child service`) that starts the real app
 *      (createAppContext + createHttpApp on an ephemeral port), signs in as the county account,
 *      warms up with one small export (one village), then downloads the whole county's export over
 *      HTTP, counting and discarding the body, with measureRss (rss.ts: VmHWM reset before, 5 ms
 *      samples) around the request from its start to the last byte; plus its own 5 ms trace of
 *      RSS and V8 heap to show the curve during the run. The child holds both the server and the
 *      client (the client only counts bytes). At the smallest size, a second, unmeasured download
 *      is parsed with exceljs and checked: N + 1 rows, 21 columns, no cell that holds a full
 *      18-character ID number;
 *   4. baseline — another child (`--child baseline`) sharing no code with the export (not
 *      CaseFinder, caseExport or the route): a hand-written mysql2 streaming query over the county's
 *      cases, newest first, piped row by row into its own exceljs WorkbookWriter (no shared
 *      strings, styles on, 21 columns) that writes into a stream discarding what it gets; same
 *      warm-up and measurement;
 *   5. drops the database (unless --keep-db); prints the table and the verdict.
 *
 * The verdict compares the smallest and the largest size. With three or more sizes a second line
 * compares the two largest: V8 collects lazily (the heap and the Buffers awaiting collection grow
 * to a working size before a full GC), so below ~100,000 rows the peak is still climbing to that
 * size, and whether memory grows WITH the row count shows between the two largest.
 *
 * Options: --sizes 10000,100000,200000  --county 152221  --timeout 300 (seconds per child)  --keep-db.
 * MYSQL_URL names the server (default mysql://root@127.0.0.1:3306/test).
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Agent, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createHttpApp } from '../../src/http/app';
import { createLogger } from '../../src/logger';
import { FieldCrypto } from '../../src/security/fieldCrypto';
import { hashPassword } from '../../src/security/passwords';
import { benchDatabaseUrl, benchServiceEnv, createPool, dropBenchDatabase, recreateBenchDatabase } from './database';
import { httpJson } from './http';
import { IdNumberGenerator } from './ids';
import { VillagePicker } from './payload';
import { formatNumber as fmt, table } from './report';
import { measureRss, type RssResult } from './rss';
import { prepareBenchCounty, seedCases } from './seedCases';

const MB = 1024 * 1024;
/** 10× the rows must give less than this many times the memory growth. */
const GOAL_RATIO = 2;
const FULL_ID = /\d{17}[\dX]/;

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mbs = (bytes: number, digits = 1) => fmt(bytes / MB, digits);

// ------------------------------------------------------------------ child protocol

type ChildKind = 'service' | 'baseline';

interface ChildSettings {
  county: string;
  /** A village of the county, for the warm-up export. */
  warmVillage: string;
  username: string;
  password: string;
  expectedRows: number;
  verify: boolean;
}

/** RSS and V8 heap at a fraction of the run's time, from the child's own 5 ms trace. */
interface TracePoint {
  at: number;
  rss: number;
  heap: number;
  /** The lowest heapUsed sampled in that fifth: roughly what survived the last GC. */
  heapLow: number;
}

interface Verification {
  rows: number;
  columns: number;
  fullIdCells: number;
  sample: string | null;
}

interface ChildResult extends Omit<RssResult<unknown>, 'result'> {
  type: 'result';
  kind: ChildKind;
  bytes: number;
  /** The service's GET /api/cases/count; the baseline's rows written. */
  rows: number;
  status: number;
  warmup: { ms: number; bytes: number };
  curve: TracePoint[];
  /** V8 heap in use and RSS after the run and two full GCs: what the run left behind. */
  afterGc: { heap: number; rss: number };
  verify: Verification | null;
}
type ChildMessage = ChildResult | { type: 'error'; message: string };

/** A 5 ms trace of RSS and heap, into a preallocated array (a few hundred KB), so the trace itself hardly adds to the RSS. */
function startTrace(everyMs = 5, capacity = 200_000): { stop: () => TracePoint[] } {
  const data = new Float64Array(capacity * 3);
  let n = 0;
  const started = performance.now();
  const sample = () => {
    if (n >= capacity) return;
    const m = process.memoryUsage();
    data[n * 3] = performance.now() - started;
    data[n * 3 + 1] = m.rss;
    data[n * 3 + 2] = m.heapUsed;
    n++;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      const total = data[(n - 1) * 3];
      // The highest RSS in each fifth of the run: does it climb as rows go out?
      return [0.2, 0.4, 0.6, 0.8, 1].map((at) => {
        let rss = 0;
        let heap = 0;
        let heapLow = Infinity;
        for (let i = 0; i < n; i++) {
          const t = data[i * 3] / Math.max(1, total);
          if (t > at - 0.2 && t <= at + 1e-9) {
            rss = Math.max(rss, data[i * 3 + 1]);
            heap = Math.max(heap, data[i * 3 + 2]);
            heapLow = Math.min(heapLow, data[i * 3 + 2]);
          }
        }
        return { at, rss, heap, heapLow: Number.isFinite(heapLow) ? heapLow : 0 };
      });
    },
  };
}

/** Two full GCs (the child runs with --expose-gc), then the heap in use and the RSS. */
function settle(): { heap: number; rss: number } {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

// ------------------------------------------------------------------ service child

const downloadAgent = new Agent({ keepAlive: false });

/** GET with a bearer token; counts the body and drops it, or keeps it when `keep`. */
function download(url: string, token: string, keep = false): Promise<{ status: number; bytes: number; body: Buffer | null; text: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: downloadAgent, headers: { authorization: `Bearer ${token}` } }, (res: IncomingMessage) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      const failed = (res.statusCode ?? 0) !== 200;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (keep || failed) chunks.push(chunk);
      });
      res.on('end', () => {
        const body = keep || failed ? Buffer.concat(chunks) : null;
        resolve({ status: res.statusCode ?? 0, bytes, body, text: failed && body ? body.toString('utf8').slice(0, 500) : '' });
      });
      res.on('error', reject);
      res.on('aborted', () => reject(new Error(`download aborted after ${bytes} bytes`)));
    });
    req.on('error', reject);
  });
}

/** Parses the file and looks at every cell: rows, columns, and any full ID number. */
async function verifyXlsx(body: Buffer): Promise<Verification> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  let fullIdCells = 0;
  let sample: string | null = null;
  let columns = 0;
  let rows = 0;
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows++;
    columns = Math.max(columns, row.cellCount);
    row.eachCell({ includeEmpty: false }, (cell) => {
      const v = cell.value;
      const text = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
      if (FULL_ID.test(text)) {
        fullIdCells++;
        sample ??= `${cell.address}: ${text}`;
      }
    });
  });
  return { rows: Math.max(rows, sheet.rowCount), columns, fullIdCells, sample };
}

async function serviceChild(s: ChildSettings): Promise<ChildResult> {
  const app = await createAppContext(loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' }), { logger: createLogger('silent') });
  const server = createHttpApp(app).listen(0, '127.0.0.1');
  try {
    if (!server.listening) await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await httpJson('POST', `${base}/api/auth/login`, { body: { username: s.username, password: s.password } });
    const token = (login.body as { token?: string }).token;
    if (login.status !== 200 || !token) throw new Error(`login as ${s.username} failed: ${login.status} ${JSON.stringify(login.body)}`);
    const url = `${base}/api/exports/cases.xlsx`;

    // Warm-up: one village's export, so the first-use costs (modules, JIT, TypeORM metadata, zlib) are paid before "before".
    const warmStarted = performance.now();
    const warm = await download(`${url}?village=${s.warmVillage}`, token);
    if (warm.status !== 200) throw new Error(`warm-up export: ${warm.status} ${warm.text}`);
    const warmup = { ms: performance.now() - warmStarted, bytes: warm.bytes };
    globalThis.gc?.();

    const trace = startTrace();
    const measured = await measureRss(() => download(url, token));
    const curve = trace.stop();
    const afterGc = settle();
    const { result, ...memory } = measured;
    if (result.status !== 200) throw new Error(`export: ${result.status} ${result.text}`);

    let verify: Verification | null = null;
    if (s.verify) {
      const again = await download(url, token, true);
      if (again.status !== 200 || !again.body) throw new Error(`verification download: ${again.status} ${again.text}`);
      verify = await verifyXlsx(again.body);
    }
    const counted = await httpJson('GET', `${base}/api/cases/count`, { token });
    return { type: 'result', kind: 'service', ...memory, bytes: result.bytes, rows: Number((counted.body as { count?: number }).count ?? NaN), status: result.status, warmup, curve, afterGc, verify };
  } finally {
    server.close();
    server.closeAllConnections();
    await app.db.destroy();
  }
}

// ------------------------------------------------------------------ baseline child

/** The baseline's own query: the county's cases, newest first (no CaseFinder). */
const BASELINE_SQL =
  'SELECT trackingCode, applicantName, idNumberMasked, townCode, villageCode, householdSize, riskTypes, state, createdAt FROM cases WHERE countyCode = ? ORDER BY createdAt DESC, id DESC';

/** 21 headers of its own, as wide as the service's sheet. */
const BASELINE_HEADERS = [
  '编号', '户主', '身份证号', '乡镇', '村', '家庭人口', '风险类型', '监测方式', '状态', '监测对象类型', '人均纯收入',
  '申报日期', '受理日期', '入户核查日期', '村级评议日期', '公示开始', '公示结束', '乡镇审核', '县级确定', '帮扶措施', '结案原因',
];

const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

function baselineCells(r: RowDataPacket): (string | number | null)[] {
  const risks = typeof r.riskTypes === 'string' ? (JSON.parse(r.riskTypes) as string[]) : ((r.riskTypes as string[] | null) ?? []);
  const created = r.createdAt instanceof Date ? r.createdAt : new Date(String(r.createdAt));
  return [
    String(r.trackingCode), String(r.applicantName), r.idNumberMasked === null ? null : String(r.idNumberMasked), String(r.townCode), String(r.villageCode),
    Number(r.householdSize), risks.join('、'), null, String(r.state), null, null,
    chinaDay(created), null, null, null, null, null, null, null, null, null,
  ];
}

/** mysql2 row stream → exceljs streaming writer → a stream that counts and discards. */
async function baselineExport(pool: Pool, county: string, village?: string): Promise<{ bytes: number; rows: number }> {
  let bytes = 0;
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('cases', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = BASELINE_HEADERS.map((header) => ({ header, width: 14 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const sql = village ? BASELINE_SQL.replace('WHERE countyCode = ?', 'WHERE countyCode = ? AND villageCode = ?') : BASELINE_SQL;
  const source = pool.pool.query(sql, village ? [county, village] : [county]).stream({ highWaterMark: 1000 }) as Readable;
  let rows = 0;
  await pipeline(
    source,
    new Writable({
      objectMode: true,
      highWaterMark: 1000,
      write(row: RowDataPacket, _encoding, callback) {
        sheet.addRow(baselineCells(row)).commit();
        rows++;
        if (out.writableNeedDrain) out.once('drain', () => callback());
        else callback();
      },
    }),
  );
  sheet.commit();
  await workbook.commit();
  return { bytes, rows };
}

async function baselineChild(s: ChildSettings): Promise<ChildResult> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const pool = createPool(url, 2);
  try {
    const warmStarted = performance.now();
    const warm = await baselineExport(pool, s.county, s.warmVillage);
    const warmup = { ms: performance.now() - warmStarted, bytes: warm.bytes };
    globalThis.gc?.();
    const trace = startTrace();
    const measured = await measureRss(() => baselineExport(pool, s.county));
    const curve = trace.stop();
    const afterGc = settle();
    const { result, ...memory } = measured;
    return { type: 'result', kind: 'baseline', ...memory, bytes: result.bytes, rows: result.rows, status: 0, warmup, curve, afterGc, verify: null };
  } finally {
    await pool.end();
  }
}

/** Exits once the parent has the message (an exit right after send can lose it). */
function tell(message: ChildMessage, code: number): void {
  if (process.send) process.send(message, () => process.exit(code));
  else process.stdout.write(`${JSON.stringify(message, null, 2)}\n`, () => process.exit(code));
}

function childMain(kind: string): void {
  const settings = JSON.parse(process.env.BENCH_EXPORT ?? '{}') as ChildSettings;
  const work = kind === 'service' ? serviceChild(settings) : kind === 'baseline' ? baselineChild(settings) : Promise.reject(new Error(`--child service|baseline, got ${kind}`));
  work.then(
    (result) => tell(result, 0),
    (error: unknown) => tell({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 1),
  );
}

// ------------------------------------------------------------------ parent

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000,200000' },
      county: { type: 'string', default: '152221' },
      timeout: { type: 'string', default: '300' },
      'keep-db': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.replace(/_/g, '')));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error(`--sizes: whole numbers ≥ 100, comma-separated; got ${values.sizes}`);
  if (!/^\d{6}$/.test(values.county)) throw new Error(`--county: a 6-digit county code; got ${values.county}`);
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new Error(`--timeout: seconds; got ${values.timeout}`);
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    county: values.county,
    timeoutMs: timeout * 1000,
    keepDb: values['keep-db'],
    mysqlUrl: process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306/test',
  };
}
type Options = ReturnType<typeof options>;

function runChild(kind: ChildKind, env: NodeJS.ProcessEnv, settings: ChildSettings, timeoutMs: number): Promise<ChildResult> {
  const child = fork(__filename, ['--child', kind], {
    env: { ...env, BENCH_EXPORT: JSON.stringify(settings) },
    execArgv: [...process.execArgv, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let answered = false;
    const timer = setTimeout(() => {
      if (answered) return;
      answered = true;
      child.kill('SIGKILL');
      reject(new Error(`${kind} child took longer than ${seconds(timeoutMs)}: killed`));
    }, timeoutMs);
    child.on('message', (message: ChildMessage) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (message.type === 'result') resolve(message);
      else reject(new Error(message.message));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!answered) {
        answered = true;
        reject(new Error(`${kind} child exited with code ${code} before reporting`));
      }
    });
  });
}

interface Run {
  size: number;
  seedMs: number;
  service: ChildResult | null;
  baseline: ChildResult | null;
  errors: string[];
}

async function runSize(o: Options, size: number, verify: boolean): Promise<Run> {
  const name = `shenbao_bench_export_${size}`;
  const { server, bench } = benchDatabaseUrl(o.mysqlUrl, name);
  await recreateBenchDatabase(server, name);
  const env = benchServiceEnv(bench);
  const dataKey = env.DATA_KEY;
  const pool = createPool(bench, 4);
  const label = fmt(size);
  try {
    const t = Date.now();
    const now = new Date();
    const { staff, villages } = await prepareBenchCounty(env, pool, o.county, now);
    // seedAreaStaff's accounts cannot log in; the county account gets a real password.
    const username = `k${o.county}`;
    const password = `Bench-${randomBytes(9).toString('base64url')}`;
    await pool.query('UPDATE staff_users SET passwordHash = ? WHERE username = ?', [await hashPassword(password), username]);
    say(`[${label}] migrated ${name}; county ${o.county}: ${fmt(staff.towns)} towns, ${fmt(staff.villages)} villages with their staff, in ${seconds(Date.now() - t)}`);

    const seed = await seedCases({
      pool,
      crypto: new FieldCrypto(Buffer.from(dataKey, 'hex')),
      ids: new IdNumberGenerator(o.county),
      villages: new VillagePicker(villages),
      total: size,
      now,
      deferIndexes: true,
    });
    const [[counted]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n, SUM(isOpen) AS open FROM cases WHERE countyCode = ?', [o.county]);
    say(`[${label}] seeded ${fmt(seed.cases)} cases (${fmt(Number(counted.open))} open, the rest closed/monitored/rejected), ${fmt(seed.events)} audit rows in ${seconds(seed.ms)}`);
    if (Number(counted.n) !== size) throw new Error(`expected ${size} cases in county ${o.county}, found ${counted.n}`);

    // The warm-up village: the smallest with a case, so the warm-up is a small export.
    const [[warm]] = await pool.query<RowDataPacket[]>('SELECT villageCode FROM cases WHERE countyCode = ? GROUP BY villageCode ORDER BY COUNT(*) ASC, villageCode LIMIT 1', [o.county]);
    const settings: ChildSettings = { county: o.county, warmVillage: String(warm.villageCode), username, password, expectedRows: size, verify };

    const run: Run = { size, seedMs: seed.ms, service: null, baseline: null, errors: [] };
    for (const kind of ['service', 'baseline'] as const) {
      try {
        const r = await runChild(kind, env, settings, o.timeoutMs);
        run[kind] = r;
        say(
          `[${label}] ${kind}: ${fmt(r.rows)} rows, ${fmt(r.bytes)} bytes in ${seconds(r.ms)}; RSS ${mbs(r.beforeRss)} MB before, peak ${mbs(r.peakRss)} MB (${r.source}), ` +
            `growth ${mbs(r.peakRss - r.beforeRss)} MB; heap peak ${mbs(r.sampledPeakHeap)} MB${r.verify ? `; file: ${fmt(r.verify.rows)} rows × ${r.verify.columns} columns, ${r.verify.fullIdCells} full ID cells` : ''}`,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        run.errors.push(`${kind}: ${message}`);
        say(`[${label}] ${kind} FAILED: ${message.split('\n')[0]}`);
      }
    }
    return run;
  } finally {
    await pool.end().catch(() => undefined);
    if (o.keepDb) say(`kept database ${name} (--keep-db)`);
    else await dropBenchDatabase(server, name);
  }
}

function checks(run: Run): string[] {
  const out: string[] = [];
  const s = run.service;
  if (s) {
    if (s.rows !== run.size) out.push(`service count ${s.rows}, expected ${run.size}`);
    if (s.verify) {
      if (s.verify.rows !== run.size + 1) out.push(`file has ${s.verify.rows} rows, expected ${run.size + 1} (header + ${run.size})`);
      if (s.verify.columns !== 21) out.push(`file has ${s.verify.columns} columns, expected 21`);
      if (s.verify.fullIdCells > 0) out.push(`file has ${s.verify.fullIdCells} cells with a full ID number, e.g. ${s.verify.sample}`);
    }
  }
  if (run.baseline && run.baseline.rows !== run.size) out.push(`baseline wrote ${run.baseline.rows} rows, expected ${run.size}`);
  return out;
}

/** Prints the tables and the verdict; false when a run failed or a check did not pass. */
function report(o: Options, runs: Run[]): boolean {
  const growth = (r: ChildResult) => r.peakRss - r.beforeRss;
  say();
  say(`Case export, county ${o.county}, all of its cases (no filter), newest first`);
  const rows: string[][] = [];
  for (const run of runs) {
    for (const kind of ['service', 'baseline'] as const) {
      const r = run[kind];
      const file = kind === 'service' && r?.verify ? `${fmt(r.verify.rows)} rows, ${r.verify.fullIdCells === 0 ? 'no full ID' : `${r.verify.fullIdCells} FULL IDs`}` : '';
      rows.push(
        r
          ? [fmt(run.size), kind, fmt(r.rows), fmt(r.ms), mbs(r.beforeRss), mbs(r.peakRss), mbs(growth(r)), fmt(r.bytes), fmt(r.bytes / Math.max(1, r.rows)), file]
          : [fmt(run.size), kind, 'FAILED', '–', '–', '–', '–', '–', '–', ''],
      );
    }
  }
  say(table(['size', 'run', 'rows', 'ms', 'MB before', 'MB peak', 'MB growth', 'bytes', 'bytes/row', 'file check'], rows, 2));
  say(
    [
      '  ms: the request (service: GET over HTTP, first byte of the request to last byte of the body, the row count query included; baseline: query to',
      '  workbook commit); MB before: the child\'s RSS just before, after a warm-up export of one village and a GC; MB peak: its peak RSS during the run',
      `  (${runs.find((r) => r.service)?.service?.source ?? 'VmHWM'}: kernel high-water mark reset before the run, with 5 ms samples); MB growth: peak − before.`,
      '  The service child holds both the app and the HTTP client (which only counts bytes); the baseline writes into a stream that counts and discards.',
    ].join('\n'),
  );

  say();
  say('Where the memory is (MB): V8 heap in use before the run, its sampled peak, after the run and two full GCs (what the run kept);');
  say('Buffers outside the heap (external + array buffers, sampled peak); RSS after those GCs.');
  const whereRows: string[][] = [];
  for (const run of runs) {
    for (const kind of ['service', 'baseline'] as const) {
      const r = run[kind];
      if (r) whereRows.push([fmt(run.size), kind, mbs(r.beforeHeap), mbs(r.sampledPeakHeap), mbs(r.afterGc.heap), mbs(r.sampledPeakExternal), mbs(r.peakRss), mbs(r.afterGc.rss), fmt(r.samples)]);
    }
  }
  say(table(['size', 'run', 'heap before', 'heap peak', 'heap after GC', 'external peak', 'RSS peak', 'RSS after GC', 'samples'], whereRows, 2));

  say();
  say('During the run, per fifth of its time (MB): highest RSS sample, and heap in use highest / lowest — a run that kept its rows would climb to the right:');
  const curveRows: string[][] = [];
  for (const run of runs) {
    for (const kind of ['service', 'baseline'] as const) {
      const r = run[kind];
      // A fifth with no sample: the event loop was busy for all of it.
      if (r) curveRows.push([fmt(run.size), kind, ...r.curve.map((p) => (p.rss === 0 ? '– (loop busy)' : `${mbs(p.rss)} (${mbs(p.heap, 0)}/${mbs(p.heapLow, 0)})`))]);
    }
  }
  say(table(['size', 'run', '0–20 %', '20–40 %', '40–60 %', '60–80 %', '80–100 %'], curveRows, 2));

  const problems = runs.flatMap((run) => [...checks(run).map((p) => `${fmt(run.size)}: ${p}`), ...run.errors.map((e) => `${fmt(run.size)}: ${e.split('\n')[0]}`)]);
  say();
  for (const run of runs) {
    const v = run.service?.verify;
    if (v) say(`  file check at ${fmt(run.size)}: parsed with exceljs — ${fmt(v.rows)} rows (expected ${fmt(run.size + 1)}), ${v.columns} columns, ${v.fullIdCells === 0 ? 'no cell matches /\\d{17}[\\dX]/' : `${v.fullIdCells} cells match /\\d{17}[\\dX]/, e.g. ${v.sample}`}`);
  }
  for (const p of problems) say(`  PROBLEM ${p}`);

  const [small, big] = [runs[0], runs[runs.length - 1]];
  if (runs.length >= 2 && small.service && big.service) {
    const factor = big.size / small.size;
    const line = (kind: ChildKind) => {
      const a = small[kind];
      const b = big[kind];
      if (!a || !b) return null;
      const ratio = growth(b) / Math.max(growth(a), 1);
      const perRow = (growth(b) - growth(a)) / (big.size - small.size);
      return { ratio, perRow, text: `${kind}: growth ${mbs(growth(a))} MB at ${fmt(small.size)} → ${mbs(growth(b))} MB at ${fmt(big.size)} = ${fmt(ratio, 2)}× (${fmt(perRow)} bytes per extra row), time ${fmt(b.ms / a.ms, 1)}×` };
    };
    const s = line('service')!;
    const b = line('baseline');
    const holds = factor >= 10 ? s.ratio < GOAL_RATIO : s.ratio < 1 + (GOAL_RATIO - 1) * (factor / 10);
    say();
    say(`VERDICT: ${fmt(factor, 0)}× the rows — ${s.text}${b ? `; ${b.text}` : ''}.`);
    const kept = (r: ChildResult) => `${r.afterGc.heap >= r.beforeHeap ? '+' : ''}${mbs(r.afterGc.heap - r.beforeHeap)} MB`;
    say(
      `  Heap the service kept after the run and two full GCs: ${kept(small.service)} at ${fmt(small.size)}, ${kept(big.service)} at ${fmt(big.size)}; ` +
        `its V8 heap peaked at ${mbs(small.service.sampledPeakHeap)} / ${mbs(big.service.sampledPeakHeap)} MB, buffers outside the heap at ${mbs(small.service.sampledPeakExternal)} / ${mbs(big.service.sampledPeakExternal)} MB.`,
    );
    say(
      holds
        ? `  The goal holds: ${fmt(factor, 0)}× the rows give ${fmt(s.ratio, 2)}× the service's memory growth (goal: well under ${GOAL_RATIO}×); its memory does not grow with the row count.`
        : `  The goal does NOT hold: ${fmt(factor, 0)}× the rows give ${fmt(s.ratio, 2)}× the service's memory growth (peak RSS − RSS before; goal: under ${GOAL_RATIO}×).`,
    );
    const [upper, top] = [runs[runs.length - 2], runs[runs.length - 1]];
    if (runs.length >= 3 && upper.service && top.service) {
      const r = growth(top.service) / Math.max(growth(upper.service), 1);
      say(
        `  Between the two largest sizes (${fmt(top.size / upper.size, 1)}× the rows): service growth ${mbs(growth(upper.service))} → ${mbs(growth(top.service))} MB = ${fmt(r, 2)}×` +
          `${upper.baseline && top.baseline ? `; baseline ${mbs(growth(upper.baseline))} → ${mbs(growth(top.baseline))} MB` : ''} — ` +
          (r < 1 + (top.size / upper.size - 1) / 4 ? 'flat: what memory the export takes is the runtime’s working size, not the rows.' : 'still growing with the rows.'),
      );
    }
  } else {
    say('VERDICT: needs two sizes with a service run each; none given or a run failed.');
  }
  // The exit code says whether the bench ran and the file checked out; the verdict above is the finding.
  return problems.length === 0;
}

async function main(): Promise<number> {
  const o = options();
  const { server } = benchDatabaseUrl(o.mysqlUrl);
  const probe = 'shenbao_bench_export_probe';
  const version = await recreateBenchDatabase(server, probe);
  await dropBenchDatabase(server, probe);
  const cpus = os.cpus();
  say(
    `申报通 export bench — ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'}), ${mbs(os.totalmem(), 0)} MB RAM, Node ${process.version}, MariaDB ${version}; ` +
      `sizes ${o.sizes.map((n) => fmt(n)).join(', ')}; county ${o.county}`,
  );
  const started = Date.now();
  const runs: Run[] = [];
  for (const size of o.sizes) runs.push(await runSize(o, size, size === o.sizes[0]));
  const ok = report(o, runs);
  say(`  (whole bench: ${seconds(Date.now() - started)})`);
  return ok ? 0 : 1;
}

if (process.argv[2] === '--child') childMain(process.argv[3]);
else
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench:export failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
