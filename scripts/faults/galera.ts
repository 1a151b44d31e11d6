/**
 * A three-node MariaDB Galera cluster on loopback, in private data directories under one temp
 * directory, every port (SQL, group communication, IST, SST) chosen free. The first node
 * bootstraps a new cluster (--wsrep-new-cluster); the others join it and copy its data by rsync
 * SST. A node that is killed and restarted rejoins through the surviving nodes (IST).
 *
 * `npm run cluster` starts one and keeps it until Ctrl-C, printing a DATABASE_URL per node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort, installMariaDbDataDir } from '../../test/support/mariadb';
import { createFaultDatabase, mariaDbNode, removeNodes, type DbNode, type FaultDatabase } from './database';

export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';
const CLUSTER_NAME = 'shenbao-faults';

interface NodePorts {
  sql: number;
  group: number;
  ist: number;
  sst: number;
}

/** wsrep_* status of one node. */
export async function wsrepStatus(node: DbNode): Promise<Record<string, string>> {
  const connection = await mysql.createConnection({ uri: node.url('mysql'), connectTimeout: 2000 });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'wsrep_%'");
    return Object.fromEntries(rows.map((r) => [String(r.Variable_name), String(r.Value)]));
  } finally {
    await connection.end();
  }
}

/** Waits until every node in `nodes` is Synced in a cluster of `size`. */
export async function waitForCluster(nodes: DbNode[], size: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const states = await Promise.all(nodes.map((n) => wsrepStatus(n).catch((error: unknown) => ({ error: String(error) }) as Record<string, string>)));
    if (states.every((s) => s.wsrep_cluster_size === String(size) && s.wsrep_local_state_comment === 'Synced' && s.wsrep_ready === 'ON')) return;
    last = states.map((s, i) => `${nodes[i].name}: ${s.error ?? `size ${s.wsrep_cluster_size} ${s.wsrep_local_state_comment}`}`).join(', ');
    if (Date.now() > deadline) throw new Error(`Galera cluster not synced at size ${size} within ${timeoutMs} ms (${last})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startGaleraCluster(size = 3): Promise<FaultDatabase> {
  if (!existsSync(GALERA_PROVIDER)) throw new Error(`${GALERA_PROVIDER} is missing: apt-get install galera-4`);
  if (spawnSync('sh', ['-c', 'command -v rsync']).status !== 0) throw new Error('rsync is missing (the joiners copy the data with rsync SST): apt-get install rsync');
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-galera-'));
  // mkdtemp made the directory 0700 for root; mariadbd runs as mysql and must reach its own.
  spawnSync('chown', ['mysql', dir]);
  const ports: NodePorts[] = [];
  // Asked for one by one and held by nobody in between: a collision is possible but unlikely on loopback.
  const taken = new Set<number>();
  const fresh = async () => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) return taken.add(port), port;
    }
  };
  for (let i = 0; i < size; i++) ports.push({ sql: await fresh(), group: await fresh(), ist: await fresh(), sst: await fresh() });
  const members = ports.map((p) => `127.0.0.1:${p.group}`);
  const nodes = ports.map((p, i) => {
    const nodeDir = join(dir, `node${i + 1}`);
    const args = (restart: boolean) => [
      '--wsrep_on=ON',
      `--wsrep_provider=${GALERA_PROVIDER}`,
      `--wsrep_cluster_name=${CLUSTER_NAME}`,
      `--wsrep_node_name=node${i + 1}`,
      `--wsrep_node_address=127.0.0.1:${p.group}`,
      // The first node's first start founds the cluster; every other start joins the members alive.
      ...(i === 0 && !restart ? ['--wsrep-new-cluster', '--wsrep_cluster_address=gcomm://'] : [`--wsrep_cluster_address=gcomm://${members.filter((_, j) => j !== i).join(',')}`]),
      // Short failure detection, so a killed or frozen node leaves the cluster within seconds (defaults: 5 s / 15 s).
      `--wsrep_provider_options=gmcast.listen_addr=tcp://127.0.0.1:${p.group};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=64M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.keepalive_period=PT0.5S`,
      '--wsrep_sst_method=rsync',
      `--wsrep_sst_receive_address=127.0.0.1:${p.sst}`,
      '--binlog_format=ROW',
      '--innodb_autoinc_lock_mode=2',
      '--default_storage_engine=InnoDB',
    ];
    return Object.assign(mariaDbNode(`node${i + 1}`, nodeDir, p.sql, args), { dir: nodeDir });
  });
  try {
    for (const node of nodes) {
      mkdirSync(node.dir);
      installMariaDbDataDir(node.dir);
    }
    for (const [i, node] of nodes.entries()) {
      await node.start();
      await waitForCluster(nodes.slice(0, i + 1), i + 1);
    }
    // Created on one node, replicated to all.
    await createFaultDatabase(nodes[0].url('mysql'));
  } catch (error) {
    await removeNodes(nodes, dir);
    throw error;
  }
  return { kind: 'galera', nodes, close: () => removeNodes(nodes, dir) };
}

if (require.main === module) {
  void (async () => {
    const started = Date.now();
    const cluster = await startGaleraCluster(3);
    const status = await wsrepStatus(cluster.nodes[0]);
    process.stdout.write(`Galera cluster of ${status.wsrep_cluster_size} synced in ${((Date.now() - started) / 1000).toFixed(1)} s (MariaDB Galera provider ${status.wsrep_provider_version}):\n`);
    for (const node of cluster.nodes) process.stdout.write(`  ${node.name}  DATABASE_URL=${node.url()}  (pid ${node.pid})\n`);
    process.stdout.write('Ctrl-C stops the cluster and removes its data.\n');
    const stop = () => void cluster.close().finally(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })().catch((error: unknown) => {
    process.stderr.write(`cluster failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
