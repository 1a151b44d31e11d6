/**
 * `npm run faults`: the service's fault guarantees (issue 11), each a script that breaks something
 * for real and prints `PASS <name>: <evidence>` or `FAIL <name>: <why>`; the exit code is non-zero
 * when any failed. Every guarantee starts its own private mariadbd (or, with --cluster, a 3-node
 * Galera cluster) in a temp directory on free ports and removes it afterwards, even on failure:
 * the shared database on 127.0.0.1:3306 is never touched.
 *
 *   npm run faults                       # every single-node guarantee
 *   npm run faults -- --only kill9       # one (or a comma list)
 *   npm run faults -- --cluster          # the same guarantees and the Galera ones, against a cluster
 *   npm run faults -- --list
 *
 * Not part of `npm test`: each takes up to ~2 minutes. Needs mariadb-server (and galera-4, rsync
 * for --cluster), run as root (mariadbd runs as the mysql user on directories it is given).
 */
import 'reflect-metadata';
import { botKill } from './faults/botKill';
import { certification } from './faults/certification';
import { startSingleNode, type FaultDatabase } from './faults/database';
import { dbDown } from './faults/dbDown';
import { dbStall } from './faults/dbStall';
import { startGaleraCluster } from './faults/galera';
import { Broken, secs, type Guarantee } from './faults/guarantee';
import { kill9 } from './faults/kill9';
import { wechatErrors } from './faults/wechatErrors';

const GUARANTEES: Guarantee[] = [kill9, dbDown, dbStall, wechatErrors, botKill, certification];
/** A guarantee that runs longer than this has hung: it fails, and its database is removed. */
const GUARANTEE_LIMIT_MS = 4 * 60_000;

const say = (line: string) => process.stdout.write(`${line}\n`);

function parseArgs(argv: string[]): { only: string[] | null; cluster: boolean; list: boolean } {
  const only: string[] = [];
  let cluster = false;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--cluster') cluster = true;
    else if (arg === '--list') list = true;
    else if (arg === '--only') only.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg.startsWith('--only=')) only.push(...arg.slice('--only='.length).split(',').filter(Boolean));
    else throw new Error(`unknown argument ${arg} (use --only <name>[,<name>], --cluster, --list)`);
  }
  const unknown = only.filter((name) => !GUARANTEES.some((g) => g.name === name));
  if (unknown.length) throw new Error(`no guarantee named ${unknown.join(', ')}: ${GUARANTEES.map((g) => g.name).join(', ')}`);
  return { only: only.length ? only : null, cluster, list };
}

/** The database of the guarantee running now: Ctrl-C removes it too (its mariadbd runs detached and would outlive this process). */
let current: FaultDatabase | null = null;
const interrupted = () => {
  say('interrupted: removing the private database');
  void (current?.close() ?? Promise.resolve()).finally(() => process.exit(130));
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

async function runOne(guarantee: Guarantee, start: () => Promise<FaultDatabase>): Promise<boolean> {
  const started = Date.now();
  let db: FaultDatabase | null = null;
  let timer: NodeJS.Timeout | undefined;
  const log = (line: string) => say(`  ${guarantee.name} [${secs(Date.now() - started)}] ${line}`);
  try {
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Broken(`did not finish within ${secs(GUARANTEE_LIMIT_MS)}`)), GUARANTEE_LIMIT_MS);
    });
    const work = (async () => {
      db = current = await start();
      log(`${db.kind === 'galera' ? `Galera cluster of ${db.nodes.length}` : 'private mariadbd'} up on port${db.nodes.length > 1 ? 's' : ''} ${db.nodes.map((n) => n.port).join(', ')}`);
      return guarantee.run(db, log);
    })();
    const evidence = await Promise.race([work, limit]);
    say(`PASS ${guarantee.name}: ${evidence} [${secs(Date.now() - started)}]`);
    return true;
  } catch (error) {
    const why = error instanceof Broken ? error.message : `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    say(`FAIL ${guarantee.name}: ${why} [${secs(Date.now() - started)}]`);
    return false;
  } finally {
    clearTimeout(timer);
    current = null;
    await (db as FaultDatabase | null)?.close().catch((error: unknown) => say(`  could not remove the database of ${guarantee.name}: ${String(error)}`));
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const kind: FaultDatabase['kind'] = args.cluster ? 'galera' : 'single';
  const chosen = GUARANTEES.filter((g) => (args.only ? args.only.includes(g.name) : !g.only || g.only === kind));
  if (args.list) {
    for (const g of GUARANTEES) say(`${g.name.padEnd(14)} ${g.claim}${g.only ? ` (${g.only} only)` : ''}`);
    return 0;
  }
  const skipped = chosen.filter((g) => g.only && g.only !== kind);
  for (const g of skipped) say(`SKIP ${g.name}: runs only against ${g.only === 'galera' ? 'a cluster (--cluster)' : 'a single node'}`);
  const start = args.cluster ? () => startGaleraCluster(3) : startSingleNode;
  let failed = 0;
  for (const guarantee of chosen.filter((g) => !skipped.includes(g))) if (!(await runOne(guarantee, start))) failed += 1;
  say(`${chosen.length - skipped.length - failed} passed, ${failed} failed${args.cluster ? ' (3-node Galera cluster)' : ' (single private mariadbd)'}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`faults: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
