import { foldDigits, matchOptionWords } from '../../src/conversation/everydayWords';
import { firstPage, readAnswer } from '../../src/conversation/questions';
import { declarationSchema } from '../../src/domain/declaration';
import { QUESTIONNAIRE, type Question } from '../../src/domain/questionnaire';
import { Chat, FakePorts, VALID_ID } from './fakePorts';

/** Replies in everyday words instead of a digit (issue 13): every word in the questionnaire data, and the issue's own examples. */

const CHINESE = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** "1个月前" → "一个月前": the same words with Chinese digits, as people type or WeChat hears them. */
const spelled = (word: string) => word.replace(/\d/g, (d) => CHINESE[Number(d)]);

const choiceQuestions = QUESTIONNAIRE.questions.filter((q): q is Question & { options: NonNullable<Question['options']> } => Boolean(q.options));
const cases = choiceQuestions.flatMap((q) =>
  q.options.flatMap((o) => {
    const words = [o.label, o.chat, o.short, ...(o.synonyms ?? [])].filter((w): w is string => Boolean(w));
    const forms = words.flatMap((w) => (/\d/.test(w) ? [w, spelled(w)] : [w]));
    return [...new Set(forms)].map((word) => [q.id, word, o.value] as const);
  }),
);

describe('every word of every option, with digits and with Chinese numerals', () => {
  it('covers every option of every choice question', () => {
    const covered = new Set(cases.map(([id, , value]) => `${id}:${value}`));
    for (const q of choiceQuestions) for (const o of q.options) expect(covered.has(`${q.id}:${o.value}`)).toBe(true);
    expect(cases.length).toBeGreaterThan(250);
  });

  it.each(cases)('%s: "%s" is taken as %s', (id, word, value) => {
    const question = choiceQuestions.find((q) => q.id === id)!;
    const read = readAnswer(question, word, firstPage(question));
    expect(read).toEqual({ ok: true, value: question.kind === 'multi' ? [value] : value });
  });
});

describe('reading words', () => {
  const hardships = QUESTIONNAIRE.questions.find((q) => q.id === 'hardships')!;
  const income = QUESTIONNAIRE.questions.find((q) => q.id === 'income')!;
  const water = QUESTIONNAIRE.questions.find((q) => q.id === 'waterProblem')!;

  it('reads Chinese digits as digits on both sides', () => {
    expect(foldDigits('不到一万，两三个月')).toBe('不到1万，23个月');
  });

  it('takes several hardships named in one reply, in the list\'s order', () => {
    expect(readAnswer(hardships, '房子漏雨、看病', 'first')).toEqual({ ok: true, value: ['illness', 'housing'] });
    expect(readAnswer(hardships, '家里有人生病和没活干', 'first')).toEqual({ ok: true, value: ['illness', 'employment'] });
  });

  it('only guesses from words that merely contain or resemble an option\'s', () => {
    expect(readAnswer(hardships, '家里有人生病住院了', 'first')).toEqual({ ok: false, guess: ['illness'] });
    expect(readAnswer(hardships, '看病花了好多钱，房子也漏雨', 'first')).toEqual({ ok: false, guess: ['illness', 'housing'] });
    expect(readAnswer(hardships, '要倒', 'first')).toEqual({ ok: false, guess: ['housing'] });
  });

  it('refuses words that name nothing, or, for one choice, more than one option', () => {
    expect(readAnswer(hardships, '不知道', 'first')).toEqual({ ok: false });
    expect(matchOptionWords('水', water.options!, false)).toBeNull();
    expect(readAnswer(water, '没水吃，水也不干净')).toEqual({ ok: false });
  });

  it('takes an amount for a money bracket; one or two digits stay a pick or a slip', () => {
    expect(readAnswer(income, '八千')).toEqual({ ok: true, value: '1' });
    expect(readAnswer(income, '一万五')).toEqual({ ok: true, value: '2' });
    expect(readAnswer(income, '15000')).toEqual({ ok: true, value: '2' });
    expect(readAnswer(income, '两万多')).toEqual({ ok: true, value: '3' });
    expect(readAnswer(income, '60000块')).toEqual({ ok: true, value: '5' });
    expect(readAnswer(income, '2')).toEqual({ ok: true, value: '2' });
    expect(readAnswer(income, '12')).toEqual({ ok: false });
  });
});

describe('the issue\'s replies in a chat', () => {
  async function toHardships(chat: Chat): Promise<void> {
    await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID, '13912345678', '4');
    expect(chat.last).toContain('家里最近遇到了什么困难？');
  }

  it('"看病", "不到一万", "上个月", "我是他儿子李明" are each taken at once', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '2');
    expect(await chat.sayAll('我是他儿子李明')).toContain('您的手机号是？');
    await chat.sayAll('13800001111', '联发', '巴特尔', VALID_ID, '4');
    expect(await chat.sayAll('看病，遭了灾')).toContain('最近一年看病自己掏了多少钱');
    expect(await chat.sayAll('一万二')).toContain('什么时候遭的灾？');
    expect(await chat.sayAll('上个月')).toContain('大概损失多少钱');
    expect(await chat.sayAll('三千')).toContain('去年一年全家大概收入多少');
    expect(await chat.sayAll('不到一万')).toContain('请核对：');
    await chat.say('1');
    const parsed = declarationSchema.parse(ports.submissions[0].payload);
    expect(parsed.proxy).toEqual({ name: '李明', relation: '儿子', phone: '13800001111' });
    expect(parsed.hardships).toEqual(['illness', 'disaster']);
    expect(parsed.details).toEqual({ medicalOutOfPocket: 12000, disasterWhen: 1, disasterLoss: 3000, incomeBracket: 1 });
  });

  it('when unsure asks "您是说…吗？" instead of the whole list: 1 takes it, 2 shows the list again', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await toHardships(chat);
    expect(await chat.sayAll('家里有人生病住院了')).toBe('您是说‘看病花钱多’吗？回复1是，2不是。');
    expect(await chat.sayAll('2')).toMatch(/^好的，请再选一下：\n家里最近遇到了什么困难？/);
    expect(await chat.sayAll('生病住院了，房子也漏雨')).toBe('您是说‘看病花钱多’、‘房子不安全’吗？回复1是，2不是。');
    expect(await chat.sayAll('对')).toContain('最近一年看病自己掏了多少钱');
    await chat.sayAll('1万', '2', '1', '1');
    expect(declarationSchema.parse(ports.submissions[0].payload).hardships).toEqual(['illness', 'housing']);
  });

  it('something else after "您是说…吗？" is read as a new answer', async () => {
    const chat = new Chat(new FakePorts());
    await toHardships(chat);
    await chat.say('生病住院了');
    expect(await chat.sayAll('5')).toContain('有残疾证吗？');
  });

  it('a guess on the rest of the list keeps what the first part chose', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await toHardships(chat);
    expect(await chat.sayAll('1 7')).toContain('还有什么困难？');
    expect(await chat.sayAll('打工的活没了')).toBe('您是说‘看病花钱多’、‘没活干’吗？回复1是，2不是。');
    await chat.sayAll('1', '1万', '2', '2', '2', '1');
    expect(declarationSchema.parse(ports.submissions[0].payload).hardships).toEqual(['illness', 'employment']);
  });
});
