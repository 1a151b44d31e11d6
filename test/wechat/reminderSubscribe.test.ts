import { REMINDER_KIND } from '../../src/domain/reminders';
import { OutboxDispatcher } from '../../src/jobs/outboxDispatcher';
import { runReminderTick } from '../../src/jobs/reminders/tick';
import { SubscribeDeliverer } from '../../src/jobs/subscribeDeliverer';
import { Case, OutboxMessage, SubscribeAllowance } from '../../src/store/entities';
import { WeChatClient } from '../../src/wechat/client';
import { caseSteps, visitForm } from '../support/caseSteps';
import { createTestApp, DRIVERS, NOW, type TestApp } from '../support/testApp';
import { startFakeWeChat, type FakeWeChat } from './support/fakeWeChat';
import { formatTrackingCode } from '../../src/shared/trackingCode';

const at = (local: string) => new Date(`${local}+08:00`);
const TPL = 'TPL-reminder-0001';
/** Only reminders have a template here: the progress notices of these cases are skipped, spending nothing. */
const TEMPLATES = {
  [REMINDER_KIND]: {
    templateId: TPL,
    page: 'pages/case-detail/index?id={caseId}',
    data: { character_string1: '{trackingCode}', thing2: '{text}', time3: '{time}' },
  },
};

/**
 * The 双签字 reminder to a household of the mini-program, through subscribeMessage.send on a
 * local fake WeChat: planned for 09:00 of the working day before the confirmation is due, and
 * never delivered between 21:00 and 08:00.
 */
describe.each(DRIVERS)('the resident_confirm reminder as a subscribe message on %s', (driver) => {
  let t: TestApp;
  let wechat: FakeWeChat;
  let dispatcher: OutboxDispatcher;
  let steps: ReturnType<typeof caseSteps>;

  beforeEach(async () => {
    const clock = { now: NOW };
    wechat = await startFakeWeChat({ now: () => clock.now });
    t = await createTestApp(driver, {
      WECHAT_APP_ID: wechat.appId,
      WECHAT_APP_SECRET: wechat.appSecret,
      WECHAT_API_BASE: wechat.url,
      WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify(TEMPLATES),
    });
    Object.defineProperty(clock, 'now', { get: () => t.clock.now });
    const client = new WeChatClient({ appId: wechat.appId, appSecret: wechat.appSecret, baseUrl: wechat.url, timeoutMs: 500, clock: () => t.clock.now });
    dispatcher = new OutboxDispatcher(t.app, new SubscribeDeliverer(t.app, client), { maxPerSecond: 0, sleep: async () => undefined });
    steps = caseSteps(t);
  });
  afterEach(async () => {
    await t.close();
    await wechat.close();
  });

  const reminders = () => t.app.db.getRepository(OutboxMessage).find({ where: { kind: REMINDER_KIND, recipientType: 'resident' }, order: { id: 'ASC' } });
  const allowances = () => t.app.db.getRepository(SubscribeAllowance).find({ order: { id: 'ASC' } });
  const tickAt = (local: string) => {
    t.clock.now = at(local);
    return runReminderTick(t.app);
  };
  const deliverAt = (local: string) => {
    t.clock.now = at(local);
    return dispatcher.runOnce();
  };

  /**
   * A household of the mini-program that accepted one reminder message declares on Monday; the
   * cadre accepts at once and records the visit on Tuesday afternoon: the household has until
   * the end of Thursday to confirm, so it is reminded Wednesday at 09:00.
   */
  async function waitingForConfirmation(openid: string) {
    t.clock.now = NOW;
    const login = (await t.http.post('/api/auth/wechat').send({ code: `code:${openid}` }).expect(200)).body as { token: string; resident: { id: number } };
    await t.http.post('/api/me/subscriptions').set('authorization', `Bearer ${login.token}`).send({ templateIds: [TPL], accepted: [TPL] }).expect(204);
    const declared = await steps.declare({}, {}, login.token);
    await steps.act('cadreA1', declared.id, { action: 'accept' });
    t.clock.now = at('2026-11-24T15:00:00');
    await steps.act('cadreA1', declared.id, visitForm());
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ id: declared.id });
    expect(c).toMatchObject({ state: 'confirming', stepDueAt: at('2026-11-26T23:59:59.999') });
    // The progress notices have no template: skipped, the permission kept for the reminder.
    await dispatcher.runOnce();
    expect(wechat.sends).toEqual([]);
    expect(await allowances()).toEqual([expect.objectContaining({ state: 'available' })]);
    return { c, token: login.token, residentId: login.resident.id };
  }

  const expectedText = (code: string, late = false) => `${late ? '（系统恢复后补发）' : ''}【请确认核查情况】申报号 ${formatTrackingCode(code)}：村干部已把入户核查的情况发给您，请打开“申报通”小程序确认`;

  it('plans it for 09:00 the day before the confirmation is due and sends it with the template filled', async () => {
    const { c, residentId } = await waitingForConfirmation('o-household-1');
    await tickAt('2026-11-24T20:00:00');
    await tickAt('2026-11-25T08:30:00');
    expect(await reminders()).toEqual([]);

    await tickAt('2026-11-25T09:00:30');
    const [row, ...more] = await reminders();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ channel: 'subscribe', recipientId: residentId, caseId: c.id, state: 'pending', availableAt: at('2026-11-25T09:00:30') });
    expect(row.payload).toMatchObject({ text: expectedText(c.trackingCode), trackingCode: c.trackingCode, late: false });

    expect(await dispatcher.runOnce()).toBe(1);
    expect(wechat.delivered).toEqual([
      {
        touser: 'o-household-1',
        template_id: TPL,
        page: `pages/case-detail/index?id=${c.id}`,
        // A thing field holds 20 characters: the heading and most of the number.
        data: { character_string1: { value: c.trackingCode }, thing2: { value: `【请确认核查情况】申报号 ${formatTrackingCode(c.trackingCode).slice(0, 6)}…` }, time3: { value: '2026年11月25日 09:00' } },
        lang: 'zh_CN',
      },
    ]);
    expect(await reminders()).toEqual([expect.objectContaining({ id: row.id, state: 'sent', attempts: 1 })]);
    expect(await allowances()).toEqual([expect.objectContaining({ state: 'used', outboxId: row.id })]);

    // The same morning again: nothing new, nothing sent twice.
    await tickAt('2026-11-25T09:01:00');
    await dispatcher.runOnce();
    expect(await reminders()).toHaveLength(1);
    expect(wechat.sends).toHaveLength(1);
  });

  it('holds it through the night when the deliverer only gets to it after 21:00, and sends it at 08:00', async () => {
    const { c } = await waitingForConfirmation('o-household-2');
    await tickAt('2026-11-25T09:00:30');
    // The subscribe deliverer was down all day and comes back at 21:30.
    expect(await deliverAt('2026-11-25T21:30:00')).toBe(0);
    const [held] = await reminders();
    expect(held).toMatchObject({ state: 'pending', attempts: 0, availableAt: at('2026-11-26T08:00:00') });
    expect(await deliverAt('2026-11-25T23:59:00')).toBe(0);
    expect(await deliverAt('2026-11-26T07:59:59')).toBe(0);
    expect(wechat.sends).toEqual([]);

    expect(await deliverAt('2026-11-26T08:00:00')).toBe(1);
    expect(wechat.delivered.map((d) => [d.touser, d.data.character_string1.value])).toEqual([['o-household-2', c.trackingCode]]);
    expect(await reminders()).toEqual([expect.objectContaining({ state: 'sent', attempts: 1, sentAt: at('2026-11-26T08:00:00') })]);
  });

  it('a reminder found late at night (every process was down) waits for the morning and says it is late', async () => {
    const { c } = await waitingForConfirmation('o-household-3');
    await tickAt('2026-11-24T16:00:00');
    // Nothing ran from Tuesday afternoon until Wednesday 22:00.
    await tickAt('2026-11-25T22:00:00');
    const [row] = await reminders();
    expect(row).toMatchObject({ state: 'pending', availableAt: at('2026-11-26T08:00:00') });
    expect(row.payload.text).toBe(expectedText(c.trackingCode, true));
    expect(await dispatcher.runOnce()).toBe(0);
    expect(await deliverAt('2026-11-26T07:00:00')).toBe(0);
    expect(wechat.sends).toEqual([]);
    expect(await deliverAt('2026-11-26T08:00:01')).toBe(1);
    expect(wechat.delivered).toHaveLength(1);
  });

  it('drops a held reminder the household already answered, without spending the permission', async () => {
    const { c, token } = await waitingForConfirmation('o-household-4');
    await tickAt('2026-11-25T09:00:30');
    expect(await deliverAt('2026-11-25T21:05:00')).toBe(0);
    // Early Thursday the household confirms on the case page.
    t.clock.now = at('2026-11-26T07:10:00');
    const version = (await t.app.db.getRepository(Case).findOneByOrFail({ id: c.id })).version;
    await t.http.post(`/api/me/cases/${c.id}/confirmation`).set('authorization', `Bearer ${token}`).send({ decision: 'confirm', version }).expect(200);

    await deliverAt('2026-11-26T08:00:00');
    const [row] = await reminders();
    expect(row.state).toBe('skipped');
    expect(row.lastError).toContain('提醒已过时');
    expect(wechat.sends).toEqual([]);
    expect(await allowances()).toEqual([expect.objectContaining({ state: 'available', outboxId: null })]);
  });
});
