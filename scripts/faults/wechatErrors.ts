/**
 * The WeChat API timing out or answering errors while the service delivers residents' notices
 * (subscribe messages): a local fake WeChat (test/wechat/support/fakeWeChat.ts) answers the
 * first sends with hangs past the client's 5 s limit, HTTP 500s, -1 (busy), 45009/45011 (rate
 * limits) and, when that outage ends, revokes the access token (40001). Each notice must be retried with
 * growing pauses and reach its resident exactly once, spending exactly one permission.
 * On a cluster two deliverer processes on different nodes share the work.
 */
import { startFakeWeChat, type SendScript } from '../../test/wechat/support/fakeWeChat';
import type { RowDataPacket } from 'mysql2/promise';
import { daytimeOffsetMs, FAULT_BACKOFF_MS, startDeliverer, type DelivererProcess } from './deliverers';
import { expect, secs, type Guarantee } from './guarantee';
import { sleep, until } from './load';
import { prepareFixture, startService } from './service';

const TPL = 'TPL-progress-faults';
const TEMPLATES = { '*': { templateId: TPL, page: 'pages/cases/index', data: { character_string1: '{trackingCode}', thing3: '{stateLabel}' } } };
const RESIDENTS = 24;
const OUTAGE_MS = 9000;
/** What WeChat answers sends with during the outage, in turn; then it delivers. */
const SCRIPT: SendScript[] = [-1, 'http500', 45009, -1, 'http500', 45011, -1, 'http500'];

async function json(method: string, url: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export const wechatErrors: Guarantee = {
  name: 'wechatErrors',
  claim: 'WeChat API timing out or answering errors → retries with backoff, nothing lost, nothing sent twice',
  async run(db, log) {
    const fixture = await prepareFixture(db);
    const fake = await startFakeWeChat({ now: () => new Date(), hangMs: 7000 });
    const sentAt: number[] = [];
    const push = fake.sends.push.bind(fake.sends);
    fake.sends.push = (...items) => {
      for (const _ of items) sentAt.push(Date.now());
      return push(...items);
    };
    const wechatEnv = { WECHAT_APP_ID: fake.appId, WECHAT_APP_SECRET: fake.appSecret, WECHAT_API_BASE: fake.url, WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify(TEMPLATES) };
    const service = await startService(fixture, db.nodes.length - 1, wechatEnv);
    const deliverers: DelivererProcess[] = [];
    try {
      const openids: string[] = [];
      for (let i = 0; i < RESIDENTS; i++) {
        const openid = `o-faults-${i}`;
        const login = await json('POST', `${service.url}/api/auth/wechat`, { code: `code:${openid}` });
        expect(login.status === 200, `resident login answered ${login.status}: ${JSON.stringify(login.body)}`);
        const token = String(login.body.token);
        const sub = await json('POST', `${service.url}/api/me/subscriptions`, { templateIds: [TPL], accepted: [TPL] }, token);
        expect(sub.status === 204, `subscribing answered ${sub.status}`);
        const declared = await json('POST', `${service.url}/api/declarations`, fixture.declaration(), token);
        expect(declared.status === 201, `declaring answered ${declared.status}: ${JSON.stringify(declared.body)}`);
        openids.push(openid);
      }
      // A WeChat outage: for OUTAGE_MS every send fails one way or another, so a notice meets several in a row.
      // The first send gets no answer at all: the client gives up after its 5 s limit.
      fake.script.push('hang');
      let next = 0;
      const refill = setInterval(() => {
        while (fake.script.length < 4) fake.script.push(SCRIPT[next++ % SCRIPT.length]);
      }, 20);
      setTimeout(() => {
        clearInterval(refill);
        fake.script.length = 0;
        // And the token the service holds stops working (another party refreshed it): 40001 until it fetches a new one.
        fake.revokeToken();
      }, OUTAGE_MS).unref();
      const started = Date.now();
      const offset = daytimeOffsetMs();
      if (offset > 0) log(`quiet hours in China now: the deliverers' clocks run ${secs(offset)} ahead, in the morning`);
      for (let node = 0; node < Math.min(2, db.nodes.length); node++) deliverers.push(await startDeliverer('subscribe', { ...fixture.envFor(node), ...wechatEnv, LOG_LEVEL: 'silent', FAULT_CLOCK_OFFSET_MS: String(offset) }));
      log(`${RESIDENTS} notices waiting; ${deliverers.length} deliverer process${deliverers.length > 1 ? 'es' : ''} started; every send fails for ${secs(OUTAGE_MS)} (first a hang past the client's 5 s limit, then HTTP 500, -1, 45009, 45011), then the token is revoked`);
      const [settled] = await until(
        async () => {
          const [rows] = await fixture.pool.query<RowDataPacket[]>("SELECT id, state, attempts, lastError FROM outbox WHERE channel = 'subscribe'");
          return rows.length === RESIDENTS && rows.every((r) => r.state !== 'pending' && r.state !== 'sending') ? [rows] : null;
        },
        'every subscribe notice settled',
        100_000,
        250,
      );
      const tookMs = Date.now() - started;
      await sleep(1500); // anything sent twice would arrive now
      const notSent = settled.filter((r) => r.state !== 'sent');
      expect(notSent.length === 0, `${notSent.length} notices not sent: ${notSent.map((r) => `${r.id} ${r.state} ${r.lastError}`).join('; ')}`);
      const perResident = new Map<string, number>();
      for (const d of fake.delivered) perResident.set(d.touser, (perResident.get(d.touser) ?? 0) + 1);
      const twice = [...perResident].filter(([, n]) => n > 1);
      const missing = openids.filter((o) => !perResident.has(o));
      expect(twice.length === 0, `sent twice: ${twice.map(([o, n]) => `${o} ×${n}`).join(', ')}`);
      expect(missing.length === 0, `never delivered: ${missing.join(', ')}`);
      const failures = fake.sends.filter((s) => s.answer !== 0);
      expect(failures.some((f) => f.answer === 40001), 'the revoked token was never refused');
      expect(failures.length >= RESIDENTS, `only ${failures.length} failed sends during the outage`);
      // Backoff: the pauses between one notice's tries grow (send times at the fake, per resident).
      const times = new Map<string, number[]>();
      // A send refused for its token (40001/42001) is redone at once with a fresh token within the same try: not a retry of the notice.
      fake.sends.forEach((s, i) => {
        if (s.answer !== 40001 && s.answer !== 42001) times.set(s.body.touser, [...(times.get(s.body.touser) ?? []), sentAt[i]]);
      });
      const gaps: string[] = [];
      let shortest = Infinity;
      for (const [, list] of times) {
        for (let n = 1; n < list.length; n++) {
          const gap = list[n] - list[n - 1];
          // Scheduling on a busy machine can only add to a pause: a pause shorter than its backoff means no backoff.
          if (gap < FAULT_BACKOFF_MS(n) - 50) gaps.push(`try ${n + 1} came ${gap} ms after try ${n} (backoff ${FAULT_BACKOFF_MS(n)} ms)`);
          shortest = Math.min(shortest, gap / FAULT_BACKOFF_MS(n));
        }
      }
      expect(gaps.length === 0, `retried without backing off: ${gaps.slice(0, 3).join('; ')}`);
      const [[allowances]] = await fixture.pool.query<RowDataPacket[]>("SELECT SUM(state = 'used') AS used, COUNT(DISTINCT outboxId) AS rows_, COUNT(*) AS total FROM subscribe_allowances");
      expect(Number(allowances.used) === RESIDENTS && Number(allowances.rows_) === RESIDENTS, `permissions: ${allowances.used} used of ${allowances.total}, tied to ${allowances.rows_} notices`);
      const retried = settled.filter((r) => Number(r.attempts) > 1);
      const answers = new Map<string, number>();
      for (const f of failures) answers.set(String(f.answer), (answers.get(String(f.answer)) ?? 0) + 1);
      const maxAttempts = Math.max(...settled.map((r) => Number(r.attempts)));
      return (
        `${RESIDENTS} notices each delivered exactly once at the fake WeChat in ${secs(tookMs)} (${deliverers.length} deliverer process${deliverers.length > 1 ? 'es on different nodes' : ''}); ` +
        `${failures.length} failed sends (${[...answers].map(([a, n]) => `${a} ×${n}`).join(', ')}); ${retried.length} notices retried, up to ${maxAttempts} tries, ` +
        `every pause ≥ its backoff (300 ms doubling; shortest ${shortest.toFixed(2)}× it); one permission spent per notice; ${fake.tokenCalls.length} token fetches`
      );
    } finally {
      for (const d of deliverers) await d.stop().catch(() => undefined);
      await service.stop().catch(() => undefined);
      await fake.close();
      await fixture.close();
    }
  },
};
