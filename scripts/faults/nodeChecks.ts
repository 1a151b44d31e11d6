import { createPool } from '../bench/database';
import type { FaultDatabase } from './database';
import { wsrepStatus } from './galera';
import { until, type Acknowledged } from './load';
import { checkComplete, type Completeness } from './service';

/**
 * checkComplete on every node (one node: just that one). On a cluster it first waits until every
 * node has applied the same last write set, then requires each node to hold the same whole cases:
 * an acknowledged declaration must be on all of them, not only on the node that took it.
 */
export async function checkAllNodes(db: FaultDatabase, acked: Acknowledged[], onlyAcknowledged = false): Promise<Completeness> {
  if (db.kind === 'galera') {
    await until(
      async () => {
        const seqnos = await Promise.all(db.nodes.map(async (n) => (await wsrepStatus(n)).wsrep_last_committed));
        return new Set(seqnos).size === 1;
      },
      'every node to apply the same last write set',
      30_000,
      250,
    );
  }
  const results: Completeness[] = [];
  for (const node of db.nodes) {
    const pool = createPool(node.url(), 1);
    try {
      const result = await checkComplete(pool, acked, onlyAcknowledged);
      results.push({ ...result, problems: result.problems.map((p) => (db.nodes.length > 1 ? `${node.name}: ${p}` : p)) });
    } finally {
      await pool.end();
    }
  }
  const problems = results.flatMap((r) => r.problems);
  if (new Set(results.map((r) => r.cases)).size > 1) problems.push(`nodes disagree on the number of cases: ${results.map((r, i) => `${db.nodes[i].name} ${r.cases}`).join(', ')}`);
  return { problems, cases: results[0].cases, shapes: results[0].shapes };
}
