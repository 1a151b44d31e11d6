import { OutboxDispatcher } from '../../src/jobs/outboxDispatcher';
import { SubscribeDeliverer } from '../../src/jobs/subscribeDeliverer';
import { reserveAllowance } from '../../src/services/subscriptions';
import { OutboxMessage, SubscribeAllowance } from '../../src/store/entities';
import { WeChatClient } from '../../src/wechat/client';
import { validIdNumber } from '../support/ids';
import { createTestApp, declaration, DRIVERS, type TestApp } from '../support/testApp';
import { startFakeWeChat, type FakeWeChat } from './support/fakeWeChat';

const TPL = 'TPL-progress-0001';
const TEMPLATES = {
  case_accepted: {
    templateId: TPL,
    data: { character_string1: '{trackingCode}', phrase2: '{stateLabel}', thing3: '{next}', time4: '{time}' },
  },
  '*': { templateId: TPL, page: 'pages/cases/index', data: { character_string1: '{trackingCode}', thing3: '{stateLabel}' } },
};
const BACKOFF_MS = 30_000;

/**
 * Resident progress notices end to end: the mini-program reports what the resident accepted, a
 * cadre's step writes a subscribe outbox row, the deliverer sends it through a local fake WeChat,
 * spending exactly one recorded permission.
 */
describe.each(DRIVERS)('subscribe messages on %s', (driver) => {
  let t: TestApp;
  let wechat: FakeWeChat;
  let dispatcher: OutboxDispatcher;
  let n = 500;

  beforeEach(async () => {
    const clock = { now: new Date() };
    wechat = await startFakeWeChat({ now: () => clock.now, hangMs: 1000 });
    t = await createTestApp(driver, {
      WECHAT_APP_ID: wechat.appId,
      WECHAT_APP_SECRET: wechat.appSecret,
      WECHAT_API_BASE: wechat.url,
      WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify(TEMPLATES),
    });
    // One clock for the service, the token cache and the fake WeChat.
    Object.defineProperty(clock, 'now', { get: () => t.clock.now });
    const client = new WeChatClient({ appId: wechat.appId, appSecret: wechat.appSecret, baseUrl: wechat.url, timeoutMs: 200, clock: () => t.clock.now });
    dispatcher = new OutboxDispatcher(t.app, new SubscribeDeliverer(t.app, client), { maxPerSecond: 0, sleep: async () => undefined, backoffMs: () => BACKOFF_MS });
  });
  afterEach(async () => {
    await t.close();
    await wechat.close();
  });

  const residentLogin = async (openid: string) => (await t.http.post('/api/auth/wechat').send({ code: `code:${openid}` }).expect(200)).body as { token: string; resident: { id: number } };
  const subscribe = (token: string, body: object, status = 204) => t.http.post('/api/me/subscriptions').set('authorization', `Bearer ${token}`).send(body).expect(status);
  const declare = async (token: string) =>
    (await t.http.post('/api/declarations').set('authorization', `Bearer ${token}`).send(declaration({}, { idNumber: validIdNumber(n++) })).expect(201)).body as { id: number; trackingCode: string };
  const accept = async (caseId: number) =>
    t.http.post(`/api/cases/${caseId}/actions`).set('authorization', `Bearer ${await t.login('cadreA1')}`).send({ action: 'accept', version: 1 }).expect(200);
  const rows = () => t.app.db.getRepository(OutboxMessage).find({ where: { channel: 'subscribe' }, order: { id: 'ASC' } });
  const allowances = () => t.app.db.getRepository(SubscribeAllowance).find({ order: { id: 'ASC' } });
  const later = (ms: number) => {
    t.clock.now = new Date(t.clock.now.getTime() + ms);
  };

  it('records accepted permissions, then sends a cadre’s step with the rendered template, spending one', async () => {
    const resident = await residentLogin('o-resident-1');
    const c = await declare(resident.token);
    // The 已收到 notice comes before the resident has answered the question: nothing to send with.
    await dispatcher.runOnce();
    expect((await rows()).map((r) => [r.kind, r.state, r.lastError])).toEqual([['case_received', 'skipped', '居民没有可用的订阅次数 (no allowance)']]);
    expect(wechat.sends).toHaveLength(0);

    await subscribe(resident.token, { templateIds: [TPL, 'TPL-not-configured'], accepted: [TPL, 'TPL-not-configured'] });
    expect(await allowances()).toEqual([expect.objectContaining({ residentId: resident.resident.id, templateId: TPL, state: 'available', outboxId: null })]);

    await accept(c.id);
    expect(await dispatcher.runOnce()).toBe(1);
    const accepted = (await rows())[1];
    expect(accepted).toMatchObject({ kind: 'case_accepted', state: 'sent', attempts: 1 });
    expect(wechat.delivered).toEqual([
      {
        touser: 'o-resident-1',
        template_id: TPL,
        page: `pages/case-detail/index?id=${c.id}`,
        data: {
          character_string1: { value: c.trackingCode },
          phrase2: { value: '村干部已受' },
          thing3: { value: '村干部会两人一起到您家了解情况，请准备…' },
          time4: { value: '2026年11月23日 10:00' },
        },
        lang: 'zh_CN',
      },
    ]);
    expect(await allowances()).toEqual([expect.objectContaining({ state: 'used', outboxId: accepted.id, usedAt: t.clock.now })]);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(wechat.sends).toHaveLength(1);
  });

  it('sends nothing and breaks nothing without a permission', async () => {
    const resident = await residentLogin('o-resident-2');
    const c = await declare(resident.token);
    await subscribe(resident.token, { templateIds: [TPL], accepted: [] });
    await accept(c.id);
    await dispatcher.runOnce();
    expect((await rows()).map((r) => [r.kind, r.state])).toEqual([
      ['case_received', 'skipped'],
      ['case_accepted', 'skipped'],
    ]);
    expect(wechat.sends).toHaveLength(0);
    expect(await allowances()).toEqual([]);
  });

  it('marks the permission spent on 43101 and skips the row', async () => {
    const resident = await residentLogin('o-resident-3');
    await subscribe(resident.token, { templateIds: [TPL], accepted: [TPL] });
    wechat.refusing.add('o-resident-3');
    await declare(resident.token);
    await dispatcher.runOnce();
    const [row] = await rows();
    expect(row).toMatchObject({ kind: 'case_received', state: 'skipped', lastError: '居民拒收订阅消息 (43101)' });
    expect(await allowances()).toEqual([expect.objectContaining({ state: 'refused', outboxId: row.id })]);
    later(BACKOFF_MS * 10);
    await dispatcher.runOnce();
    expect(wechat.sends).toHaveLength(1);
  });

  it('retries a send that timed out with the same permission, and delivers it exactly once', async () => {
    const resident = await residentLogin('o-resident-4');
    await subscribe(resident.token, { templateIds: [TPL], accepted: [TPL] });
    await subscribe(resident.token, { templateIds: [TPL], accepted: [TPL] }); // a second tap: two permissions
    const [first, second] = await allowances();
    await declare(resident.token);
    wechat.script.push('hang'); // WeChat stalls past the client's 200 ms

    await dispatcher.runOnce();
    const [row] = await rows();
    expect(row).toMatchObject({ state: 'pending', attempts: 1, lastError: 'WeChat API timed out after 200 ms for /cgi-bin/message/subscribe/send' });
    expect(await allowances()).toEqual([expect.objectContaining({ id: first.id, state: 'used', outboxId: row.id }), expect.objectContaining({ id: second.id, state: 'available' })]);

    await dispatcher.runOnce(); // not due before the backoff
    expect(wechat.sends).toHaveLength(1);
    later(BACKOFF_MS + 1000);
    await dispatcher.runOnce();
    expect(await rows()).toEqual([expect.objectContaining({ id: row.id, state: 'sent', attempts: 2 })]);
    expect(wechat.sends.map((s) => s.answer)).toEqual(['hang', 0]);
    expect(wechat.delivered).toHaveLength(1);
    expect(await allowances()).toEqual([expect.objectContaining({ id: first.id, state: 'used', outboxId: row.id }), expect.objectContaining({ id: second.id, state: 'available', outboxId: null })]);

    later(BACKOFF_MS * 10);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(wechat.sends).toHaveLength(2);
  });

  it('never spends one permission on two rows, even with two senders at once', async () => {
    const resident = await residentLogin('o-resident-5');
    await subscribe(resident.token, { templateIds: [TPL], accepted: [TPL] });
    const c = await declare(resident.token);
    await accept(c.id);
    const other = new OutboxDispatcher(t.app, new SubscribeDeliverer(t.app, new WeChatClient({ appId: wechat.appId, appSecret: wechat.appSecret, baseUrl: wechat.url, timeoutMs: 200 })), {
      maxPerSecond: 0,
      sleep: async () => undefined,
    });
    await Promise.all([dispatcher.runOnce(), other.runOnce()]);
    expect((await rows()).map((r) => r.state).sort()).toEqual(['sent', 'skipped']);
    expect(wechat.delivered).toHaveLength(1);
    const sentRow = (await rows()).find((r) => r.state === 'sent');
    expect(await allowances()).toEqual([expect.objectContaining({ state: 'used', outboxId: sentRow?.id })]);
  });

  it('gives the permission back when WeChat refuses the message itself (47003), and stops retrying', async () => {
    const resident = await residentLogin('o-resident-6');
    await subscribe(resident.token, { templateIds: [TPL], accepted: [TPL] });
    await declare(resident.token);
    wechat.script.push(47003);
    await dispatcher.runOnce();
    expect(await rows()).toEqual([expect.objectContaining({ state: 'failed', lastError: 'WeChat API error 47003: scripted error 47003' })]);
    expect(await allowances()).toEqual([expect.objectContaining({ state: 'available', outboxId: null, usedAt: null })]);
  });

  it('checks what the mini-program reports', async () => {
    const resident = await residentLogin('o-resident-7');
    const eleven = Array.from({ length: 11 }, (_, i) => `TPL-${i}`);
    expect((await subscribe(resident.token, { templateIds: eleven, accepted: eleven }, 400)).body.error.message).toBe('一次最多订阅10种通知');
    expect((await subscribe(resident.token, { templateIds: [TPL], accepted: ['TPL-other'] }, 400)).body.error.message).toBe('同意的订阅模板不在询问的模板里');
    expect((await subscribe(resident.token, { accepted: [TPL] }, 400)).body.error.message).toBe('缺少询问的订阅模板');
    await t.http.post('/api/me/subscriptions').send({ templateIds: [TPL], accepted: [TPL] }).expect(401);
    await t.http.post('/api/me/subscriptions').set('authorization', `Bearer ${await t.login('cadreA1')}`).send({ templateIds: [TPL], accepted: [TPL] }).expect(403);
    await subscribe(resident.token, { templateIds: ['TPL-unknown'], accepted: ['TPL-unknown'] });
    expect(await allowances()).toEqual([]);
  });
});

describe.each(DRIVERS)('the permission ledger on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('gives each permission to one outbox row only, however many ask at once', async () => {
    const { body } = await t.http.post('/api/auth/wechat').send({ code: 'demo:ledger' }).expect(200);
    const residentId = body.resident.id as number;
    const repo = t.app.db.getRepository(SubscribeAllowance);
    const grant = () => repo.save(repo.create({ residentId, templateId: TPL, state: 'available', outboxId: null, createdAt: t.clock.now, usedAt: null }));
    await grant();
    await grant();
    const outboxIds = [101, 102, 103, 104, 105, 106];
    const got = await Promise.all(outboxIds.map((id) => reserveAllowance(t.app, residentId, TPL, id)));
    const winners = got.filter((a) => a !== null);
    expect(winners).toHaveLength(2);
    expect(new Set(winners.map((a) => a.id)).size).toBe(2);
    const rows = await repo.find({ order: { id: 'ASC' } });
    expect(rows.map((r) => r.state)).toEqual(['used', 'used']);
    expect(rows.map((r) => r.outboxId).sort()).toEqual(winners.map((a) => a.outboxId).sort());
    // The row that holds one gets the same one back (a retry), the others still get none.
    const holder = winners[0];
    expect((await reserveAllowance(t.app, residentId, TPL, holder.outboxId ?? 0))?.id).toBe(holder.id);
    expect(await reserveAllowance(t.app, residentId, TPL, 107)).toBeNull();
  });
});
