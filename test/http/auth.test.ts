import { createTestApp, declaration, DRIVERS, PASSWORD, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';

describe.each(DRIVERS)('authentication on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('makes this address wait after five wrong passwords, saying how long, and lets the right one in after', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await t.http.post('/api/auth/login').send({ username: 'cadreB1', password: 'nope-nope-1' }).expect(401);
      expect(wrong.body.error.message).toBe('用户名或密码不正确');
    }
    const waiting = await t.http.post('/api/auth/login').send({ username: 'cadreB1', password: PASSWORD }).expect(429);
    expect(waiting.body.error).toMatchObject({ code: 'login_throttled', message: '登录失败次数太多，请30秒后再试' });
    expect(waiting.headers['retry-after']).toBe('30');
    t.clock.now = new Date(t.clock.now.getTime() + 30_000);
    await t.http.post('/api/auth/login').send({ username: 'cadreB1', password: PASSWORD }).expect(200);
  });

  it('answers an unknown user like a wrong password', async () => {
    const response = await t.http.post('/api/auth/login').send({ username: 'ghost', password: PASSWORD }).expect(401);
    expect(response.body.error.message).toBe('用户名或密码不正确');
  });

  it('links declarations made with a resident token and lists them in 我的申报', async () => {
    const { body: login } = await t.http.post('/api/auth/wechat').send({ code: 'demo:openid-1' }).expect(200);
    const again = await t.http.post('/api/auth/wechat').send({ code: 'demo:openid-1' }).expect(200);
    expect(again.body.resident.id).toBe(login.resident.id);
    const auth = `Bearer ${login.token}`;
    const { body: created } = await t.http.post('/api/declarations').set('authorization', auth).send(declaration({}, { idNumber: validIdNumber(7) })).expect(201);
    const mine = await t.http.get('/api/me/cases').set('authorization', auth).expect(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: created.id, stateLabel: '已交给村干部', next: expect.stringContaining('第二天就会和您联系'), riskTypeLabels: ['因病'] }),
    ]);
    await t.http.get(`/api/me/cases/${created.id}`).set('authorization', auth).expect(200);
    const other = await t.http.post('/api/auth/wechat').send({ code: 'demo:openid-2' }).expect(200);
    await t.http.get(`/api/me/cases/${created.id}`).set('authorization', `Bearer ${other.body.token}`).expect(404);
    const staffToken = await t.login('county');
    await t.http.get('/api/me/cases').set('authorization', `Bearer ${staffToken}`).expect(403);
  });

  it('refuses a non-demo code when no WeChat credentials are configured', async () => {
    const response = await t.http.post('/api/auth/wechat').send({ code: 'real-wx-code' }).expect(401);
    expect(response.body.error.message).toContain('微信登录暂不可用');
  });

  it('rejects expired tokens', async () => {
    const token = await t.login('county');
    t.clock.now = new Date(t.clock.now.getTime() + 8 * 24 * 3600_000);
    const response = await t.http.get('/api/queue').set('authorization', `Bearer ${token}`).expect(401);
    expect(response.body.error.message).toBe('登录已过期，请重新登录');
  });
});
