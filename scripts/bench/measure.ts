import type { Pool } from 'mysql2/promise';
import type { ServerChild } from './children';
import { machineCpuMs, processCpuMs } from './cpu';
import { serverQuestions } from './database';
import { postLoad } from './load';
import type { MeasuredRun } from './report';
import { highWaterMark, resetHighWaterMark } from './rss';
import type { QueryTrace } from './trace';

export interface RunOptions {
  label: string;
  target: ServerChild;
  body: () => unknown;
  headers?: () => Record<string, string>;
  connections: number;
  duration: number;
  /** mariadbd's pid when it runs on this machine, for its CPU time. */
  dbPid: number | null;
  /** Any connection to the database server, for its statement counter. */
  statusPool: Pool;
}

export type TracedRun = MeasuredRun & { trace: { before: QueryTrace; after: QueryTrace } };

/**
 * One autocannon pass against a server child, with the CPU every party spent on it: the server
 * child (its own report over IPC), mariadbd and this process (/proc and process.cpuUsage), and
 * the rest of the machine (/proc/stat minus those three) — on a small shared machine the last
 * one says how much to trust the numbers.
 */
export async function measuredRun(o: RunOptions): Promise<TracedRun> {
  const before = await o.target.trace();
  const questionsBefore = await serverQuestions(o.statusPool);
  const dbBefore = processCpuMs(o.dbPid);
  const machineBefore = machineCpuMs();
  const clientBefore = process.cpuUsage();
  const hwmReset = resetHighWaterMark(o.target.pid);
  const started = Date.now();
  const load = await postLoad({ label: o.label, url: o.target.url, path: '/api/declarations', connections: o.connections, duration: o.duration, body: o.body, headers: o.headers });
  const elapsed = Date.now() - started;
  const peakRss = hwmReset ? highWaterMark(o.target.pid) : null;
  const clientUsage = process.cpuUsage(clientBefore);
  const machineAfter = machineCpuMs();
  const dbAfter = processCpuMs(o.dbPid);
  const after = await o.target.trace();
  // Minus the one SHOW STATUS of ours that the counter includes.
  const statements = (await serverQuestions(o.statusPool)) - questionsBefore - 1;

  const serverMs = (after.cpuMicros - before.cpuMicros) / 1000;
  const clientMs = (clientUsage.user + clientUsage.system) / 1000;
  const dbMs = dbBefore === null || dbAfter === null ? null : dbAfter - dbBefore;
  const otherMs = machineBefore && machineAfter && dbMs !== null ? machineAfter.busy - machineBefore.busy - serverMs - clientMs - dbMs : null;
  const done = Math.max(1, load.completed);
  const loopActive = after.loop.active - before.loop.active;
  const loopTotal = loopActive + after.loop.idle - before.loop.idle;
  return {
    load,
    cpu: {
      server: serverMs / done,
      loop: loopTotal > 0 ? loopActive / loopTotal : 0,
      database: dbMs === null ? null : dbMs / done,
      client: clientMs / done,
      otherCores: otherMs === null ? null : Math.max(0, otherMs / elapsed),
      statements: statements / done,
    },
    peakRssMb: peakRss === null ? null : peakRss / 1024 / 1024,
    trace: { before, after },
  };
}

/** The mean of one target's runs (one per round); counts are summed. */
export function combine(label: string, runs: MeasuredRun[]): MeasuredRun {
  if (runs.length === 1) return { ...runs[0], load: { ...runs[0].load, label } };
  const mean = (f: (r: MeasuredRun) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
  const sum = (f: (r: MeasuredRun) => number) => runs.reduce((a, r) => a + f(r), 0);
  const orNull = (f: (r: MeasuredRun) => number | null) => (runs.some((r) => f(r) === null) ? null : mean((r) => f(r) as number));
  return {
    load: {
      ...runs[0].load,
      label,
      reqPerSec: mean((r) => r.load.reqPerSec),
      p50: mean((r) => r.load.p50),
      p99: mean((r) => r.load.p99),
      ok: sum((r) => r.load.ok),
      completed: sum((r) => r.load.completed),
      non2xx: sum((r) => r.load.non2xx),
      errors: sum((r) => r.load.errors),
      timeouts: sum((r) => r.load.timeouts),
    },
    cpu: {
      server: mean((r) => r.cpu.server),
      loop: mean((r) => r.cpu.loop),
      database: orNull((r) => r.cpu.database),
      client: mean((r) => r.cpu.client),
      otherCores: orNull((r) => r.cpu.otherCores),
      statements: mean((r) => r.cpu.statements),
    },
    peakRssMb: runs.some((r) => r.peakRssMb === null) ? null : Math.max(...runs.map((r) => r.peakRssMb as number)),
  };
}
