import { ChatBot } from '../../bot/chatBot';
import { MSG } from '../../src/conversation';
import { visitSummaryLines } from '../../src/domain/workflow';
import { issueBindCode } from '../../src/services/bindCodes';
import { Case, OutboxMessage } from '../../src/store/entities';
import { caseSteps, visitForm } from '../support/caseSteps';
import { validIdNumber } from '../support/ids';
import { createTestApp, type TestApp } from '../support/testApp';
import { eventually, MockWeChat, testBotOptions } from './support/mockWeChat';
import { codeIn } from '../support/trackingCode';
import { formatTrackingCode } from '../../src/shared/trackingCode';

/**
 * 双签字 through the bot (wechaty-puppet-mock, MariaDB): the household that declared in WeChat
 * receives the visit summary as a notice and answers it in the same chat; an objection reaches
 * the bound cadre as a notice that says what to type.
 */
jest.setTimeout(60_000);

const PEOPLE = [
  { id: 'nara', name: '娜仁' },
  { id: 'sarna', name: '萨仁' },
  { id: 'wang', name: '王村干部' },
];

describe('the household confirms the visit in WeChat', () => {
  let t: TestApp;
  let weChat: MockWeChat;
  let bot: ChatBot;
  const send = async (from: string, text: string) => (await weChat.send(bot, from, text)).replies;

  beforeAll(async () => {
    t = await createTestApp('mariadb');
    weChat = new MockWeChat(PEOPLE);
    bot = new ChatBot(testBotOptions(t.app, weChat));
    await bot.start();
    await weChat.login(bot);
    const { code } = await issueBindCode(t.app, 'cadreA1');
    await send('wang', `绑定 ${code}`);
  });
  afterAll(async () => {
    await bot.stop();
    await t.close();
  });

  /** Declares in WeChat as `who`, then the cadre accepts and records the visit over the API the next day. */
  async function visitedCase(who: string, sequence: number): Promise<Case> {
    for (const text of ['你好', '1', '兴科', '巴特尔', validIdNumber(sequence), `1380000${String(sequence).padStart(4, '0')}`, '4', '1', '1万2', '2']) await send(who, text);
    const [done] = await send(who, '1');
    const trackingCode = codeIn(done);
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode });
    const steps = caseSteps(t);
    await steps.act('cadreA1', c.id, { action: 'accept' });
    t.clock.now = new Date('2026-11-24T07:00:00Z');
    await steps.act('cadreA1', c.id, visitForm());
    return t.app.db.getRepository(Case).findOneByOrFail({ id: c.id });
  }

  it('receives the summary with "回复1确认", answers 1, and the case goes on to the village review', async () => {
    const c = await visitedCase('nara', 11);
    const notice = await eventually(() => weChat.inbox('nara').find((m) => m.startsWith('【请确认核查情况】')), 'the visit summary');
    expect(notice).toBe([`【请确认核查情况】申报号 ${formatTrackingCode(c.trackingCode)}`, '村干部记下了入户核查的情况，请您看看对不对：', ...visitSummaryLines(c.visit!), '回复1确认，回复2有不同意见。'].join('\n'));
    expect(notice).toContain('2026年11月24日，张明、驻村队员王强到您家了解情况');

    expect(await send('nara', '1')).toEqual([MSG.confirmed(c.trackingCode, '村里开会商量您家的情况，商量好了会把名单贴在村里几天，让大家看看。')]);
    const confirmed = await t.app.db.getRepository(Case).findOneByOrFail({ id: c.id });
    expect(confirmed).toMatchObject({ state: 'village_review', confirmation: { state: 'confirmed', by: 'household' } });
    const row = await t.app.db.getRepository(OutboxMessage).findOneByOrFail({ caseId: c.id, kind: 'case_visit_confirm' });
    expect(row.state).toBe('sent');
  });

  it('answers 2 with its words; the bound cadre is told what to type', async () => {
    const c = await visitedCase('sarna', 12);
    await eventually(() => weChat.inbox('sarna').some((m) => m.startsWith('【请确认核查情况】')), 'the visit summary');
    expect(await send('sarna', '2')).toEqual([MSG.objectionAsk]);
    expect(await send('sarna', '打工的钱是借的，不是收入')).toEqual([MSG.objectionNoted(c.trackingCode)]);
    expect((await t.app.db.getRepository(Case).findOneByOrFail({ id: c.id })).state).toBe('investigating');

    const digits = c.trackingCode;
    const told = await eventually(() => weChat.inbox('wang').find((m) => m.startsWith('【户主有不同意见】')), 'the objection notice');
    expect(told).toBe(`【户主有不同意见】${c.trackingCode} 兴科居委会：打工的钱是借的，不是收入。请再核实，回复“核查 ${digits}”重新录入`);
    expect((await send('wang', `详情 ${digits}`)).join('\n')).toContain('户主有不同意见：打工的钱是借的，不是收入');
  });
});
