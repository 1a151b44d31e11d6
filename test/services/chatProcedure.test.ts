import { handleMessage, type Sender } from '../../src/conversation';
import { visitSummaryLines } from '../../src/domain/workflow';
import { residentFor } from '../../src/services/auth';
import { createChatPorts } from '../../src/services/chatPorts';
import { renderNotice } from '../../src/services/noticeText';
import { Case, CaseEvent, OutboxMessage } from '../../src/store/entities';
import { validIdNumber } from '../support/ids';
import { createTestApp, DRIVERS, type TestApp } from '../support/testApp';
import { codeIn } from '../support/trackingCode';
import { formatTrackingCode } from '../../src/shared/trackingCode';

/**
 * A whole case in chat on the real database: the household declares, the cadre carries it from
 * 受理 to 公示结束 without leaving WeChat, the household confirms the visit with "1". Each message
 * runs at its own time — the turn's `now` and the app's clock agree, as in the bot — and the
 * dialogue state goes through JSON between messages, as chat_sessions stores it.
 */
jest.setTimeout(60_000);

const at = (iso: string) => new Date(`${iso}+08:00`);

describe.each(DRIVERS)('the cadre procedure through the chat engine on %s', (driver) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  /** One person's side of the chat with the real ports. */
  function chatOf(sender: Sender) {
    const ports = createChatPorts(t.app);
    let state: unknown = null;
    return async (text: string, when: Date): Promise<string> => {
      t.clock.now = when;
      const result = await handleMessage({ sender, text, inRoom: false, mentioned: false, now: when }, state, ports);
      state = result.state === null ? null : JSON.parse(JSON.stringify(result.state));
      return result.replies.join('\n');
    };
  }
  /** Says each text a minute apart from `start`; returns the last reply. */
  const script = (say: (text: string, when: Date) => Promise<string>) => async (start: string, ...texts: string[]) => {
    let reply = '';
    for (const [i, text] of texts.entries()) reply = await say(text, new Date(at(start).getTime() + i * 60_000));
    return reply;
  };

  it('declaration → 受理 → 核查 → the household confirms → 评议 → 公示 → 异议/答复 → 公示结束', async () => {
    const residentId = (await residentFor(t.app, 'chat', 'wx-household')).id;
    const resident = script(chatOf({ kind: 'resident', residentId, channelUserId: 'wx-household' }));
    const cadre = script(chatOf({ kind: 'cadre', staffId: t.users.cadreA1, name: 'cadreA1', channelUserId: 'wx-cadre' }));
    const idNumber = validIdNumber(901);

    const submitted = await resident('2026-11-23T10:00:00', '你好', '1', '兴科', '巴特尔', idNumber, '13912345678', '4', '1', '1万2', '2', '1');
    expect(submitted).toMatch(/^已提交！申报号 \d{4} \d{4}。/);
    const trackingCode = codeIn(submitted);
    const digits = trackingCode;

    expect(await cadre('2026-11-23T10:30:00', '待办')).toContain(`1. ${trackingCode} 兴科居委会 因病 待受理`);
    const detail = await cadre('2026-11-23T10:31:00', '1');
    expect(detail).toContain('4口人；去年收入1万到2万（按15000元算），人均3750元，低于监测线7500元');
    expect(detail).toContain('困难：看病花钱多（自付约12000元）');
    expect(detail).toContain('请尽快受理，并和这户联系。');
    expect(detail).not.toContain(idNumber);
    expect(detail).not.toContain('13912345678');
    expect(await cadre('2026-11-23T10:32:00', '受理 1')).toContain(`已受理 ${trackingCode}，现在是“入户核查”。`);

    await cadre('2026-11-24T15:00:00', `核查 ${digits}`, '1', '张明', '1', '1', '4', '1', '8000', '6000', '0', '3000', '2000', '0', '一万二', '0', '0');
    const readBack = await cadre('2026-11-24T15:20:00', '1');
    expect(readBack).toContain('2026年11月24日，cadreA1、张明到您家了解情况');
    expect(await cadre('2026-11-24T15:21:00', '1')).toContain(`已录入核查认定表：${trackingCode}，现在是“待户主确认”。`);

    expect(await resident('2026-11-24T18:00:00', '1')).toBe(`已确认核查情况（申报号 ${formatTrackingCode(trackingCode)}），谢谢！村里开会商量您家的情况，商量好了会把名单贴在村里几天，让大家看看。`);

    await cadre('2026-11-25T09:00:00', `评议 ${digits}`, '1', '23', '1', '3', '20');
    expect(await cadre('2026-11-25T09:10:00', '1')).toBe(`已录入村级评议：${trackingCode}（通过）。开始公示请回复“公示 ${digits}”。`);
    await cadre('2026-11-25T09:20:00', `公示 ${digits}`, '1', '村委会公示栏');
    expect(await cadre('2026-11-25T09:30:00', '1')).toMatch(new RegExp(`^已开始公示：${trackingCode}，12月1日期满。`));

    await cadre('2026-11-26T10:00:00', `异议 ${digits}`, '1', '他家儿子在城里有房', '1');
    expect(await cadre('2026-11-26T10:10:00', '1')).toBe(`已登记第1条异议：${trackingCode}。核实后回复“答复 ${digits} 1”。`);
    await cadre('2026-11-27T10:00:00', `答复 ${digits} 1`, '1', '经核实，房子是租的');
    expect(await cadre('2026-11-27T10:10:00', '1')).toContain(`已答复第1条异议：${trackingCode}。`);

    expect(await cadre('2026-11-30T10:00:00', `公示结束 ${digits}`)).toBe('没办成：公示5个工作日，到12月1日结束，期满后才能结束公示');
    expect(await cadre('2026-12-02T09:00:00', `公示结束 ${digits}`)).toBe(`公示结束：${trackingCode}，现在是“乡镇审核”，等乡镇审核。`);

    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode });
    expect(c).toMatchObject({ state: 'township_review', assigneeId: t.users.cadreA1, version: 9 });
    expect(c.visit).toMatchObject({ visitors: ['cadreA1', '张明'], income: { compliantOutOfPocket: 12000 }, figures: { netIncome: 15000 } });
    expect(c.confirmation).toMatchObject({ state: 'confirmed', by: 'household' });
    expect(c.publicity?.objections).toEqual([expect.objectContaining({ no: 1, raisedBy: '匿名', answer: expect.objectContaining({ finding: 'unfounded' }) })]);

    // One audit row per action (the refused 公示结束 wrote none), each by whoever took it.
    const events = await t.app.db.getRepository(CaseEvent).find({ where: { caseId: c.id }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.action, e.actorType, e.toState])).toEqual([
      ['declare', 'resident', 'assigned'],
      ['accept', 'staff', 'investigating'],
      ['record_visit', 'staff', 'confirming'],
      ['confirm_visit', 'resident', 'village_review'],
      ['record_review', 'staff', 'village_review'],
      ['start_publicity', 'staff', 'publicity'],
      ['record_objection', 'staff', 'publicity'],
      ['answer_objection', 'staff', 'publicity'],
      ['finish_publicity', 'staff', 'township_review'],
    ]);
    expect(events.filter((e) => e.actorType === 'staff').every((e) => e.actorId === t.users.cadreA1)).toBe(true);

    const outbox = await t.app.db.getRepository(OutboxMessage).find({ where: { caseId: c.id }, order: { id: 'ASC' } });
    expect(outbox.map((o) => [o.kind, o.recipientType, o.channel])).toEqual([
      ['case_assigned', 'staff', 'chat'],
      ['case_received', 'resident', 'chat'],
      ['case_accepted', 'resident', 'chat'],
      ['case_visit_confirm', 'resident', 'chat'],
      ['case_published', 'resident', 'chat'],
    ]);
    // The household is asked with the domain's own summary of what was recorded.
    const ask = outbox[3];
    expect(ask.payload.text).toBe(['村干部记下了入户核查的情况，请您看看对不对：', ...visitSummaryLines(c.visit!)].join('\n'));
    expect(renderNotice(ask.kind, 'resident', ask.payload)).toMatch(/^【请确认核查情况】申报号 \d{4} \d{4}\n村干部记下了.*\n回复1确认，回复2有不同意见。$/s);
    expect(renderNotice(outbox[4].kind, 'resident', outbox[4].payload)).toBe(`【申报进度】申报号 ${formatTrackingCode(trackingCode)}：村里开会商量通过了，11月25日到12月1日把名单贴在村里，让大家看看。有意见可以找村干部。`);
  });

  it('a cadre registers a screened household in chat; it starts at the visit in their own queue', async () => {
    const cadre = script(chatOf({ kind: 'cadre', staffId: t.users.cadreB1, name: 'cadreB1', channelUserId: 'wx-cadre-b1' }));
    const idNumber = validIdNumber(902);
    const readBack = await cadre('2026-11-23T11:00:00', '登记', '乌力吉', idNumber, '13800000009', '3', '3', '1', '1');
    expect(readBack).toContain('户主乌力吉（1522**********');
    expect(readBack).not.toContain(idNumber);
    const done = await cadre('2026-11-23T11:10:00', '1');
    const trackingCode = /\d{8}/.exec(done)![0];
    expect(done).toContain('（基层干部排查），在您的待办里');
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode });
    expect(c).toMatchObject({ state: 'investigating', assigneeId: t.users.cadreB1, intakeMethod: 'cadre_screening', villageCode: '152221101201' });
    expect(await cadre('2026-11-23T11:11:00', '待办')).toContain(`${trackingCode} 联发嘎查 因安全住房`);
  });
});
