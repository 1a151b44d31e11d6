import { DomainError } from '../../src/domain/errors';
import { parseCloseReason } from '../../src/conversation/cadreCommands';
import { CADRE, Chat, FakePorts, RESIDENT, sampleCaseDetail } from './fakePorts';

/** A bound cadre's commands in chat, and binding a WeChat account to a staff account. */

function portsWithQueue(): FakePorts {
  const ports = new FakePorts();
  ports.queues.set(3, [
    {
      trackingCode: '12345678',
      villageName: '联发嘎查',
      riskTypeLabels: ['因病', '因自然灾害'],
      urgent: true,
      stateLabel: '待受理',
      dueAt: new Date('2026-03-03T18:00:00+08:00'),
    },
    { trackingCode: '87654321', villageName: '联合村', riskTypeLabels: ['因学'], urgent: false, stateLabel: '入户核查', dueAt: new Date('2026-03-01T18:00:00+08:00') },
  ]);
  const sample = sampleCaseDetail({ riskTypeLabels: ['因病', '因自然灾害'] });
  sample.declared.hardships = ['illness', 'disaster'];
  Object.assign(sample.declared.details, { disasterWhen: 1, disasterLoss: 3000 });
  ports.details.set('12345678', sample);
  return ports;
}

describe('待办', () => {
  it('lists the queue, urgent marked, with due dates and what to reply', async () => {
    const chat = new Chat(portsWithQueue(), CADRE);
    const reply = await chat.sayAll('待办');
    expect(reply).toBe(
      [
        '待办2件：',
        '1. 12345678 联发嘎查 因病、因自然灾害 紧急 待受理，3月3日前',
        '2. 87654321 联合村 因学 入户核查，已超时',
        '回复序号看详情（例如：1），“受理 1”受理第1件。',
      ].join('\n'),
    );
  });

  it('says so when nothing is waiting', async () => {
    const chat = new Chat(new FakePorts(), CADRE);
    expect(await chat.sayAll('　待办　')).toBe('没有待办，辛苦了！');
  });
});

describe('详情', () => {
  it('shows what the household declared, what to do now (to staff) and the commands allowed now', async () => {
    const chat = new Chat(portsWithQueue(), CADRE);
    const reply = await chat.sayAll('详情 12345678');
    expect(reply).toBe(
      [
        '12345678【紧急】 待受理',
        '联发嘎查 户主巴特尔 139****5678',
        '4口人；去年收入1万到2万（按15000元算），人均3750元，低于监测线7500元',
        '困难：看病花钱多（自付约12000元）；遭了灾（一个月内，损失约3000元）',
        '紧急：近30天遭灾',
        '3月1日农牧户自主申报',
        '请尽快受理，并和这户联系。',
        '现在可以回复：',
        '受理 12345678（受理）',
        '转交 12345678 原因（不归您管，转回乡镇）',
        '结案 12345678 无风险/不符合/重复/撤回（结案）',
      ].join('\n'),
    );
  });

  it('after 待办, a position names the case: "详情 2", "受理 1", or just "1"', async () => {
    const ports = portsWithQueue();
    ports.details.set('87654321', sampleCaseDetail({ trackingCode: '87654321', villageName: '联合村', urgent: false }));
    const chat = new Chat(ports, CADRE);
    expect(await chat.sayAll('1')).toBe('请先回复“待办”看列表，再用序号。');
    await chat.say('待办');
    expect(await chat.sayAll('2')).toContain('87654321 待受理');
    expect(await chat.sayAll('详情 1')).toContain('12345678【紧急】 待受理');
    expect(await chat.sayAll('详情 3')).toBe('待办里没有第3件（只有2件），回复“待办”再看一下。');
    expect(await chat.sayAll('受理 1')).toContain('已受理 12345678');
    expect(ports.acts.map((a) => a.trackingCode)).toEqual(['12345678']);
  });

  it('a case outside the cadre\'s villages is a polite "not found"', async () => {
    const chat = new Chat(portsWithQueue(), CADRE);
    expect(await chat.sayAll('详情 11112222')).toBe('没办成：案件不存在');
  });
});

describe('受理 / 转交 / 结案', () => {
  it.each([
    ['受理 12345678'],
    ['受理 SB-12345678'],
    ['受理 sb12345678'],
    ['受理12345678'],
    ['受理\u3000ＳＢ－１２３４５６７８'],
    ['  受理   12345678  '],
  ])('%p accepts 12345678', async (text) => {
    const ports = portsWithQueue();
    const chat = new Chat(ports, CADRE);
    expect(await chat.sayAll(text)).toBe('已受理 12345678，现在是“入户核查”。请两人一组入户核查，回来后回复“核查 12345678”录入。');
    expect(ports.acts).toEqual([{ staffId: 3, trackingCode: '12345678', action: 'accept', input: {} }]);
  });

  it('a refused action shows the Chinese reason', async () => {
    const chat = new Chat(portsWithQueue(), CADRE);
    await chat.say('受理 12345678');
    expect(await chat.sayAll('受理 12345678')).toBe('没办成：案件当前为"入户核查"，不能受理');
  });

  it('转交 hands the case back to the township with the reason', async () => {
    const ports = portsWithQueue();
    const chat = new Chat(ports, CADRE);
    expect(await chat.sayAll('转交 12345678')).toContain('请写上转交原因');
    expect(await chat.sayAll('转交　１２３４５６７８　不是我负责的村')).toBe('已转交乡镇：12345678，现在是“待分派”。');
    expect(ports.acts).toEqual([{ staffId: 3, trackingCode: '12345678', action: 'transfer', input: { reason: '不是我负责的村' } }]);
  });

  it.each([
    ['无风险', 'no_risk', '核查无风险'],
    ['核查无风险', 'no_risk', '核查无风险'],
    ['不符合', 'not_eligible', '不符合纳入条件'],
    ['重复', 'duplicate', '重复申报'],
    ['撤回', 'withdrawn', '群众撤回'],
  ])('结案 … %s closes with reason %s', async (word, key, label) => {
    const ports = portsWithQueue();
    const chat = new Chat(ports, CADRE);
    expect(await chat.sayAll(`结案 12345678 ${word}`)).toBe(`已结案：12345678（${label}）。`);
    expect(ports.acts).toEqual([{ staffId: 3, trackingCode: '12345678', action: 'close', input: { reason: key } }]);
  });

  it('结案 keeps what follows the reason as a note, and asks for a known reason otherwise', async () => {
    const ports = portsWithQueue();
    const chat = new Chat(ports, CADRE);
    expect(await chat.sayAll('结案 12345678 搬走了')).toBe('结案原因请写：无风险、不符合、重复、撤回 中的一个，例如：结案 12345678 无风险');
    expect(await chat.sayAll('结案 12345678')).toContain('无风险、不符合、重复、撤回');
    await chat.say('结案 12345678无风险，收入稳定');
    expect(ports.acts).toEqual([
      { staffId: 3, trackingCode: '12345678', action: 'close', input: { reason: 'no_risk', note: '收入稳定' } },
    ]);
  });

  it('a missing or malformed code gets an example', async () => {
    const chat = new Chat(portsWithQueue(), CADRE);
    expect(await chat.sayAll('受理')).toBe('请写上申报编号或待办里的序号，例如：受理 12345678');
    expect(await chat.sayAll('详情 SB-12')).toBe('编号不对，应该是8位数字，像 12345678，或写待办里的序号。');
  });

  it('parseCloseReason maps the words to CLOSE_REASONS keys', () => {
    expect(parseCloseReason('不符合纳入条件 家有轿车')).toEqual({ reason: 'not_eligible', note: '家有轿车' });
    expect(parseCloseReason('群众撤回')).toEqual({ reason: 'withdrawn', note: '' });
    expect(parseCloseReason('别的')).toBeNull();
  });
});

describe('unknown commands', () => {
  it.each(['你好', '帮助', ''])('%p gets the list of commands', async (text) => {
    const chat = new Chat(portsWithQueue(), CADRE);
    const reply = await chat.sayAll(text);
    expect(reply).toContain('待办 · 详情 编号\n受理 编号 · 转交 编号 原因 · 结案 编号 无风险/不符合/重复/撤回\n核查 编号 · 已签字 编号 · 评议 编号');
    expect(reply).toContain('绑定 绑定码');
  });
});

describe('绑定', () => {
  it('binds a resident\'s WeChat account to the staff account of a valid code', async () => {
    const ports = new FakePorts();
    ports.bindCodes.set('628413', { name: '王芳' });
    const chat = new Chat(ports, RESIDENT);
    await chat.say('你好');
    expect(await chat.sayAll('绑定 ６２８４１３')).toBe('绑定成功，王芳您好！回复“待办”看要办的事。');
    expect(ports.bindings).toEqual([{ code: '628413', channelUserId: 'wx-resident-7' }]);
    expect(chat.state).toBeNull();
  });

  it('a wrong or expired code shows the port\'s Chinese message and keeps the dialogue', async () => {
    const ports = new FakePorts();
    ports.bindCodes.set('111111', { name: '王芳', expired: true });
    const chat = new Chat(ports, RESIDENT);
    await chat.sayAll('你好', '1');
    expect(await chat.sayAll('绑定 999999')).toBe('绑定没成功：绑定码不对，请找乡镇管理员重新生成');
    expect(await chat.sayAll('绑定111111')).toBe('绑定没成功：绑定码已过期，请找乡镇管理员重新生成');
    expect(await chat.sayAll('联发')).toContain('户主姓名是？');
  });

  it('without a code asks for one; a bound cadre may bind again', async () => {
    const ports = new FakePorts();
    ports.bindCodes.set('222222', { name: '王芳' });
    const chat = new Chat(ports, CADRE);
    expect(await chat.sayAll('绑定')).toBe('请写上绑定码，例如：绑定 123456');
    expect(ports.bindings).toEqual([]);
    expect(await chat.sayAll('绑定 222222')).toContain('绑定成功');
  });

  it('other failures of the port are not swallowed', async () => {
    const ports = new FakePorts();
    ports.bindCadre = async () => {
      throw new Error('db down');
    };
    await expect(new Chat(ports, RESIDENT).say('绑定 123456')).rejects.toThrow('db down');
    ports.bindCadre = async () => {
      throw new DomainError('rate_limited', '试得太多了，请一小时后再试', 429);
    };
    expect(await new Chat(ports, RESIDENT).sayAll('绑定 123456')).toBe('绑定没成功：试得太多了，请一小时后再试');
  });
});
