/**
 * `npm run bench`: throughput of POST /api/declarations against a bare Koa + mysql2 baseline, and
 * the latency of GET /api/queue, on MariaDB with a county of ~100k cases.
 *
 *   1. drops and creates the database `shenbao_bench` on MYSQL_URL's server, migrates it and loads
 *      the demo county 152221 (one cadre per village) with seedDemoCounty;
 *   2. bulk-seeds BENCH_CASES (100,000) cases with multi-row INSERTs (~20 % open);
 *   3. starts the real service (createAppContext + createHttpApp) and the bare baseline
 *      (scripts/bench/bareApp.ts), each in its own child process, and drives both with autocannon
 *      from this process: warm-up, then BENCH_CONNECTIONS (50) connections for BENCH_DURATION
 *      (10) s per run, BENCH_ROUNDS (2) rounds in ABBA order (service, bare, bare, service) so drift
 *      on a shared machine hits both alike; the summary uses the mean; a fresh valid ID per request;
 *   4. times BENCH_QUEUE_REQUESTS (2,000) sequential GET /api/queue as several cadres;
 *   5. prints the summary, drops the database. Exit 0 whether or not the goals are met; non-zero on errors.
 *
 * Knobs (env): MYSQL_URL (mysql://root@127.0.0.1:3306/test), BENCH_CASES, BENCH_CONNECTIONS,
 * BENCH_DURATION, BENCH_WARMUP (3 s), BENCH_ROUNDS, BENCH_QUEUE_REQUESTS, BENCH_PROFILE=<dir>
 * (V8 CPU profiles of both servers + a self-time summary), BENCH_TRACE=1 (count and time every SQL
 * statement the service sends; slows it a little), BENCH_KEEP_DB=1 (leave shenbao_bench behind).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { createAppContext } from '../src/app';
import { loadConfig } from '../src/config';
import { FieldCrypto } from '../src/security/fieldCrypto';
import { seedDemoCounty } from '../src/services/demoSeed';
import { startServer, type ServerChild } from './bench/children';
import { findDatabasePid } from './bench/cpu';
import { benchDatabaseUrl, createPool, dropBenchDatabase, recreateBenchDatabase, BENCH_DATABASE } from './bench/database';
import { IdNumberGenerator } from './bench/ids';
import { postLoad } from './bench/load';
import { combine, measuredRun } from './bench/measure';
import { randomDeclaration, VillagePicker } from './bench/payload';
import { summarizeProfile } from './bench/profile';
import { measureQueue } from './bench/queueLatency';
import { describeFailures, formatNumber as fmt, GOALS, loadTable, summaryTable, type MeasuredRun } from './bench/report';
import { sanityCheck } from './bench/sanity';
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

const settings = {
  mysqlUrl: process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306/test',
  cases: intEnv('BENCH_CASES', 100_000),
  connections: intEnv('BENCH_CONNECTIONS', 50),
  duration: intEnv('BENCH_DURATION', 10),
  warmup: intEnv('BENCH_WARMUP', 3),
  rounds: Math.max(1, intEnv('BENCH_ROUNDS', 2)),
  queueRequests: intEnv('BENCH_QUEUE_REQUESTS', 2000),
  profileDir: process.env.BENCH_PROFILE ? resolve(process.env.BENCH_PROFILE) : undefined,
  trace: process.env.BENCH_TRACE === '1',
  keepDb: process.env.BENCH_KEEP_DB === '1',
};

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const { server: serverUrl, bench: benchUrl } = benchDatabaseUrl(settings.mysqlUrl);
  const dataKey = randomBytes(32).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: benchUrl,
    LOG_LEVEL: 'silent',
    DATA_KEY: dataKey,
    AUTH_SECRET: randomBytes(32).toString('hex'),
  };
  const mariadb = await recreateBenchDatabase(serverUrl);
  const dbPid = findDatabasePid();
  const cpus = os.cpus();
  say(`申报通 bench — ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'}), Node ${process.version}, ${os.platform()} ${os.arch()}, MariaDB ${mariadb}${dbPid ? ` (local, pid ${dbPid})` : ''}`);
  say(`database ${BENCH_DATABASE} on ${new URL(serverUrl).host}; load generator, service and baseline are separate processes on this machine`);

  const children: ServerChild[] = [];
  const pool = createPool(benchUrl, 4);
  try {
    // 1. Schema and the demo county, through the service's own code.
    let t = Date.now();
    const app = await createAppContext(loadConfig(env));
    const logins = await seedDemoCounty(app, COUNTY).finally(() => app.db.destroy());
    if (!logins) throw new Error(`${BENCH_DATABASE} already had regions: seedDemoCounty did nothing`);
    say(`migrated and loaded county ${COUNTY} (${logins.villages} villages, a cadre each) in ${seconds(Date.now() - t)}`);

    // 2. Bulk cases.
    const villages = await loadVillages(pool, COUNTY);
    const picker = new VillagePicker(villages);
    const ids = new IdNumberGenerator(COUNTY);
    const seed = await seedCases({ pool, crypto: new FieldCrypto(Buffer.from(dataKey, 'hex')), ids, villages: picker, total: settings.cases });
    say(
      `seeded ${fmt(seed.cases)} cases (${fmt(seed.open)} open, ${fmt(seed.openPerCadre.mean, 1)} open per cadre, max ${seed.openPerCadre.max}), ` +
        `${fmt(seed.events)} case_events, ${fmt(seed.outbox)} outbox rows in ${seconds(seed.ms)} ` +
        `(multi-row INSERTs via mysql2; phone/ID ciphertexts are real AES-256-GCM from FieldCrypto, hashes real HMAC)`,
    );

    // 3. Servers, each in its own process.
    if (settings.profileDir) mkdirSync(settings.profileDir, { recursive: true });
    const service = await startServer('service', { ...env, BENCH_TRACE: settings.trace ? '1' : '0' }, settings.profileDir);
    children.push(service);
    const bare = await startServer('bare', env, settings.profileDir);
    children.push(bare);
    const body = () => randomDeclaration(ids, picker);
    const problems = await sanityCheck(service, bare, body, benchUrl);
    say(problems.length ? `WARNING: service and bare rows differ:\n  ${problems.join('\n  ')}` : 'sanity: one declaration each → 201; the service and bare rows fill the same columns');

    // 4. Load: warm-up, then alternate.
    if (settings.warmup > 0) {
      t = Date.now();
      for (const target of [service, bare]) await postLoad({ label: 'warm-up', url: target.url, path: '/api/declarations', connections: settings.connections, duration: settings.warmup, body });
      say(`warm-up ${settings.warmup} s each in ${seconds(Date.now() - t)}`);
    }
    const runs: Record<'service' | 'bare', MeasuredRun[]> = { service: [], bare: [] };
    const traces: string[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      for (const target of round % 2 === 1 ? [service, bare] : [bare, service]) {
        const label = `${target.kind === 'service' ? 'service (Koa+TypeORM)' : 'bare (Koa+mysql2)'}${settings.rounds > 1 ? ` #${round}` : ''}`;
        const run = await measuredRun({ label, target, body, connections: settings.connections, duration: settings.duration, dbPid, statusPool: pool });
        runs[target.kind].push(run);
        if (target.kind === 'service' && traces.length === 0) traces.push(...describeTrace(run.trace.before, run.trace.after, Math.max(1, run.load.completed)));
      }
    }
    say();
    say(`POST /api/declarations — autocannon, ${settings.connections} connections, ${settings.duration} s per run, a fresh valid ID number per request`);
    const all = [...runs.service, ...runs.bare];
    say(loadTable(settings.rounds > 1 ? [...all, combine('service (mean)', runs.service), combine('bare (mean)', runs.bare)] : all));
    say('  (CPU columns: user+system CPU per completed request of the server child, of mariadbd and of this load generator; loop busy = the server\'s event-loop utilisation; SQL stmts = the server-wide Questions counter per request; other load = CPU the rest of the machine used meanwhile)');
    const noisy = all.filter((r) => (r.cpu.otherCores ?? 0) > 0.15);
    if (noisy.length) {
      say(`  NOTE: other processes used CPU during ${noisy.map((r) => `${r.load.label} (${fmt(r.cpu.otherCores ?? 0, 2)} cores)`).join(', ')}: on a ${cpus.length}-CPU machine that skews req/s; rerun on a quiet machine for firm numbers`);
    }
    const failures = describeFailures(all);
    say(failures.length ? ['non-2xx / errors:', ...failures].join('\n') : '  every response was 2xx');
    if (traces.length) say(['service SQL (BENCH_TRACE=1):', ...traces].join('\n'));

    // 5. Queue latency, with the database now past 100k cases.
    const busiest = [...villages].sort((a, b) => b.weight - a.weight);
    const cadres = [...busiest.slice(0, 4), ...busiest.slice(-2), busiest[Math.floor(busiest.length / 2)], busiest[Math.floor(busiest.length / 3)]];
    const queue = await measureQueue({ baseUrl: service.url, password: logins.password, cadres, count: settings.queueRequests, warmup: 50, cursorEvery: 10 });
    const [[counts]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS total, SUM(isOpen) AS open FROM cases');
    say();
    say(
      `GET /api/queue — ${fmt(queue.requests)} sequential requests (after 50 warm-up) over one keep-alive connection, ${queue.cadres} cadres, ` +
        `${queue.withCursor} with a cursor, ${fmt(queue.meanItems, 1)} items per page; latency measured client-side with process.hrtime; ` +
        `${fmt(Number(counts.total))} cases, ${fmt(Number(counts.open))} open${queue.failures ? `; ${queue.failures} FAILED` : ''}`,
    );
    say(`  p50 ${fmt(queue.p50, 1)} ms, p95 ${fmt(queue.p95, 1)} ms, p99 ${fmt(queue.p99, 1)} ms, max ${fmt(queue.max, 1)} ms`);

    // 6. Summary.
    const service1 = combine('service', runs.service);
    const bare1 = combine('bare', runs.bare);
    const summary = summaryTable({ service: service1.load, bare: bare1.load, serviceCpu: service1.cpu, bareCpu: bare1.cpu, queue, runs: settings.rounds });
    say();
    say(`Summary (${cpus.length} CPUs, Node ${process.version}, MariaDB ${mariadb.split('-')[0]}; goals: ratio ≥ ${GOALS.ratio}, queue p95 ≤ ${GOALS.queueP95Ms} ms)`);
    say(summary.text);
    say(`goals: ratio ${summary.ratioMet ? 'met' : 'NOT met'}, queue p95 ${summary.queueMet ? 'met' : 'NOT met'} — a measurement, so the exit code stays 0`);

    for (const child of children) await child.stop();
    if (settings.profileDir) {
      say();
      say('CPU profiles (self time, idle excluded):');
      for (const kind of ['service', 'bare']) {
        try {
          say(summarizeProfile(join(settings.profileDir, `${kind}.cpuprofile`)));
        } catch (error) {
          say(`  ${kind}: no profile (${(error as Error).message})`);
        }
      }
    }
    return queue.failures > 0 ? 1 : 0;
  } finally {
    for (const child of children) await child.stop().catch(() => undefined);
    await pool.end().catch(() => undefined);
    if (settings.keepDb) say(`kept database ${BENCH_DATABASE} (BENCH_KEEP_DB=1)`);
    else await dropBenchDatabase(serverUrl);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
