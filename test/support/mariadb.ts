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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const which = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/**
 * A throwaway MariaDB for machines where none answers at MYSQL_URL: a fresh data directory,
 * root without password over TCP on a free port. Returns its URL and how to stop it.
 */
export async function startPrivateMariaDb(): Promise<{ url: string; pid: number; dir: string }> {
  if (!which('mariadbd') || !which('mariadb-install-db')) {
    throw new Error('No MariaDB answers at MYSQL_URL and mariadbd is not installed: run `apt-get install mariadb-server` (or set MYSQL_URL).');
  }
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-mariadb-'));
  const install = spawnSync('mariadb-install-db', [`--datadir=${dir}/data`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
  spawnSync('chown', ['-R', 'mysql', dir]);
  const port = await freePort();
  const server = spawn('mariadbd', [`--datadir=${dir}/data`, `--socket=${dir}/s`, `--port=${port}`, '--bind-address=127.0.0.1', '--user=mysql', '--skip-log-bin'], {
    detached: true,
    stdio: 'ignore',
  });
  server.unref();
  const url = `mysql://root@127.0.0.1:${port}/mysql`;
  for (let i = 0; i < 100 && !(await answers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await answers(url))) throw new Error('private MariaDB did not start');
  const connection = await createConnection({ uri: url });
  await connection.query('CREATE DATABASE IF NOT EXISTS test');
  await connection.end();
  return { url: `mysql://root@127.0.0.1:${port}/test`, pid: server.pid as number, dir };
}

export function stopPrivateMariaDb(pid: number, dir: string): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  setTimeout(() => rmSync(dir, { recursive: true, force: true }), 2000).unref();
}
