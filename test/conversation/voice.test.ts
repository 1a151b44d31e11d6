import { MSG, nonTextTurn } from '../../src/conversation';
import { Chat, CADRE, FakePorts, VALID_ID } from './fakePorts';
import { caseAt, residentChat } from './procedure';

/**
 * A voice message nobody turned into text, or a picture (issue 13): whoever sends voice may not
 * type, so the answer is one digit to press — "1" and a cadre calls — not "please type".
 */
function nonText(chat: Chat, kind: 'voice' | 'other'): string[] {
  const result = nonTextTurn(kind)(chat.sender, chat.state, chat.now);
  chat.state = result.state === null ? null : JSON.parse(JSON.stringify(result.state));
  return result.replies;
}

describe('voice and pictures', () => {
  it('offer "1" for a call; "1" files the call-back and the declaration waits to be continued', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID, '13912345678');
    expect(nonText(chat, 'voice')).toEqual([MSG.voiceHelp]);
    expect(MSG.voiceHelp).toContain('回复1，村干部给您打电话');
    expect(MSG.voiceHelp).not.toMatch(/打字/);
    expect(await chat.say('1')).toEqual(['已请村干部给您打电话，申报号 5555 0001。', '您上次申报到第6步，回复1继续，回复2重新开始。']);
    expect(ports.callbacks).toEqual([{ residentId: 7, info: { villageCode: ports.villageCode('联发嘎查'), phone: '13912345678', name: '巴特尔' } }]);
    expect(await chat.sayAll('1')).toContain('家里一共几口人？');
  });

  it('anything but "1" goes on as if the picture had not come', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports);
    await chat.sayAll('你好', '1', '联发', '巴特尔', VALID_ID, '13912345678');
    expect(nonText(chat, 'other')).toEqual([MSG.pictureHelp]);
    expect(await chat.sayAll('4')).toContain('家里最近遇到了什么困难？');
    // Offered once: a later "1" is an answer again (here: the first hardship).
    expect(await chat.sayAll('1')).toContain('最近一年看病自己掏了多少钱');
    expect(ports.callbacks).toEqual([]);
  });

  it('"1" after voice asks for the call even while a visit record waits for "1 确认"', async () => {
    const ports = new FakePorts();
    const fake = await caseAt(ports, 'confirming');
    const chat = residentChat(ports);
    nonText(chat, 'voice');
    expect((await chat.say('1'))[0]).toContain('已请村干部给您打电话');
    expect(fake.c.state).toBe('confirming');
    expect(await chat.sayAll('1')).toContain('已确认核查情况');
  });

  it('a cadre is asked to type, and the cadre dialogue is left as it was', async () => {
    const chat = new Chat(new FakePorts(), CADRE);
    await chat.say('待办');
    const before = chat.state;
    expect(nonText(chat, 'voice')).toEqual([MSG.nonTextCadre]);
    expect(chat.state).toEqual(before);
  });
});
