import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort, installMariaDbDataDir, spawnMariaDb, waitForMariaDb } from '../../test/support/mariadb';

/** The database every fault script works in, on its own private server(s). */
export const FAULT_DATABASE = 'shenbao';

/** One mariadbd the script owns: it may kill, restart, freeze and thaw it. */
export interface DbNode {
  name: string;
  port: number;
  readonly pid: number;
  /** mysql://root@127.0.0.1:port/<database> */
  url(database?: string): string;
  /** SIGKILL, and wait until the process is gone (a crash, no clean shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same data directory and port (crash recovery; a Galera node rejoins). */
  restart(): Promise<void>;
  /** SIGSTOP: the process keeps its sockets open and answers nothing (a frozen VM, a hung disk). */
  freeze(): void;
  thaw(): void;
}

export interface FaultDatabase {
  kind: 'single' | 'galera';
  nodes: DbNode[];
  /** Kills what is left and removes the data directories. */
  close(): Promise<void>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function waitForExit(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not exit within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A mariadbd on its own data directory and port. `args(restart)` gives the server options for the
 * first start and for a restart (a Galera node bootstraps the first time and joins afterwards).
 */
export function mariaDbNode(name: string, dir: string, port: number, args: (restart: boolean) => string[]): DbNode & { start(): Promise<void> } {
  let pid = 0;
  const url = (database = FAULT_DATABASE) => `mysql://root@127.0.0.1:${port}/${database}`;
  const start = async (restart: boolean) => {
    pid = spawnMariaDb(dir, port, args(restart));
    // A Galera joiner copies the donor's data first (SST): give it longer.
    await waitForMariaDb(url('mysql'), 90_000);
  };
  return {
    name,
    port,
    get pid() {
      return pid;
    },
    url,
    start: () => start(false),
    restart: () => start(true),
    async kill() {
      if (!pid || !alive(pid)) return;
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid);
    },
    freeze: () => process.kill(pid, 'SIGSTOP'),
    thaw: () => process.kill(pid, 'SIGCONT'),
  };
}

export async function createFaultDatabase(url: string): Promise<void> {
  const connection = await mysql.createConnection(url);
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${FAULT_DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

/** Kills every node and removes the temporary directory (also after a failure). */
export async function removeNodes(nodes: DbNode[], dir: string): Promise<void> {
  for (const node of nodes) await node.kill().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}

/** One private mariadbd in a temp directory on a free port, never the shared one on 3306. */
export async function startSingleNode(): Promise<FaultDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-faults-'));
  const node = mariaDbNode('db', dir, await freePort(), () => []);
  try {
    installMariaDbDataDir(dir);
    await node.start();
    await createFaultDatabase(node.url('mysql'));
  } catch (error) {
    await removeNodes([node], dir);
    throw error;
  }
  return { kind: 'single', nodes: [node], close: () => removeNodes([node], dir) };
}
