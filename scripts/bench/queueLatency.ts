import { httpJson } from './http';
import type { BenchVillage } from './payload';

export interface LatencyResult {
  requests: number;
  withCursor: number;
  cadres: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanItems: number;
  failures: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The cadres whose queues are timed: the four busiest villages', the two quietest, and two in between. */
export function queueCadres(villages: readonly BenchVillage[]): BenchVillage[] {
  const busiest = [...villages].sort((a, b) => b.weight - a.weight);
  return [...busiest.slice(0, 4), ...busiest.slice(-2), busiest[Math.floor(busiest.length / 2)], busiest[Math.floor(busiest.length / 3)]];
}

async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await httpJson('POST', `${baseUrl}/api/auth/login`, { body: { username, password } });
  const token = (res.body as { token?: string }).token;
  if (res.status !== 200 || !token) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}

/**
 * Client-side latency of GET /api/queue: `count` sequential requests over one keep-alive
 * connection, timed with process.hrtime from write to last byte. Rotates over cadres (the
 * busiest villages first, then a spread), and every `cursorEvery`-th request asks for the
 * second page with the cursor the first page returned. Logins stay under the login rate
 * limit (20 a minute per address).
 */
export async function measureQueue(options: {
  baseUrl: string;
  password: string;
  cadres: BenchVillage[];
  count: number;
  warmup: number;
  cursorEvery: number;
}): Promise<LatencyResult> {
  const sessions: { username: string; token: string; cursor: string | null }[] = [];
  for (const v of options.cadres) sessions.push({ username: v.cadreUsername, token: await login(options.baseUrl, v.cadreUsername, options.password), cursor: null });

  const timings: number[] = [];
  let failures = 0;
  let items = 0;
  let withCursor = 0;
  for (let i = 0; i < options.warmup + options.count; i++) {
    const session = sessions[i % sessions.length];
    const useCursor = session.cursor !== null && i % options.cursorEvery === 0;
    const url = `${options.baseUrl}/api/queue${useCursor ? `?cursor=${encodeURIComponent(session.cursor as string)}` : ''}`;
    const started = process.hrtime.bigint();
    const res = await httpJson('GET', url, { token: session.token });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const body = res.body as { items?: unknown[]; nextCursor?: string | null };
    if (res.status !== 200 || !Array.isArray(body.items)) {
      failures++;
      if (failures <= 3) process.stderr.write(`queue ${session.username}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}\n`);
      continue;
    }
    if (!useCursor && body.nextCursor) session.cursor = body.nextCursor;
    if (i < options.warmup) continue;
    timings.push(ms);
    items += body.items.length;
    if (useCursor) withCursor++;
  }
  const sorted = [...timings].sort((a, b) => a - b);
  return {
    requests: timings.length,
    withCursor,
    cadres: sessions.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    meanItems: timings.length ? items / timings.length : 0,
    failures,
  };
}
