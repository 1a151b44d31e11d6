import { stopPrivateMariaDb } from './mariadb';

export default async function globalTeardown(): Promise<void> {
  const privateServer = process.env.SHENBAO_PRIVATE_MARIADB;
  if (!privateServer) return;
  const { pid, dir } = JSON.parse(privateServer) as { pid: number; dir: string };
  stopPrivateMariaDb(pid, dir);
}
