/**
 * A child process serving one side of the benchmark, so the load generator (the parent) never
 * shares an event loop with the server it measures:
 *   service — the real app: createAppContext(loadConfig(env)) and createHttpApp(app).listen(0)
 *   ceiling — the same-schema ceiling (ceiling.ts): node:http + mysql2, nothing from src/
 *   ceiling+tallies — the same, also writing the overview's tally rows
 * Each side's modules are loaded only in its own child, so the ceiling's process never even
 * loads the service's code.
 * Reports {type:'ready', port} over IPC; on {type:'stop'} closes the server and the pool and exits,
 * which is also when --cpu-prof (BENCH_PROFILE) writes its profile.
 */
import { once } from 'node:events';
import type { AddressInfo, Server } from 'node:net';
import { processTrace, type QueryTrace } from './trace';

export type ServerKind = 'service' | 'ceiling' | 'ceiling+tallies';
export type ChildMessage = { type: 'ready'; port: number } | { type: 'trace'; trace: QueryTrace } | { type: 'error'; message: string };
export type ParentMessage = { type: 'stop' } | { type: 'trace' };

async function start(kind: ServerKind): Promise<{ server: Server; close: () => Promise<void>; trace: () => QueryTrace }> {
  if (kind === 'service') {
    await import('reflect-metadata');
    const [{ createAppContext }, { loadConfig }, { createHttpApp }, { installQueryTrace }] = await Promise.all([
      import('../../src/app'),
      import('../../src/config'),
      import('../../src/http/app'),
      import('./trace'),
    ]);
    const app = await createAppContext(loadConfig({ ...process.env, NODE_ENV: 'test' }));
    const trace = process.env.BENCH_TRACE === '1' ? installQueryTrace(app.db) : null;
    const server = createHttpApp(app).listen(0, '127.0.0.1');
    return { server, close: () => app.db.destroy(), trace: () => trace?.snapshot() ?? processTrace(null) };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const { startCeiling } = await import('./ceiling');
  const ceiling = await startCeiling(url, Buffer.from(process.env.DATA_KEY ?? '', 'hex'), { tallies: kind === 'ceiling+tallies' });
  return { server: ceiling.server, close: () => ceiling.close(), trace: () => processTrace(null) };
}

async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  if (kind !== 'service' && kind !== 'ceiling' && kind !== 'ceiling+tallies') throw new Error(`usage: server.ts service|ceiling|ceiling+tallies, got ${kind}`);
  const { server, close, trace } = await start(kind);
  if (!server.listening) await once(server, 'listening');
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'trace') {
      process.send?.({ type: 'trace', trace: trace() } satisfies ChildMessage);
      return;
    }
    server.close();
    (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    close()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  });
  // The parent went away without saying stop: do not linger.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port } satisfies ChildMessage);
}

main().catch((error: unknown) => {
  process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ChildMessage);
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100);
});
