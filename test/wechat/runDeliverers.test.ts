import { startDeliverers } from '../../src/jobs/runDeliverers';
import { OutboxMessage } from '../../src/store/entities';
import { createTestApp, declaration, type TestApp } from '../support/testApp';
import { startFakeWeChat, type FakeWeChat } from './support/fakeWeChat';

const TPL = 'TPL-run';

/** The wiring `npm start` uses: the service's own WeChat client, polling on its own. */
describe('startDeliverers', () => {
  let t: TestApp;
  let wechat: FakeWeChat;
  beforeAll(async () => {
    wechat = await startFakeWeChat({ now: () => t.clock.now });
    t = await createTestApp('sqlite', {
      WECHAT_APP_ID: wechat.appId,
      WECHAT_APP_SECRET: wechat.appSecret,
      WECHAT_API_BASE: wechat.url,
      WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify({ '*': { templateId: TPL, data: { thing1: '{stateLabel}' } } }),
    });
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  it('delivers subscribe rows in the background until stopped', async () => {
    const { body } = await t.http.post('/api/auth/wechat').send({ code: 'code:o-run' }).expect(200);
    await t.http.post('/api/me/subscriptions').set('authorization', `Bearer ${body.token}`).send({ templateIds: [TPL], accepted: [TPL] }).expect(204);
    await t.http.post('/api/declarations').set('authorization', `Bearer ${body.token}`).send(declaration()).expect(201);
    const running = startDeliverers(t.app, { intervalMs: 20 });
    try {
      for (let i = 0; i < 100 && wechat.delivered.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await running.stop();
    }
    expect(wechat.delivered).toEqual([expect.objectContaining({ touser: 'o-run', template_id: TPL, data: { thing1: { value: '已交给村干部' } } })]);
    const rows = await t.app.db.getRepository(OutboxMessage).find({ where: { channel: 'subscribe' } });
    expect(rows.map((r) => r.state)).toEqual(['sent']);
  });

  it('starts nothing without WeChat credentials', async () => {
    const running = startDeliverers({ ...t.app, wechat: null });
    await running.stop();
  });
});
