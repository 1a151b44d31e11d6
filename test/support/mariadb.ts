import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/test';

export async function answers(url: string): Promise<boolean> {
  try {
    const connection = await createConnection({ uri: url, connectTimeout: 2000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const which = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** A fresh MariaDB data directory under `dir` (root without password over TCP), owned by mysql. */
export function installMariaDbDataDir(dir: string): void {
  if (!which('mariadbd') || !which('mariadb-install-db')) {
    throw new Error('No MariaDB answers at MYSQL_URL and mariadbd is not installed: run `apt-get install mariadb-server` (or set MYSQL_URL).');
  }
  // mkdtemp makes directories 0700 for root: the bootstrap runs as mysql and must reach the data directory.
  spawnSync('chown', ['mysql', dir]);
  const install = spawnSync('mariadb-install-db', [`--datadir=${dir}/data`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
  spawnSync('chown', ['-R', 'mysql', dir]);
}

/**
 * Starts mariadbd on an installed data directory; `extraArgs` add server options (Galera's
 * wsrep_* settings). Starting it again on the same directory and port is a restart after a crash.
 */
export function spawnMariaDb(dir: string, port: number, extraArgs: string[] = []): number {
  const server = spawn('mariadbd', [`--datadir=${dir}/data`, `--socket=${dir}/s`, `--port=${port}`, '--bind-address=127.0.0.1', '--user=mysql', '--skip-log-bin', ...extraArgs], {
    detached: true,
    stdio: 'ignore',
  });
  server.unref();
  return server.pid as number;
}

export async function waitForMariaDb(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(url))) {
    if (Date.now() > deadline) throw new Error(`MariaDB at ${new URL(url).host} did not start within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A throwaway MariaDB for machines where none answers at MYSQL_URL: a fresh data directory,
 * root without password over TCP on a free port. Returns its URL and how to stop it.
 */
export async function startPrivateMariaDb(): Promise<{ url: string; pid: number; dir: string; port: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-mariadb-'));
  installMariaDbDataDir(dir);
  const port = await freePort();
  const pid = spawnMariaDb(dir, port);
  const url = `mysql://root@127.0.0.1:${port}/mysql`;
  await waitForMariaDb(url).catch(() => {
    throw new Error('private MariaDB did not start');
  });
  const connection = await createConnection({ uri: url });
  await connection.query('CREATE DATABASE IF NOT EXISTS test');
  await connection.end();
  return { url: `mysql://root@127.0.0.1:${port}/test`, pid, dir, port };
}

export function stopPrivateMariaDb(pid: number, dir: string): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  setTimeout(() => rmSync(dir, { recursive: true, force: true }), 2000).unref();
}
