import { OutboxDispatcher } from '../../../src/jobs/outboxDispatcher';
import { OfficialAccountDeliverer } from '../../../src/officialAccount/deliverer';
import { residentFor } from '../../../src/services/auth';
import { createChatPorts } from '../../../src/services/chatPorts';
import { OutboxMessage, Resident } from '../../../src/store/entities';
import { insertRows } from '../../../src/store/transaction';
import { nextMsgId, startOfficialAccountTest, textPush, type OfficialAccountTest } from './support/officialAccountApp';

const PER_SECOND = 5;
const SLOT_MS = 1000 / PER_SECOND;

/**
 * WECHAT_OA_SEND_PER_SECOND is one budget for everything the account sends: replies that follow
 * a "success", notices as 客服消息, and template messages. The pacer runs on the test's clock (its
 * sleep moves that clock), and the fake WeChat stamps each send with the same clock, so the
 * spacing is exact and no wall-clock timing is asserted.
 */
describe('the Official Account send budget, on SQLite', () => {
  let oa: OfficialAccountTest;
  const gate: { open: Promise<void>; release: () => void } = { open: Promise.resolve(), release: () => undefined };
  let slow = false;

  beforeAll(async () => {
    oa = await startOfficialAccountTest('sqlite', {
      env: {
        WECHAT_OA_SEND_PER_SECOND: String(PER_SECOND),
        WECHAT_OA_TEMPLATES: JSON.stringify({ '*': { templateId: 'TPL-oa-progress', data: { first: '您的申报有新进展', keyword1: '{trackingCode}' } } }),
      },
      account: (app, clock) => {
        const ports = createChatPorts(app);
        return {
          replyBudgetMs: 100,
          pacing: {
            now: () => clock.now.getTime(),
            sleep: async (ms) => {
              clock.now = new Date(clock.now.getTime() + ms);
            },
          },
          ports: {
            ...ports,
            searchVillages: async (text, limit) => {
              if (slow) await gate.open;
              return ports.searchVillages(text, limit);
            },
          },
        };
      },
    });
  });
  afterAll(() => oa.close());

  it('replies, notices and template messages together go out no faster than the cap', async () => {
    const openids = ['o-rate-1', 'o-rate-2', 'o-rate-3'];
    for (const openid of openids) {
      await oa.say(openid, '你好');
      await oa.say(openid, '1');
    }
    // Three answers held back after their pushes were answered "success": they will go as 客服消息.
    slow = true;
    gate.open = new Promise<void>((resolve) => (gate.release = resolve));
    for (const openid of openids) {
      const response = await oa.post(textPush(openid, '兴科', Math.floor(oa.t.clock.now.getTime() / 1000), nextMsgId()));
      expect(response.text).toBe('success');
    }

    // Two notices inside the window (客服消息) and one to a resident who never wrote (template message).
    const residents = await oa.t.app.db.getRepository(Resident).find({ where: openids.slice(0, 2).map((o) => ({ channel: 'chat' as const, externalId: `oa:${o}` })) });
    const far = await residentFor(oa.t.app, 'chat', 'oa:o-rate-far');
    const now = oa.t.clock.now;
    await insertRows(
      oa.t.app.db.manager,
      OutboxMessage,
      [...residents, far].map((r, i) =>
        Object.assign(new OutboxMessage(), {
          channel: 'chat',
          recipientType: 'resident',
          recipientId: r.id,
          kind: 'case_accepted',
          payload: { trackingCode: `SB-2026000${i}`, stateLabel: '已受理', next: '村干部会上门', text: '村干部已受理您的申报' },
          state: 'pending',
          attempts: 0,
          uniqueKey: `rate-test:${i}`,
          caseId: null,
          availableAt: now,
          leaseUntil: null,
          lastError: null,
          createdAt: now,
          sentAt: null,
        }),
      ),
    );

    const from = oa.wechat.oaSends.length;
    const dispatcher = new OutboxDispatcher(oa.t.app, new OfficialAccountDeliverer(oa.t.app, oa.account), { maxPerSecond: 0, sleep: async () => undefined });
    slow = false;
    gate.release();
    const [attempted] = await Promise.all([dispatcher.runOnce(), oa.account.push.drain()]);
    expect(attempted).toBe(3);

    const sends = oa.wechat.oaSends.slice(from);
    expect(sends.map((s) => s.answer)).toEqual([0, 0, 0, 0, 0, 0]);
    const what = sends.map((s) => (s.api === 'template' ? 'template' : s.body.text?.content.includes('兴科居委会') ? 'reply' : 'notice'));
    expect(what.filter((w) => w === 'reply')).toHaveLength(3);
    expect(what.filter((w) => w === 'notice')).toHaveLength(2);
    expect(what.filter((w) => w === 'template')).toHaveLength(1);
    const gaps = sends.slice(1).map((s, i) => s.at - sends[i].at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(SLOT_MS);
  });
});
