import { MSG, nonTextTurn, welcome } from '../../src/conversation';
import { screenLines, SCREEN_LINES, textColumns, toScreens } from '../../src/conversation/screenLines';
import { renderQuestion } from '../../src/conversation/questions';
import { DomainError } from '../../src/domain/errors';
import { QUESTIONNAIRE } from '../../src/domain/questionnaire';
import { Chat, FakePorts, RESIDENT, VALID_ID } from './fakePorts';

/**
 * Every message a resident reads fits one phone screen in 关怀模式: 12 lines of 14 columns
 * (src/conversation/screenLines.ts). Measured over one long run through every branch of the
 * resident's dialogue — every question, a wrong reply at each, the rest of the hardship list,
 * "您是说…吗", the read-back and the edit list with every hardship, the village pages, back,
 * resume, 查询 with several cases, 人工, voice, a failed submit — not on a few messages.
 */

describe('counting display lines', () => {
  it('counts a Chinese character as one column, ASCII as half, and wraps each line at 14', () => {
    expect(textColumns('家里一共几口人？')).toBe(8);
    expect(textColumns('13912345678')).toBe(5.5);
    expect(screenLines('一二三四五六七八九十一二三四')).toBe(1);
    expect(screenLines('一二三四五六七八九十一二三四五')).toBe(2);
    expect(screenLines('1 有人生病，看病花钱多')).toBe(1);
    expect(screenLines('a\n\nb')).toBe(3);
  });

  it('cuts a message taller than a screen between its lines, each part within a screen', () => {
    const list = Array.from({ length: 20 }, (_, i) => `${i + 1} 第${i + 1}项`).join('\n');
    const screens = toScreens(list);
    expect(screens.length).toBe(2);
    expect(screens.join('\n')).toBe(list);
    for (const screen of screens) expect(screenLines(screen)).toBeLessThanOrEqual(SCREEN_LINES);
    expect(toScreens('短的')).toEqual(['短的']);
    const wall = '很长的一句话'.repeat(60);
    expect(toScreens(wall).join('')).toBe(wall);
    for (const screen of toScreens(wall)) expect(screenLines(screen)).toBeLessThanOrEqual(SCREEN_LINES);
  });
});

type Step = [say: string, expect: string];

describe('the whole resident dialogue, every branch', () => {
  const said: string[] = [];

  /** Says each text and checks the reply, so the walk cannot drift off the branches it means to visit. */
  async function walk(chat: Chat, steps: Step[]): Promise<void> {
    for (const [text, expected] of steps) {
      const reply = (await chat.say(text)).join('\n');
      if (!reply.includes(expected)) throw new Error(`after "${text}" expected "${expected}", got:\n${reply}`);
    }
  }

  function nonText(chat: Chat, kind: 'voice' | 'other'): string {
    const result = nonTextTurn(kind)(RESIDENT, chat.state, chat.now);
    chat.state = JSON.parse(JSON.stringify(result.state));
    said.push(...result.replies);
    return result.replies.join('\n');
  }

  beforeAll(async () => {
    const ports = new FakePorts();
    ports.residentCases.set(7, caseList());

    // Oneself: a wrong reply at every question, the village pages, every hardship, everyday words.
    const self = new Chat(ports);
    await walk(self, [
      ['你好', '这次给谁家申报？'],
      ['12', '请回复1、2或3。'],
      ['0', MSG.atFirstStep],
      ['帮助', '您上次申报到第1步'],
      ['？？', '请回复1继续'],
      ['1', '这次给谁家申报？'],
      ['自己', '您家是哪个村'],
      ['5', '请写村名里的一两个字'],
      ['一个不存在的村子名字', '没找到'],
      ['下一页', '选乡镇'],
      ['下一页', MSG.lastPage],
      ['99', MSG.pickFromPage],
      ['1', '乌兰镇的村'],
      ['下一页', '永丰村'],
      ['99', MSG.pickFromPage],
      ['0', '选乡镇'],
      ['0', '您家是哪个村'],
      ['联', '找到这几个村'],
      ['99', MSG.pickFromPage],
      ['1', '户主姓名是？'],
      ['1', '请写户主的名字'],
      ['巴特尔', '户主身份证号是？'],
      ['12345', '身份证号不对'],
      [VALID_ID, '方便联系的手机号是？'],
      ['139', '请回复11位手机号'],
      ['13912345678', '家里一共几口人？'],
      ['100', '这个数不对'],
      ['四口人', '家里最近遇到了什么困难？'],
      ['99', '请回复上面的序号'],
      ['家里有人生病住院了', '您是说‘看病花钱多’吗？'],
      ['2', MSG.guessAgain],
      ['生病住院了', '您是说‘看病花钱多’吗？'],
      ['0', '家里最近遇到了什么困难？'],
      ['1 2 3 4 5 6 7', '还有什么困难？'],
      ['99', '请回复上面的序号'],
      ['0', '家里最近遇到了什么困难？'],
      ['1 2 3 4 5 6 7', '还有什么困难？'],
      ['1 2 3 4 5', '最近一年看病自己掏了多少钱'],
      ['-5', '金额不能是负数'],
      ['一万二', '有没有上小学'],
      ['3', '请回复1有，或2没有'],
      ['有', '上学的孩子有几个？'],
      ['20', '这个数不对'],
      ['2', '房子现在怎么样？'],
      ['9', '请回复1或2。'],
      ['要塌了', '吃水是什么情况？'],
      ['9', '请回复1、2或3。'],
      ['太远', '有残疾证吗？'],
      ['9', '请回复1有，或2没有'],
      ['没有', '什么时候遭的灾？'],
      ['9', '请回复1、2或3。'],
      ['上个月', '大概损失多少钱'],
      ['好多', '请回复一个数字'],
      ['3千', '意外是什么时候出的？'],
      ['9', '请回复1、2或3。'],
      ['两个月前', '花了或损失多少钱'],
      ['2千万', '这个数太大了'],
      ['一万二', '大概亏了多少钱'],
      ['不知道', '请回复一个数字'],
      ['1.2万', '家里几个人没活干了？'],
      ['31', '这个数不对'],
      ['2', '没活干多久了？'],
      ['9', '请回复1、2或3。'],
      ['去年', '家里能干活的'],
      ['31', '这个数不对'],
      ['0', '请用一句话说说是什么困难'],
      ['啊', '请用一句话写一下'],
      ['羊被偷了，没钱买饲料', '去年一年全家大概收入多少'],
      ['9', '请回复1到5'],
      ['不到一万', '请核对：'],
      ['嗯', MSG.confirmHint],
      ['2', MSG.editWhich],
      ['99', MSG.editPickHint],
      ['0', '请核对：'],
      ['2', MSG.editWhich],
    ]);
    const item = /(\d+) 家庭人口/.exec(self.last)![1];
    await walk(self, [
      [item, '现在是：4'],
      ['5', '请核对：'],
      ['查询', '您的申报：'],
      ['1', '请核对：'],
      ['人工', '已请村干部给您打电话'],
      ['1', '请核对：'],
    ]);
    expect(nonText(self, 'voice')).toBe(MSG.voiceHelp);
    await walk(self, [
      ['2', MSG.editWhich],
      ['0', '请核对：'],
    ]);
    expect(nonText(self, 'other')).toBe(MSG.pictureHelp);
    await walk(self, [
      ['1', '已请村干部给您打电话'],
      ['1', '请核对：'],
    ]);
    ports.submitError = new DomainError('duplicate_open_case', '这户已有一件正在办理的申报（编号 20000001），不用重复申报', 409);
    await walk(self, [['1', '没能提交']]);
    ports.submitError = null;
    ports.submitResult = { urgency: 'urgent', state: 'submitted', assignee: null };
    await walk(self, [
      ['1', '已提交'],
      ['谢谢', MSG.idleMenu],
      ['查询', '您的申报：'],
      ['申报', '这次给谁家申报？'],
      ['不报了', MSG.cancelled],
    ]);
    await self.say('申报', { inRoom: true, mentioned: true });

    // A family member, after a day's silence; the read-back with the helper's phone.
    const proxy = new Chat(ports, { kind: 'resident', residentId: 8, channelUserId: 'wx-8' });
    await walk(proxy, [
      ['帮家人申报', '请说一下您的名字'],
      ['李明', '请写名字和关系'],
      ['我是他儿子李明', '您的手机号是？'],
      ['138', '请回复11位手机号'],
      ['13800001111', '您家是哪个村'],
      ['联发', '户主姓名是？'],
    ]);
    await proxy.say('巴特尔', { afterMs: 26 * 3600_000 });
    await walk(proxy, [
      ['好', '请回复1继续'],
      ['1', '户主姓名是？'],
      ['巴特尔', '户主身份证号是？'],
      [VALID_ID, '家里一共几口人？'],
      ['3', '家里最近遇到了什么困难？'],
      ['5', '有残疾证吗？'],
      ['2', '去年一年全家大概收入多少'],
      ['1', '由儿子李明代报，电话13800001111'],
      ['1', '已提交'],
    ]);

    // No phone yet: 人工 asks for one.
    const callback = new Chat(ports, { kind: 'resident', residentId: 9, channelUserId: 'wx-9' });
    ports.callbackResult = null;
    await walk(callback, [
      ['人工', MSG.callbackAskPhone],
      ['不知道', '请回复11位手机号'],
      ['13912345678', MSG.callbackNoted],
      ['你好', '这次给谁家申报？'],
      ['3', MSG.cancelled],
    ]);
    for (const chat of [self, proxy, callback]) for (const turn of chat.transcript) said.push(...turn.replies);

    // Following the account, from a village's poster, and coming back mid-declaration.
    said.push(...welcome(RESIDENT, null, new Date(), { code: '152201100001', name: '联发嘎查' }).replies);
    const midway = new Chat(new FakePorts());
    await midway.sayAll('你好', '1', '联发');
    said.push(...welcome(RESIDENT, midway.state, new Date(), null).replies);
  });

  it('visits every question, its re-ask, and each kind of reply', () => {
    const all = said.join('\n');
    for (const q of QUESTIONNAIRE.questions) {
      expect(all).toContain(q.chat.text);
      expect(all).toContain(q.chat.hint);
    }
    for (const text of [MSG.help, MSG.roomResident, MSG.welcomeVillage('联发嘎查'), MSG.welcomeBack, '村干部记下的核查情况', '您家的情况紧急']) {
      expect(all).toContain(text);
    }
  });

  it('keeps every message within 12 lines of 14 columns', () => {
    if (process.env.SHOW_TRANSCRIPT) process.stdout.write(said.map((m) => `[${screenLines(m)}] ${m}`).join('\n---\n'));
    const over = said.filter((m) => screenLines(m) > SCREEN_LINES).map((m) => `${screenLines(m)} lines: ${m}`);
    expect(over).toEqual([]);
    expect(said.length).toBeGreaterThan(120);
  });

  it('never cuts a question or a page of a list: they are written to fit, with the line before them', () => {
    for (const q of QUESTIONNAIRE.questions.filter((q) => q.options)) {
      const lastLine = (page: 'first' | 'rest' | 'whole') => renderQuestion(q, page).split('\n').pop()!;
      const pages = q.chat.split ? (['first', 'rest'] as const) : (['whole'] as const);
      for (const page of pages) {
        const title = page === 'rest' ? q.chat.split!.restText : q.chat.text;
        for (const m of said.filter((m) => m.includes(title))) expect(m).toContain(lastLine(page));
      }
    }
    const pages = said.filter((m) => /选乡镇|的村，回复序号|找到这几个村/.test(m));
    expect(pages.length).toBeGreaterThan(5);
    for (const m of pages) expect(m).toMatch(/0返回。$/);
  });

  it('each question alone fits one screen, both parts of a split list too', () => {
    for (const q of QUESTIONNAIRE.questions) {
      const page = q.chat.split ? 'first' : 'whole';
      expect(screenLines(renderQuestion(q, page))).toBeLessThanOrEqual(SCREEN_LINES);
      if (q.chat.split) expect(screenLines(renderQuestion(q, 'rest'))).toBeLessThanOrEqual(SCREEN_LINES);
      expect(said.some((m) => m.startsWith(q.chat.text) || m.includes(`\n${q.chat.text}`))).toBe(true);
    }
  });
});

/** Four cases, one with a visit record to confirm: 查询 says more than one screen holds. */
function caseList() {
  const day = (d: number) => new Date(`2026-02-${String(d).padStart(2, '0')}T10:00:00+08:00`);
  const events = [
    { text: '您提交了申报', at: day(1) },
    { text: '村干部王芳受理了您的申报，会到您家核实情况', at: day(2) },
    { text: '村干部王芳和李强到您家核实了情况', at: day(3) },
  ];
  const base = { stateLabel: '村干部核实中', next: '村干部正在核实，请保持电话畅通。', createdAt: day(1), events, confirmation: null };
  return [
    {
      ...base,
      trackingCode: '12345678',
      confirmation: {
        summary: ['核实的风险：因病', '家庭人均纯收入：3750元', '结论：建议纳入监测', '核查人：王芳、李强', '核查日期：2月3日'],
      },
    },
    { ...base, trackingCode: '12345679' },
    { ...base, trackingCode: '12345680' },
    { ...base, trackingCode: '12345681' },
  ];
}
