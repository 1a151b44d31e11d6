import { FakePorts } from './fakePorts';
import { CODE, caseAt, cadreChat, MONDAY } from './procedure';

/** The shorter cadre dialogues after the visit: 已签字, 评议, 公示, 异议, 答复, and 公示结束 / 退回. */

const DAY = 24 * 3600_000;
const day = (n: number) => new Date(MONDAY.getTime() + n * DAY);

describe('已签字: the household signed the paper 核查认定表', () => {
  it('records the day and the signer, and the case goes on to the review', async () => {
    const ports = new FakePorts();
    const fake = await caseAt(ports, 'confirming');
    const chat = cadreChat(ports);
    expect(await chat.sayAll('已签字 12345678')).toBe(
      '开始填写 12345678 巴特尔家的纸质签字。\n户主哪天在核查认定表上签的字？\n回复1今天，2昨天，或写日期，例如：11月24日\n回复0返回上一步，“取消”不填了。',
    );
    expect(await chat.sayAll('11月20日')).toMatch(/^签字日期不能早于11月23日。\n户主哪天/);
    expect(await chat.sayAll('1')).toBe('谁签的字？\n回复1：户主巴特尔本人；别人签的请写名字。');
    expect(await chat.sayAll('1')).toBe('请核对：\n11月23日，户主巴特尔在核查认定表上签了字（纸质表由村里留存）\n1 提交\n2 修改');
    expect(await chat.sayAll('1')).toBe('已录入纸质签字：12345678，现在是“村级评议”。评议后回复“评议 12345678”录入。');
    expect(ports.acts).toEqual([{ staffId: 3, trackingCode: CODE, action: 'record_signature', input: { signedOn: '2026-11-23' }, version: 2 }]);
    expect(fake.c.confirmation).toMatchObject({ state: 'confirmed', by: 'paper', byName: '巴特尔' });
  });

  it('another signer is named; a visit that concluded 核查结束 closes the case, with no review to come', async () => {
    const ports = new FakePorts();
    const fake = await caseAt(ports, 'confirming', { visit: { verifiedRiskTypes: ['none'] } });
    const chat = cadreChat(ports);
    await chat.sayAll('已签字 12345678', '1', '其其格');
    expect(await chat.sayAll('1')).toBe('已录入纸质签字：12345678，现在是“已结案”。');
    expect(fake.c).toMatchObject({ state: 'closed', closeReason: 'no_risk', confirmation: { byName: '其其格' } });
  });
});

describe('评议: the village review', () => {
  it('passed: the meeting, the proposed type and the measures (grouped, numbered), then 公示 is offered', async () => {
    const ports = new FakePorts();
    const fake = await caseAt(ports, 'village_review');
    const chat = cadreChat(ports, day(1));
    expect(await chat.sayAll('评议 12345678')).toContain('开始填写 12345678 巴特尔家的村级评议。\n哪天开的村级评议会？');
    expect(await chat.sayAll('11月22日')).toMatch(/^评议日期不能早于11月23日。/);
    expect(await chat.sayAll('1')).toBe('参会多少人？');
    expect(await chat.sayAll('2')).toBe('请回复3到500之间的数字。\n参会多少人？\n回复0返回上一步，“取消”不填了。');
    expect(await chat.sayAll('23')).toBe('评议结果？\n1 通过\n2 不通过');
    expect(await chat.sayAll('1')).toBe('拟认定为哪类监测对象？\n1 脱贫不稳定户\n2 边缘易致贫户\n3 突发严重困难户');
    const measures = await chat.sayAll('3');
    expect(measures).toMatch(/^拟采取哪些帮扶措施？可以选几个，用空格隔开\n产业帮扶：1 种植业 2 林果业 /);
    expect(measures).toContain('健康帮扶：18 参加城乡居民基本医疗保险个人缴费补贴 19 大病保险 20 医疗救助');
    expect(measures).toMatch(/36 其他（自己写）$/);
    expect(await chat.sayAll('19 20 36')).toBe('其他帮扶措施是什么？');
    expect(await chat.sayAll('村里组织捐款')).toBe(
      '请核对：\n11月24日村级评议，23人参会，通过\n拟认定：突发严重困难户\n帮扶措施：大病保险、医疗救助、村里组织捐款\n1 提交\n2 修改',
    );
    expect(await chat.sayAll('1')).toBe('已录入村级评议：12345678（通过）。开始公示请回复“公示 12345678”。');
    expect(ports.acts[0].input).toEqual({ meetingOn: '2026-11-24', attendance: 23, result: 'pass', proposedType: 'sudden', measures: ['critical_illness_insurance', 'medical_assistance'], otherMeasure: '村里组织捐款' });
    expect(fake.c.state).toBe('village_review');
  });

  it('not passed: the reason is asked, and the case is closed', async () => {
    const ports = new FakePorts();
    const fake = await caseAt(ports, 'village_review');
    const chat = cadreChat(ports, day(1));
    await chat.sayAll('评议 12345678', '1', '23');
    expect(await chat.sayAll('2')).toBe('不通过的原因？');
    expect(await chat.sayAll('家庭收入高于监测线')).toBe('请核对：\n11月24日村级评议，23人参会，不通过\n原因：家庭收入高于监测线\n1 提交\n2 修改');
    expect(await chat.sayAll('1')).toBe('已录入村级评议：12345678，评议没有通过，现在是“已结案”。');
    expect(fake.c).toMatchObject({ state: 'closed', closeReason: 'review_failed' });
    expect(fake.decisions[fake.decisions.length - 1].residentText).toBe('村里开会商量后，这次没有通过：家庭收入高于监测线。有疑问可以找村干部。');
  });

  it('a measure number off the list is asked again; changing the result from the read-back drops the measures', async () => {
    const ports = new FakePorts();
    await caseAt(ports, 'village_review');
    const chat = cadreChat(ports, day(1));
    await chat.sayAll('评议 12345678', '1', '23', '1', '3');
    expect(await chat.sayAll('99')).toMatch(/^请回复序号，几个就用空格隔开，例如：1 6。\n拟采取哪些帮扶措施？/);
    await chat.sayAll('20');
    const list = await chat.sayAll('2');
    expect(list).toContain('帮扶措施：医疗救助');
    await chat.say(/(\d+) 评议结果/.exec(list)![1]);
    expect(await chat.sayAll('2')).toBe('不通过的原因？');
    await chat.sayAll('家庭收入高于监测线', '1');
    expect(ports.acts[0].input).toEqual({ meetingOn: '2026-11-24', attendance: 23, result: 'fail', reason: '家庭收入高于监测线' });
  });
});

describe('公示', () => {
  it('asks the first day and the place, and tells when the window ends', async () => {
    const ports = new FakePorts();
    const fake = await caseAt(ports, 'reviewed');
    const chat = cadreChat(ports, day(1));
    expect(await chat.sayAll('公示 12345678')).toBe(
      '开始填写 12345678 巴特尔家的公示。\n哪天开始公示？\n回复1今天，2明天，或写日期，例如：11月24日\n回复0返回上一步，“取消”不填了。',
    );
    expect(await chat.sayAll('2')).toBe('在哪里公示？例如：村委会公示栏\n不写地点请回复1。');
    // A place that starts like a command (公示…) is an answer, not a command.
    expect(await chat.sayAll('公示栏')).toBe('请核对：\n11月25日开始公示，地点：公示栏\n公示期按工作日由系统算，提交后告诉您哪天期满。\n1 提交\n2 修改');
    expect(await chat.sayAll('1')).toBe('已开始公示：12345678，12月1日期满。有异议回复“异议 12345678”登记；期满后回复“公示结束 12345678”。');
    expect(ports.acts[0].input).toEqual({ startsOn: '2026-11-25', place: '公示栏' });
    expect(fake.c).toMatchObject({ state: 'publicity', publicity: { startsOn: '2026-11-25', days: 5, unit: 'working' } });
  });

  it('without a recorded review it is refused with the domain\'s reason; a day the domain refuses can be changed', async () => {
    const ports = new FakePorts();
    await caseAt(ports, 'village_review');
    expect(await cadreChat(ports, day(1)).sayAll('公示 12345678')).toBe('没办成：请先录入村级评议结果，评议通过后才能公示');

    const other = new FakePorts();
    await caseAt(other, 'reviewed');
    const chat = cadreChat(other, day(1));
    await chat.sayAll('公示 12345678', '11月23日', '1');
    expect(await chat.sayAll('1')).toBe('没办成：公示不能早于评议日期（2026-11-24）\n回复1再试一次，回复2修改，“取消”不填了。');
    await chat.sayAll('2', '1', '2');
    expect(await chat.sayAll('1')).toContain('已开始公示');
  });
});

describe('异议 and 答复 during publicity', () => {
  async function inPublicity(at = day(2)) {
    const ports = new FakePorts();
    const fake = await caseAt(ports, 'publicity');
    return { ports, fake, chat: cadreChat(ports, at) };
  }

  it('异议: who (or 匿名), what, when; numbered in order', async () => {
    const { ports, fake, chat } = await inPublicity();
    expect(await chat.sayAll('异议 12345678')).toBe(
      '开始填写 12345678 巴特尔家的公示异议。\n谁提的异议？请写名字\n不愿留名的回复1（匿名）。\n回复0返回上一步，“取消”不填了。',
    );
    expect(await chat.sayAll('1')).toBe('异议的内容是什么？');
    expect(await chat.sayAll('他家儿子在城里有房')).toBe('哪天收到的？\n回复1今天，2昨天，或写日期，例如：11月24日');
    expect(await chat.sayAll('1')).toBe('请核对：\n11月25日收到匿名的异议：\n他家儿子在城里有房\n1 提交\n2 修改');
    expect(await chat.sayAll('1')).toBe('已登记第1条异议：12345678。核实后回复“答复 12345678 1”。');
    await chat.sayAll('异议 12345678', '张三', '家里有车', '1', '1');
    expect(chat.last).toBe('已登记第2条异议：12345678。核实后回复“答复 12345678 2”。');
    expect(fake.c.publicity?.objections.map((o) => [o.no, o.raisedBy])).toEqual([[1, '匿名'], [2, '张三']]);
    expect(ports.acts.map((a) => a.action)).toEqual(['record_objection', 'record_objection']);
  });

  it('答复 with the objection\'s number: what the check found and the answer', async () => {
    const { ports, fake, chat } = await inPublicity();
    await chat.sayAll('异议 12345678', '1', '他家儿子在城里有房', '1', '1');
    expect(await chat.sayAll('答复 12345678 1')).toBe('开始填写 12345678 巴特尔家的异议答复。\n核实的结果？\n1 不属实\n2 属实\n回复0返回上一步，“取消”不填了。');
    expect(await chat.sayAll('1')).toBe('答复的内容？');
    expect(await chat.sayAll('经核实，房子是租的')).toBe('请核对：\n第1条（匿名）：他家儿子在城里有房\n核实：不属实\n答复：经核实，房子是租的\n1 提交\n2 修改');
    expect(await chat.sayAll('1')).toBe('已答复第1条异议：12345678。公示期满、异议都答复后，回复“公示结束 12345678”。');
    expect(ports.acts[1]).toMatchObject({ action: 'answer_objection', input: { no: 1, finding: 'unfounded', answer: '经核实，房子是租的' } });
    expect(fake.c.publicity?.objections[0].answer).toMatchObject({ finding: 'unfounded', by: '王芳' });
  });

  it('with several open it asks which; a number that is not open is refused', async () => {
    const { chat } = await inPublicity();
    await chat.sayAll('异议 12345678', '1', '他家儿子在城里有房', '1', '1');
    await chat.sayAll('异议 12345678', '张三', '家里有车', '1', '1');
    expect(await chat.sayAll('答复 12345678 5')).toBe('没有要答复的第5条异议，还没答复的是：第1、2条。');
    expect(await chat.sayAll('答复 12345678')).toBe(
      '开始填写 12345678 巴特尔家的异议答复。\n答复哪一条异议？回复序号：\n第1条（匿名）：他家儿子在城里有房\n第2条（张三）：家里有车\n回复0返回上一步，“取消”不填了。',
    );
    expect(await chat.sayAll('3')).toMatch(/^请回复上面列出的异议序号。\n答复哪一条异议？/);
    expect(await chat.sayAll('2')).toContain('核实的结果？');
  });

  it('with nothing open 答复 is refused', async () => {
    const { chat } = await inPublicity();
    expect(await chat.sayAll('答复 12345678')).toBe('没办成：没有要答复的异议');
  });
});

describe('公示结束', () => {
  it('is refused before the window has passed and while an objection is open; then the case goes to the township', async () => {
    const ports = new FakePorts();
    const fake = await caseAt(ports, 'publicity');
    const early = cadreChat(ports, day(2));
    expect(await early.sayAll('公示结束 12345678')).toBe('没办成：公示5个工作日，到11月30日结束，期满后才能结束公示');
    await early.sayAll('异议 12345678', '1', '他家儿子在城里有房', '1', '1');

    const late = cadreChat(ports, day(8));
    expect(await late.sayAll('公示结束 12345678')).toBe('没办成：还有1条异议没有答复（第1条），答复后才能结束公示');
    await late.sayAll('答复 12345678 1', '1', '经核实，房子是租的', '1');
    expect(await late.sayAll('公示结束 12345678')).toBe('公示结束：12345678，现在是“乡镇审核”，等乡镇审核。');
    expect(fake.c.state).toBe('township_review');
    expect(fake.decisions[fake.decisions.length - 1].note).toBe('异议1条均已答复');
  });

  it('an objection found true cannot be finished over: the cadre is told to send it back to the review', async () => {
    const ports = new FakePorts();
    const fake = await caseAt(ports, 'publicity');
    const chat = cadreChat(ports, day(8));
    await chat.sayAll('异议 12345678', '1', '他家儿子在城里有房', '1', '1', '答复 12345678 1', '2', '确有其事', '1');
    expect(chat.last).toBe('已答复第1条异议：12345678（属实）。不能直接结束公示：请回复“退回 12345678 原因”退回村级评议重新评议（评议不通过即结案）。');
    expect(await chat.sayAll('公示结束 12345678')).toBe('没办成：有异议经核实属实，不能结束公示：请退回村级评议重新评议（评议不通过即结案）');
    expect(await chat.sayAll('退回 12345678 有异议属实')).toBe('已退回：12345678，现在是“村级评议”。请组织村级评议，评议通过后开始公示。');
    expect(fake.c).toMatchObject({ state: 'village_review', publicity: null });
  });
});
