import { randomUUID } from 'node:crypto';
import { ChatGateway, type InboundChat } from '../../bot/chatGateway';
import type { ChatSender } from '../../bot/chatSender';
import { MSG } from '../../src/conversation';
import { issueBindCode } from '../../src/services/bindCodes';
import { createChatPorts } from '../../src/services/chatPorts';
import { Case, CaseEvent, ChatMessageSeen, ChatSession, OutboxMessage, Resident } from '../../src/store/entities';
import { validIdNumber } from '../support/ids';
import { createTestApp, DRIVERS, PLACES, type TestApp } from '../support/testApp';
import { codeIn } from '../support/trackingCode';

/** The transport-independent gateway on both databases, with a sender that records what goes out. */
class RecordingSender implements ChatSender {
  readonly sent: { to: string; room: boolean; text: string }[] = [];
  async send(contactId: string, text: string) {
    this.sent.push({ to: contactId, room: false, text });
  }
  async sendToRoom(roomId: string, text: string) {
    this.sent.push({ to: roomId, room: true, text });
  }
}

describe.each(DRIVERS)('the chat gateway on %s', (driver) => {
  let t: TestApp;
  let sender: RecordingSender;
  let gateway: ChatGateway;

  const message = (contactId: string, text: string, extra: Partial<InboundChat> = {}): InboundChat => ({ messageId: randomUUID(), contactId, text, ...extra });
  async function say(contactId: string, ...texts: string[]): Promise<string[]> {
    let replies: string[] = [];
    for (const text of texts) replies = (await gateway.receive(message(contactId, text))).replies;
    return replies;
  }
  const residentOf = (contactId: string) => t.app.db.getRepository(Resident).findOneByOrFail({ channel: 'chat', externalId: contactId });

  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  beforeEach(() => {
    sender = new RecordingSender();
    gateway = new ChatGateway(t.app, sender);
  });
  afterAll(() => t.close());

  it('the same message id three times is handled once and files one case', async () => {
    await say('r1', '你好', '1', '兴科', '巴特尔', validIdNumber(11), '13900000011', '4', '1', '1万2', '2');
    const confirm = message('r1', '1');
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await gateway.receive(confirm)).outcome);
    expect(outcomes).toEqual(['handled', 'duplicate', 'duplicate']);
    expect(await t.app.db.getRepository(Case).countBy({ residentId: (await residentOf('r1')).id })).toBe(1);
    expect(sender.sent.filter((s) => s.text.startsWith('已提交'))).toHaveLength(1);
  });

  it('the same id delivered concurrently is still handled once', async () => {
    await say('r2', '你好');
    const first = message('r2', '1');
    const results = await Promise.all([gateway.receive(first), gateway.receive(first), gateway.receive(first)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['duplicate', 'duplicate', 'handled']);
  });

  it('keeps the dialogue in chat_sessions and resumes it with a new gateway (a restarted bot)', async () => {
    await say('r3', '你好', '1', '兴科');
    const stored = await t.app.db.getRepository(ChatSession).findOneByOrFail({ channelUserId: 'r3' });
    expect(JSON.parse(stored.state).declaration.answers.village).toBe(PLACES.villageA1);
    gateway = new ChatGateway(t.app, sender);
    expect(await say('r3', '达瓦')).toEqual(['户主身份证号是？（18位）']);
  });

  it('a failure answers "system busy", keeps the old state and lets the same message be tried again', async () => {
    await say('r4', '你好', '1');
    const before = await t.app.db.getRepository(ChatSession).findOneByOrFail({ channelUserId: 'r4' });
    const ports = createChatPorts(t.app);
    const broken = new ChatGateway(t.app, sender, { ports: { ...ports, searchVillages: () => Promise.reject(new Error('database went away')) } });
    const village = message('r4', '兴科');
    expect(await broken.receive(village)).toEqual({ outcome: 'failed', replies: [MSG.systemBusy] });
    expect((await t.app.db.getRepository(ChatSession).findOneByOrFail({ channelUserId: 'r4' })).state).toBe(before.state);
    expect(await t.app.db.getRepository(ChatMessageSeen).countBy({ messageId: village.messageId })).toBe(0);
    expect((await gateway.receive(village)).replies[0]).toContain('好的，兴科居委会。');
  });

  it('answers voice and pictures in a private chat with one digit to press; groups stay silent unless mentioned', async () => {
    expect((await gateway.receive(message('r5', '', { isText: false, voice: true }))).replies).toEqual([MSG.voiceHelp]);
    // "1" is what the answer offered: a cadre is asked to call (here the number is asked first).
    expect(await say('r5', '1')).toEqual([MSG.callbackAskPhone]);
    expect(await say('r5', '13900000055')).toEqual([MSG.callbackNoted]);
    expect((await gateway.receive(message('r5', '', { isText: false }))).replies).toEqual([MSG.pictureHelp]);
    // Anything but "1" goes on as if the picture had not come: here, the first question.
    expect((await say('r5', '你好'))[1]).toContain('这次给谁家申报？');
    expect(await gateway.receive(message('r6', '申报', { roomId: 'g@chatroom', mentioned: false }))).toEqual({ outcome: 'ignored', replies: [] });
    expect(await t.app.db.getRepository(Resident).countBy({ externalId: 'r6' })).toBe(0);
    expect((await gateway.receive(message('r6', '@Bot\u2005查询', { roomId: 'g@chatroom', mentioned: true }))).replies).toEqual([MSG.roomResidentQuery]);
    expect(sender.sent.at(-1)).toEqual({ to: 'g@chatroom', room: true, text: MSG.roomResidentQuery });
  });

  it('人工 during a declaration files a call-back case for the village, flagged and without an ID number', async () => {
    await say('r7', '你好', '1', '兴科', '乌云', validIdNumber(12), '13900000012');
    const replies = await say('r7', '人工');
    expect(replies[0]).toMatch(/^已请村干部给您打电话，申报号 \d{4} \d{4}。$/);
    const trackingCode = codeIn(replies[0]);
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode });
    expect(c).toMatchObject({ callbackRequested: true, state: 'assigned', assigneeId: t.users.cadreA1, applicantName: '乌云', idNumberEnc: null, idNumberHash: null, openIdHash: null, householdSize: 0, riskTypes: [] });
    expect(t.app.crypto.decrypt(c.phoneEnc)).toBe('13900000012');
    const event = await t.app.db.getRepository(CaseEvent).findOneByOrFail({ caseId: c.id });
    expect(event).toMatchObject({ action: 'declare', note: '群众请求回电', toState: 'assigned' });
    const outbox = await t.app.db.getRepository(OutboxMessage).findBy({ caseId: c.id, recipientType: 'staff' });
    expect(outbox.map((o) => [o.kind, o.recipientType, o.recipientId])).toEqual([['case_assigned', 'staff', t.users.cadreA1]]);

    // The resident carries on and submits: the call-back case never blocks the real declaration.
    expect(await say('r7', '1')).toEqual([expect.stringContaining('家里一共几口人？')]);
    const done = await say('r7', '4', '1', '1万2', '2', '1');
    expect(done[0]).toMatch(/^已提交！/);
  });

  it('binding deletes the dialogue row; the contact then talks as the cadre', async () => {
    await say('w1', '你好');
    const { code } = await issueBindCode(t.app, 'cadreA2');
    expect(await say('w1', `绑定 ${code}`)).toEqual([MSG.bound('cadreA2')]);
    expect(await t.app.db.getRepository(ChatSession).countBy({ channelUserId: 'w1' })).toBe(0);
    expect(await say('w1', '待办')).toEqual([MSG.queueEmpty]);
  });
});
