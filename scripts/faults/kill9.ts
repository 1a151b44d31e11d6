/**
 * kill -9 of the service under declaration load: every 201 it gave is a whole case (case row,
 * its 'declare' audit row, its notices), and no case anywhere is half-written — the declaration
 * is one transaction, so a process that dies mid-request leaves all of it or none.
 * On a cluster, services on every node take the load and the one on node 1 is killed.
 */
import type { ServerChild } from '../bench/children';
import type { FaultDatabase } from './database';
import { expect, secs, type Guarantee } from './guarantee';
import { acknowledged, sleep, startLoad, tally, until } from './load';
import { checkAllNodes } from './nodeChecks';
import { HANG_LIMIT_MS, prepareFixture, startService } from './service';

export const kill9: Guarantee = {
  name: 'kill9',
  claim: 'kill -9 of the service under declaration load → every 201 is complete, none half-written',
  async run(db: FaultDatabase, log) {
    const fixture = await prepareFixture(db);
    const services: ServerChild[] = [];
    try {
      for (let node = 0; node < db.nodes.length; node++) services.push(await startService(fixture, node));
      const load = startLoad({ targets: () => services.map((s) => s.url), workers: 12, body: fixture.declaration, clientTimeoutMs: HANG_LIMIT_MS + 5000 });
      await until(() => acknowledged(load.answers).length >= 100, '100 declarations before the kill', 30_000);
      const victim = services[0];
      const inFlightBefore = load.answers.length;
      const killedAt = Date.now();
      process.kill(victim.pid, 'SIGKILL');
      log(`SIGKILL service pid ${victim.pid} after ${inFlightBefore} answers`);
      await sleep(500);
      const restarted = await startService(fixture, 0);
      services[0] = restarted;
      await until(() => load.answers.some((a) => a.target === restarted.url && a.status === 201), 'a 201 from the restarted service', 30_000);
      await sleep(1500);
      const answers = await load.stop();
      const cut = answers.filter((a) => a.target === victim.url && a.status === 0 && a.startedAt < killedAt).length;
      const refused = answers.filter((a) => a.target === victim.url && a.status === 0 && a.startedAt >= killedAt).length;
      const acked = acknowledged(answers);
      const check = await checkAllNodes(db, acked);
      expect(check.problems.length === 0, check.problems.slice(0, 5).join('; '));
      const unanswered = check.cases - acked.length;
      const odd = answers.filter((a) => a.status !== 201 && a.status !== 0);
      expect(odd.length === 0, `answers other than 201 or a cut connection: ${tally(odd)}`);
      return (
        `${acked.length} declarations acknowledged (${tally(answers)}); kill -9 cut ${cut} requests in flight, ${refused} more were refused until the restart; ` +
        `${check.cases} cases in the database${db.nodes.length > 1 ? ` on each of ${db.nodes.length} nodes` : ''}, all whole (${check.shapes}); ` +
        `${unanswered} committed but unanswered; restarted service answered 201 again (${secs(answers[answers.length - 1].startedAt - answers[inFlightBefore].startedAt)} of load after the kill)`
      );
    } finally {
      for (const s of services) await s.stop().catch(() => undefined);
      await fixture.close();
    }
  },
};
