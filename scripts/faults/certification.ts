/**
 * Galera's certification conflicts (cluster only). Two nodes may both commit locally what only
 * one may keep: the later commit fails with ER_LOCK_DEADLOCK (1213) and must be redone
 * (inTransaction does, src/store/transaction.ts), and row locks — SELECT … FOR UPDATE, SKIP
 * LOCKED — are only seen on their own node. Through services on different nodes at the same
 * moment:
 *   - the duplicate rule: one household declaring through all three nodes at once gets one case
 *     (201) and two "recorded on your open case" answers (202), never a second open case or a 5xx;
 *   - optimistic locking: one case accepted by its cadre through two nodes at once with the same
 *     version: one 200, one 409 (stale), one 'accept' audit row, version 2;
 *   - outbox claiming: two dispatchers on two nodes drain the same chat notices; each is
 *     delivered exactly once (the transport is a counter here: it is the claim under test).
 */
import type { RowDataPacket } from 'mysql2/promise';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { OutboxDispatcher, type Deliverer } from '../../src/jobs/outboxDispatcher';
import { createLogger } from '../../src/logger';
import type { AppContext } from '../../src/services/context';
import { setStaffPassword } from '../../src/services/staffAdmin';
import { inTransaction } from '../../src/store/transaction';
import { VillagePicker } from '../bench/payload';
import type { ServerChild } from '../bench/children';
import type { DbNode } from './database';
import { wsrepStatus } from './galera';
import { expect, type Guarantee } from './guarantee';
import { acknowledged, sleep, startLoad, tally } from './load';
import { checkAllNodes } from './nodeChecks';
import { HANG_LIMIT_MS, prepareFixture, startService, type Fixture } from './service';

const ROUNDS = 15;
const PASSWORD = 'Faults-pass-2026';

interface Reply {
  status: number;
  body: { error?: { code?: string } } & Record<string, unknown>;
}

async function post(url: string, body: unknown, token?: string): Promise<Reply> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}

/** Certification failures and brute-force aborts, summed over the nodes: how many conflicts Galera resolved. */
async function conflicts(nodes: DbNode[]): Promise<number> {
  const states = await Promise.all(nodes.map((n) => wsrepStatus(n)));
  return states.reduce((sum, s) => sum + Number(s.wsrep_local_cert_failures ?? 0) + Number(s.wsrep_local_bf_aborts ?? 0), 0);
}

const summary = (replies: Reply[]) => tally(replies.map((r) => ({ status: r.status, error: null }) as never));

async function duplicateRule(fixture: Fixture, services: ServerChild[]): Promise<string> {
  const before = await conflicts(fixture.db.nodes);
  const all: Reply[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const body = fixture.declaration();
    const replies = await Promise.all(services.map((s) => post(`${s.url}/api/declarations`, body)));
    all.push(...replies);
    const created = replies.filter((r) => r.status === 201);
    // The household already has an open case: the service records the report on it (202), never a second case.
    const refused = replies.filter((r) => r.status === 202 && r.body.outcome === 'reported');
    expect(created.length === 1 && refused.length === services.length - 1, `round ${round + 1}: one household through ${services.length} nodes answered ${summary(replies)}: ${JSON.stringify(replies.find((r) => r.status !== 201 && r.status !== 409)?.body ?? '')}`);
    const [[open]] = await fixture.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM cases c JOIN cases k ON k.id = ? WHERE c.idNumberHash = k.idNumberHash AND c.isOpen = 1', [created[0].body.id]);
    expect(Number(open.n) === 1, `round ${round + 1}: ${open.n} open cases for one household`);
  }
  return `duplicate rule: ${ROUNDS} households each declared through ${services.length} nodes at once → ${summary(all)}, one open case each (${(await conflicts(fixture.db.nodes)) - before} certification conflicts resolved)`;
}

async function optimisticLocking(fixture: Fixture, services: ServerChild[]): Promise<string> {
  const village = fixture.villages[1];
  const app = await createAppContext(loadConfig({ ...fixture.env, NODE_ENV: 'test' }), { logger: createLogger('silent') });
  try {
    await inTransaction(app.db, (manager) => setStaffPassword(manager, village.cadreUsername, PASSWORD, new Date()));
  } finally {
    await app.db.destroy();
  }
  const login = await post(`${services[0].url}/api/auth/login`, { username: village.cadreUsername, password: PASSWORD });
  expect(login.status === 200, `cadre login answered ${login.status}`);
  const token = String(login.body.token);
  const picker = new VillagePicker([village]);
  const before = await conflicts(fixture.db.nodes);
  const all: Reply[] = [];
  const pair = services.slice(0, 2);
  for (let round = 0; round < ROUNDS; round++) {
    const declared = await post(`${services[2 % services.length].url}/api/declarations`, fixture.declaration(picker));
    expect(declared.status === 201, `declaring answered ${declared.status}`);
    const id = Number(declared.body.id);
    // Written on node 3, acted on through nodes 1 and 2 at once: wait until both have it.
    await sleep(50);
    const replies = await Promise.all(pair.map((s) => post(`${s.url}/api/cases/${id}/actions`, { action: 'accept', version: 1 }, token)));
    all.push(...replies);
    const ok = replies.filter((r) => r.status === 200);
    const stale = replies.filter((r) => r.status === 409);
    expect(ok.length === 1 && stale.length === 1, `round ${round + 1}: one case accepted through two nodes at once answered ${summary(replies)}: ${JSON.stringify(replies.map((r) => r.body.error ?? r.status))}`);
    const [[c]] = await fixture.pool.query<RowDataPacket[]>("SELECT c.version, (SELECT COUNT(*) FROM case_events e WHERE e.caseId = c.id AND e.action = 'accept') AS accepts FROM cases c WHERE c.id = ?", [id]);
    expect(Number(c.version) === 2 && Number(c.accepts) === 1, `round ${round + 1}: case ${id} at version ${c.version} with ${c.accepts} accept events`);
  }
  const staleCode = all.find((r) => r.status === 409)?.body.error?.code;
  return `optimistic locking: ${ROUNDS} cases each accepted through 2 nodes at once with version 1 → ${summary(all)} (409 ${staleCode}), one accept event and version 2 each (${(await conflicts(fixture.db.nodes)) - before} conflicts)`;
}

async function outboxClaims(fixture: Fixture): Promise<string> {
  const [[{ n: waiting }]] = await fixture.pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'chat' AND state = 'pending'");
  const delivered = new Map<number, number>();
  const byNode = [0, 0];
  const apps: AppContext[] = [];
  const before = await conflicts(fixture.db.nodes);
  let failedPasses = 0;
  try {
    for (const node of [0, 1]) apps.push(await createAppContext(loadConfig({ ...fixture.envFor(node), NODE_ENV: 'test' }), { logger: createLogger('silent') }));
    const passes = apps.map(async (app, node) => {
      const counter: Deliverer = {
        channel: 'chat',
        async deliver(row) {
          delivered.set(row.id, (delivered.get(row.id) ?? 0) + 1);
          byNode[node] += 1;
          await sleep(2);
          return { status: 'sent' };
        },
      };
      const dispatcher = new OutboxDispatcher(app, counter, { maxPerSecond: 0, batchSize: 10 });
      for (let idle = 0; idle < 3; ) {
        try {
          idle = (await dispatcher.runOnce()) === 0 ? idle + 1 : 0;
        } catch {
          // What the dispatcher's loop does with a failed pass (start()): log, wait, go on.
          failedPasses += 1;
          await sleep(50);
        }
      }
    });
    await Promise.all(passes);
  } finally {
    for (const app of apps) await app.db.destroy();
  }
  const twice = [...delivered].filter(([, n]) => n > 1);
  const [[{ n: left }]] = await fixture.pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'chat' AND state <> 'sent'");
  expect(twice.length === 0, `${twice.length} notices delivered more than once: ${twice.slice(0, 5).map(([id, n]) => `${id} ×${n}`).join(', ')}`);
  expect(Number(left) === 0 && delivered.size === Number(waiting), `${delivered.size} of ${waiting} notices delivered, ${left} not sent`);
  expect(byNode[0] > 0 && byNode[1] > 0, `one dispatcher did all the work (${byNode.join(' / ')}): the claim was not contested`);
  return `outbox: ${waiting} chat notices drained by dispatchers on node1 and node2 at once (${byNode[0]} / ${byNode[1]}), each delivered exactly once (${(await conflicts(fixture.db.nodes)) - before} conflicts, ${failedPasses} passes failed after retries and were run again)`;
}

export const certification: Guarantee = {
  name: 'certification',
  claim: 'Galera certification conflicts: duplicate rule, optimistic locking and outbox claiming stay correct across nodes',
  only: 'galera',
  async run(db, log) {
    const fixture = await prepareFixture(db);
    const services: ServerChild[] = [];
    try {
      for (let node = 0; node < db.nodes.length; node++) services.push(await startService(fixture, node));
      // Notices to claim: declarations through every node.
      const load = startLoad({ targets: () => services.map((s) => s.url), workers: 6, body: fixture.declaration, clientTimeoutMs: HANG_LIMIT_MS + 5000 });
      await sleep(5000);
      const answers = await load.stop();
      expect(answers.every((a) => a.status === 201), `declarations through ${services.length} nodes: ${tally(answers)}`);
      log(`${answers.length} declarations through ${services.length} nodes`);
      const lines = [await duplicateRule(fixture, services)];
      log(lines[0]);
      lines.push(await optimisticLocking(fixture, services));
      log(lines[1]);
      lines.push(await outboxClaims(fixture));
      const check = await checkAllNodes(db, acknowledged(answers), true);
      expect(check.problems.length === 0, check.problems.slice(0, 5).join('; '));
      return `${lines.join('; ')}; the ${check.cases} cases declared first are whole on every node`;
    } finally {
      for (const s of services) await s.stop().catch(() => undefined);
      await fixture.close();
    }
  },
};
