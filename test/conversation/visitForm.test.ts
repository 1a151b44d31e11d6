import { CODE, caseAt, cadreChat, visitInput } from './procedure';
import { FakePorts } from './fakePorts';

/** 核查 <编号>: the 核查认定表 by chat, one question per message, then ONE record_visit with the case's version. */

/** Answers up to the risk types, for a household of four visited today by 王芳 and 张明 at home. */
const UP_TO_RISKS = ['1', '张明', '1', '1', '4'];
const INCOME = ['8000', '6000', '0', '3000', '2000', '0', '1万2'];
/** A whole home visit answered by the household that goes on to the review, up to the read-back. */
const HOME_VISIT = [...UP_TO_RISKS, '1', ...INCOME, '0', '0', '1'];

async function open(step: 'investigating' | 'confirming' = 'investigating') {
  const ports = new FakePorts();
  const fake = await caseAt(ports, step);
  const chat = cadreChat(ports);
  return { ports, fake, chat };
}

describe('核查: a home visit answered by the household', () => {
  it('asks each question of the 核查认定表 in order, numbered, with what the household declared', async () => {
    const { chat } = await open();
    const [first] = await chat.say('核查 12345678');
    expect(first).toBe(
      ['开始填写 12345678 巴特尔家的核查认定表。', '【1/16】哪天入户的？', '回复1今天，2昨天，或写日期，例如：11月24日', '回复0返回上一步，“取消”不填了。'].join('\n'),
    );
    expect(await chat.sayAll('1')).toBe('【2/16】和您（王芳）一起入户的是谁？请写名字，几位就用空格隔开。');
    expect(await chat.sayAll('张明')).toBe('【3/16】怎么核查的？\n1 入户\n2 电话或微信（户主外出等）');
    expect(await chat.sayAll('1')).toBe('【4/16】谁回答的？\n1 户主本人或家庭成员\n2 亲属或村干部代答');
    expect(await chat.sayAll('1')).toBe('【5/16】家里几口人？\n申报时是4口人。');
    const risks = await chat.sayAll('4');
    expect(risks).toMatch(/^【6\/16】核实的风险类型？可以选几个，用空格隔开，例如：1 6\n申报时：因病。\n1 因病\n2 因学\n/);
    expect(risks).toContain('11 其他\n12 无风险');
    expect(await chat.sayAll('1')).toBe('【7/16】近12个月工资性收入多少元？（打工、上班挣的；没有回复0）');
    await chat.sayAll(...INCOME.slice(0, 6));
    expect(chat.last).toBe('【13/16】近12个月合规自付支出多少元？（看病等报销后自己出的合规费用；没有回复0）\n申报时说看病自付约12000元。');
    expect(await chat.sayAll('1万2')).toMatch(/^【14\/16】家里有下面这些吗？有的回复序号，可以选几个\n1 注册了公司或企业并在经营\n.*\n0 都没有$/s);
    expect(await chat.sayAll('0')).toMatch(/^【15\/16】有没有下面不得纳入的情形？有的回复序号\n1 有家庭成员或户主的父母、配偶、子女为国家公职人员\n.*\n10 纳入失信惩戒，或违反边境管理规定\n0 都没有$/s);
    expect(await chat.sayAll('0')).toBe('【16/16】按填写的情况，结论是：继续办理（下一步村级评议）。\n1 同意\n2 改为核查结束');
  });

  it('reads back the household\'s own summary with the staff figures, and submits one action at the version read', async () => {
    const { ports, fake, chat } = await open();
    await chat.say('核查 12345678');
    const readBack = await chat.sayAll(...HOME_VISIT);
    expect(readBack).toBe(
      [
        '请核对：',
        '（提交后发给户主确认）',
        '2026年11月23日，王芳、张明到您家了解情况',
        '核实的困难：因病',
        '近12个月家庭纯收入15,000元，4口人，每人3,750元',
        '看病等合规自付12,000元，理赔0元',
        '结论：继续办理，下一步村里开会商量',
        '人均参考收入750元，监测线7500元（低于）',
        '1 提交',
        '2 修改',
      ].join('\n'),
    );
    expect(ports.acts).toEqual([]);
    expect(await chat.sayAll('1')).toBe('已录入核查认定表：12345678，现在是“待户主确认”。等户主确认核查情况；户主已在纸质表上签字的，可以录入“已签字”。（回复“已签字 12345678”）');
    expect(ports.acts).toEqual([
      { staffId: 3, trackingCode: CODE, action: 'record_visit', version: 1, input: { ...visitInput(), method: 'home', respondent: 'household', exclusions: [], conclusion: 'proceed' } },
    ]);
    expect(fake.c.state).toBe('confirming');
    // The household is asked in WeChat, with the summary as the message.
    expect(fake.decisions[fake.decisions.length - 1]).toMatchObject({ notices: [{ to: 'resident', kind: 'case_visit_confirm' }] });
    expect(fake.decisions[fake.decisions.length - 1].residentText).toContain('2026年11月23日，王芳、张明到您家了解情况');
    expect(chat.state).toBeNull();
  });

  it('"2 修改" lists the answers; the changed one comes back to the read-back', async () => {
    const { ports, chat } = await open();
    await chat.say('核查 12345678');
    await chat.sayAll(...HOME_VISIT);
    const list = await chat.sayAll('2');
    expect(list).toMatch(/^改哪一项？回复序号：\n1 入户日期：11月23日\n2 核查人：王芳、张明\n/);
    expect(list).toContain('工资性收入：8,000元');
    expect(list).toMatch(/0返回核对。$/);
    const item = /(\d+) 家庭人口：4口人/.exec(list)![1];
    expect(await chat.sayAll(item)).toBe('现在是：4口人\n【5/16】家里几口人？\n申报时是4口人。\n回复0返回上一步，“取消”不填了。');
    expect(await chat.sayAll('5')).toContain('近12个月家庭纯收入15,000元，5口人，每人3,000元');
    await chat.say('提交');
    expect(ports.acts[0].input.householdSize).toBe(5);
  });
});

describe('核查: how, who answered, what was found', () => {
  it('by phone or WeChat asks why nobody could be visited; the counter stays 【n/16】', async () => {
    const { ports, chat } = await open();
    await chat.sayAll('核查 12345678', '1', '张明');
    expect(await chat.sayAll('2')).toBe('【3/16 补充】为什么不能入户？例如：外出务工');
    expect(await chat.sayAll('外出务工')).toBe('【4/16】谁回答的？\n1 户主本人或家庭成员\n2 亲属或村干部代答');
    const readBack = await chat.sayAll('1', '4', '1', ...INCOME, '0', '0', '1');
    expect(readBack).toContain('2026年11月23日，王芳、张明通过电话或微信了解情况');
    expect(readBack).toContain('未入户：外出务工');
    await chat.say('1');
    expect(ports.acts[0].input).toMatchObject({ method: 'remote', awayReason: '外出务工' });
  });

  it('代答 asks for the name and the relation, and re-asks with an example', async () => {
    const { ports, chat } = await open();
    await chat.sayAll('核查 12345678', '1', '张明', '1');
    expect(await chat.sayAll('2')).toBe('【4/16 补充】代答人的名字和与户主的关系？例如：李明 儿子');
    expect(await chat.sayAll('李明')).toBe('请写名字和关系，中间空一格，例如：李明 儿子。\n【4/16 补充】代答人的名字和与户主的关系？例如：李明 儿子\n回复0返回上一步，“取消”不填了。');
    expect(await chat.sayAll('李明 儿子')).toContain('【5/16】家里几口人？');
    const readBack = await chat.sayAll('4', '1', ...INCOME, '0', '0', '1');
    expect(readBack).toContain('由李明（儿子）代答');
    await chat.say('1');
    expect(ports.acts[0].input).toMatchObject({ respondent: 'proxy', respondentName: '李明', respondentRelation: '儿子' });
  });

  it('verified risk types may differ from the declared ones; 其他 asks what it is', async () => {
    const { ports, chat } = await open();
    await chat.sayAll('核查 12345678', ...UP_TO_RISKS);
    expect(await chat.sayAll('1 11')).toBe('【6/16 补充】“其他”风险是什么？请写一句话');
    const readBack = await chat.sayAll('牲畜大量死亡', ...INCOME, '0', '0', '1');
    expect(readBack).toContain('核实的困难：因病、其他');
    await chat.say('1');
    expect(ports.acts[0].input).toMatchObject({ verifiedRiskTypes: ['illness', 'other'], otherRisk: '牲畜大量死亡' });
  });

  it('"无风险" cannot go with another risk type, and can only end the visit', async () => {
    const { ports, chat } = await open();
    await chat.sayAll('核查 12345678', ...UP_TO_RISKS);
    expect(await chat.sayAll('1 12')).toMatch(/^选了“无风险”就不能再选其他风险类型。\n【6\/16】核实的风险类型？/);
    await chat.sayAll('12', ...INCOME, '0');
    const conclusion = await chat.sayAll('0');
    expect(conclusion).toBe('【16/16】按填写的情况，结论是：核查结束（核查无风险）。\n1 同意\n（核实没有风险的只能核查结束；风险类型填错了，回复1后在核对时修改）');
    expect(await chat.sayAll('2')).toContain('核实没有风险的，结论只能是核查结束。风险类型填错了的，请先回复1，核对时回复2修改“核实的风险”。');
    expect(await chat.sayAll('1')).toContain('结论：核查结束（核查无风险）');
    await chat.say('1');
    expect(ports.acts[0].input).toMatchObject({ verifiedRiskTypes: ['none'], conclusion: 'end', endReason: 'no_risk' });
  });

  it('a proposal to go on may be changed to 核查结束, with the reason asked', async () => {
    const { ports, chat } = await open();
    await chat.sayAll('核查 12345678', ...UP_TO_RISKS, '1', ...INCOME, '0', '0');
    expect(await chat.sayAll('2')).toBe('【16/16 补充】核查结束的原因？\n1 核查无风险\n2 不符合纳入条件');
    expect(await chat.sayAll('2')).toContain('结论：核查结束（不符合纳入条件）');
    await chat.say('1');
    expect(ports.acts[0].input).toMatchObject({ conclusion: 'end', endReason: 'not_eligible' });
  });
});

describe('核查: amounts', () => {
  it.each([
    ['1万2', 12000],
    ['一万二', 12000],
    ['1.2万', 12000],
    ['3千', 3000],
    ['12,000元', 12000],
    ['没有', 0],
    ['0', 0],
  ])('%p is %p yuan', async (said, yuan) => {
    const { ports, chat } = await open();
    await chat.sayAll('核查 12345678', ...UP_TO_RISKS, '1', said, ...INCOME.slice(1), '0', '0', '1', '1');
    expect(ports.acts[0].input.income).toMatchObject({ wage: yuan });
  });

  it('a word, a negative or a huge amount is asked again with a hint; "返回" (not 0) goes back', async () => {
    const { chat } = await open();
    await chat.sayAll('核查 12345678', ...UP_TO_RISKS, '1');
    const hint = await chat.sayAll('不知道');
    expect(hint).toBe('请回复一个数字（元），例如：12000 或 1万2；没有回复0。\n【7/16】近12个月工资性收入多少元？（打工、上班挣的；没有回复0）\n回复“返回”上一步，“取消”不填了。');
    expect(await chat.sayAll('-300')).toMatch(/^金额不能是负数。\n【7\/16】/);
    expect(await chat.sayAll('99999999999')).toMatch(/^这个数太大了，请核对一下。\n【7\/16】/);
    expect(await chat.sayAll('返回')).toMatch(/^【6\/16】核实的风险类型？/);
  });
});

describe('核查: assets and the 不得纳入 categories', () => {
  it('an asset that is an exclusion proposes 核查结束 / 不符合纳入条件 with the category', async () => {
    const { ports, chat } = await open();
    await chat.sayAll('核查 12345678', ...UP_TO_RISKS, '1', ...INCOME);
    const conclusion = await chat.sayAll('3', '0');
    expect(conclusion).toBe('【16/16】按填写的情况，结论是：核查结束（不符合纳入条件：购买了消费型汽车）。\n1 同意\n2 改为继续办理（要写明说明）');
    const readBack = await chat.sayAll('1');
    expect(readBack).toContain('家里有：小汽车');
    expect(readBack).toContain('结论：核查结束（不符合纳入条件：购买了消费型汽车）');
    await chat.say('1');
    expect(ports.acts[0].input).toMatchObject({ assets: { company: false, urbanProperty: false, consumerCar: true }, conclusion: 'end', endReason: 'not_eligible' });
  });

  it('ticked categories are listed in the proposal; "其他" assets ask what', async () => {
    const { ports, chat } = await open();
    await chat.sayAll('核查 12345678', ...UP_TO_RISKS, '1', ...INCOME);
    expect(await chat.sayAll('4')).toBe('【14/16 补充】其他资产是什么？');
    await chat.say('一台收割机');
    expect(await chat.sayAll('1 6')).toContain('结论是：核查结束（不符合纳入条件：有家庭成员或户主的父母、配偶、子女为国家公职人员；种植、养殖大户或雇佣他人从事生产经营活动）');
    await chat.sayAll('1', '1');
    expect(ports.acts[0].input).toMatchObject({ exclusions: ['civil_servant', 'large_scale_or_hiring'], assets: { other: '一台收割机' } });
  });

  it('going on against an exclusion needs a written note, which the read-back shows', async () => {
    const { ports, chat } = await open();
    await chat.sayAll('核查 12345678', ...UP_TO_RISKS, '1', ...INCOME, '3', '0');
    expect(await chat.sayAll('2')).toBe('【16/16 补充】有不得纳入情形仍要继续办理，请写明说明：');
    expect(await chat.sayAll('车')).toMatch(/^请写2到200个字。\n【16\/16 补充】/);
    const readBack = await chat.sayAll('车是十年前买的旧面包车，已报废');
    expect(readBack).toContain('结论：继续办理，下一步村里开会商量');
    expect(readBack).toContain('有不得纳入情形仍继续办理，说明：车是十年前买的旧面包车，已报废');
    await chat.say('1');
    expect(ports.acts[0].input).toMatchObject({ conclusion: 'proceed', overrideReason: '车是十年前买的旧面包车，已报废' });
  });
});

describe('核查: going back, leaving, wrong answers', () => {
  it('"0" goes back one question (dropping a follow-up that no longer applies); at the first it says so', async () => {
    const { chat } = await open();
    await chat.say('核查 12345678');
    expect(await chat.sayAll('0')).toBe('已经是第一步了。\n【1/16】哪天入户的？\n回复1今天，2昨天，或写日期，例如：11月24日\n回复0返回上一步，“取消”不填了。');
    await chat.sayAll('1', '张明', '2', '走亲戚去了');
    expect(await chat.sayAll('0')).toBe('【3/16 补充】为什么不能入户？例如：外出务工');
    expect(await chat.sayAll('0')).toBe('【3/16】怎么核查的？\n1 入户\n2 电话或微信（户主外出等）');
    expect(await chat.sayAll('1')).toBe('【4/16】谁回答的？\n1 户主本人或家庭成员\n2 亲属或村干部代答');
  });

  it('"取消" drops the dialogue and nothing is saved', async () => {
    const { ports, fake, chat } = await open();
    await chat.sayAll('核查 12345678', '1', '张明');
    expect(await chat.sayAll('取消')).toBe('好的，不填了，刚才填的没有保存。');
    expect(chat.state).toBeNull();
    expect(ports.acts).toEqual([]);
    expect(fake.c.state).toBe('investigating');
  });

  it.each([
    ['a day not understood', '1', [], '明年吧', '日期没看懂，请写成 11月24日 这样。\n【1/16】哪天入户的？'],
    ['a day still to come', '1', [], '12月25日', '这个日期还没到，请再看一下。\n【1/16】哪天入户的？'],
    ['a lone visitor', '2', ['1'], '王芳', '入户核查要两人一组，请写另一位核查人的名字。\n【2/16】'],
    ['a name with digits', '2', ['1'], '张3', '请写名字，几位就用空格隔开，例如：张明 李强。\n【2/16】'],
    ['five visitors', '2', ['1'], '张明 李强 赵四 钱五', '核查人最多4位。\n【2/16】'],
    ['a choice off the list', '3', ['1', '张明'], '3', '请回复1到2中的一个数字。\n【3/16】怎么核查的？\n1 入户'],
    ['a household of 100', '5', ['1', '张明', '1', '1'], '100', '请回复1到30之间的数字。\n【5/16】家里几口人？'],
    ['a risk number off the list', '6', UP_TO_RISKS, '99', '请回复序号，几个就用空格隔开，例如：1 6。\n【6/16】'],
  ])('%s is asked again with a hint (step %s)', async (_what, _step, before, said, expected) => {
    const { chat } = await open();
    await chat.sayAll('核查 12345678', ...before);
    const reply = await chat.sayAll(said);
    expect(reply.startsWith(expected)).toBe(true);
    expect(reply).toMatch(/回复0返回上一步，“取消”不填了。$/);
  });

  it('a command in the middle of it says what is being filled in and asks the question again', async () => {
    const { chat } = await open();
    await chat.sayAll('核查 12345678', '1', '张明');
    expect(await chat.sayAll('待办')).toBe(
      '您正在填写 12345678 巴特尔家的核查认定表，填完或回复“取消”后再发别的。\n【3/16】怎么核查的？\n1 入户\n2 电话或微信（户主外出等）\n回复0返回上一步，“取消”不填了。',
    );
    expect(await chat.sayAll('1')).toContain('【4/16】谁回答的？');
  });
});

describe('核查: the case changed meanwhile', () => {
  it('a stale version on submit saves nothing, says so plainly, and ends the dialogue', async () => {
    const { ports, fake, chat } = await open();
    await chat.say('核查 12345678');
    await chat.sayAll(...HOME_VISIT);
    fake.c.version += 1; // someone acted on the case from the console meanwhile
    expect(await chat.sayAll('1')).toBe('没办成：您填写期间 12345678 已被别人更新（可能在电脑上办了），刚才填的没有保存。请回复“详情 12345678”看现在的情况。');
    expect(ports.acts).toEqual([]);
    expect(fake.c.visit).toBeNull();
    expect(fake.c.state).toBe('investigating');
    expect(chat.state).toBeNull();
  });

  it('a refused input keeps the dialogue to correct it', async () => {
    const ports = new FakePorts();
    // A case filed on the 23rd: a visit written as a month before it is refused by the domain.
    await caseAt(ports, 'investigating', { c: { createdAt: new Date('2026-11-23T08:00:00+08:00') } });
    const chat = cadreChat(ports);
    await chat.say('核查 12345678');
    await chat.sayAll('10月1日', ...HOME_VISIT.slice(1));
    const refused = await chat.sayAll('1');
    expect(refused).toBe('没办成：入户日期不能早于2026-10-24\n回复1再试一次，回复2修改，“取消”不填了。');
    const item = /(\d+) 入户日期/.exec(await chat.sayAll('2'))![1];
    await chat.sayAll(item, '1');
    expect(await chat.sayAll('1')).toContain('已录入核查认定表');
  });

  it('is begun by list position after 待办, and refused in a state it does not belong to', async () => {
    const ports = new FakePorts();
    await caseAt(ports, 'investigating');
    const chat = cadreChat(ports);
    await chat.say('待办');
    expect(await chat.sayAll('核查 1')).toContain('开始填写 12345678 巴特尔家的核查认定表。');
    await chat.say('取消');
    const other = new FakePorts();
    other.addCase({ state: 'assigned' });
    expect(await cadreChat(other).sayAll('核查 12345678')).toBe('没办成：案件当前为“待受理”，不能录入核查认定表');
  });

  it('amending a recorded visit starts from the beginning and asks the household again', async () => {
    const { ports, fake, chat } = await open('confirming');
    await chat.say('核查 12345678');
    await chat.sayAll(...HOME_VISIT, '1');
    expect(ports.acts[0]).toMatchObject({ action: 'record_visit', version: 2 });
    expect(fake.c.state).toBe('confirming');
  });
});
