import { MSG } from '../../../src/conversation';
import { OfficialAccountUser, Case, ChatSession, Resident } from '../../../src/store/entities';
import { validIdNumber } from '../../support/ids';
import { DRIVERS, PLACES } from '../../support/testApp';
import { eventPush, nextMsgId, OA_ORIGINAL_ID, pushXml, startOfficialAccountTest, textPush, type OfficialAccountTest } from './support/officialAccountApp';

const upToSummary = (name: string, idNumber: string, phone: string) => ['你好', '1', '兴科', name, idNumber, phone, '4', '1', '1万2', '2'];

/** Residents on the Official Account: the same dialogue as the bot, driven by pushed XML. */
describe.each(DRIVERS)('declaring on the Official Account on %s', (driver) => {
  let oa: OfficialAccountTest;
  let n = 0;
  const now = () => Math.floor(oa.t.clock.now.getTime() / 1000);
  const residentOf = (openid: string) => oa.t.app.db.getRepository(Resident).findOneBy({ channel: 'chat', externalId: `oa:${openid}` });
  const sayAll = async (openid: string, texts: string[]) => {
    let last: string[] = [];
    for (const text of texts) last = await oa.say(openid, text);
    return last;
  };

  beforeAll(async () => {
    oa = await startOfficialAccountTest(driver);
  });
  afterAll(() => oa.close());

  it('a whole declaration through pushed messages, in safe mode, files one case in the village', async () => {
    const first = await oa.say('o-alice', '你好', { safe: true });
    // Two messages (the greeting and the first question): too many for one passive reply.
    expect(first).toHaveLength(2);
    expect(first[1]).toContain('给自己家申报');
    const summary = await sayAll('o-alice', upToSummary('巴特尔', validIdNumber(++n), '13912345678').slice(1));
    expect(summary.join('\n')).toContain('请核对：\n户主巴特尔，4口人\n兴科居委会\n电话13912345678');
    const [done] = await oa.say('o-alice', '1', { safe: true });
    expect(done).toMatch(/^已提交！申报号 \d{4} \d{4}。/);

    const resident = await residentOf('o-alice');
    const cases = await oa.t.app.db.getRepository(Case).findBy({ residentId: resident!.id });
    expect(cases.map((c) => [c.villageCode, c.channel])).toEqual([[PLACES.villageA1, 'chat']]);
    // The dialogue lives in chat_sessions like the bot's; done declaring, nothing is open.
    const session = await oa.t.app.db.getRepository(ChatSession).findOneByOrFail({ channelUserId: 'oa:o-alice' });
    expect(JSON.parse(session.state).declaration).toBeNull();
    expect(await oa.t.app.db.getRepository(OfficialAccountUser).findOneByOrFail({ openid: 'o-alice' })).toMatchObject({ subscribed: true, lastInboundAt: oa.t.clock.now });
  });

  it('the same push three times (WeChat’s retries) → one reply, one state change, one case', async () => {
    await sayAll('o-carol', upToSummary('其其格', validIdNumber(++n), '13800000002').slice(0, 6));
    // "4" answers 几口人; handled again it would pick hardship 4 (吃水难).
    const household = textPush('o-carol', '4', now(), nextMsgId());
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(oa.passive(await oa.post(household)));
    await oa.account.push.drain();
    expect(answers[0]).toContain('家里最近遇到了什么困难');
    expect(answers.slice(1)).toEqual([null, null]);
    const state = JSON.parse((await oa.t.app.db.getRepository(ChatSession).findOneByOrFail({ channelUserId: 'oa:o-carol' })).state);
    expect(state.declaration.answers.household).toBe(4);
    expect(state.declaration.answers.hardships).toBeUndefined();

    await sayAll('o-carol', ['1', '1万2', '2']);
    const confirm = textPush('o-carol', '1', now(), nextMsgId());
    const concurrent = await Promise.all([oa.post(confirm), oa.post(confirm), oa.post(confirm)]);
    await oa.account.push.drain();
    const replies = [...concurrent.map((r) => oa.passive(r)), ...oa.delivered('o-carol')].filter((r) => r?.startsWith('已提交'));
    expect(replies).toHaveLength(1);
    expect(await oa.t.app.db.getRepository(Case).countBy({ residentId: (await residentOf('o-carol'))!.id })).toBe(1);
  });

  it('following through a village’s code greets with that village chosen; the declaration skips the village question', async () => {
    const response = await oa.post(eventPush('o-dawa', 'subscribe', now(), `qrscene_${PLACES.villageB1}`));
    expect(oa.passive(response)).toBeNull();
    await oa.account.push.drain();
    const [greeting, question] = oa.delivered('o-dawa');
    expect(greeting).toContain('您扫的是联发嘎查的码');
    expect(question).toContain('给自己家申报');
    // After 1 (for my own household) comes the name: the village was chosen by the code.
    expect(await oa.say('o-dawa', '1')).toEqual(['户主姓名是？（身份证上的名字）']);
    const summary = await sayAll('o-dawa', ['达瓦', validIdNumber(++n), '13800000003', '4', '1', '1万2', '2']);
    expect(summary.join('\n')).toContain('请核对：\n户主达瓦，4口人\n联发嘎查');
  });

  it('the same follow event pushed again is not greeted twice; an unknown scene still greets', async () => {
    const event = eventPush('o-eve', 'subscribe', now(), 'qrscene_999999999999');
    await oa.post(event);
    await oa.post(event);
    await oa.account.push.drain();
    expect(oa.delivered('o-eve')).toEqual([expect.stringContaining('这里是防返贫自主申报'), expect.stringContaining('给自己家申报')]);
    expect(oa.delivered('o-eve')[0]).not.toContain('您扫的是');
  });

  it('following again in the middle of a declaration offers to continue it', async () => {
    await sayAll('o-fang', ['你好', '1', '兴科']);
    await oa.post(eventPush('o-fang', 'unsubscribe', now()));
    expect(await oa.t.app.db.getRepository(OfficialAccountUser).findOneByOrFail({ openid: 'o-fang' })).toMatchObject({ subscribed: false });
    oa.t.clock.now = new Date(oa.t.clock.now.getTime() + 1000);
    const response = await oa.post(eventPush('o-fang', 'subscribe', now(), ''));
    const passive = oa.passive(response);
    expect(passive).toBe(`${MSG.welcomeBack}${MSG.resume(3)}`);
    expect(await oa.t.app.db.getRepository(OfficialAccountUser).findOneByOrFail({ openid: 'o-fang' })).toMatchObject({ subscribed: true });
    expect(await oa.say('o-fang', '1')).toEqual(['户主姓名是？（身份证上的名字）']);
  });

  it('voice with WeChat’s recognition is text; voice without it and pictures offer one digit to press', async () => {
    const voice = (recognition?: string) =>
      pushXml({ ToUserName: OA_ORIGINAL_ID, FromUserName: 'o-gao', CreateTime: now(), MsgType: 'voice', MediaId: 'm1', Format: 'amr', ...(recognition === undefined ? {} : { Recognition: recognition }), MsgId: nextMsgId() });
    expect(oa.passive(await oa.post(voice('帮助。')))).toBe(MSG.help);
    expect(oa.passive(await oa.post(voice()))).toBe(MSG.voiceHelp);
    expect(oa.passive(await oa.post(voice('')))).toBe(MSG.voiceHelp);
    const picture = pushXml({ ToUserName: OA_ORIGINAL_ID, FromUserName: 'o-gao', CreateTime: now(), MsgType: 'image', PicUrl: 'http://x/y.jpg', MediaId: 'm2', MsgId: nextMsgId() });
    expect(oa.passive(await oa.post(picture))).toBe(MSG.pictureHelp);
    // None of these started a declaration (帮助 only answered).
    const session = await oa.t.app.db.getRepository(ChatSession).findOneByOrFail({ channelUserId: 'oa:o-gao' });
    expect(JSON.parse(session.state)).toMatchObject({ declaration: null, greeted: false });
  });

  it('a menu button whose key is a command talks like the command', async () => {
    const click = eventPush('o-hu', 'CLICK', now(), '查询');
    expect(oa.passive(await oa.post(click))).toBe(MSG.noCases);
  });
});
