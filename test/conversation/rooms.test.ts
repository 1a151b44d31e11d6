import { CADRE, Chat, FakePorts, RESIDENT, sampleCaseDetail, VALID_ID } from './fakePorts';
import { caseAt } from './procedure';

/** Group chats: answer only when mentioned, and never write personal data there. */

const MENTION = '@申报助手\u2005';

function portsWithQueue(): FakePorts {
  const ports = new FakePorts();
  ports.queues.set(3, [
    { trackingCode: '12345678', villageName: '联发嘎查', riskTypeLabels: ['因病'], urgent: true, stateLabel: '待受理', dueAt: new Date('2026-03-03T18:00:00+08:00') },
  ]);
  ports.details.set('12345678', sampleCaseDetail());
  return ports;
}

describe('in a group chat', () => {
  it('says nothing unless mentioned, and leaves the stored dialogue alone', async () => {
    const chat = new Chat(new FakePorts(), RESIDENT);
    await chat.sayAll('你好', '1', '联发');
    const before = chat.state;
    expect(await chat.say('申报', { inRoom: true, mentioned: false })).toEqual([]);
    expect(await chat.say('待办', { inRoom: true, mentioned: false })).toEqual([]);
    expect(chat.state).toEqual(before);
  });

  it('sends a resident to a private chat, whatever they say', async () => {
    const ports = new FakePorts();
    const chat = new Chat(ports, RESIDENT);
    await chat.sayAll('你好', '1', '联发');
    const before = chat.state;
    expect(await chat.say(`${MENTION}申报`, { inRoom: true, mentioned: true })).toEqual(['请私聊我申报：点我的头像，发“申报”就行。']);
    expect(await chat.say(`${MENTION}${VALID_ID}`, { inRoom: true, mentioned: true })).toEqual(['请私聊我申报：点我的头像，发“申报”就行。']);
    expect(await chat.say(`${MENTION}查询`, { inRoom: true, mentioned: true })).toEqual(['请私聊我查进度：点我的头像，发“查询”。']);
    expect(chat.state).toEqual(before);
    expect(ports.submissions).toEqual([]);
    // Back in private, the declaration goes on where it was.
    expect(await chat.sayAll('巴特尔')).toContain('户主身份证号是？');
  });

  it('a cadre\'s 待办 shows only tracking codes, village names and risk-type labels', async () => {
    const chat = new Chat(portsWithQueue(), CADRE);
    const [reply] = await chat.say(`${MENTION}待办`, { inRoom: true, mentioned: true });
    expect(reply).toContain('1. 12345678 联发嘎查 因病');
    expect(reply).not.toMatch(/巴特尔|139|紧急|待受理|3月3日/);
  });

  it('a cadre\'s 详情 is refused; actions answer with the code and state only', async () => {
    const ports = portsWithQueue();
    const chat = new Chat(ports, CADRE);
    expect(await chat.say(`${MENTION}详情 12345678`, { inRoom: true, mentioned: true })).toEqual(['详情里有个人信息，请私聊我查看。']);
    const [accepted] = await chat.say(`受理 12345678 ${MENTION}`, { inRoom: true, mentioned: true });
    expect(accepted).toBe('已受理 12345678，现在是“入户核查”。请两人一组入户核查，回来后回复“核查 12345678”录入。');
  });

  it('never takes a bind code in a group', async () => {
    const ports = new FakePorts();
    ports.bindCodes.set('628413', { name: '王芳' });
    const chat = new Chat(ports, RESIDENT);
    expect(await chat.say(`${MENTION}绑定 628413`, { inRoom: true, mentioned: true })).toEqual(['绑定请私聊我，不要在群里发绑定码。']);
    expect(ports.bindings).toEqual([]);
  });

  it.each(['核查 12345678', '已签字 12345678', '评议 12345678', '公示 12345678', '异议 12345678', '答复 12345678 1', '登记'])('a cadre\'s %p starts no dialogue there', async (text) => {
    const ports = new FakePorts();
    await caseAt(ports, 'investigating');
    const chat = new Chat(ports, CADRE);
    expect(await chat.say(`${MENTION}${text}`, { inRoom: true, mentioned: true })).toEqual(['填表要说到户里的情况，请私聊我。']);
    expect(chat.state).toBeNull();
  });

  it('a dialogue open in private waits while the cadre talks in a group, and the group reads nothing of it', async () => {
    const ports = new FakePorts();
    await caseAt(ports, 'investigating');
    const chat = new Chat(ports, CADRE, new Date('2026-11-23T09:00:00+08:00'));
    await chat.sayAll('核查 12345678', '1', '张明');
    const [queue] = await chat.say(`${MENTION}待办`, { inRoom: true, mentioned: true });
    expect(queue).toContain('1. 12345678 联发嘎查 因病');
    expect(queue).not.toMatch(/巴特尔|张明|核查认定表|怎么核查/);
    // "1" in the group is not an answer to the form: it asks for the detail, which is refused there.
    expect(await chat.say(`${MENTION}1`, { inRoom: true, mentioned: true })).toEqual(['详情里有个人信息，请私聊我查看。']);
    expect(await chat.sayAll('1')).toContain('【4/16】谁回答的？');
  });
});
