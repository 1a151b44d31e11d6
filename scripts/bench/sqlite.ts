/**
 * The SQLite part of `npm run bench` (issue 10 §3): the embedded default — one county, no setup —
 * with its pragmas as src/store/dataSource.ts sets them (WAL, busy_timeout 5000, synchronous FULL),
 * on a fresh file in a temp directory: intake rate and GET /api/queue latency at BENCH_SQLITE_CASES.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { FieldCrypto } from '../../src/security/fieldCrypto';
import { seedDemoCounty } from '../../src/services/demoSeed';
import { startServer, type ServerChild } from './children';
import { benchServiceEnv } from './database';
import { IdNumberGenerator } from './ids';
import { postLoad, type LoadResult } from './load';
import { randomDeclaration, VillagePicker } from './payload';
import { measureQueue, queueCadres, type LatencyResult } from './queueLatency';
import { formatNumber as fmt, table } from './report';
import { residentTokens } from './residents';
import { loadVillages, seedCases } from './seedCases';

export interface SqliteBenchOptions {
  county: string;
  cases: number;
  connections: number;
  duration: number;
  warmup: number;
  residents: number;
  queueRequests: number;
  keepFile: boolean;
  say: (line?: string) => void;
}

export interface SqliteIntake {
  token: 'none' | 'resident';
  load: LoadResult;
  /** User+system CPU of the service child per completed request, and its event-loop utilisation. */
  cpuMs: number;
  loop: number;
}

export interface SqliteResult {
  cases: number;
  connections: number;
  intake: SqliteIntake[];
  queue: LatencyResult;
  /** Rows in `cases` after the load, and how many open. */
  total: number;
  open: number;
}

/** One autocannon pass with the service child's own CPU and event-loop figures around it. */
async function intakeRun(service: ServerChild, token: SqliteIntake['token'], run: Parameters<typeof postLoad>[0]): Promise<SqliteIntake> {
  const before = await service.trace();
  const load = await postLoad(run);
  const after = await service.trace();
  const active = after.loop.active - before.loop.active;
  const total = active + after.loop.idle - before.loop.idle;
  return { token, load, cpuMs: (after.cpuMicros - before.cpuMicros) / 1000 / Math.max(1, load.completed), loop: total > 0 ? active / total : 0 };
}

export async function benchSqlite(o: SqliteBenchOptions): Promise<SqliteResult> {
  const { say } = o;
  const dir = mkdtempSync(join(os.tmpdir(), 'shenbao-bench-sqlite-'));
  const path = join(dir, 'shenbao.db');
  const env = benchServiceEnv(`sqlite:${path}`);
  let service: ServerChild | null = null;
  let db: Database.Database | null = null;
  try {
    say();
    say(`══ SQLite (embedded default), ${fmt(o.cases)} existing cases — ${path} ══`);
    // 1. Schema and the demo county, through the service's own code (which also sets the pragmas).
    let t = Date.now();
    const app = await createAppContext(loadConfig(env));
    const logins = await seedDemoCounty(app, o.county).finally(() => app.db.destroy());
    if (!logins) throw new Error(`${path} already had regions: seedDemoCounty did nothing`);
    say(`migrated and loaded county ${o.county} (${logins.villages} villages, a cadre each) in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // 2. Bulk cases through a handle of our own; the file stays in WAL mode from step 1.
    db = new Database(path);
    db.pragma('busy_timeout = 5000');
    const villages = await loadVillages(db, o.county);
    const spread = new VillagePicker(villages);
    const ids = new IdNumberGenerator(o.county);
    if (o.cases > 0) {
      const seed = await seedCases({ pool: db, crypto: new FieldCrypto(Buffer.from(env.DATA_KEY, 'hex')), ids, villages: spread, total: o.cases });
      say(
        `seeded ${fmt(seed.cases)} cases (${fmt(seed.open)} open, ${fmt(seed.openPerCadre.mean, 1)} open per cadre, max ${seed.openPerCadre.max}), ` +
          `${fmt(seed.events)} case_events, ${fmt(seed.outbox)} outbox rows in ${(seed.ms / 1000).toFixed(1)} s (${fmt(seed.cases / (seed.ms / 1000))} cases/s)`,
      );
    }
    say(`journal_mode=${String(db.pragma('journal_mode', { simple: true }))} on the file; the service sets on each connection busy_timeout=5000, journal_mode=WAL, synchronous=FULL, foreign_keys=ON`);

    // 3. The service alone (the ceiling is MariaDB-only), with its tokens.
    service = await startServer('service', { ...env, BENCH_TRACE: '0' });
    const tokens = await residentTokens(service, o.residents);
    const target = service;
    const body = () => randomDeclaration(ids, spread);
    if (o.warmup > 0) await postLoad({ label: 'warm-up', url: target.url, path: '/api/declarations', connections: o.connections, duration: o.warmup, body });
    const intake: SqliteIntake[] = [];
    for (const token of ['none', 'resident'] as const) {
      const headers = token === 'resident' ? () => ({ authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)]}` }) : undefined;
      const run = await intakeRun(target, token, { label: `sqlite ${token}`, url: target.url, path: '/api/declarations', connections: o.connections, duration: o.duration, body, headers });
      intake.push(run);
      const l = run.load;
      say(
        `POST /api/declarations — spread over all ${villages.length} villages, ${token === 'resident' ? `resident tokens (${tokens.length})` : 'no token'}, ${o.connections} connections: ` +
          `${fmt(l.reqPerSec)} req/s, p50 ${fmt(l.p50)} ms, p99 ${fmt(l.p99)} ms, ${fmt(l.non2xx)} non-2xx, ${fmt(l.errors)} errors; node CPU ${fmt(run.cpuMs, 2)} ms/req, loop busy ${fmt(run.loop * 100)} %`,
      );
      for (const [code, bodies] of Object.entries(l.samples)) for (const sample of bodies) say(`    ${code}: ${sample}`);
    }

    // 4. Queue latency on this table.
    const queue = await measureQueue({ baseUrl: target.url, password: logins.password, cadres: queueCadres(villages), count: o.queueRequests, warmup: 50, cursorEvery: 10 });
    const counts = db.prepare('SELECT COUNT(*) AS total, SUM(isOpen) AS open FROM cases').get() as { total: number; open: number | null };
    say(
      `GET /api/queue — ${fmt(queue.requests)} sequential requests (after 50 warm-up), ${queue.cadres} cadres, ${queue.withCursor} with a cursor, ` +
        `${fmt(queue.meanItems, 1)} items per page; ${fmt(counts.total)} cases, ${fmt(counts.open ?? 0)} open${queue.failures ? `; ${queue.failures} FAILED` : ''}`,
    );
    say(`  p50 ${fmt(queue.p50, 1)} ms, p95 ${fmt(queue.p95, 1)} ms, p99 ${fmt(queue.p99, 1)} ms, max ${fmt(queue.max, 1)} ms`);
    return { cases: o.cases, connections: o.connections, intake, queue, total: counts.total, open: counts.open ?? 0 };
  } finally {
    await service?.stop().catch(() => undefined);
    db?.close();
    if (o.keepFile) say(`kept ${path} (BENCH_KEEP_DB=1)`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The summary's "SQLite (embedded default)" table: one row per token configuration, the queue beside it. */
export function sqliteTable(r: SqliteResult): string {
  return table(
    ['cases', 'token', 'conns', 'req/s', 'p50 / p99 ms', 'non-2xx', 'node CPU ms/req', 'loop busy', 'queue p50 / p95 / p99 ms'],
    r.intake.map((i) => [
      fmt(r.cases),
      i.token,
      fmt(r.connections),
      fmt(i.load.reqPerSec),
      `${fmt(i.load.p50)} / ${fmt(i.load.p99)}`,
      fmt(i.load.non2xx + i.load.errors),
      fmt(i.cpuMs, 2),
      `${fmt(i.loop * 100)} %`,
      `${fmt(r.queue.p50, 1)} / ${fmt(r.queue.p95, 1)} / ${fmt(r.queue.p99, 1)}`,
    ]),
    2,
  );
}
