/**
 * `npm run bench`: POST /api/declarations against a same-schema ceiling, and GET /api/queue
 * latency, on MariaDB (issue 10 §1; docs/performance.md "Intake bench").
 *
 * The ceiling (scripts/bench/ceiling.ts) is bare node:http + mysql2 sharing no code with src/:
 * per declaration one transaction that reads the village's primary cadre and writes exactly the
 * rows the service writes (case, audit event, the cadre's notice, the resident's receipt). A
 * baseline that ran the service's own queries could not show what those queries cost.
 *
 * For each table size in BENCH_CASES (a comma list, default "0,1000000"):
 *   1. drops and creates the database `shenbao_bench` on MYSQL_URL's server, migrates it and loads
 *      the demo county 152221 (one cadre per village) with seedDemoCounty;
 *   2. bulk-seeds that many cases with multi-row INSERTs (~20 % open; 1 M takes ~2.5 min); then
 *      times start-up as `npm start` runs it (startup.ts: dist/src/main.js to the first 200 from
 *      /api/health, three times, with its RSS);
 *   3. starts the service and the ceiling, each in its own child process; gets BENCH_RESIDENTS
 *      (200) resident tokens from the service (POST /api/auth/wechat, demo codes); checks that one
 *      declaration through each writes the same rows and columns, with and without a token;
 *   4. drives both with autocannon from this process (BENCH_CONNECTIONS (50) connections,
 *      BENCH_DURATION (8) s per run, a fresh valid ID number per request) in four configurations —
 *      spread (every village of the county, weighted) or flood (BENCH_FLOOD_VILLAGES (3) villages,
 *      so a few cadres take thousands of cases), each without and with a resident token — and
 *      BENCH_ROUNDS (2) rounds per configuration  alternating service, ceiling, ceiling+tallies (the same ceiling also writing the overview's tally rows), and again, so
 *      drift on a shared machine hits both alike; figures are the mean of the rounds;
 *   5. times BENCH_QUEUE_REQUESTS (2,000) sequential GET /api/queue as several cadres;
 * (each run also reports the server child's peak RSS, VmHWM reset before it) then drops the
 * database; then the embedded default (scripts/bench/sqlite.ts, issue 10 §3): a
 * fresh SQLite file in a temp dir, migrated, county 152221 loaded, BENCH_SQLITE_CASES (50,000) cases
 * seeded by the same generator, the service alone driven with and without resident tokens over
 * BENCH_SQLITE_CONNECTIONS (10) connections (one writer at a time), and the same queue timing.
 * Prints one summary table over all sizes and the SQLite one. Then, unless BENCH_SUITE=intake,
 * the other benches of issue 10's one run, each in its own process: bench:list at 1,000,000 cases
 * (every staff read, p50/p95, EXPLAIN), bench:reminders (the tick at 1,000,000 open cases) and
 * bench:export (10,000 to 200,000 rows) — ~30 minutes in all on 2 cores. Exit 0 whether or not the goals are
 * met; non-zero on errors.
 *
 * Knobs (env): MYSQL_URL (mysql://root@127.0.0.1:3306/test), BENCH_CASES ("none": no MariaDB sizes),
 * BENCH_SQLITE_CASES (0 skips SQLite), BENCH_SQLITE_CONNECTIONS, BENCH_CONNECTIONS,
 * BENCH_DURATION, BENCH_WARMUP (3 s), BENCH_ROUNDS, BENCH_RESIDENTS, BENCH_FLOOD_VILLAGES,
 * BENCH_QUEUE_REQUESTS, BENCH_SUITE (all | intake: leave out the benches below), BENCH_CONFIGS (a comma list of spread|flood-none|resident), BENCH_PROFILE=<dir> (V8 CPU profiles of both servers + a self-time
 * summary), BENCH_TRACE=1 (count and time every SQL statement the service sends; slows it a
 * little), BENCH_KEEP_DB=1 (leave shenbao_bench and the SQLite file behind).
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { createAppContext } from '../src/app';
import { loadConfig } from '../src/config';
import { FieldCrypto } from '../src/security/fieldCrypto';
import { seedDemoCounty } from '../src/services/demoSeed';
import { startServer, type ServerChild } from './bench/children';
import { findDatabasePid } from './bench/cpu';
import { benchDatabaseUrl, benchServiceEnv, createPool, dropBenchDatabase, recreateBenchDatabase, BENCH_DATABASE } from './bench/database';
import { residentTokens } from './bench/residents';
import { IdNumberGenerator } from './bench/ids';
import { postLoad } from './bench/load';
import { combine, measuredRun } from './bench/measure';
import { randomDeclaration, VillagePicker } from './bench/payload';
import { summarizeProfile } from './bench/profile';
import { measureQueue, queueCadres, type LatencyResult } from './bench/queueLatency';
import { describeFailures, formatNumber as fmt, GOALS, intakeTable, loadTable, verdict, type IntakeRow, type MeasuredRun } from './bench/report';
import { sanityCheck } from './bench/sanity';
import { highWaterMark, resetHighWaterMark } from './bench/rss';
import { measureStartup, withProductionService, type StartupRun } from './bench/startup';
import { benchSqlite, sqliteTable } from './bench/sqlite';
import { loadVillages, seedCases } from './bench/seedCases';
import { describeTrace } from './bench/trace';

const COUNTY = '152221';
const intEnv = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative number, got ${value}`);
  return parsed;
};
const sizesEnv = (value: string | undefined) => {
  if (value?.trim() === 'none') return [];
  const sizes = (value || '0,1000000').split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`BENCH_CASES must be a comma list of non-negative integers, got ${value}`);
  return sizes;
};

const settings = {
  mysqlUrl: process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306/test',
  sizes: sizesEnv(process.env.BENCH_CASES),
  connections: intEnv('BENCH_CONNECTIONS', 50),
  duration: intEnv('BENCH_DURATION', 8),
  warmup: intEnv('BENCH_WARMUP', 3),
  rounds: Math.max(1, intEnv('BENCH_ROUNDS', 2)),
  residents: Math.max(1, intEnv('BENCH_RESIDENTS', 200)),
  floodVillages: Math.max(1, intEnv('BENCH_FLOOD_VILLAGES', 3)),
  queueRequests: intEnv('BENCH_QUEUE_REQUESTS', 2000),
  sqliteCases: intEnv('BENCH_SQLITE_CASES', 50_000),
  // SQLite takes one writer at a time: more connections only lengthen the queue at its lock.
  sqliteConnections: Math.max(1, intEnv('BENCH_SQLITE_CONNECTIONS', 10)),
  profileDir: process.env.BENCH_PROFILE ? resolve(process.env.BENCH_PROFILE) : undefined,
  trace: process.env.BENCH_TRACE === '1',
  keepDb: process.env.BENCH_KEEP_DB === '1',
  // e.g. "flood-none,spread-resident": only those configurations (for profiling one of them).
  // all: then the staff reads, the reminder tick and the export (issue 10's one run); intake: this file's part only.
  suite: process.env.BENCH_SUITE === 'intake' ? 'intake' : 'all',
  configs: process.env.BENCH_CONFIGS ? process.env.BENCH_CONFIGS.split(',').map((c) => c.trim()) : undefined,
};

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const LABELS = { service: 'service', ceiling: 'ceiling', 'ceiling+tallies': 'ceiling+tallies' } as const;

interface SizeResult {
  rows: IntakeRow[];
  queue: LatencyResult;
  startup: StartupRun[];
  production: { reqPerSec: number; peakRssMb: number };
}

async function benchSize(cases: number, env: NodeJS.ProcessEnv, serverUrl: string, benchUrl: string, dbPid: number | null): Promise<SizeResult> {
  await recreateBenchDatabase(serverUrl);
  const children: ServerChild[] = [];
  const pool = createPool(benchUrl, 4);
  try {
    say();
    say(`══ ${fmt(cases)} existing cases ══`);
    // 1. Schema and the demo county, through the service's own code.
    let t = Date.now();
    const app = await createAppContext(loadConfig(env));
    const logins = await seedDemoCounty(app, COUNTY).finally(() => app.db.destroy());
    if (!logins) throw new Error(`${BENCH_DATABASE} already had regions: seedDemoCounty did nothing`);
    say(`migrated and loaded county ${COUNTY} (${logins.villages} villages, a cadre each) in ${seconds(Date.now() - t)}`);

    // 2. Bulk cases.
    const villages = await loadVillages(pool, COUNTY);
    const spread = new VillagePicker(villages);
    // The busiest villages take the flood, as a deadline's rush would.
    const flood = new VillagePicker([...villages].sort((a, b) => b.weight - a.weight).slice(0, settings.floodVillages));
    const ids = new IdNumberGenerator(COUNTY);
    if (cases > 0) {
      // A million random inserts into indexes bigger than the buffer pool took 17 min; a sorted build per index after the load, ~3.
      const seed = await seedCases({ pool, crypto: new FieldCrypto(Buffer.from(String(env.DATA_KEY), 'hex')), ids, villages: spread, total: cases, deferIndexes: cases >= 100_000 });
      say(
        `seeded ${fmt(seed.cases)} cases (${fmt(seed.open)} open, ${fmt(seed.openPerCadre.mean, 1)} open per cadre, max ${seed.openPerCadre.max}), ` +
          `${fmt(seed.events)} case_events, ${fmt(seed.outbox)} outbox rows in ${seconds(seed.ms)} (${fmt(seed.cases / (seed.ms / 1000))} cases/s)`,
      );
    }

    // Start-up as npm start runs it, on this table.
    const startup = await measureStartup(env);
    say(`start-up (node dist/src/main.js, scheduler on, to the first 200 from /api/health): ${startup.map((r) => `${fmt(r.ms)} ms`).join(', ')}; RSS then ${startup.map((r) => fmt(r.rssMb)).join(', ')} MB`);

    // 3. Servers, each in its own process; tokens; same rows.
    if (settings.profileDir) mkdirSync(settings.profileDir, { recursive: true });
    const service = await startServer('service', { ...env, BENCH_TRACE: settings.trace ? '1' : '0' }, settings.profileDir);
    children.push(service);
    const ceiling = await startServer('ceiling', env, settings.profileDir);
    children.push(ceiling);
    const ceilingTallies = await startServer('ceiling+tallies', env);
    children.push(ceilingTallies);
    const targets = [service, ceiling, ceilingTallies];
    const tokens = await residentTokens(service, settings.residents);
    const problems = await sanityCheck(service, ceiling, () => randomDeclaration(ids, spread), tokens[0], benchUrl);
    say(
      problems.length
        ? `WARNING: service and ceiling rows differ:\n  ${problems.join('\n  ')}`
        : `sanity: one declaration each, with and without a token → 201; the same cases, case_events and outbox rows with the same columns filled (${tokens.length} resident tokens ready)`,
    );

    // 4. Load: warm-up, then alternate per configuration.
    if (settings.warmup > 0) {
      t = Date.now();
      for (const target of targets) {
        await postLoad({ label: 'warm-up', url: target.url, path: '/api/declarations', connections: settings.connections, duration: settings.warmup, body: () => randomDeclaration(ids, spread) });
      }
      say(`warm-up ${settings.warmup} s each in ${seconds(Date.now() - t)}`);
    }
    const configs = [
      { spread: 'spread', picker: spread, token: 'none' },
      { spread: 'spread', picker: spread, token: 'resident' },
      { spread: 'flood', picker: flood, token: 'none' },
      { spread: 'flood', picker: flood, token: 'resident' },
    ] as const;
    const rows: IntakeRow[] = [];
    for (const config of configs.filter((c) => !settings.configs || settings.configs.includes(`${c.spread}-${c.token}`))) {
      const body = () => randomDeclaration(ids, config.picker);
      const headers = config.token === 'resident' ? () => ({ authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)]}` }) : undefined;
      const runs: Record<ServerChild['kind'], MeasuredRun[]> = { service: [], ceiling: [], 'ceiling+tallies': [] };
      const traces: string[] = [];
      for (let round = 1; round <= settings.rounds; round++) {
        for (const target of targets) {
          const label = `${LABELS[target.kind]}${settings.rounds > 1 ? ` #${round}` : ''}`;
          const run = await measuredRun({ label, target, body, headers, connections: settings.connections, duration: settings.duration, dbPid, statusPool: pool });
          runs[target.kind].push(run);
          if (target.kind === 'service' && traces.length === 0) traces.push(...describeTrace(run.trace.before, run.trace.after, Math.max(1, run.load.completed)));
        }
      }
      const all = [...runs.service, ...runs.ceiling, ...runs['ceiling+tallies']];
      say();
      say(`POST /api/declarations — ${config.spread === 'spread' ? `spread over all ${villages.length} villages` : `flood on ${settings.floodVillages} villages (${flood.villages.map((v) => v.name).join('、')})`}, ${config.token === 'resident' ? `resident tokens (${tokens.length})` : 'no token'}`);
      say(loadTable(all));
      const failures = describeFailures(all);
      if (failures.length) say(['non-2xx / errors:', ...failures].join('\n'));
      const noisy = all.filter((r) => (r.cpu.otherCores ?? 0) > 0.15);
      if (noisy.length) say(`  NOTE: other processes used CPU during ${noisy.map((r) => `${r.load.label} (${fmt(r.cpu.otherCores ?? 0, 2)} cores)`).join(', ')}: rerun on a quiet machine for firm numbers`);
      if (traces.length) say(['service SQL (BENCH_TRACE=1):', ...traces].join('\n'));
      const row: IntakeRow = { cases, spread: config.spread, token: config.token, service: combine('service', runs.service), ceiling: combine('ceiling', runs.ceiling), ceilingTallies: combine('ceiling+tallies', runs['ceiling+tallies']) };
      const v = verdict(row);
      say(`  → ratio ${fmt(v.ratio, 2)} (goal ≥ ${GOALS.ratio}), p99 ${fmt(v.p99Factor, 2)}× the ceiling's (goal ≤ ${GOALS.p99Factor}); against ceiling+tallies ${fmt(v.talliesRatio, 2)}`);
      rows.push(row);
    }

    // The RSS of what npm start runs, under the spread load without tokens.
    // A start that never answers is a finding of this run, not the end of it.
    const production = await withProductionService(env, async ({ url, pid }) => {
      if (settings.warmup > 0) await postLoad({ label: 'warm-up', url, path: '/api/declarations', connections: settings.connections, duration: settings.warmup, body: () => randomDeclaration(ids, spread) });
      resetHighWaterMark(pid);
      const load = await postLoad({ label: 'npm start', url, path: '/api/declarations', connections: settings.connections, duration: settings.duration, body: () => randomDeclaration(ids, spread) });
      return { reqPerSec: load.reqPerSec, p99: load.p99, failed: load.non2xx + load.errors, peakRssMb: (highWaterMark(pid) ?? NaN) / 1024 / 1024 };
    }).catch((error: unknown) => ({ reqPerSec: NaN, p99: NaN, failed: NaN, peakRssMb: NaN, error: (error as Error).message }));
    say();
    say(
      'error' in production
        ? `npm start's process (dist/src/main.js): FAILED — ${production.error}`
        : `npm start's process (dist/src/main.js) under the spread load without tokens, ${settings.duration} s after a ${settings.warmup} s warm-up: ${fmt(production.reqPerSec)} req/s, p99 ${fmt(production.p99)} ms, ${fmt(production.failed)} non-2xx/errors, peak RSS ${fmt(production.peakRssMb)} MB`,
    );

    // 5. Queue latency on this table.
    const queue = await measureQueue({ baseUrl: service.url, password: logins.password, cadres: queueCadres(villages), count: settings.queueRequests, warmup: 50, cursorEvery: 10 });
    const [[counts]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS total, SUM(isOpen) AS open FROM cases');
    say();
    say(
      `GET /api/queue — ${fmt(queue.requests)} sequential requests (after 50 warm-up) over one keep-alive connection, ${queue.cadres} cadres, ` +
        `${queue.withCursor} with a cursor, ${fmt(queue.meanItems, 1)} items per page; ${fmt(Number(counts.total))} cases, ${fmt(Number(counts.open))} open` +
        `${queue.failures ? `; ${queue.failures} FAILED` : ''}`,
    );
    say(`  p50 ${fmt(queue.p50, 1)} ms, p95 ${fmt(queue.p95, 1)} ms, p99 ${fmt(queue.p99, 1)} ms, max ${fmt(queue.max, 1)} ms (goal p95 ≤ ${GOALS.queueP95Ms} ms)`);

    for (const child of children) await child.stop();
    if (settings.profileDir) {
      say();
      say('CPU profiles (self time, idle excluded):');
      for (const kind of ['service', 'ceiling']) {
        const path = join(settings.profileDir, `${kind}.cpuprofile`);
        try {
          say(summarizeProfile(path));
          // Each size writes its own pair; keep them apart.
          renameSync(path, join(settings.profileDir, `${kind}-${cases}.cpuprofile`));
        } catch (error) {
          say(`  ${kind}: no profile (${(error as Error).message})`);
        }
      }
    }
    return { rows, queue, startup, production: { reqPerSec: production.reqPerSec, peakRssMb: production.peakRssMb } };
  } finally {
    for (const child of children) await child.stop().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  const { server: serverUrl, bench: benchUrl } = benchDatabaseUrl(settings.mysqlUrl);
  const env = benchServiceEnv(benchUrl);
  const mariadb = await recreateBenchDatabase(serverUrl);
  const dbPid = findDatabasePid();
  const cpus = os.cpus();
  say(`申报通 bench — ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'}), Node ${process.version}, ${os.platform()} ${os.arch()}, MariaDB ${mariadb}${dbPid ? ` (local, pid ${dbPid})` : ''}`);
  say(
    `database ${BENCH_DATABASE} on ${new URL(serverUrl).host}; load generator, service and ceiling are separate processes on this machine; ` +
      `autocannon ${settings.connections} connections, ${settings.duration} s per run, ${settings.rounds} rounds (service, ceiling, ceiling+tallies, and again)`,
  );
  const results: SizeResult[] = [];
  try {
    for (const cases of settings.sizes) results.push(await benchSize(cases, env, serverUrl, benchUrl, dbPid));
  } finally {
    if (settings.keepDb) say(`kept database ${BENCH_DATABASE} (BENCH_KEEP_DB=1)`);
    else await dropBenchDatabase(serverUrl);
  }

  const sqlite =
    settings.sqliteCases > 0
      ? await benchSqlite({
          county: COUNTY,
          cases: settings.sqliteCases,
          connections: settings.sqliteConnections,
          duration: settings.duration,
          warmup: settings.warmup,
          residents: settings.residents,
          queueRequests: settings.queueRequests,
          keepFile: settings.keepDb,
          say,
        })
      : null;

  const rows = results.flatMap((r) => r.rows);
  say();
  if (rows.length) say(
    `Summary — POST /api/declarations, service vs same-schema ceiling (mean of ${settings.rounds} runs each; ${cpus.length} CPUs, Node ${process.version}, MariaDB ${mariadb.split('-')[0]}; ` +
      `goals: ratio ≥ ${GOALS.ratio}, p99 ≤ ${GOALS.p99Factor}× ceiling's, zero non-2xx)`,
  );
  if (rows.length) say(intakeTable(rows));
  if (rows.length) say('  (stmts/req = the server-wide Questions counter per request; node CPU = user+system CPU of the server child per request; loop busy = its event-loop utilisation)');
  for (const [i, r] of results.entries()) {
    const slowest = Math.max(...r.startup.map((s) => s.ms));
    say(`npm start's process at ${fmt(settings.sizes[i])} cases under intake load: peak RSS ${fmt(r.production.peakRssMb)} MB at ${fmt(r.production.reqPerSec)} req/s`);
    say(`start-up at ${fmt(settings.sizes[i])} cases: ${r.startup.map((s) => `${fmt(s.ms)} ms`).join(', ')} — goal ≤ 2,000 ms ${slowest <= 2000 ? 'met' : 'NOT met'}`);
    say(`GET /api/queue at ${fmt(settings.sizes[i])} cases: p50 ${fmt(r.queue.p50, 1)} ms, p95 ${fmt(r.queue.p95, 1)} ms, p99 ${fmt(r.queue.p99, 1)} ms — goal p95 ≤ ${GOALS.queueP95Ms} ms ${r.queue.p95 <= GOALS.queueP95Ms ? 'met' : 'NOT met'}`);
  }
  if (sqlite) {
    say();
    say(
      `SQLite (embedded default) — POST /api/declarations spread over the county, ${sqlite.connections} connections, ${settings.duration} s per run, one run each; ` +
        `GET /api/queue ${fmt(sqlite.queue.requests)} sequential requests; WAL, synchronous FULL, busy_timeout 5000 ms`,
    );
    say(sqliteTable(sqlite));
    say(`GET /api/queue on SQLite at ${fmt(sqlite.cases)} cases: p95 ${fmt(sqlite.queue.p95, 1)} ms — goal p95 ≤ ${GOALS.queueP95Ms} ms ${sqlite.queue.p95 <= GOALS.queueP95Ms ? 'met' : 'NOT met'}`);
  }
  const met = rows.filter((r) => verdict(r).met).length;
  if (rows.length) say(`goals met in ${met} of ${rows.length} intake configurations — a measurement, so the exit code stays 0`);
  const failed = results.some((r) => r.queue.failures > 0) || (sqlite?.queue.failures ?? 0) > 0;
  return (settings.suite === 'all' ? runOtherBenches() : 0) || (failed ? 1 : 0);
}

/**
 * The rest of issue 10's run, each bench in its own process with its own database and its own
 * tables: every staff read at a million cases with EXPLAIN, the reminder tick at a million open
 * cases, the export at 10,000 to 200,000 rows.
 */
function runOtherBenches(): number {
  const benches = [
    { title: 'staff reads at 1,000,000 cases (npm run bench:list)', script: 'scripts/bench/caseList.ts', args: ['--cases', '1000000', '--budget', '3', '--requests', '100', '--timeout', '40'] },
    { title: 'the reminder tick at 1,000,000 open cases (npm run bench:reminders)', script: 'scripts/bench/reminders.ts', args: ['--sizes', '1000000', '--variants', 'spread', '--no-breakdown'] },
    { title: 'the case export (npm run bench:export)', script: 'scripts/bench/export.ts', args: [] },
  ];
  let code = 0;
  for (const bench of benches) {
    say();
    say(`══ ${bench.title} ══`);
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', bench.script), ...bench.args], { stdio: 'inherit', env: process.env });
    if (run.status !== 0) {
      say(`${bench.script} exited with ${run.status ?? run.signal}`);
      code = 1;
    }
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
