import { MSG } from '../../src/conversation/messages';
import { HARDSHIP_OPTIONS } from '../../src/domain/questionnaireContent';
import { Chat, FakePorts, VALID_ID, VALID_ID_X } from './fakePorts';

/**
 * Issue 13 item 7: a household whose case is open learns it right after the ID number, is asked
 * only what happened, and what it says is kept on the open case — never eleven questions and a
 * dead end. Nothing in the replies names or describes the open case.
 */

/** Housing has a follow-up in the full questionnaire (how unsafe), which the short path skips. */
const HOUSING = String(HARDSHIP_OPTIONS.findIndex((o) => o.value === 'housing') + 1);
const RECEIVED = '已收到，村干部会一并核实。';

function openHousehold(): FakePorts {
  const ports = new FakePorts();
  ports.openHouseholds.add(VALID_ID);
  return ports;
}

/** What a reply may not carry: a case number, a state, a cadre's name. */
const CASE_FACTS = /\d{4} ?\d{4}|SB-|受理|待受理|核查中|王芳/;

describe('the chat\'s short path for a household with an open case', () => {
  it('right after the ID number asks only the phone, what happened and a sentence, then keeps it on the open case', async () => {
    const ports = openHousehold();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1', '联发', '巴特尔');
    const afterId = await chat.sayAll(VALID_ID);
    expect(afterId).toContain(MSG.householdKnown);
    expect(afterId).toContain('手机号');

    expect(await chat.sayAll('13912345678')).toContain('家里最近遇到了什么困难');
    // No follow-up on the hardship, no household size, no income: the sentence comes next.
    expect(await chat.sayAll('1')).toContain(MSG.reportWordsAsk);
    const done = await chat.sayAll('老伴住院了，要花好几万');
    expect(done).toBe(RECEIVED);

    expect(ports.submissions).toEqual([]);
    expect(ports.reports).toEqual([
      {
        residentId: 7,
        payload: { applicant: { name: '巴特尔', idNumber: VALID_ID, phone: '13912345678' }, proxy: null, hardships: ['illness'], details: {}, words: '老伴住院了，要花好几万' },
      },
    ]);
    // After the ID number: three answers, not eleven.
    expect(chat.sent).toBe(8);
    for (const turn of chat.transcript) expect(turn.replies.join('\n')).not.toMatch(CASE_FACTS);
    expect((chat.state as { declaration: unknown }).declaration).toBeNull();
  });

  it('a relative answering for the household: no second phone, no follow-up, and "没有" keeps no sentence', async () => {
    const ports = openHousehold();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '2', '李明 儿子', '13800001111', '联发', '巴特尔');
    expect(await chat.sayAll(VALID_ID)).toContain('家里最近遇到了什么困难');
    expect(await chat.sayAll(HOUSING)).toContain(MSG.reportWordsAsk);
    expect(await chat.sayAll('没有')).toBe(RECEIVED);
    expect(ports.reports[0].payload).toEqual({
      applicant: { name: '巴特尔', idNumber: VALID_ID, phone: '13800001111' },
      proxy: { name: '李明', relation: '儿子', phone: '13800001111' },
      hardships: ['housing'],
      details: {},
      words: null,
    });
  });

  it('going back over the ID number leaves the short path: another household gets the whole questionnaire', async () => {
    const ports = openHousehold();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID);
    expect(await chat.sayAll('0')).toContain('身份证号');
    const reply = await chat.sayAll(VALID_ID_X);
    expect(reply).not.toContain(MSG.householdKnown);
    expect(await chat.sayAll('13912345678')).toContain('家里一共几口人？');
  });

  it('a case closed meanwhile: what was answered stays and the rest of the questionnaire follows', async () => {
    const ports = openHousehold();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID, '13912345678', '1');
    ports.openHouseholds.clear();
    const reply = await chat.sayAll('老伴住院了');
    expect(reply).toContain(MSG.reportContinue);
    expect(reply).toContain('家里一共几口人？');
    expect(ports.reports).toEqual([]);
  });

  it('a report the server refuses is said in plain words and the sentence asked again', async () => {
    const ports = openHousehold();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID, '13912345678', '1');
    const reply = await chat.sayAll('a\u202Eb');
    expect(reply).toContain('没能提交：');
    expect(reply).toContain(MSG.reportWordsAsk);
    expect(await chat.sayAll('长'.repeat(201))).toContain('没能提交：想说的话最多200个字');
    expect(await chat.sayAll('就这些')).toBe(RECEIVED);
  });

  it('a full declaration that meets a case opened meanwhile gets the same plain answer, not a dead end', async () => {
    const ports = new FakePorts();
    ports.reportOnSubmit = true;
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID, '13912345678', '4', '1', '5000', '1');
    expect(chat.last).toContain('请核对');
    const reply = await chat.sayAll('1');
    expect(reply).toBe(RECEIVED);
    expect(reply).not.toContain('再试一次');
    expect((chat.state as { declaration: unknown }).declaration).toBeNull();
  });
});
