/**
 * The database killed (SIGKILL mariadbd: no clean shutdown, InnoDB crash recovery on restart)
 * and started again under load: 503s with Retry-After meanwhile, recovery without restarting
 * the service. On a cluster node 1 is killed: it rejoins the two that kept going.
 */
import type { Guarantee } from './guarantee';
import { underOutage } from './outage';

export const dbDown: Guarantee = {
  name: 'dbDown',
  claim: 'database killed and restarted under load → 503s during the outage, recovery without a restart',
  run: (db, log) =>
    underOutage(
      db,
      {
        label: 'SIGKILL of mariadbd',
        outageMs: 5000,
        begin: async (d) => d.nodes[0].kill(),
        end: async (d) => d.nodes[0].restart(),
      },
      log,
    ),
};
