import { ChatBot } from '../../bot/chatBot';
import { MSG } from '../../src/conversation';
import { REMINDER_KIND } from '../../src/domain/reminders';
import { runReminderTick } from '../../src/jobs/reminders/tick';
import { issueBindCode } from '../../src/services/bindCodes';
import { Case, OutboxMessage } from '../../src/store/entities';
import { caseSteps, visitForm } from '../support/caseSteps';
import { validIdNumber } from '../support/ids';
import { createTestApp, NOW, type TestApp } from '../support/testApp';
import { eventually, MockWeChat, testBotOptions } from './support/mockWeChat';
import { codeIn } from '../support/trackingCode';
import { formatTrackingCode } from '../../src/shared/trackingCode';

/**
 * Reminders through the bot (wechaty-puppet-mock, MariaDB): the tick writes them to the outbox,
 * the bot's chat deliverer sends them — one digest to a bound cadre, the 双签字 reminder to a
 * household that declared in WeChat (who can answer it right there).
 */
jest.setTimeout(60_000);

const at = (local: string) => new Date(`${local}+08:00`);
const PEOPLE = [
  { id: 'wang', name: '王村干部' },
  { id: 'nara', name: '娜仁' },
];

describe('reminders delivered in WeChat', () => {
  let t: TestApp;
  let weChat: MockWeChat;
  let bot: ChatBot;
  let steps: ReturnType<typeof caseSteps>;
  const send = async (from: string, text: string) => (await weChat.send(bot, from, text)).replies;
  const reminderRows = () => t.app.db.getRepository(OutboxMessage).find({ where: { kind: REMINDER_KIND }, order: { id: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp('mariadb');
    steps = caseSteps(t);
    weChat = new MockWeChat(PEOPLE);
    bot = new ChatBot(testBotOptions(t.app, weChat));
    await bot.start();
    await weChat.login(bot);
    const { code } = await issueBindCode(t.app, 'cadreA1');
    expect(await send('wang', `绑定 ${code}`)).toEqual([MSG.bound('cadreA1')]);
  });
  afterAll(async () => {
    await bot.stop();
    await t.close();
  });

  it('a bound cadre gets one digest of the cases due tomorrow; the township, not bound, is skipped', async () => {
    t.clock.now = NOW; // Monday 10:00: to be accepted by the end of Tuesday
    const a = await steps.declare();
    const b = await steps.declare();
    await eventually(() => weChat.inbox('wang').filter((m) => m.startsWith('【新申报】')).length === 2, 'the two new-case notices');

    const report = await runReminderTick(t.app);
    expect(report.messages).toBeGreaterThan(0);
    const digest = await eventually(() => weChat.inbox('wang').find((m) => m.startsWith('【今日提醒】')), 'the reminder digest');
    const [x, y] = [a.trackingCode, b.trackingCode];
    expect([`【今日提醒】即将超期2户（${x}、${y}）。回复“待办”查看`, `【今日提醒】即将超期2户（${y}、${x}）。回复“待办”查看`]).toContain(digest);

    const rows = await reminderRows();
    const toCadre = rows.filter((r) => r.recipientType === 'staff' && r.recipientId === t.users.cadreA1);
    expect(toCadre).toHaveLength(1);
    await eventually(async () => (await reminderRows()).every((r) => r.state !== 'pending' && r.state !== 'sending'), 'every reminder settled');
    const settled = await reminderRows();
    expect(settled.find((r) => r.id === toCadre[0].id)).toMatchObject({ state: 'sent', attempts: 1 });
    const township = settled.find((r) => r.recipientId === t.users.townA)!;
    expect(township).toMatchObject({ state: 'skipped', lastError: '工作人员未绑定微信 (no chat binding)' });

    // A second tick of the same minute sends nothing more.
    await runReminderTick(t.app);
    expect(await reminderRows()).toHaveLength(rows.length);
    expect(weChat.inbox('wang').filter((m) => m.startsWith('【今日提醒】'))).toEqual([digest]);
  });

  it('a household asked to confirm the visit is reminded the day before it is due, and answers 1 to the reminder', async () => {
    t.clock.now = at('2026-11-23T10:30:00');
    for (const text of ['你好', '1', '兴科', '娜仁', validIdNumber(31), '13800000031', '4', '1', '1万2', '2']) await send('nara', text);
    const [done] = await send('nara', '1');
    const trackingCode = codeIn(done);
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode });
    await steps.act('cadreA1', c.id, { action: 'accept' });
    // Visited Tuesday afternoon: the household has until the end of Thursday to confirm.
    t.clock.now = at('2026-11-24T15:00:00');
    await steps.act('cadreA1', c.id, visitForm());
    expect((await t.app.db.getRepository(Case).findOneByOrFail({ id: c.id })).stepDueAt).toEqual(at('2026-11-26T23:59:59.999'));
    await eventually(() => weChat.inbox('nara').some((m) => m.startsWith('【请确认核查情况】')), 'the visit summary');
    const summaries = () => weChat.inbox('nara').filter((m) => m.startsWith('【请确认核查情况】'));
    expect(summaries()).toHaveLength(1);

    // Tuesday evening and Wednesday before 09:00: nothing for the household yet.
    t.clock.now = at('2026-11-24T20:00:00');
    await runReminderTick(t.app);
    t.clock.now = at('2026-11-25T08:59:00');
    await runReminderTick(t.app);
    expect((await reminderRows()).filter((r) => r.recipientType === 'resident')).toEqual([]);

    t.clock.now = at('2026-11-25T09:00:30');
    await runReminderTick(t.app);
    const [row] = (await reminderRows()).filter((r) => r.recipientType === 'resident');
    expect(row).toMatchObject({ channel: 'chat', recipientId: c.residentId, caseId: c.id, availableAt: at('2026-11-25T09:00:30') });
    const reminder = `【请确认核查情况】申报号 ${formatTrackingCode(trackingCode)}：村干部已把入户核查的情况发给您，回复1确认，回复2有不同意见`;
    await eventually(() => summaries().length === 2, 'the reminder');
    expect(summaries()[1]).toBe(reminder);

    expect(await send('nara', '1')).toEqual([MSG.confirmed(trackingCode, '村里开会商量您家的情况，商量好了会把名单贴在村里几天，让大家看看。')]);
    expect((await t.app.db.getRepository(Case).findOneByOrFail({ id: c.id })).state).toBe('village_review');
    expect(await t.app.db.getRepository(OutboxMessage).findOneByOrFail({ id: row.id })).toMatchObject({ state: 'sent' });
  });
});
