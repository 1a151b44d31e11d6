/**
 * Start-up as `npm start` runs the service (after its builds): `node dist/src/main.js` on the
 * bench database, timed from spawn to the first 200 from GET /api/health, with the process's RSS
 * then. The scheduler is on, as in production; no WeChat channel is configured. The bench's own
 * service child runs the sources through @swc-node/register, whose compiler lives in that process:
 * the RSS of what production runs is read here (withProductionService), under the same load.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface StartupRun {
  /** Spawn to the first 200 from /api/health. */
  ms: number;
  /** VmRSS when it first answered. */
  rssMb: number;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

const healthy = (port: number) =>
  new Promise<boolean>((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/api/health', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });

const rssOf = (pid: number) => Number(/^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Builds dist/ when a source changed (quiet when nothing did). */
export function buildService(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'server-build.mjs')], { stdio: 'inherit' });
}

/**
 * Starts `node dist/src/main.js`, waits for its first 200 from /api/health, hands it to `work`,
 * then stops it (SIGTERM, SIGKILL after 10 s).
 */
export async function withProductionService<T>(env: NodeJS.ProcessEnv, work: (service: { url: string; pid: number; readyMs: number }) => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', SCHEDULER: 'on', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode} before it answered`);
      if (await healthy(port)) break;
      if (Number(process.hrtime.bigint() - started) / 1e6 > timeoutMs) throw new Error(`no answer from /api/health after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return await work({ url: `http://127.0.0.1:${port}`, pid: child.pid as number, readyMs: Number(process.hrtime.bigint() - started) / 1e6 });
  } finally {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Builds dist/ if a source changed, then starts the service `runs` times. */
export async function measureStartup(env: NodeJS.ProcessEnv, runs = 3): Promise<StartupRun[]> {
  buildService();
  const results: StartupRun[] = [];
  for (let i = 0; i < runs; i++) {
    // No answer within the timeout is reported as an infinite start, not thrown.
    results.push(await withProductionService(env, async ({ pid, readyMs }) => ({ ms: readyMs, rssMb: rssOf(pid) })).catch(() => ({ ms: Infinity, rssMb: NaN })));
  }
  return results;
}
