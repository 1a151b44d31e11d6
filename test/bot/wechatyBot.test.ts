import { ChatBot } from '../../bot/chatBot';
import { MSG } from '../../src/conversation';
import { issueBindCode } from '../../src/services/bindCodes';
import { Case, ChatMessageSeen, OutboxMessage, Resident, StaffUser } from '../../src/store/entities';
import { validIdNumber } from '../support/ids';
import { createTestApp, declaration, type TestApp } from '../support/testApp';
import { eventually, MockWeChat, ROOM_ID, testBotOptions } from './support/mockWeChat';
import { codeIn } from '../support/trackingCode';
import { formatTrackingCode } from '../../src/shared/trackingCode';

/**
 * The bot end to end: Wechaty on wechaty-puppet-mock, in-process against the real service on
 * MariaDB. A resident declares in a private chat, the bound cadre is notified and accepts by
 * chat, the resident is told; group chats; replayed message ids; a restart mid-conversation.
 */
jest.setTimeout(60_000);

const PEOPLE = [
  { id: 'alice', name: '阿丽' },
  { id: 'carol', name: '其其格' },
  { id: 'dawa', name: '达瓦' },
  { id: 'wang', name: '王村干部' },
  { id: 'bob', name: '宝音' },
];

/** One declaration for oneself with one hardship (illness), up to the summary. */
const declarationUpToSummary = (name: string, idNumber: string, phone: string) => ['你好', '1', '兴科', name, idNumber, phone, '4', '1', '1万2', '2'];
const PHONE_OR_ID = /1[3-9]\d{9}|\d{17}[\dX]/;

describe('the WeChat bot through wechaty-puppet-mock, on MariaDB', () => {
  let t: TestApp;
  let weChat: MockWeChat;
  let bot: ChatBot;

  const send = (from: string, text: string) => weChat.send(bot, from, text);
  async function sendAll(from: string, texts: string[]): Promise<string[]> {
    let replies: string[] = [];
    for (const text of texts) replies = (await send(from, text)).replies;
    return replies;
  }

  beforeAll(async () => {
    t = await createTestApp('mariadb');
    weChat = new MockWeChat(PEOPLE);
    bot = new ChatBot(testBotOptions(t.app, weChat));
    await bot.start();
    await weChat.login(bot);
  });
  afterAll(async () => {
    await bot.stop();
    await t.close();
  });

  it('a resident declares, the bound cadre is notified and accepts by chat, the resident is told', async () => {
    const { code } = await issueBindCode(t.app, 'cadreA1');
    expect((await send('wang', `绑定 ${code}`)).replies).toEqual([MSG.bound('cadreA1')]);
    expect((await t.app.db.getRepository(StaffUser).findOneByOrFail({ id: t.users.cadreA1 })).wechatId).toBe('wang');

    await sendAll('alice', declarationUpToSummary('巴特尔', validIdNumber(1), '13912345678'));
    const [done] = (await send('alice', '1')).replies;
    expect(done).toMatch(/^已提交！申报号 \d{4} \d{4}。/);
    const trackingCode = codeIn(done);

    // In the right cadre's queue (the village's primary cadre), not in the other one's.
    const queueOf = async (user: 'cadreA1' | 'cadreA1b') =>
      (await t.http.get('/api/queue').set('authorization', `Bearer ${await t.login(user)}`).expect(200)).body.items.map((i: { trackingCode: string }) => i.trackingCode);
    expect(await queueOf('cadreA1')).toContain(trackingCode);
    expect(await queueOf('cadreA1b')).not.toContain(trackingCode);

    const notice = await eventually(() => weChat.inbox('wang').find((m) => m.includes(trackingCode)), 'the new-case notice');
    expect(notice).toBe(`【新申报】${trackingCode} 兴科居委会 因病。回复“受理 ${trackingCode}”受理`);
    expect(notice).not.toMatch(PHONE_OR_ID);

    const accepted = await send('wang', `受理 ${trackingCode}`);
    expect(accepted.replies).toEqual([MSG.accepted(trackingCode, '入户核查')]);
    expect((await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode })).state).toBe('investigating');

    const told = await eventually(() => weChat.inbox('alice').find((m) => m.startsWith('【申报进度】')), 'the resident notice');
    // The step in the rule table's words for the household (the cadre's display name is the username here).
    expect(told).toBe(`【申报进度】申报号 ${formatTrackingCode(trackingCode)}：村干部cadreA1已受理您的申报，会两人一起到您家了解情况，请准备好户口本和身份证。`);
    // "已收到" was said in the conversation itself; the outbox row is settled, not sent twice.
    const rows = await t.app.db.getRepository(OutboxMessage).find({ where: { caseId: (await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode })).id }, order: { id: 'ASC' } });
    expect(rows.map((r) => [r.kind, r.recipientType, r.state])).toEqual([
      ['case_assigned', 'staff', 'sent'],
      ['case_received', 'resident', 'skipped'],
      ['case_accepted', 'resident', 'sent'],
    ]);
  });

  it('in a group it answers @-mentions only, and writes nothing personal there', async () => {
    const before = weChat.inbox(ROOM_ID).length;
    expect((await weChat.send(bot, 'bob', '申报', { mention: false })).outcome).toBe('ignored');
    expect(weChat.inbox(ROOM_ID)).toHaveLength(before);
    expect(await t.app.db.getRepository(Resident).countBy({ externalId: 'bob' })).toBe(0);

    expect((await weChat.send(bot, 'bob', '申报', { mention: true })).replies).toEqual([MSG.roomResident]);
    const queue = (await weChat.send(bot, 'wang', '待办', { mention: true })).replies.join('\n');
    expect(queue).toMatch(/\d{8} 兴科居委会 因病/);
    expect(queue).not.toContain('巴特尔');
    expect(queue).not.toMatch(PHONE_OR_ID);
    expect((await weChat.send(bot, 'wang', '详情 12345678', { mention: true })).replies).toEqual([MSG.roomDetail]);
  });

  it('a message delivered three times is handled once and creates one case', async () => {
    await sendAll('carol', declarationUpToSummary('其其格', validIdNumber(2), '13800000002').slice(0, 6));
    // "4" answers 几口人; handled again it would pick hardship 4 (吃水难).
    const household = await send('carol', '4');
    const received = weChat.inbox('carol').length;
    expect(await weChat.resend(bot, household.messageId)).toBe('duplicate');
    expect(await weChat.resend(bot, household.messageId)).toBe('duplicate');
    expect(weChat.inbox('carol')).toHaveLength(received);
    await sendAll('carol', ['1', '1万2', '2']);

    const confirm = await send('carol', '1');
    expect(confirm.outcome).toBe('handled');
    expect(await weChat.resend(bot, confirm.messageId)).toBe('duplicate');
    expect(await weChat.resend(bot, confirm.messageId)).toBe('duplicate');

    const resident = await t.app.db.getRepository(Resident).findOneByOrFail({ channel: 'chat', externalId: 'carol' });
    expect(await t.app.db.getRepository(Case).countBy({ residentId: resident.id })).toBe(1);
    expect(weChat.inbox('carol').filter((m) => m.startsWith('已提交'))).toHaveLength(1);
    expect(await t.app.db.getRepository(ChatMessageSeen).countBy({ messageId: confirm.messageId })).toBe(1);
  });

  it('after a restart a conversation goes on where it stopped; a logout restarts the puppet', async () => {
    const steps = declarationUpToSummary('达瓦', validIdNumber(3), '13800000003');
    await sendAll('dawa', steps.slice(0, 4));
    await bot.stop();

    bot = new ChatBot(testBotOptions(t.app, weChat));
    await bot.start();
    await weChat.login(bot);
    const summary = (await sendAll('dawa', steps.slice(4))).join('\n');
    expect(summary).toContain('请核对：\n户主达瓦，4口人\n兴科居委会');

    const restarted = new Promise((resolve) => bot.once('restart', resolve));
    await weChat.mocker.puppet.logout('phone logged out');
    await restarted;
    await weChat.login(bot);
    const [done] = (await send('dawa', '1')).replies;
    expect(done).toMatch(/^已提交！申报号 \d{4} \d{4}/);
  });

  it('while the bot is down the service takes declarations and the outbox waits; repeated errors restart the puppet', async () => {
    await bot.stop();
    const body = declaration({}, { idNumber: validIdNumber(4), phone: '13800000004' });
    const { trackingCode } = (await t.http.post('/api/declarations').send(body).expect(201)).body as { trackingCode: string };
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode });
    const notice = () => t.app.db.getRepository(OutboxMessage).findOneByOrFail({ caseId: c.id, recipientType: 'staff' });
    expect((await notice()).state).toBe('pending');

    bot = new ChatBot(testBotOptions(t.app, weChat, { restartAfterErrors: 2 }));
    await bot.start();
    await weChat.login(bot);
    await eventually(() => weChat.inbox('wang').some((m) => m.includes(trackingCode)), 'the notice written while the bot was down');
    expect((await notice()).state).toBe('sent');

    const restarted = new Promise((resolve) => bot.once('restart', resolve));
    weChat.mocker.puppet.emit('error', { data: 'connection reset' });
    weChat.mocker.puppet.emit('error', { data: 'connection reset again' });
    await restarted;
    await weChat.login(bot);
    expect((await send('wang', '待办')).replies[0]).toMatch(/^待办\d+件：/);
  });

  it('prints the login QR code for the operator to scan', async () => {
    await bot.stop();
    const printed: string[] = [];
    bot = new ChatBot(testBotOptions(t.app, weChat, { out: (text) => printed.push(text) }));
    await bot.start();
    weChat.mocker.scan('https://login.weixin.qq.com/l/abcdef');
    const shown = await eventually(() => printed.find((text) => text.includes('扫码登录')), 'the QR code');
    expect(shown).toContain(`https://wechaty.js.org/qrcode/${encodeURIComponent('https://login.weixin.qq.com/l/abcdef')}`);
    expect(shown).toContain('█'); // drawn in the terminal
    await weChat.login(bot);
  });
});
