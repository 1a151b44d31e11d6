/**
 * The child process of `npm run bench:reminders`: one reminder tick against a seeded database,
 * in a fresh process so its peak RSS is the tick's (plus a service process's baseline), not the
 * seeder's. BENCH_TICK (JSON) says when: `{at, watermark, breakdown}` (ISO instants).
 *
 *   1. headline — the watermark set, then `runReminderTick(app, at)` timed, its peak RSS measured;
 *   2. breakdown (optional) — the tick's rows deleted and the watermark set back, then the same
 *      tick again with every SQL statement timed and a V8 CPU profile: first its read-only phases
 *      one by one (planReminders, knownKeys, compose), then the whole tick; EXPLAIN of each
 *      distinct statement the planner sent to `cases`.
 *
 * Reports `{type:'result', …}` (TickChildResult) or `{type:'error', message}` over IPC (as JSON on
 * stdout when run by hand), then exits. Reminder rows and reminder messages already in the
 * database are deleted first.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { compose } from '../../src/jobs/reminders/compose';
import { knownKeys, planReminders } from '../../src/jobs/reminders/plan';
import { ensureJobRow, REMINDER_JOB, runReminderTick, tickWindow, type TickReport } from '../../src/jobs/reminders/tick';
import { createLogger } from '../../src/logger';
import { workCalendar } from '../../src/services/workCalendar';
import type { AppContext } from '../../src/services/context';
import { JobLease } from '../../src/store/entities';
import { findDatabasePid, processCpuMs } from './cpu';
import { summarizeProfile } from './profile';
import { measureRss, type RssResult } from './rss';
import { installQueryTrace } from './trace';

export interface TickSettings {
  at: string;
  watermark: string;
  breakdown: boolean;
}

export interface SqlCategory {
  name: string;
  count: number;
  ms: number;
}

export interface Phase {
  name: string;
  ms: number;
  sqlMs: number;
  statements: number;
  detail: string;
}

/** The headline tick: its report, wall time and memory (RssResult), CPU, rows, and SQL by part. */
export interface TickChildResult extends Omit<RssResult<unknown>, 'result'> {
  type: 'result';
  report: Omit<TickReport, 'from' | 'to'> & { from: string; to: string };
  /** This process's user + system CPU during the tick, and the local mariadbd's (null when not local). */
  cpuMs: number;
  dbCpuMs: number | null;
  reminderRows: number;
  outboxRows: number;
  /** The biggest outbox payload written (bytes of its JSON text) and how many reminders it carries. */
  largestPayload: { bytes: number; reminders: number };
  /** The headline tick's SQL by part (time in the driver: network + server + result parsing). */
  sql: SqlCategory[];
  breakdown: null | {
    phases: Phase[];
    categories: SqlCategory[];
    topStatements: { sql: string; count: number; ms: number }[];
    explains: { sql: string; rows: Record<string, unknown>[] }[];
    profile: string;
  };
}
export type TickChildMessage = TickChildResult | { type: 'error'; message: string };

const compact = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** Which part of the tick a statement belongs to. */
function category(sql: string): string {
  // The head is enough to tell, and copying a half-megabyte INSERT would count the bench's own garbage.
  const s = compact(sql.slice(0, 2000));
  if (/^SELECT uniqueKey FROM reminders/i.test(s)) return 'knownKeys: SELECT reminders';
  if (/^INSERT INTO `?reminders`?/i.test(s)) return 'write: INSERT reminders';
  if (/^INSERT INTO `?outbox`?/i.test(s)) return 'write: INSERT outbox';
  if (/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(s)) return 'write: transaction';
  if (/job_leases/i.test(s)) return 'watermark / lease';
  if (/^SELECT .*SUM\(CASE WHEN/i.test(s)) return 'plan: area digest (cases GROUP BY)';
  if (/^SELECT .* FROM `?cases`?/i.test(s)) return 'plan: due cases (cases range)';
  if (/FROM `?(staff_users|regions|residents)`?/i.test(s)) return 'plan: recipients (staff, regions, residents)';
  return 'plan: other (ladders, campaigns, calendar)';
}


/** Counts one statement of `sql`'s part; returns the part's name. */
function tally(parts: Map<string, SqlCategory>, sql: string, ms: number): string {
  const name = category(sql);
  const entry = parts.get(name) ?? { name, count: 0, ms: 0 };
  entry.count++;
  entry.ms += ms;
  parts.set(name, entry);
  return name;
}

/** Sums statements by part of the tick while `work` runs. */
async function byPart<T>(app: AppContext, work: () => Promise<T>): Promise<{ result: T; sql: SqlCategory[] }> {
  const parts = new Map<string, SqlCategory>();
  const trace = installQueryTrace(app.db, (sql, _parameters, ms) => void tally(parts, sql, ms));
  try {
    return { result: await work(), sql: [...parts.values()].sort((a, b) => b.ms - a.ms) };
  } finally {
    trace.uninstall();
  }
}

/** The state before any tick of the window: no reminder rows or messages, the watermark at `watermark`. */
async function resetTick(app: AppContext, watermark: Date): Promise<void> {
  await app.db.query('DELETE FROM reminders');
  await app.db.query("DELETE FROM outbox WHERE kind = 'reminder'");
  await ensureJobRow(app, REMINDER_JOB);
  await app.db.getRepository(JobLease).update({ name: REMINDER_JOB }, { watermark });
}

async function counts(app: AppContext): Promise<{ reminderRows: number; outboxRows: number; largestPayload: { bytes: number; reminders: number } }> {
  const [[r], [o], [big]] = (await Promise.all([
    app.db.query('SELECT COUNT(*) AS n FROM reminders'),
    app.db.query("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'reminder'"),
    app.db.query("SELECT LENGTH(payload) AS bytes, payload FROM outbox WHERE kind = 'reminder' ORDER BY LENGTH(payload) DESC LIMIT 1"),
  ])) as [{ n: string }[], { n: string }[], { bytes: number; payload: string }[]];
  const items = big ? ((JSON.parse(big.payload) as { items?: unknown[] }).items ?? []) : [];
  return { reminderRows: Number(r.n), outboxRows: Number(o.n), largestPayload: { bytes: big ? Number(big.bytes) : 0, reminders: items.length } };
}

async function breakdown(app: AppContext, at: Date, watermark: Date): Promise<NonNullable<TickChildResult['breakdown']>> {
  await resetTick(app, watermark);

  const byCategory = new Map<string, SqlCategory>();
  const caseStatements = new Map<string, { sql: string; parameters: unknown }>();
  let phaseSql = { ms: 0, count: 0 };
  const trace = installQueryTrace(app.db, (sql, parameters, ms) => {
    const name = tally(byCategory, sql, ms);
    phaseSql = { ms: phaseSql.ms + ms, count: phaseSql.count + 1 };
    if (name.startsWith('plan: due') || name.startsWith('plan: area')) {
      const key = compact(sql);
      if (!caseStatements.has(key)) caseStatements.set(key, { sql, parameters });
    }
  });
  const phases: Phase[] = [];
  const phase = async <T>(name: string, work: () => Promise<T> | T, detail: (result: T) => string): Promise<T> => {
    phaseSql = { ms: 0, count: 0 };
    const started = process.hrtime.bigint();
    const result = await work();
    phases.push({ name, ms: Number(process.hrtime.bigint() - started) / 1e6, sqlMs: phaseSql.ms, statements: phaseSql.count, detail: detail(result) });
    return result;
  };

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    const manager = app.db.manager;
    const { from, to } = await tickWindow(manager, at);
    const calendar = await workCalendar(manager);
    const planned = await phase('planReminders (read-only)', () => planReminders(manager, from, to, calendar), (p) => `${p.length} reminders planned`);
    const known = await phase('knownKeys (read-only)', () => knownKeys(manager, planned.map((p) => p.key)), (k) => `${planned.length} keys looked up, ${k.size} known`);
    await phase('compose (in memory)', () => compose(planned.filter((p) => !known.has(p.key)), at), (m) => `${m.length} messages`);
    const before = new Map([...byCategory].map(([name, c]) => [name, { ...c }]));
    await phase('whole runReminderTick', () => runReminderTick(app, at), (r) => `${r.recorded} recorded, ${r.messages} messages`);
    // The tick's own statements, apart from the read-only replay before it.
    const categories = [...byCategory.values()].map((c) => {
      const b = before.get(c.name) ?? { count: 0, ms: 0 };
      return { name: c.name, count: c.count - b.count, ms: c.ms - b.ms };
    });
    const { profile } = await session.post('Profiler.stop');
    const path = join(tmpdir(), `reminder-tick-${process.pid}.cpuprofile`);
    writeFileSync(path, JSON.stringify(profile));
    trace.uninstall();
    const snapshot = trace.snapshot().queries ?? {};
    const explains: { sql: string; rows: Record<string, unknown>[] }[] = [];
    for (const { sql, parameters } of caseStatements.values()) {
      explains.push({ sql: compact(sql), rows: (await app.db.query(`EXPLAIN ${sql}`, parameters as unknown[])) as Record<string, unknown>[] });
    }
    return {
      phases,
      categories: categories.filter((c) => c.count > 0).sort((a, b) => b.ms - a.ms),
      topStatements: Object.entries(snapshot)
        .map(([sql, s]) => ({ sql, ...s }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 10),
      explains,
      profile: summarizeProfile(path, 15),
    };
  } finally {
    session.disconnect();
  }
}

async function main(): Promise<TickChildResult> {
  const settings = JSON.parse(process.env.BENCH_TICK ?? '{}') as TickSettings;
  const at = new Date(settings.at);
  const watermark = new Date(settings.watermark);
  if (Number.isNaN(at.getTime()) || Number.isNaN(watermark.getTime())) throw new Error(`BENCH_TICK must carry at and watermark: ${process.env.BENCH_TICK}`);
  const app = await createAppContext(loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' }), { logger: createLogger('silent'), clock: () => at });
  try {
    // Whatever an earlier (failed) tick left is cleared: the tick starts from the watermark alone.
    await resetTick(app, watermark);
    // A warm process, as the scheduler's would be: the calendar and TypeORM's metadata are loaded once at start.
    await workCalendar(app.db.manager);
    const dbPid = findDatabasePid();
    const dbBefore = processCpuMs(dbPid);
    const cpuBefore = process.cpuUsage();
    const measured = await measureRss(() => byPart(app, () => runReminderTick(app, at)));
    const cpu = process.cpuUsage(cpuBefore);
    const dbAfter = processCpuMs(dbPid);
    const { result: tick, ...memory } = measured;
    const { from, to, ...rest } = tick.result;
    const result: TickChildResult = {
      type: 'result',
      ...memory,
      report: { ...rest, from: from.toISOString(), to: to.toISOString() },
      cpuMs: (cpu.user + cpu.system) / 1000,
      dbCpuMs: dbBefore === null || dbAfter === null ? null : dbAfter - dbBefore,
      sql: tick.sql,
      ...(await counts(app)),
      breakdown: settings.breakdown ? await breakdown(app, at, watermark) : null,
    };
    return result;
  } finally {
    await app.db.destroy();
  }
}

/** Exits once the parent has the message (an exit right after send can lose it). */
const tell = (message: TickChildMessage, code: number) => {
  if (process.send) process.send(message, () => process.exit(code));
  else process.stdout.write(`${JSON.stringify(message, null, 2)}\n`, () => process.exit(code));
};

main().then(
  (result) => tell(result, 0),
  (error: unknown) => tell({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 1),
);
