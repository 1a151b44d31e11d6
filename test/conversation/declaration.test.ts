import { declarationSchema } from '../../src/domain/declaration';
import { HARDSHIP_OPTIONS } from '../../src/domain/questionnaire';
import type { RiskType } from '../../src/domain/riskTypes';
import { HARDSHIP_SHORT } from '../../src/conversation/questions';
import { screenLines, SCREEN_LINES } from '../../src/conversation/screenLines';
import { Chat, FakePorts, VALID_ID } from './fakePorts';

/** Full declarations by digits: what the resident types, and the payload the server receives. */

/** Follow-up replies per hardship (in questionnaire order) and the details they must produce. */
const FOLLOW_UPS: Record<RiskType, { say: string[]; details: Record<string, unknown>; summary: string }> = {
  illness: { say: ['1万2'], details: { medicalOutOfPocket: 12000 }, summary: '看病花钱多（自付约12000元）' },
  schooling: { say: ['1', '2'], details: { dropout: 1, students: 2 }, summary: '有孩子不上学了（2个孩子上学）' },
  housing: { say: ['1'], details: { housingDanger: 1 }, summary: '房子可能倒塌' },
  water: { say: ['3'], details: { waterProblem: 3 }, summary: '取水太远' },
  disability: { say: ['2'], details: { disabilityCertificate: 2 }, summary: '家里有人残疾（没有残疾证）' },
  disaster: { say: ['1', '3千'], details: { disasterWhen: 1, disasterLoss: 3000 }, summary: '遭了灾（一个月内，损失约3000元）' },
  accident: { say: ['2', '一万二'], details: { accidentWhen: 2, accidentCost: 12000 }, summary: '出了意外（一到六个月，花了约12000元）' },
  industry: { say: ['1.2万'], details: { industryLoss: 12000 }, summary: '种养生意亏本（约12000元）' },
  employment: { say: ['2', '3'], details: { jobless: 2, joblessSince: 3 }, summary: '2人没活干（半年以上）' },
  // "0" is a real answer where zero is allowed; "返回" still goes back there.
  labor: { say: ['0'], details: { laborCount: 0 }, summary: '缺劳动力（能干活的0人）' },
  other: { say: ['羊被偷了，没钱买饲料'], details: { otherText: '羊被偷了，没钱买饲料' }, summary: '其他：羊被偷了，没钱买饲料' },
};

const CODES = HARDSHIP_OPTIONS.map((o) => o.value as RiskType);
/** The chat asks the hardships as two short lists: these six first, then "7 更多" for the rest. */
const FIRST_LIST = CODES.slice(0, 6);
const REST_LIST = CODES.slice(6);

/** What a resident replies to pick `codes`: digits of the first list, and "7" then digits of the rest. */
function hardshipReplies(codes: readonly RiskType[]): string[] {
  const first = codes.filter((c) => FIRST_LIST.includes(c)).map((c) => FIRST_LIST.indexOf(c) + 1);
  const rest = codes.filter((c) => REST_LIST.includes(c)).map((c) => REST_LIST.indexOf(c) + 1);
  if (rest.length === 0) return [first.join(' ')];
  return [[...first, FIRST_LIST.length + 1].join(' '), rest.join(' ')];
}

async function declareForSelf(chat: Chat, hardships: string[], followUps: string[]): Promise<string> {
  await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID, '13912345678', '4', ...hardships, ...followUps);
  return chat.sayAll('2'); // income 1万到2万 → the summary
}

describe('a declaration for oneself, by digits', () => {
  it.each(CODES.map((code) => [code, hardshipReplies([code]).join(' then ')] as const))('hardship %s (replies %s) ends in a valid payload', async (code) => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    const summary = await declareForSelf(chat, hardshipReplies([code]), FOLLOW_UPS[code].say);

    // The phone is read back: a wrong digit and nobody can call.
    expect(summary).toContain('请核对：\n户主巴特尔，4口人\n联发嘎查\n电话13912345678\n困难：');
    expect(summary).toContain(FOLLOW_UPS[code].summary);
    expect(summary).toContain('1 确认提交\n2 修改');
    expect(ports.submissions).toHaveLength(0);

    const done = await chat.sayAll('1');
    expect(done).toContain('已提交！申报号 1000 0001');
    expect(done).toContain('村干部王芳一般第二天就会联系您');
    expect(done).toContain('回复“查询”看进度');

    expect(ports.submissions).toHaveLength(1);
    const { residentId, payload } = ports.submissions[0];
    expect(residentId).toBe(7);
    const parsed = declarationSchema.parse(payload);
    expect(parsed).toEqual({
      applicant: { name: '巴特尔', phone: '13912345678', idNumber: VALID_ID, villageCode: ports.villageCode('联发嘎查') },
      householdSize: 4,
      hardships: [code],
      details: { ...FOLLOW_UPS[code].details, incomeBracket: 2 },
      annualIncome: 15000,
      consent: true,
      proxy: null,
    });
    expect(chat.state).toMatchObject({ declaration: null });
  });

  it('all eleven hardships at once asks every follow-up in list order', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    expect(hardshipReplies(CODES)).toEqual(['1 2 3 4 5 6 7', '1 2 3 4 5']);
    await declareForSelf(chat, hardshipReplies(CODES), CODES.flatMap((code) => FOLLOW_UPS[code].say));
    // Eleven hardships with their figures would not fit one screen: the read-back names them, the edit list has the figures.
    for (const code of CODES) expect(chat.last).toContain(HARDSHIP_SHORT[code]);
    const list = await chat.sayAll('2');
    for (const figure of ['看病自付：12000元', '灾害损失：3000元', '意外花费：12000元', '亏损：12000元', '能干活的人：0']) expect(list).toContain(figure);
    await chat.say('0');
    await chat.say('1');
    const parsed = declarationSchema.parse(ports.submissions[0].payload);
    expect(parsed.hardships).toEqual(CODES);
    expect(parsed.details).toEqual({ ...Object.assign({}, ...CODES.map((c) => FOLLOW_UPS[c].details)), incomeBracket: 2 });
  });

  it('accepts full-width digits and commas as separators', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await chat.sayAll('申报', '１', '联发', '巴特尔', VALID_ID, '１３９１２３４５６７８', '４口人', '3，4', '1', '1', '５', '1');
    const parsed = declarationSchema.parse(ports.submissions[0].payload);
    expect(parsed.hardships).toEqual(['housing', 'water']);
    expect(parsed.details).toEqual({ housingDanger: 1, waterProblem: 1, incomeBracket: 5 });
    expect(parsed.applicant.phone).toBe('13912345678');
    expect(parsed.annualIncome).toBe(60000);
  });

  it('a one-hardship declaration for oneself takes at most 12 messages from the resident', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID, '13912345678', '4', '1', '12000', '2', '1');
    expect(chat.last).toContain('已提交');
    expect(chat.sent).toBeLessThanOrEqual(12);
    expect(chat.sent).toBe(11);

    // The same when the village has to be picked from several matches: one more message.
    const other = new Chat(new FakePorts());
    await other.sayAll('你好', '1', '联', '1', '巴特尔', VALID_ID, '13912345678', '4', '1', '12000', '2', '1');
    expect(other.last).toContain('已提交');
    expect(other.sent).toBeLessThanOrEqual(12);
  });

  it('keeps every message within one phone screen, the hardship list included', async () => {
    const chat = new Chat(new FakePorts());
    await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID, '13912345678', '4', '1', '12000', '2', '1');
    const replies = chat.transcript.flatMap((t) => t.replies);
    expect(replies.filter((r) => screenLines(r) > SCREEN_LINES)).toEqual([]);
    expect(replies.some((r) => r.includes('7 更多：意外、亏本、没活干等'))).toBe(true);
  });
});

describe('a declaration for the family (proxy path)', () => {
  it('"帮家人申报" asks the helper first and reuses the helper\'s phone', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    const first = (await chat.say('帮家人申报')).join('\n');
    expect(first).toContain('同意村里核实家庭收入和财产');
    expect(first).toContain('请说一下您的名字，和您是户主的什么人');

    const afterHelper = await chat.sayAll('李明 儿子');
    expect(afterHelper).toContain('您的手机号是？');
    await chat.sayAll('13800001111', '联发', '巴特尔', VALID_ID);
    expect(chat.last).toContain('家里一共几口人？'); // no second phone question
    const summary = await chat.sayAll('3', '5', '2', '1');
    expect(summary).toContain('由儿子李明代报，电话13800001111');
    await chat.say('1');

    const parsed = declarationSchema.parse(ports.submissions[0].payload);
    expect(parsed.proxy).toEqual({ name: '李明', relation: '儿子', phone: '13800001111' });
    expect(parsed.applicant.phone).toBe('13800001111');
    expect(parsed.hardships).toEqual(['disability']);
  });

  it('option 2 of the first question takes the same path', async () => {
    const chat = new Chat(new FakePorts());
    await chat.say('你好');
    expect(await chat.sayAll('2')).toContain('请说一下您的名字，和您是户主的什么人');
    expect(await chat.sayAll('李明')).toContain('请写名字和关系，例如：李明 儿子');
  });

  it('option 3 ends without a declaration', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await chat.say('你好');
    expect(await chat.sayAll('3')).toContain('好的，不报了');
    expect(await chat.sayAll('谢谢')).toContain('回复“申报”开始申报');
    expect(ports.submissions).toHaveLength(0);
  });
});

describe('the summary and changing an answer', () => {
  async function toSummary(chat: Chat): Promise<void> {
    await declareForSelf(chat, ['1'], ['12000']);
  }

  it('"2 修改" lists the answers; the changed one comes back to the summary', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await toSummary(chat);
    const list = await chat.sayAll('2');
    expect(list).toContain('改哪一项？');
    expect(list).toMatch(/\d 家庭人口：4/);
    expect(list).toContain('身份证号：1522**********0012');
    const item = /(\d) 家庭人口/.exec(list)![1];

    expect(await chat.sayAll(item)).toContain('现在是：4\n家里一共几口人？');
    const summary = await chat.sayAll('5');
    expect(summary).toContain('请核对：\n户主巴特尔，5口人\n联发嘎查');
    await chat.say('1');
    expect(declarationSchema.parse(ports.submissions[0].payload).householdSize).toBe(5);
  });

  it('changing the hardships asks the new follow-ups, drops the old ones, then shows the summary', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await toSummary(chat);
    const list = await chat.sayAll('2');
    const item = /(\d+) 困难：看病花钱多/.exec(list)![1];
    await chat.say(item);
    expect(await chat.sayAll('7')).toContain('还有什么困难？');
    expect(await chat.sayAll('2')).toContain('大概亏了多少钱？');
    const summary = await chat.sayAll('5000');
    expect(summary).toContain('种养生意亏本（约5000元）');
    expect(summary).not.toContain('看病');
    await chat.say('1');
    const parsed = declarationSchema.parse(ports.submissions[0].payload);
    expect(parsed.hardships).toEqual(['industry']);
    expect(parsed.details).toEqual({ industryLoss: 5000, incomeBracket: 2 });
  });

  it('"0" in the edit list returns to the summary; a wrong pick gets the hint', async () => {
    const chat = new Chat(new FakePorts());
    await toSummary(chat);
    await chat.say('2');
    expect(await chat.sayAll('99')).toBe('请回复上面列出的序号，0返回核对。');
    expect(await chat.sayAll('0')).toContain('请核对：');
  });

  it('an unclear reply to the summary gets the hint, not the whole read-back again', async () => {
    const chat = new Chat(new FakePorts());
    await toSummary(chat);
    expect(await chat.sayAll('嗯')).toBe('请回复1确认提交，或回复2修改。');
    expect(await chat.sayAll('对')).toContain('已提交');
  });
});
