import { createChatPorts } from '../../../src/services/chatPorts';
import { ChatSession } from '../../../src/store/entities';
import { nextMsgId, startOfficialAccountTest, textPush, type OfficialAccountTest } from './support/officialAccountApp';

const BUDGET_MS = 300;

/**
 * WeChat gives up on a push after 5 s and sends it again. A slow answer (here: a village search
 * that waits until the test lets it go) must not hold the push: it is answered "success" within
 * the budget, the retry too, and the answer follows as one 客服消息.
 */
describe('the 5-second rule, on MariaDB', () => {
  let oa: OfficialAccountTest;
  let release: () => void = () => undefined;
  let slow = false;

  beforeAll(async () => {
    oa = await startOfficialAccountTest('mariadb', {
      account: (app) => {
        const ports = createChatPorts(app);
        return {
          replyBudgetMs: BUDGET_MS,
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
  });
  afterAll(() => oa.close());

  it('a slow engine still answers in time, and the retries add nothing', async () => {
    await oa.say('o-slow', '你好');
    await oa.say('o-slow', '1');
    slow = true;
    const push = textPush('o-slow', '兴科', Math.floor(oa.t.clock.now.getTime() / 1000), nextMsgId());

    const started = Date.now();
    const first = await oa.post(push);
    const firstMs = Date.now() - started;
    expect(first.text).toBe('success');
    expect(firstMs).toBeLessThan(BUDGET_MS + 1500);
    expect(firstMs).toBeGreaterThanOrEqual(BUDGET_MS - 50);

    // WeChat's retries while the first is still being worked on: answered in time, no second turn.
    const retries = [await oa.post(push), await oa.post(push)];
    expect(retries.map((r) => r.text)).toEqual(['success', 'success']);
    expect(oa.delivered('o-slow').filter((m) => m.includes('兴科居委会'))).toEqual([]);

    release();
    await oa.account.push.drain();
    const answers = oa.delivered('o-slow').filter((m) => m.includes('兴科居委会'));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain('好的，兴科居委会。');
    const state = JSON.parse((await oa.t.app.db.getRepository(ChatSession).findOneByOrFail({ channelUserId: 'oa:o-slow' })).state);
    expect(state.declaration.history).toEqual(['start', 'village']);
  });

  it('a fast answer is the passive reply itself', async () => {
    slow = false;
    const response = await oa.post(textPush('o-fast', '帮助', Math.floor(oa.t.clock.now.getTime() / 1000), nextMsgId()));
    expect(oa.passive(response)).toContain('回复“申报”开始申报');
  });
});
