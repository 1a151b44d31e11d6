import type { WorkflowCase } from '../../src/domain/workflow';
import { FakePorts } from './fakePorts';
import { CODE, caseAt, residentChat, visitInput } from './procedure';

/** 双签字 in chat: the household answers the visit summary (notice case_visit_confirm) with 1 or 2, or with words. */

async function visited(overrides: Partial<WorkflowCase> = {}) {
  const ports = new FakePorts();
  const fake = await caseAt(ports, 'confirming', { c: overrides });
  return { ports, fake, chat: residentChat(ports) };
}

describe('the household confirms the visit record', () => {
  it('"1" confirms it, and the case goes on to the village review', async () => {
    const { fake, chat } = await visited();
    expect(await chat.sayAll('1')).toBe('已确认核查情况（申报号 1234 5678），谢谢！村里开会商量您家的情况，商量好了会把名单贴在村里几天，让大家看看。');
    expect(fake.c).toMatchObject({ state: 'village_review', confirmation: { state: 'confirmed', by: 'household', byName: '巴特尔' } });
  });

  it('"确认 12345678" names the case; a case not waiting for them is refused', async () => {
    const { fake, chat } = await visited();
    expect(await chat.sayAll('确认 99999999')).toBe('没有找到等您确认的这件申报，回复“查询”看看。');
    expect(fake.c.state).toBe('confirming');
    expect(await chat.sayAll('确认 12345678')).toContain('已确认核查情况（申报号 1234 5678）');
    expect(fake.c.state).toBe('village_review');
  });

  it('a relative who declared for the household confirms for it', async () => {
    const { fake, chat } = await visited({ proxyName: '李明' });
    await chat.say('1');
    expect(fake.c.confirmation).toMatchObject({ state: 'confirmed', by: 'proxy', byName: '李明' });
  });

  it('a visit that concluded 核查结束 is closed by the confirmation', async () => {
    const ports = new FakePorts();
    const fake = await caseAt(ports, 'confirming', { visit: { verifiedRiskTypes: ['none'] } });
    expect(await residentChat(ports).sayAll('1')).toBe('已确认核查情况（申报号 1234 5678），谢谢！这件申报已经办结；以后有新困难可以再申报。');
    expect(fake.c).toMatchObject({ state: 'closed', closeReason: 'no_risk' });
  });
});

describe('the household disagrees', () => {
  it('"2" asks for its words, which go to the cadre, and the visit is to be done again', async () => {
    const { fake, chat } = await visited();
    expect(await chat.sayAll('2')).toBe('请说说哪里不对，村干部会再和您核实：');
    expect(await chat.sayAll('嗯')).toBe('请用一句话说说哪里不对；不说了请回复“取消”。');
    expect(await chat.sayAll('收入没有那么多，打工的钱是借的')).toBe('已把您的意见告诉村干部（申报号 1234 5678），村干部会再和您核实。');
    expect(fake.c).toMatchObject({ state: 'investigating', confirmation: { state: 'objected', words: '收入没有那么多，打工的钱是借的' } });
    expect(fake.decisions[fake.decisions.length - 1].notices).toEqual([{ to: 'assignee', kind: 'case_visit_objected', note: '收入没有那么多，打工的钱是借的' }]);
    expect(chat.state).toMatchObject({ awaiting: null, objection: null });
  });

  it('"有不同意见 12345678" names the case; "取消" drops the words and the record still waits', async () => {
    const { fake, chat } = await visited();
    expect(await chat.sayAll('有不同意见 12345678')).toBe('请说说哪里不对，村干部会再和您核实：');
    expect(await chat.sayAll('取消')).toBe('好的，先不说了。核查情况没问题就回复“确认”。');
    expect(fake.c.state).toBe('confirming');
    expect(chat.state).toMatchObject({ awaiting: null });
  });

  it('asked for its words, the household may still change its mind with "1"', async () => {
    const { fake, chat } = await visited();
    await chat.say('2');
    expect(await chat.sayAll('1')).toContain('已确认核查情况（申报号 1234 5678）');
    expect(fake.c.state).toBe('village_review');
    expect(chat.state).toMatchObject({ awaiting: null, objection: null });
  });

  it('a record changed while the household was writing is not objected to blindly', async () => {
    const { ports, fake, chat } = await visited();
    await chat.say('2');
    ports.now = new Date('2026-11-23T12:00:00+08:00');
    await ports.cadreAct(3, CODE, 'record_visit', visitInput({ householdSize: 5 }));
    expect(await chat.sayAll('收入没有那么多')).toBe('核查情况刚有变动，请回复“查询”看最新的，再确认。');
    expect(fake.c).toMatchObject({ state: 'confirming', confirmation: { state: 'pending' } });
  });
});

describe('which replies count', () => {
  it('with several records waiting, digits ask for the case number', async () => {
    const ports = new FakePorts();
    const first = await caseAt(ports, 'confirming');
    const second = await caseAt(ports, 'confirming', { code: '87654321' });
    const chat = residentChat(ports);
    expect(await chat.sayAll('1')).toBe('有2件核查等您确认：1234 5678、8765 4321。请回复“确认 申报号”或“有不同意见 申报号”，例如：确认 12345678');
    expect(await chat.sayAll('确认 87654321')).toContain('已确认核查情况（申报号 8765 4321）');
    expect(second.c.state).toBe('village_review');
    expect(first.c.state).toBe('confirming');
    // One left: a digit is enough again.
    expect(await chat.sayAll('1')).toContain('已确认核查情况（申报号 1234 5678）');
  });

  it('digits answer an open declaration question, not the confirmation; the words still reach it', async () => {
    const { ports, fake, chat } = await visited();
    await chat.say('申报');
    expect(await chat.sayAll('1')).toContain('您家是哪个村（嘎查）？');
    expect(fake.c.state).toBe('confirming');
    const replies = await chat.say('确认');
    expect(replies[0]).toContain('已确认核查情况（申报号 1234 5678）');
    // The declaration in progress waits to be continued.
    expect(replies[1]).toBe('您上次申报到第2步，回复1继续，回复2重新开始。');
    expect(fake.c.state).toBe('village_review');
    expect(ports.submissions).toEqual([]);
  });

  it('with nothing waiting, "1" means what it means anyway', async () => {
    const ports = new FakePorts();
    const chat = residentChat(ports);
    await chat.sayAll('你好', '3');
    expect(await chat.sayAll('1')).toBe('回复“申报”开始申报，“查询”看进度，“人工”请村干部给您打电话。');
    expect(await chat.sayAll('确认')).toBe('回复“申报”开始申报，“查询”看进度，“人工”请村干部给您打电话。');
  });
});
