import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { ChildMessage, ParentMessage, ServerKind } from './server';
import type { QueryTrace } from './trace';

/** A server child (server.ts) seen from the parent. */
export interface ServerChild {
  kind: ServerKind;
  url: string;
  pid: number;
  trace(): Promise<QueryTrace>;
  stop(): Promise<void>;
}

/**
 * Forks scripts/bench/server.ts with the parent's -r @swc-node/register, plus --cpu-prof when
 * `profileDir` is given (the profile is written when the child exits after `stop`).
 */
export async function startServer(kind: ServerKind, env: NodeJS.ProcessEnv, profileDir?: string): Promise<ServerChild> {
  const execArgv = [...process.execArgv];
  if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${kind}.cpuprofile`);
  const child: ChildProcess = fork(join(__dirname, 'server.ts'), [kind], { env, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready') resolve(message.port);
      else if (message.type === 'error') reject(new Error(`${kind} server failed to start:\n${message.message}`));
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with code ${code} before it was ready`)));
  });
  let stopped: Promise<void> | null = null;
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    trace: () =>
      new Promise<QueryTrace>((resolve) => {
        const onMessage = (message: ChildMessage) => {
          if (message.type !== 'trace') return;
          child.off('message', onMessage);
          resolve(message.trace);
        };
        child.on('message', onMessage);
        child.send({ type: 'trace' } satisfies ParentMessage);
      }),
    stop: () => (stopped ??= stopChild(child)),
  };
}

/** Asks a bench child to stop ({type: 'stop'}) and waits for it to exit; killed after 10 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
