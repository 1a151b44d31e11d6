import type { LoadResult } from './load';
import type { LatencyResult } from './queueLatency';

export const GOALS = { ratio: 0.6, queueP95Ms: 20 } as const;

export interface CpuPerRequest {
  /** Server child: user+system CPU ms per completed request, and its event-loop utilisation. */
  server: number;
  loop: number;
  /** mariadbd CPU ms per request (null when the server is not local). */
  database: number | null;
  /** The load generator (this process). */
  client: number;
  /** CPU (in cores) other processes on the machine used during the run: noise, when above ~0.1. */
  otherCores: number | null;
  /** SQL statements the database server received per request (server-wide counter). */
  statements: number;
}

export interface MeasuredRun {
  load: LoadResult;
  cpu: CpuPerRequest;
}

const n = (value: number, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');
const pad = (s: string, width: number) => (s.length >= width ? s : ' '.repeat(width - s.length) + s);
const padEnd = (s: string, width: number) => (s.length >= width ? s : s + ' '.repeat(width - s.length));

export function table(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i < leftColumns ? padEnd(c, widths[i]) : pad(c, widths[i]))).join('  ');
  return [line(header), '  ' + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function loadTable(runs: MeasuredRun[]): string {
  return table(
    ['run', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors', 'node CPU ms/req', 'loop busy', 'SQL stmts/req', 'mariadbd CPU ms/req', 'client CPU ms/req', 'other load'],
    runs.map(({ load, cpu }) => [
      load.label,
      n(load.reqPerSec),
      n(load.p50),
      n(load.p99),
      n(load.ok),
      n(load.non2xx),
      n(load.errors),
      n(cpu.server, 2),
      `${n(cpu.loop * 100)} %`,
      n(cpu.statements, 1),
      cpu.database === null ? '–' : n(cpu.database, 2),
      n(cpu.client, 2),
      cpu.otherCores === null ? '–' : `${n(cpu.otherCores, 2)} cores`,
    ]),
  );
}

/** Non-2xx responses and connection errors, with a few bodies so they can be explained. */
export function describeFailures(runs: MeasuredRun[]): string[] {
  const lines: string[] = [];
  for (const { load } of runs) {
    if (load.non2xx === 0 && load.errors === 0) continue;
    const codes = Object.entries(load.statusCodes)
      .filter(([code]) => Number(code) >= 300)
      .map(([code, count]) => `${code}×${count}`)
      .join(', ');
    lines.push(`  ${load.label}: ${load.non2xx} non-2xx (${codes || 'none'}), ${load.errors} connection errors, ${load.timeouts} timeouts`);
    for (const [code, bodies] of Object.entries(load.samples)) for (const body of bodies) lines.push(`    ${code}: ${body}`);
  }
  return lines;
}

export interface Summary {
  service: LoadResult;
  bare: LoadResult;
  queue: LatencyResult;
  /** Runs per target that the req/s and p99 figures average. */
  runs: number;
  serviceCpu: CpuPerRequest;
  bareCpu: CpuPerRequest;
}

/** node + mariadbd + load-generator CPU per request: what a request costs the whole machine. */
const totalCpu = (c: CpuPerRequest) => (c.database === null ? null : c.server + c.database + c.client);

export function summaryTable(s: Summary): { text: string; ratio: number; ratioMet: boolean; queueMet: boolean } {
  const ratio = s.service.reqPerSec / s.bare.reqPerSec;
  const ratioMet = ratio >= GOALS.ratio;
  const queueMet = s.queue.p95 <= GOALS.queueP95Ms;
  // On a CPU-bound machine throughput follows CPU per request; this ratio ignores other load.
  const serviceTotal = totalCpu(s.serviceCpu);
  const bareTotal = totalCpu(s.bareCpu);
  const cpuRatio = serviceTotal && bareTotal ? bareTotal / serviceTotal : null;
  const of = s.runs > 1 ? ` (mean of ${s.runs} runs)` : '';
  const text = table(
    ['metric', 'value', 'goal', 'met'],
    [
      [`service POST /api/declarations req/s${of}`, n(s.service.reqPerSec), '', ''],
      [`service POST /api/declarations p99${of}`, `${n(s.service.p99)} ms`, '', ''],
      [`bare Koa+mysql2 req/s${of}`, n(s.bare.reqPerSec), '', ''],
      [`bare Koa+mysql2 p99${of}`, `${n(s.bare.p99)} ms`, '', ''],
      ['ratio service / bare (req/s)', n(ratio, 2), `≥ ${GOALS.ratio.toFixed(1)}`, ratioMet ? 'yes' : 'NO'],
      ['  cross-check: bare / service CPU per request (all processes)', cpuRatio === null ? '–' : n(cpuRatio, 2), '', ''],
      ['GET /api/queue p50', `${n(s.queue.p50, 1)} ms`, '', ''],
      ['GET /api/queue p95', `${n(s.queue.p95, 1)} ms`, `≤ ${GOALS.queueP95Ms} ms`, queueMet ? 'yes' : 'NO'],
      ['GET /api/queue p99', `${n(s.queue.p99, 1)} ms`, '', ''],
    ],
    1,
  );
  return { text, ratio, ratioMet, queueMet };
}

export { n as formatNumber };
