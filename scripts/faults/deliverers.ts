import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { residentSendTime } from '../../src/domain/reminders';
import { stopChild } from '../bench/children';
import type { DelivererKind, DelivererMessage } from './delivererChild';

/** attempt 1 → 300 ms, 2 → 600 ms, 3 → 1.2 s …, at most 5 s (production: 30 s doubling to an hour). */
export const FAULT_BACKOFF_MS = (attempt: number) => Math.min(300 * 2 ** (attempt - 1), 5000);
/**
 * A killed deliverer's claimed rows are taken again after this (production: 60 s). Longer than
 * one send may take (the WeChat client gives up after 5 s), as the production lease is.
 */
export const FAULT_LEASE_MS = 8000;

/**
 * How far a deliverer's clock is moved forward so that residents' notices go out now: 0 by day,
 * up to the morning during quiet hours (every deliverer of a run gets the same offset).
 */
export function daytimeOffsetMs(now = new Date()): number {
  return residentSendTime(now).getTime() - now.getTime();
}

export interface DelivererProcess {
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Forks delivererChild.ts with the parent's -r @swc-node/register and waits until it is delivering. */
export async function startDeliverer(kind: DelivererKind, env: NodeJS.ProcessEnv): Promise<DelivererProcess> {
  const child = fork(join(__dirname, 'delivererChild.ts'), [kind], { env, execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: DelivererMessage) => {
      if (message.type === 'ready') resolve();
      else reject(new Error(`${kind} deliverer failed to start:\n${message.message}`));
    });
    child.once('exit', (code) => reject(new Error(`${kind} deliverer exited with code ${code} before it was ready`)));
  });
  let stopped: Promise<void> | null = null;
  return { pid: child.pid as number, child, stop: () => (stopped ??= stopChild(child)) };
}
