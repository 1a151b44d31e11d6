/**
 * The database stalled: SIGSTOP on the private mariadbd, so its sockets stay open and nothing
 * answers (a frozen VM, a hung disk) — the case a refused connection does not test. Every
 * request must answer 503 within the service's database timeouts; after SIGCONT the service
 * takes declarations again by itself. On a cluster node 1 is frozen: the others evict it after
 * Galera's suspect timeout and go on; thawed, it rejoins.
 */
import type { Guarantee } from './guarantee';
import { underOutage } from './outage';

export const dbStall: Guarantee = {
  name: 'dbStall',
  claim: 'database stalled (SIGSTOP) → 503 within the timeout, no hung requests',
  run: (db, log) =>
    underOutage(
      db,
      {
        label: 'SIGSTOP of mariadbd',
        outageMs: 8000,
        begin: async (d) => d.nodes[0].freeze(),
        end: async (d) => d.nodes[0].thaw(),
      },
      log,
    ),
};
