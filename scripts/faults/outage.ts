/**
 * A database outage under declaration load, shared by dbDown (the server killed, then started
 * again) and dbStall (the server frozen with SIGSTOP, then thawed). The service is never
 * restarted: it must answer 503 with Retry-After while its node is gone, answer every request
 * within its database timeouts (no hung requests), and take declarations again by itself.
 * On a cluster the services on the other nodes keep acknowledging throughout.
 */
import type { ServerChild } from '../bench/children';
import type { FaultDatabase } from './database';
import { waitForCluster } from './galera';
import { expect, secs } from './guarantee';
import { acknowledged, sleep, startLoad, tally, until, type Answer } from './load';
import { checkAllNodes } from './nodeChecks';
import { HANG_LIMIT_MS, prepareFixture, startService } from './service';

export interface OutageFault {
  /** What is done to node 0 ("SIGKILL mariadbd"). */
  label: string;
  begin(db: FaultDatabase): Promise<void>;
  end(db: FaultDatabase): Promise<void>;
  outageMs: number;
}

export async function underOutage(db: FaultDatabase, fault: OutageFault, log: (line: string) => void): Promise<string> {
  const fixture = await prepareFixture(db);
  const services: ServerChild[] = [];
  try {
    for (let node = 0; node < db.nodes.length; node++) services.push(await startService(fixture, node));
    const pids = services.map((s) => s.pid);
    const hit = services[0];
    const load = startLoad({ targets: () => services.map((s) => s.url), workers: 8, body: fixture.declaration, clientTimeoutMs: HANG_LIMIT_MS + 5000 });
    await until(() => acknowledged(load.answers).length >= 50, '50 declarations before the outage', 30_000);

    const began = Date.now();
    await fault.begin(db);
    log(`${fault.label} (node ${db.nodes[0].name}, pid ${db.nodes[0].pid})`);
    await sleep(fault.outageMs);
    const ended = Date.now();
    await fault.end(db);
    log(`outage over after ${secs(Date.now() - began)}`);
    const back = await until(() => load.answers.find((a) => a.target === hit.url && a.status === 201 && a.startedAt > ended), 'a 201 from the same service after the outage', 90_000, 200);
    const recoveredMs = back.startedAt + back.ms - ended;
    if (db.kind === 'galera') await waitForCluster(db.nodes, db.nodes.length);
    await sleep(1000);
    const answers = await load.stop();

    const during = (a: Answer) => a.startedAt >= began && a.startedAt < ended;
    const hitDuring = answers.filter((a) => a.target === hit.url && during(a));
    const unavailable = hitDuring.filter((a) => a.status === 503);
    const slowest = Math.max(...answers.map((a) => a.ms));
    const hung = answers.filter((a) => a.error === 'client timeout' || a.ms > HANG_LIMIT_MS);
    const wrong = answers.filter((a) => a.status !== 201 && a.status !== 503);
    const noRetryAfter = unavailable.filter((a) => !a.retryAfter);
    const badShape = unavailable.filter((a) => typeof (a.body as { error?: { code?: unknown; message?: unknown } })?.error?.message !== 'string');
    expect(unavailable.length > 0, `no 503 from the service on ${db.nodes[0].name} during the outage (${tally(hitDuring)})`);
    expect(noRetryAfter.length === 0, `${noRetryAfter.length} 503s without Retry-After`);
    expect(badShape.length === 0, `${badShape.length} 503s not in the error shape: ${JSON.stringify(badShape[0]?.body)}`);
    expect(hung.length === 0, `${hung.length} requests hung past ${secs(HANG_LIMIT_MS)} (slowest ${secs(slowest)})`);
    expect(wrong.length === 0, `answers other than 201/503: ${tally(wrong)}; e.g. ${JSON.stringify(wrong[0]?.body ?? wrong[0]?.error)}`);
    expect(
      services.every((s, i) => s.pid === pids[i]),
      'a service process was replaced',
    );
    const others = answers.filter((a) => a.target !== hit.url && during(a));
    if (db.kind === 'galera') expect(others.some((a) => a.status === 201), `the services on the other nodes acknowledged nothing during the outage (${tally(others)})`);
    const acked = acknowledged(answers);
    const check = await checkAllNodes(db, acked);
    expect(check.problems.length === 0, check.problems.slice(0, 5).join('; '));
    const message = (unavailable[0].body as { error: { code: string; message: string } }).error;
    return (
      `during ${secs(ended - began)} of ${fault.label}: the service on ${db.nodes[0].name} answered ${tally(hitDuring)} ` +
      `(503 ${message.code} “${message.message}”, Retry-After ${unavailable[0].retryAfter}); slowest answer ${secs(slowest)} (limit ${secs(HANG_LIMIT_MS)}), none hung; ` +
      `${db.kind === 'galera' ? `the other nodes' services meanwhile: ${tally(others)}; ` : ''}` +
      `first 201 ${secs(recoveredMs)} after the database was started/thawed, from the same service process; ` +
      `${acked.length} acknowledged in all, ${check.cases} whole cases${db.kind === 'galera' ? ' on every node' : ''} (${tally(answers)})`
    );
  } finally {
    for (const s of services) await s.stop().catch(() => undefined);
    await fixture.close();
  }
}
