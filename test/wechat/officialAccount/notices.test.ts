import type { ChatSender } from '../../../bot/chatSender';
import { ChatDeliverer } from '../../../bot/chatDeliverer';
import { MSG } from '../../../src/conversation';
import { OutboxDispatcher } from '../../../src/jobs/outboxDispatcher';
import { OfficialAccountDeliverer, WAITING_REASON } from '../../../src/officialAccount/deliverer';
import { issueBindCode } from '../../../src/services/bindCodes';
import { Case, OfficialAccountUser, OutboxMessage } from '../../../src/store/entities';
import { validIdNumber } from '../../support/ids';
import { DRIVERS } from '../../support/testApp';
import { eventPush, startOfficialAccountTest, type OfficialAccountTest } from './support/officialAccountApp';
import { codeIn } from '../../support/trackingCode';
import { formatTrackingCode } from '../../../src/shared/trackingCode';

const HOUR = 3600_000;
const TEMPLATE_ID = 'TPL-oa-progress';

/** Notices and cadres on the Official Account: 客服消息 inside the 48-hour window, templates or waiting outside it. */
describe.each(DRIVERS)('notices and cadres on the Official Account on %s', (driver) => {
  let oa: OfficialAccountTest;
  let dispatcher: OutboxDispatcher;
  let n = 100;

  const start = async (env: Record<string, string> = {}) => {
    oa = await startOfficialAccountTest(driver, { env });
    dispatcher = new OutboxDispatcher(oa.t.app, new OfficialAccountDeliverer(oa.t.app, oa.account), { maxPerSecond: 0, sleep: async () => undefined });
  };
  const later = (ms: number) => {
    oa.t.clock.now = new Date(oa.t.clock.now.getTime() + ms);
  };
  const rows = async (caseId: number) => (await oa.t.app.db.getRepository(OutboxMessage).find({ where: { caseId }, order: { id: 'ASC' } })).map((r) => [r.kind, r.recipientType, r.state]);
  const rowOf = (caseId: number, kind: string) => oa.t.app.db.getRepository(OutboxMessage).findOneByOrFail({ caseId, kind });
  async function declare(openid: string, name: string): Promise<Case> {
    for (const text of ['你好', '1', '兴科', name, validIdNumber(++n), `139${String(n).padStart(8, '0')}`, '4', '1', '1万2', '2']) await oa.say(openid, text);
    const [done] = await oa.say(openid, '1');
    const trackingCode = codeIn(done);
    return oa.t.app.db.getRepository(Case).findOneByOrFail({ trackingCode });
  }
  async function bindCadre(openid: string): Promise<void> {
    const { code } = await issueBindCode(oa.t.app, 'cadreA1');
    expect(await oa.say(openid, `绑定 ${code}`)).toEqual([MSG.bound('cadreA1')]);
  }
  const accept = async (c: Case) =>
    oa.t.http.post(`/api/cases/${c.id}/actions`).set('authorization', `Bearer ${await oa.t.login('cadreA1')}`).send({ action: 'accept', version: c.version }).expect(200);

  describe('without templates', () => {
    beforeAll(() => start());
    afterAll(() => oa.close());

    it('a cadre binds, gets the new-case notice as 客服消息, and works the case by chat; the bot leaves those rows alone', async () => {
      await bindCadre('o-wang');
      const c = await declare('o-alice', '巴特尔');

      // The bot's deliverer shares channel "chat" but takes only its own contacts' rows.
      const botSent: string[] = [];
      const botSender: ChatSender = { send: async (_to, text) => void botSent.push(text), sendToRoom: async () => undefined };
      const bot = new OutboxDispatcher(oa.t.app, new ChatDeliverer(oa.t.app, botSender), { maxPerSecond: 0, sleep: async () => undefined });
      expect(await bot.runOnce()).toBe(0);
      expect(botSent).toEqual([]);

      expect(await dispatcher.runOnce()).toBe(2);
      expect(await rows(c.id)).toEqual([
        ['case_assigned', 'staff', 'sent'],
        ['case_received', 'resident', 'skipped'],
      ]);
      const digits = c.trackingCode;
      expect(oa.delivered('o-wang')).toContain(`【新申报】${c.trackingCode} 兴科居委会 因病。回复“受理 ${digits}”受理`);

      const queue = (await oa.say('o-wang', '待办')).join('\n');
      expect(queue).toContain(c.trackingCode);
      expect(await oa.say('o-wang', `受理 ${digits}`)).toEqual([MSG.accepted(c.trackingCode, '入户核查')]);
      expect((await oa.t.app.db.getRepository(Case).findOneByOrFail({ id: c.id })).state).toBe('investigating');

      expect(await dispatcher.runOnce()).toBe(1);
      expect(oa.delivered('o-alice').at(-1)).toBe(`【申报进度】申报号 ${formatTrackingCode(c.trackingCode)}：村干部cadreA1已受理您的申报，会两人一起到您家了解情况，请准备好户口本和身份证。`);
    });

    it('outside the 48-hour window a notice waits, untried, until the resident writes again', async () => {
      const c = await declare('o-late', '其其格');
      await dispatcher.runOnce();
      later(49 * HOUR);
      await accept(c);
      const sendsBefore = oa.wechat.oaSends.length;
      expect(await dispatcher.runOnce()).toBe(1);
      const parked = await rowOf(c.id, 'case_accepted');
      expect(parked).toMatchObject({ state: 'waiting', attempts: 0, lastError: WAITING_REASON });
      expect(oa.wechat.oaSends).toHaveLength(sendsBefore);
      later(HOUR);
      expect(await dispatcher.runOnce()).toBe(0);

      await oa.say('o-late', '查询');
      expect((await rowOf(c.id, 'case_accepted')).state).toBe('pending');
      expect(await dispatcher.runOnce()).toBe(1);
      expect((await rowOf(c.id, 'case_accepted')).state).toBe('sent');
      expect(oa.delivered('o-late').at(-1)).toContain('已受理您的申报');
    });

    it('45015 from WeChat closes the window: the notice waits instead of being lost', async () => {
      const c = await declare('o-shut', '达瓦');
      await dispatcher.runOnce();
      await accept(c);
      oa.wechat.oaScript.push(45015);
      expect(await dispatcher.runOnce()).toBe(1);
      expect(await rowOf(c.id, 'case_accepted')).toMatchObject({ state: 'waiting', lastError: WAITING_REASON });
      expect((await oa.t.app.db.getRepository(OfficialAccountUser).findOneByOrFail({ openid: 'o-shut' })).lastInboundAt).toBeNull();
    });

    it('a token WeChat refused (40001) is refreshed once through the shared cache and the notice still goes', async () => {
      const c = await declare('o-token', '格日勒');
      await dispatcher.runOnce();
      await accept(c);
      oa.wechat.revokeToken();
      const tokenCalls = oa.wechat.tokenCalls.length;
      expect(await dispatcher.runOnce()).toBe(1);
      expect((await rowOf(c.id, 'case_accepted')).state).toBe('sent');
      expect(oa.wechat.tokenCalls.slice(tokenCalls)).toEqual([expect.objectContaining({ force_refresh: true })]);
      expect(oa.wechat.oaSends.slice(-2).map((s) => s.answer)).toEqual([40001, 0]);
    });

    it('45047 (quota spent) also waits, and goes once the user writes again', async () => {
      const c = await declare('o-quota', '乌云');
      await dispatcher.runOnce();
      await accept(c);
      oa.wechat.oaScript.push(45047);
      await dispatcher.runOnce();
      expect((await rowOf(c.id, 'case_accepted')).state).toBe('waiting');
      await oa.say('o-quota', '查询');
      await dispatcher.runOnce();
      expect((await rowOf(c.id, 'case_accepted')).state).toBe('sent');
    });

    it('unfollowing stops notices, with the reason on the row', async () => {
      const c = await declare('o-gone', '萨仁');
      await dispatcher.runOnce();
      await oa.post(eventPush('o-gone', 'unsubscribe', Math.floor(oa.t.clock.now.getTime() / 1000)));
      await accept(c);
      const sendsBefore = oa.wechat.oaSends.length;
      expect(await dispatcher.runOnce()).toBe(1);
      expect(await rowOf(c.id, 'case_accepted')).toMatchObject({ state: 'skipped', lastError: '对方已取消关注公众号 (unsubscribed)' });
      expect(oa.wechat.oaSends).toHaveLength(sendsBefore);
    });
  });

  describe('with a template message configured', () => {
    beforeAll(() =>
      start({ WECHAT_OA_TEMPLATES: JSON.stringify({ '*': { templateId: TEMPLATE_ID, data: { first: '您的申报有新进展', keyword1: '{trackingCode}', keyword2: '{stateLabel}', remark: '{next}' } } }) }),
    );
    afterAll(() => oa.close());

    it('outside the window the notice goes as a template message', async () => {
      const c = await declare('o-tpl', '宝音');
      await dispatcher.runOnce();
      later(49 * HOUR);
      await accept(c);
      expect(await dispatcher.runOnce()).toBe(1);
      expect((await rowOf(c.id, 'case_accepted')).state).toBe('sent');
      const sent = oa.wechat.oaDelivered.at(-1)!;
      expect(sent.api).toBe('template');
      expect(sent.body).toMatchObject({ touser: 'o-tpl', template_id: TEMPLATE_ID, data: { first: { value: '您的申报有新进展' }, keyword1: { value: c.trackingCode } } });
    });
  });
});
