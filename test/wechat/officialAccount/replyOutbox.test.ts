import { OutboxDispatcher } from '../../../src/jobs/outboxDispatcher';
import { OfficialAccountDeliverer, WAITING_REASON } from '../../../src/officialAccount/deliverer';
import { createChatPorts } from '../../../src/services/chatPorts';
import { CHAT_REPLY_KIND } from '../../../src/services/outbox';
import { OfficialAccountUser, OutboxMessage, Resident } from '../../../src/store/entities';
import type { SendScript } from '../support/fakeWeChat';
import { DRIVERS } from '../../support/testApp';
import { nextMsgId, startOfficialAccountTest, textPush, type OfficialAccountTest } from './support/officialAccountApp';

const VILLAGE_REPLY = '好的，兴科居委会。';

/**
 * A reply that WeChat does not take through 客服消息 is not lost: it lands in the outbox as a
 * `chat_reply` row for the same deliverer as the notices, retried when the failure may pass,
 * parked as `waiting` when only the user's next message can open the way again.
 */
describe.each(DRIVERS)('replies that fail to send, on %s', (driver) => {
  let oa: OfficialAccountTest;
  let dispatcher: OutboxDispatcher;
  let release: () => void = () => undefined;
  let slow = false;

  beforeAll(async () => {
    oa = await startOfficialAccountTest(driver, {
      // A catch-all template for notices: a reply outside the window must still wait, not go as one.
      env: { WECHAT_OA_TEMPLATES: JSON.stringify({ '*': { templateId: 'TPL-oa-progress', data: { first: '您的申报有新进展', keyword1: '{trackingCode}' } } }) },
      account: (app) => {
        const ports = createChatPorts(app);
        return {
          // The village search waits for the test: the push is answered "success" and the reply goes as 客服消息.
          replyBudgetMs: 100,
          ports: {
            ...ports,
            searchVillages: async (text, limit) => {
              if (slow) await new Promise<void>((resolve) => (release = resolve));
              return ports.searchVillages(text, limit);
            },
          },
        };
      },
    });
    dispatcher = new OutboxDispatcher(oa.t.app, new OfficialAccountDeliverer(oa.t.app, oa.account), { maxPerSecond: 0, sleep: async () => undefined });
  });
  afterAll(() => oa.close());

  const outbox = () => oa.t.app.db.getRepository(OutboxMessage);
  const replyRows = async (openid: string) => {
    const resident = await oa.t.app.db.getRepository(Resident).findOneByOrFail({ channel: 'chat', externalId: `oa:${openid}` });
    return outbox().find({ where: { kind: CHAT_REPLY_KIND, recipientType: 'resident', recipientId: resident.id }, order: { id: 'ASC' } });
  };
  const health = async () => (await oa.t.http.get('/api/health').expect(200)).body.outbox as { backlog: Record<string, number>; waiting: Record<string, number>; failed: Record<string, number> };

  /** Says the village name with the answer held back, then lets it go with WeChat answering `script` first; WeChat's answers to the reply's sends. */
  async function failedVillageReply(openid: string, script: SendScript[], before: () => void = () => undefined): Promise<SendScript[]> {
    await oa.say(openid, '你好');
    await oa.say(openid, '1');
    slow = true;
    const response = await oa.post(textPush(openid, '兴科', Math.floor(oa.t.clock.now.getTime() / 1000), nextMsgId()));
    expect(response.text).toBe('success');
    slow = false;
    before();
    oa.wechat.oaScript.push(...script);
    const sends = oa.wechat.oaSends.length;
    release();
    await oa.account.push.drain();
    expect(oa.wechat.oaScript).toEqual([]);
    return oa.wechat.oaSends.slice(sends).map((s) => s.answer);
  }

  it.each<[string, SendScript[], () => void]>([
    ['a timeout', ['hang'], () => undefined],
    ['HTTP 500', ['http500'], () => undefined],
    // The revoked token is refreshed once; WeChat refuses the new one too.
    ['a token refused after the one refresh', [40001], () => oa.wechat.revokeToken()],
  ])('after %s the reply is kept pending and the deliverer sends it', async (_what, script, before) => {
    const openid = `o-retry-${script[0]}`;
    const tries = await failedVillageReply(openid, script, before);
    expect(tries).toEqual(script[0] === 40001 ? [40001, 40001] : script);
    expect(oa.delivered(openid).filter((m) => m.includes(VILLAGE_REPLY))).toEqual([]);
    const [row] = await replyRows(openid);
    expect(row).toMatchObject({ channel: 'chat', state: 'pending', attempts: 1, caseId: null });
    expect(row.payload.text).toContain(VILLAGE_REPLY);
    expect(row.lastError).toBeTruthy();
    expect((await health()).backlog).toEqual({ chat: 1 });

    expect(await dispatcher.runOnce()).toBe(1);
    expect((await outbox().findOneByOrFail({ id: row.id })).state).toBe('sent');
    expect(oa.delivered(openid).filter((m) => m.includes(VILLAGE_REPLY))).toHaveLength(1);
    expect((await health()).backlog).toEqual({});
  });

  it('45015 (window closed) parks the reply as waiting, counted by /api/health, until the user writes again', async () => {
    await failedVillageReply('o-window', [45015]);
    const [row] = await replyRows('o-window');
    expect(row).toMatchObject({ state: 'waiting', attempts: 0, lastError: WAITING_REASON });
    expect((await oa.t.app.db.getRepository(OfficialAccountUser).findOneByOrFail({ openid: 'o-window' })).lastInboundAt).toBeNull();
    expect(await health()).toMatchObject({ backlog: {}, waiting: { chat: 1 }, failed: {} });
    const sends = oa.wechat.oaSends.length;
    expect(await dispatcher.runOnce()).toBe(0);
    expect(oa.wechat.oaSends).toHaveLength(sends);
    expect(oa.wechat.oaSends.filter((s) => s.api === 'template')).toEqual([]);

    await oa.say('o-window', '查询');
    expect((await outbox().findOneByOrFail({ id: row.id })).state).toBe('pending');
    expect(await dispatcher.runOnce()).toBe(1);
    expect((await outbox().findOneByOrFail({ id: row.id })).state).toBe('sent');
    expect(oa.delivered('o-window').filter((m) => m.includes(VILLAGE_REPLY))).toHaveLength(1);
    expect((await health()).waiting).toEqual({});
  });

  it('45047 (quota spent) waits too, the window left open', async () => {
    await failedVillageReply('o-quota', [45047]);
    const [row] = await replyRows('o-quota');
    expect(row).toMatchObject({ state: 'waiting', lastError: WAITING_REASON });
    expect((await oa.t.app.db.getRepository(OfficialAccountUser).findOneByOrFail({ openid: 'o-quota' })).lastInboundAt).not.toBeNull();
    await oa.say('o-quota', '查询');
    expect(await dispatcher.runOnce()).toBe(1);
    expect(oa.delivered('o-quota').filter((m) => m.includes(VILLAGE_REPLY))).toHaveLength(1);
  });

  it('a user who unfollowed (43004) gets the reply skipped, with the reason', async () => {
    await failedVillageReply('o-left', [43004]);
    const [row] = await replyRows('o-left');
    expect(row).toMatchObject({ state: 'skipped', lastError: '对方已取消关注公众号 (43004)' });
    expect((await oa.t.app.db.getRepository(OfficialAccountUser).findOneByOrFail({ openid: 'o-left' })).subscribed).toBe(false);
  });

  // Last: it moves the clock two days on.
  it('a reply still to retry when the window has closed waits; the notices\' template is not used for it', async () => {
    await failedVillageReply('o-late', ['http500']);
    const [row] = await replyRows('o-late');
    expect(row.state).toBe('pending');
    oa.t.clock.now = new Date(oa.t.clock.now.getTime() + 49 * 3600_000);
    const sends = oa.wechat.oaSends.length;
    expect(await dispatcher.runOnce()).toBe(1);
    expect(await outbox().findOneByOrFail({ id: row.id })).toMatchObject({ state: 'waiting', lastError: WAITING_REASON });
    expect(oa.wechat.oaSends).toHaveLength(sends);
  });

  it('a late reply is not held for quiet hours: the resident wrote just now', async () => {
    oa.t.clock.now = new Date('2026-11-26T14:30:00.000Z'); // 22:30 in China
    await failedVillageReply('o-night', ['http500']);
    const [row] = await replyRows('o-night');
    expect(await dispatcher.runOnce()).toBe(1);
    expect((await outbox().findOneByOrFail({ id: row.id })).state).toBe('sent');
  });
});
