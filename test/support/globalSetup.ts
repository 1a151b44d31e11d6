import { answers, DEFAULT_MYSQL_URL, startPrivateMariaDb } from './mariadb';

/**
 * API and store tests run on a real MariaDB: the one at MYSQL_URL when it answers, else a private
 * throwaway server when mariadbd is installed. Never a silent skip of the MariaDB half.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.MYSQL_URL ?? DEFAULT_MYSQL_URL;
  if (await answers(url)) {
    process.env.MYSQL_URL = url;
    return;
  }
  const server = await startPrivateMariaDb();
  process.env.MYSQL_URL = server.url;
  process.env.SHENBAO_PRIVATE_MARIADB = JSON.stringify({ pid: server.pid, dir: server.dir });
  process.stderr.write(`\nMariaDB at ${url} did not answer; started a private one at ${server.url}\n`);
}
