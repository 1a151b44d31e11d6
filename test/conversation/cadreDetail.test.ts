import { STATE_INFO } from '../../src/domain/workflow';
import { FakePorts } from './fakePorts';
import { caseAt, cadreChat, MONDAY, residentChat, type Step } from './procedure';

/** 详情 through the procedure: what the household declared, where the case stands, what the cadre does now and may type. */

const LATER = new Date(MONDAY.getTime() + 2 * 24 * 3600_000);

async function detailAt(step: Step | 'assigned') {
  const ports = new FakePorts();
  if (step === 'assigned') ports.addCase({ state: 'assigned' });
  else await caseAt(ports, step);
  return cadreChat(ports, LATER).sayAll('详情 12345678');
}

const commandsOf = (detail: string) => detail.split('现在可以回复：\n')[1]?.split('\n') ?? [];

describe('详情 through the procedure', () => {
  it.each([
    ['assigned', ['受理 12345678（受理）', '转交 12345678 原因（不归您管，转回乡镇）', '结案 12345678 无风险/不符合/重复/撤回（结案）']],
    ['investigating', ['转交 12345678 原因（不归您管，转回乡镇）', '结案 12345678 无风险/不符合/重复/撤回（结案）', '核查 12345678（录入核查认定表）']],
    ['confirming', ['核查 12345678（录入核查认定表）', '已签字 12345678（户主已在纸质表上签字）']],
    ['village_review', ['评议 12345678（录入村级评议）', '退回 12345678 原因（退回上一步）']],
    ['reviewed', ['评议 12345678（录入村级评议）', '公示 12345678（开始公示）', '退回 12345678 原因（退回上一步）']],
    ['publicity', ['异议 12345678（登记公示异议）', '退回 12345678 原因（退回上一步）']],
  ] as const)('at %s lists exactly the commands allowed now', async (step, commands) => {
    expect(commandsOf(await detailAt(step))).toEqual(commands);
  });

  it('shows the declared hardships with their amounts and the income bracket, never the ID number', async () => {
    const detail = await detailAt('assigned');
    expect(detail).toContain('联发嘎查 户主巴特尔 139****5678');
    expect(detail).toContain('4口人；去年收入1万到2万（按15000元算），人均3750元，低于监测线7500元');
    expect(detail).toContain('困难：看病花钱多（自付约12000元）');
    expect(detail).not.toMatch(/\d{17}[\dX]|身份证/);
  });

  it.each(['assigned', 'investigating', 'confirming', 'village_review', 'publicity'] as const)('at %s says what the cadre does now, not what the household reads', async (step) => {
    const state = step === 'assigned' ? 'assigned' : step;
    const detail = await detailAt(step);
    expect(detail).toContain(STATE_INFO[state].staffNext);
    expect(detail).not.toContain(STATE_INFO[state].residentNext);
    expect(detail).not.toMatch(/您家|联系您/);
  });

  it('shows the visit, whether the household was asked, the review and the publicity with its open objections', async () => {
    expect(await detailAt('confirming')).toContain('核查（11月23日）：因病；人均纯收入3750元；继续办理，下一步村里评议\n已发微信请户主确认核查情况。');

    const ports = new FakePorts();
    await caseAt(ports, 'publicity');
    const chat = cadreChat(ports, LATER);
    await chat.sayAll('异议 12345678', '1', '他家儿子在城里有房', '1', '1');
    const detail = await chat.sayAll('详情 12345678');
    expect(detail).toContain('评议（11月24日）：通过\n公示：11月24日起，11月30日期满；异议1条（未答复：第1条）\n  第1条 匿名：他家儿子在城里有房');
    // Why the step cannot be done yet, in the domain's words.
    expect(detail).toContain('公示5个工作日，到11月30日结束，期满后才能结束公示');
    expect(commandsOf(detail)).toContain('答复 12345678 序号（答复异议）');
  });

  it('a household without WeChat is asked to sign on paper; one that disagreed shows its words', async () => {
    const paper = new FakePorts();
    await caseAt(paper, 'confirming', { c: { residentId: null } });
    expect(await cadreChat(paper, LATER).sayAll('详情 12345678')).toContain('户主没有用微信，请户主在纸质表上签字后回复“已签字”。');

    const ports = new FakePorts();
    await caseAt(ports, 'confirming');
    await residentChat(ports, LATER).sayAll('2', '收入没有那么多，打工的钱是借的');
    const detail = await cadreChat(ports, LATER).sayAll('详情 12345678');
    expect(detail).toContain('户主有不同意见：收入没有那么多，打工的钱是借的');
    expect(commandsOf(detail)).toContain('核查 12345678（录入核查认定表）');
  });

  it('a case declared by a relative says who declared it', async () => {
    const ports = new FakePorts();
    const fake = ports.addCase({ state: 'assigned', proxyName: '李明' });
    fake.declared.proxy = { name: '李明', relation: '儿子' };
    expect(await cadreChat(ports).sayAll('详情 12345678')).toContain('由儿子李明代报');
  });

  it('after 待办 the position stands for the case in every command', async () => {
    const ports = new FakePorts();
    ports.addCase({ state: 'assigned' }, '11112222');
    await caseAt(ports, 'reviewed');
    const chat = cadreChat(ports, LATER);
    expect(await chat.sayAll('待办')).toBe('待办2件：\n1. 11112222 联发嘎查 因病 待受理\n2. 12345678 联发嘎查 因病 村级评议\n回复序号看详情（例如：1），“受理 1”受理第1件。');
    expect(await chat.sayAll('2')).toMatch(/^12345678 村级评议/);
    expect(await chat.sayAll('详情 1')).toMatch(/^11112222 待受理/);
    expect(await chat.sayAll('公示 2')).toContain('开始填写 12345678 巴特尔家的公示。');
    await chat.say('取消');
    expect(await chat.sayAll('受理 1')).toBe('已受理 11112222，现在是“入户核查”。请两人一组入户核查，回来后回复“核查 11112222”录入。');
    expect(ports.acts.map((a) => [a.trackingCode, a.action])).toEqual([['11112222', 'accept']]);
  });
});
