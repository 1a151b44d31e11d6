import { declarationSchema } from '../../src/domain/declaration';
import { DomainError } from '../../src/domain/errors';
import { handleMessage } from '../../src/conversation/engine';
import { Chat, FakePorts, MAIN_TOWN, RESIDENT, VALID_ID } from './fakePorts';

/** The resident's dialogue around the questions: wrong replies, back, restart, resume, village picking, 人工, 查询, errors. */

const HOUR = 60 * 60 * 1000;

/** Up to the household-size question. */
async function toHousehold(chat: Chat): Promise<void> {
  await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID, '13912345678');
  expect(chat.last).toContain('家里一共几口人？');
}

describe('a first message', () => {
  it('greets and asks the first question with numbered options', async () => {
    const chat = new Chat(new FakePorts());
    const replies = await chat.say('在吗');
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain('这里是防返贫自主申报');
    expect(replies[1]).toContain('1 给自己家申报\n2 帮家人申报\n3 不报了');
  });

  it('treats a stored state it does not understand as none', async () => {
    const ports = new FakePorts();
    const result = await handleMessage({ sender: RESIDENT, text: '你好', inRoom: false, mentioned: false, now: new Date() }, { version: 0, junk: true }, ports);
    expect(result.replies[1]).toContain('1 给自己家申报');
  });

  it('never changes the state it was given', async () => {
    const chat = new Chat(new FakePorts());
    await toHousehold(chat);
    const frozen = deepFreeze(structuredClone(chat.state));
    const result = await handleMessage({ sender: RESIDENT, text: '4', inRoom: false, mentioned: false, now: new Date('2026-03-02T10:00:00+08:00') }, frozen, chat.ports);
    expect(result.replies.join('')).toContain('家里最近遇到了什么困难');
    expect((frozen as { declaration: { answers: Record<string, unknown> } }).declaration.answers.household).toBeUndefined();
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('invalid replies re-ask only what was wrong: the hint, not the question again', () => {
  it('a count out of range', async () => {
    const chat = new Chat(new FakePorts());
    await toHousehold(chat);
    const reply = await chat.sayAll('100');
    expect(reply).toBe('这个数不对，请核对一下。请回复1到30之间的数字\n回复0返回上一步，回复“人工”请村干部给您打电话。');
    expect(await chat.sayAll('4')).toContain('家里最近遇到了什么困难');
  });

  it('a hardship number that is not on the list does not repeat the list', async () => {
    const chat = new Chat(new FakePorts());
    await toHousehold(chat);
    const list = await chat.sayAll('4');
    expect(list).toContain('1 有人生病，看病花钱多');
    expect(list).toContain('7 更多：意外、亏本、没活干等');
    const reply = await chat.sayAll('99');
    expect(reply).toContain('请回复上面的序号，几个就用空格隔开，例如：1 3');
    expect(reply).not.toContain('1 有人生病');
  });

  it('"7" opens the rest of the hardship list; what the first part chose is kept', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await toHousehold(chat);
    await chat.say('4');
    const rest = await chat.sayAll('1 7');
    expect(rest).toBe('还有什么困难？可以选几个：\n1 出了意外：车祸火灾工伤\n2 种地养殖、生意亏本\n3 打工没活干、拿不到钱\n4 缺劳动力，没人能干活\n5 其他困难');
    expect(await chat.sayAll('9')).toContain('请回复上面的序号');
    expect(await chat.sayAll('0')).toContain('家里最近遇到了什么困难');
    await chat.sayAll('1 7', '4');
    await chat.sayAll('12000', '2', '2', '1');
    expect(declarationSchema.parse(ports.submissions[0].payload).hardships).toEqual(['illness', 'labor']);
  });

  it('a choice outside its options', async () => {
    const chat = new Chat(new FakePorts());
    await toHousehold(chat);
    await chat.sayAll('4', '1', '5000');
    const reply = await chat.sayAll('7');
    expect(reply).toContain('请回复1到5');
    expect(reply).not.toContain('1 不到1万');
  });

  it('a wrong ID number, a name with digits, a short phone', async () => {
    const chat = new Chat(new FakePorts());
    await chat.sayAll('你好', '1', '联发');
    expect(await chat.sayAll(VALID_ID)).toContain('请写户主的名字，2到20个字');
    await chat.say('巴特尔');
    const badId = VALID_ID.slice(0, 17) + ((Number(VALID_ID[17]) + 1) % 10);
    expect(await chat.sayAll(badId)).toContain('身份证号不对，请再看一下，18位，最后一位可能是X');
    await chat.say(VALID_ID);
    expect(await chat.sayAll('139123')).toContain('请回复11位手机号');
  });

  it('negative and absurd amounts are refused with a hint; Chinese amounts are read', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await toHousehold(chat);
    await chat.sayAll('4', '1');
    const negative = await chat.sayAll('-500');
    expect(negative).toContain('金额不能是负数');
    expect(negative).toContain('例如：12000 或 1万2');
    expect(negative).not.toContain('最近一年看病自己掏了多少钱');
    expect(await chat.sayAll('2千万')).toContain('这个数太大了');
    expect(await chat.sayAll('不知道')).toContain('请回复一个数字，大概数就行');
    await chat.sayAll('一万二', '1', '1');
    expect(declarationSchema.parse(ports.submissions[0].payload).details.medicalOutOfPocket).toBe(12000);
  });
});

describe('back ("0" / "返回")', () => {
  it('undoes the last answer and asks that question again', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await toHousehold(chat);
    expect(await chat.sayAll('0')).toContain('方便联系的手机号是？');
    expect(await chat.sayAll('返回')).toContain('户主身份证号是？');
    await chat.sayAll(VALID_ID, '13700000000', '4', '1', '800', '1', '1');
    expect(declarationSchema.parse(ports.submissions[0].payload).applicant.phone).toBe('13700000000');
  });

  it('from the summary goes back to the last question', async () => {
    const chat = new Chat(new FakePorts());
    await toHousehold(chat);
    await chat.sayAll('4', '1', '800', '1');
    expect(chat.last).toContain('请核对');
    expect(await chat.sayAll('0')).toContain('去年一年全家大概收入多少');
  });

  it('"0" answers a count that may be zero, and "返回" still goes back there', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await toHousehold(chat);
    await chat.say('4');
    expect(await chat.sayAll('7', '4')).toContain('家里能干活的');
    expect(await chat.sayAll('返回')).toContain('家里最近遇到了什么困难');
    await chat.sayAll('7', '4', '0', '1', '1');
    expect(declarationSchema.parse(ports.submissions[0].payload).details.laborCount).toBe(0);
  });

  it('at the first question says so', async () => {
    const chat = new Chat(new FakePorts());
    await chat.say('你好');
    const reply = await chat.sayAll('0');
    expect(reply).toContain('已经是第一步了');
    expect(reply).toContain('1 给自己家申报');
  });
});

describe('restart', () => {
  it('"重新开始" in the middle forgets every answer', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await toHousehold(chat);
    const reply = await chat.sayAll('重新开始');
    expect(reply).toContain('1 给自己家申报');
    await chat.sayAll('1', '联合', '张三', VALID_ID, '13600000000', '2', '4', '2', '1', '1');
    const parsed = declarationSchema.parse(ports.submissions[0].payload);
    expect(parsed.applicant).toMatchObject({ name: '张三', phone: '13600000000', villageCode: ports.villageCode('联合村') });
    expect(parsed.householdSize).toBe(2);
  });
});

describe('resuming after silence', () => {
  it('after a day asks whether to continue, and 1 continues where it stopped', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1', '联发');
    expect(chat.last).toContain('户主姓名是？');

    const prompt = await chat.say('巴特尔', { afterMs: 26 * HOUR });
    expect(prompt).toEqual(['您上次申报到第3步，回复1继续，回复2重新开始。']);
    expect(await chat.sayAll('好')).toContain('请回复1继续，或回复2重新开始');
    expect(await chat.sayAll('1')).toContain('户主姓名是？');
    await chat.sayAll('巴特尔', VALID_ID, '13912345678', '4', '5', '1', '1', '1');
    expect(declarationSchema.parse(ports.submissions[0].payload).applicant.villageCode).toBe(ports.villageCode('联发嘎查'));
  });

  it('2 starts again', async () => {
    const chat = new Chat(new FakePorts());
    await chat.sayAll('你好', '1', '联发');
    await chat.say('你好', { afterMs: 26 * HOUR });
    expect(await chat.sayAll('2')).toContain('1 给自己家申报');
    expect(chat.state).toMatchObject({ declaration: { answers: {} } });
  });

  it('within half a day the reply is simply taken as the answer', async () => {
    const chat = new Chat(new FakePorts());
    await chat.sayAll('你好', '1', '联发');
    expect((await chat.say('巴特尔', { afterMs: 11 * HOUR })).join('')).toContain('户主身份证号是？');
  });

  it('survives a restart of the process: the state is plain JSON', async () => {
    const ports = new FakePorts();
    const before = new Chat(ports);
    await before.sayAll('你好', '1', '联发', '巴特尔');
    const after = new Chat(ports, RESIDENT, before.now);
    after.state = JSON.parse(JSON.stringify(before.state));
    expect(await after.sayAll(VALID_ID)).toContain('方便联系的手机号是？');
  });
});

describe('picking the village', () => {
  it('several matches are numbered; the pick is confirmed in the next question', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1');
    const list = await chat.sayAll('联');
    expect(list).toContain('找到这几个村，回复序号：\n1 联发嘎查（乌兰镇）\n2 联合村（乌兰镇）');
    const next = await chat.sayAll('2');
    expect(next).toContain('好的，联合村。');
    expect(next).toContain('户主姓名是？');
  });

  it('town → village through pages of 8 with 下一页', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1');
    const towns = await chat.sayAll('乡镇');
    expect(towns).toContain('选乡镇，回复序号（1/2页）：');
    expect(towns).toContain('8 察尔森镇');
    expect(towns).toContain('下一页');
    const page2 = await chat.sayAll('下一页');
    expect(page2).toContain('1 索伦镇');
    expect(page2).not.toContain('乌兰镇');
    expect(await chat.sayAll('下一页')).toContain('1 乌兰镇'); // wraps round to the first page

    const villages = await chat.sayAll('1');
    expect(villages).toContain('乌兰镇的村，回复序号（1/2页）：');
    expect(villages).toContain('8 东风村');
    expect(await chat.sayAll('下一页')).toContain('4 永丰村');
    expect(await chat.sayAll('5')).toContain('请回复这一页上的序号');
    expect(await chat.sayAll('4')).toContain('好的，永丰村。');
    expect(chat.state).toMatchObject({ declaration: { answers: { village: `${MAIN_TOWN.code}012` } } });
  });

  it('"0" steps back inside the pages, then to the village question', async () => {
    const chat = new Chat(new FakePorts());
    await chat.sayAll('你好', '1', '乡镇', '1');
    expect(await chat.sayAll('0')).toContain('选乡镇，回复序号');
    expect(await chat.sayAll('0')).toContain('您家是哪个村（嘎查）？');
    expect(await chat.sayAll('0')).toContain('1 给自己家申报');
  });

  it('no match offers the towns; digits are not a village name', async () => {
    const chat = new Chat(new FakePorts());
    await chat.sayAll('你好', '1');
    const none = await chat.sayAll('不存在');
    expect(none).toContain('没找到“不存在”');
    expect(none).toContain('1 乌兰镇');
    expect(await chat.sayAll('联发村')).toContain('好的，联发嘎查。'); // typed again: searched again, "村" dropped
    await chat.say('0');
    expect(await chat.sayAll('5')).toContain('请写村名里的一两个字');
  });
});

describe('"人工": asking a cadre to call back', () => {
  it('files the call-back in the village the resident gave, then offers to continue', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await toHousehold(chat);
    const reply = await chat.sayAll('人工');
    expect(reply).toContain('已请村干部给您打电话，申报号 5555 0001');
    expect(reply).toContain('回复1继续');
    expect(ports.callbacks).toEqual([
      { residentId: 7, info: { villageCode: ports.villageCode('联发嘎查'), phone: '13912345678', name: '巴特尔' } },
    ]);
    expect(await chat.sayAll('1')).toContain('家里一共几口人？');
  });

  it('asks for a phone first when none was given', async () => {
    const ports = new FakePorts();
    ports.callbackResult = null;
    const chat = new Chat(ports);
    expect(await chat.sayAll('人工')).toContain('请留一个手机号');
    expect(await chat.sayAll('不知道')).toContain('请回复11位手机号');
    expect(await chat.sayAll('13912345678')).toContain('已记下，工作人员会尽快给您打电话');
    // First asked with nothing, in case the household gave a number before; then with the one typed.
    expect(ports.callbacks).toEqual([
      { residentId: 7, info: {} },
      { residentId: 7, info: { phone: '13912345678' } },
    ]);
  });

  it('after submitting, uses the number the household already gave instead of asking for it again', async () => {
    const ports = new FakePorts();
    ports.callbackResult = { trackingCode: '55550002', officePhone: '0482-8821234' };
    const chat = new Chat(ports);
    const reply = await chat.sayAll('人工');
    expect(reply).toBe('已请村干部给您打电话，申报号 5555 0002。着急的话，也可以打村委会电话 0482-8821234。');
    expect(reply).not.toContain('手机号');
    expect(ports.callbacks).toEqual([{ residentId: 7, info: {} }]);
  });
});

describe('"查询"', () => {
  it('lists the resident\'s cases in plain words', async () => {
    const ports = new FakePorts();
    ports.residentCases.set(7, [
      {
        trackingCode: '12345678',
        stateLabel: '已交给村干部',
        next: '村干部一般1个工作日内受理，并和您联系。',
        createdAt: new Date('2026-03-01T10:00:00+08:00'),
        events: [{ text: '您提交了申报', at: new Date('2026-03-01T10:00:00+08:00') }],
        confirmation: null,
      },
    ]);
    const chat = new Chat(ports);
    const reply = await chat.sayAll('查询');
    expect(reply).toBe('您的申报：\n申报号 1234 5678（3月1日）：已交给村干部。村干部一般1个工作日内受理，并和您联系。\n  3月1日 您提交了申报');
  });

  it('says so when there is none, and pauses a declaration in progress', async () => {
    const chat = new Chat(new FakePorts());
    expect(await chat.sayAll('查询')).toBe('您还没有申报。回复“申报”开始。');
    await toHousehold(chat);
    const replies = await chat.say('查询');
    expect(replies).toEqual(['您还没有申报。回复“申报”开始。', '您上次申报到第6步，回复1继续，回复2重新开始。']);
  });
});

describe('submitting', () => {
  async function toSummary(chat: Chat): Promise<void> {
    await toHousehold(chat);
    await chat.sayAll('4', '1', '5000', '1');
    expect(chat.last).toContain('请核对');
  }

  // A household with an open case never gets here refused: householdReport.test.ts.
  it('a DomainError (a village not served) is shown in plain words and the resident can try again', async () => {
    const ports = new FakePorts();
    ports.submitError = new DomainError('not_found', '村不存在或还没有开通申报', 404);
    const chat = new Chat(ports);
    await toSummary(chat);
    const reply = await chat.sayAll('1');
    expect(reply).toContain('没能提交：村不存在或还没有开通申报');
    expect(reply).toContain('回复“查询”');
    expect(ports.submissions).toHaveLength(0);

    ports.submitError = null;
    expect(await chat.sayAll('1')).toContain('已提交！申报号 1000 0001');
  });

  it('tells an urgent case and a case still waiting for a cadre what happens next', async () => {
    const ports = new FakePorts();
    ports.submitResult = { urgency: 'urgent', state: 'submitted', assignee: null };
    const chat = new Chat(ports);
    await toSummary(chat);
    const reply = await chat.sayAll('1');
    expect(reply).toContain('您家的情况紧急，已优先告诉村干部。');
    expect(reply).toContain('乡镇正在安排负责您村的村干部');
  });

  it('any other failure is left to the caller and the stored state stays at the summary', async () => {
    const ports = new FakePorts();
    ports.submitError = new Error('connection lost');
    const chat = new Chat(ports);
    await toSummary(chat);
    await expect(chat.say('1')).rejects.toThrow('connection lost');
    expect(chat.state).toMatchObject({ declaration: { phase: { kind: 'confirm' } } });
  });

  it('after submitting, a new message shows the menu rather than starting over', async () => {
    const chat = new Chat(new FakePorts());
    await toSummary(chat);
    await chat.say('1');
    expect(await chat.sayAll('谢谢')).toBe('回复“申报”开始申报，“查询”看进度，“人工”请村干部给您打电话。');
    expect(await chat.sayAll('申报')).toContain('1 给自己家申报');
  });
});
