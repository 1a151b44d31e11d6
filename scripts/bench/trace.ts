import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';

/** Cumulative figures a server child reports; the parent subtracts two snapshots. */
export interface QueryTrace {
  /** Event-loop busy and idle time (ms) since the process started. */
  loop: { active: number; idle: number };
  /** process.cpuUsage() in µs: user + system, all threads (incl. libuv's pool and GC). */
  cpuMicros: number;
  /** Only with BENCH_TRACE=1 on the service: every SQL statement TypeORM sent. */
  queries: Record<string, { count: number; ms: number }> | null;
}

export function processTrace(queries: QueryTrace['queries']): QueryTrace {
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  return { loop: { active: elu.active, idle: elu.idle }, cpuMicros: cpu.user + cpu.system, queries };
}

/**
 * SQL with its literals and parameter lists folded, so one statement shape is one key. Only the
 * head is read: a bulk INSERT is half a megabyte, and copying it four times per statement would
 * add the trace's own garbage to the memory a benchmark measures.
 */
function shape(sql: string): string {
  return sql
    .slice(0, 1000)
    .replace(/\s+/g, ' ')
    .replace(/'[^']*'/g, '?')
    .replace(/\b\d+\b/g, '?')
    .replace(/\(\?(, \?)*\)/g, '(…)')
    .slice(0, 110);
}

/** Told of every statement as it completes: its SQL, its parameters and its time in the driver. */
export type QueryListener = (sql: string, parameters: unknown, ms: number) => void;

/**
 * Wraps TypeORM's MySQL query runner so every statement is counted and timed (from the driver
 * call to the result, i.e. pool wait excluded, network + server + result parsing included).
 * Investigation only: it is installed when BENCH_TRACE=1 and costs a little itself. `uninstall`
 * puts the runner back.
 */
export function installQueryTrace(db: DataSource, onQuery?: QueryListener): { snapshot: () => QueryTrace; uninstall: () => void } {
  const stats: Record<string, { count: number; ms: number }> = {};
  const runner = db.createQueryRunner();
  const proto = Object.getPrototypeOf(runner) as { query: (this: unknown, sql: string, ...rest: unknown[]) => Promise<unknown> };
  void runner.release();
  const original = proto.query;
  proto.query = async function traced(this: unknown, sql: string, ...rest: unknown[]) {
    const started = performance.now();
    try {
      return await original.call(this, sql, ...rest);
    } finally {
      const ms = performance.now() - started;
      const key = shape(sql);
      const entry = (stats[key] ??= { count: 0, ms: 0 });
      entry.count += 1;
      entry.ms += ms;
      onQuery?.(sql, rest[0], ms);
    }
  };
  return {
    snapshot: () => processTrace(structuredClone(stats)),
    uninstall: () => {
      proto.query = original;
    },
  };
}

/** The service's SQL per declaration from two BENCH_TRACE snapshots taken around one run. */
export function describeTrace(before: QueryTrace, after: QueryTrace, requests: number): string[] {
  if (!after.queries) return [];
  const rows = Object.entries(after.queries)
    .map(([sql, a]) => {
      const b = before.queries?.[sql] ?? { count: 0, ms: 0 };
      return { sql, count: a.count - b.count, ms: a.ms - b.ms };
    })
    .filter((r) => r.count > 0)
    .sort((x, y) => y.ms - x.ms);
  const total = rows.reduce((a, r) => a + r.count, 0);
  const f = (v: number, d: number) => v.toFixed(d);
  const lines = [`  ${f(total / requests, 1)} statements per request (${total} over ${requests} requests); per request: count, ms in the driver (incl. waiting for a pooled connection):`];
  for (const r of rows.slice(0, 14)) lines.push(`    ${f(r.count / requests, 2).padStart(5)}  ${f(r.ms / requests, 2).padStart(6)} ms  ${r.sql}`);
  return lines;
}
