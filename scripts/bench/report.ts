import type { LoadResult } from './load';

/** Issue 10: ≥ 0.8 of the same-schema ceiling's req/s, p99 ≤ 1.5× the ceiling's, zero non-2xx; queue p95 ≤ 20 ms. */
export const GOALS = { ratio: 0.8, p99Factor: 1.5, queueP95Ms: 20 } as const;

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
  /** The server child's peak RSS during the run (VmHWM reset before it), null off Linux. */
  peakRssMb: number | null;
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
    ['run', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors', 'node CPU ms/req', 'loop busy', 'SQL stmts/req', 'mariadbd CPU ms/req', 'client CPU ms/req', 'peak RSS MB', 'other load'],
    runs.map(({ load, cpu, peakRssMb }) => [
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
      peakRssMb === null ? '–' : n(peakRssMb),
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

/** One load configuration (table size × spread × token) with the mean of each target's runs. */
export interface IntakeRow {
  cases: number;
  spread: string;
  token: string;
  service: MeasuredRun;
  ceiling: MeasuredRun;
  /** The ceiling that also writes the overview's tally rows: what the service's design adds, priced. */
  ceilingTallies: MeasuredRun;
}

export interface IntakeVerdict {
  ratio: number;
  talliesRatio: number;
  p99Factor: number;
  met: boolean;
}

export function verdict(row: IntakeRow): IntakeVerdict {
  const ratio = row.service.load.reqPerSec / row.ceiling.load.reqPerSec;
  const p99Factor = row.service.load.p99 / row.ceiling.load.p99;
  const met = ratio >= GOALS.ratio && p99Factor <= GOALS.p99Factor && row.service.load.non2xx + row.service.load.errors === 0;
  return { ratio, talliesRatio: row.service.load.reqPerSec / row.ceilingTallies.load.reqPerSec, p99Factor, met };
}

/** The intake figures per configuration: service beside ceiling, and whether the goals hold. */
export function intakeTable(rows: IntakeRow[]): string {
  return table(
    ['cases', 'spread', 'token', 'svc req/s', 'ceil req/s', 'ratio', 'ceil+tallies req/s', 'ratio to it', 'svc p50/p99 ms', 'ceil p50/p99 ms', 'p99 ×', 'non-2xx svc/ceil', 'stmts/req svc/ceil', 'node CPU ms/req svc/ceil', 'loop busy svc/ceil', 'svc peak RSS MB', 'goals'],
    rows.map((r) => {
      const v = verdict(r);
      const { service: s, ceiling: c } = r;
      return [
        n(r.cases),
        r.spread,
        r.token,
        n(s.load.reqPerSec),
        n(c.load.reqPerSec),
        n(v.ratio, 2),
        n(r.ceilingTallies.load.reqPerSec),
        n(v.talliesRatio, 2),
        `${n(s.load.p50)} / ${n(s.load.p99)}`,
        `${n(c.load.p50)} / ${n(c.load.p99)}`,
        n(v.p99Factor, 2),
        `${n(s.load.non2xx + s.load.errors)} / ${n(c.load.non2xx + c.load.errors)}`,
        `${n(s.cpu.statements, 1)} / ${n(c.cpu.statements, 1)}`,
        `${n(s.cpu.server, 2)} / ${n(c.cpu.server, 2)}`,
        `${n(s.cpu.loop * 100)} % / ${n(c.cpu.loop * 100)} %`,
        s.peakRssMb === null ? '–' : n(s.peakRssMb),
        v.met ? 'met' : 'NOT met',
      ];
    }),
    3,
  );
}

export { n as formatNumber };
