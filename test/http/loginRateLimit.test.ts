import { createTestApp, type TestApp } from '../support/testApp';

describe('login rate limit per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('refuses the 21st attempt within a minute, whatever the usernames, and lets the next minute through', async () => {
    for (let i = 0; i < 20; i++) await t.http.post('/api/auth/login').send({ username: `guess${i}`, password: 'wrong-pass-1' }).expect(401);
    const limited = await t.http.post('/api/auth/login').send({ username: 'county', password: 'wrong-pass-1' }).expect(429);
    expect(limited.body.error.message).toBe('尝试太频繁，请稍后再试');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // X-Forwarded-For is not trusted unless TRUST_PROXY is set: a forged address gets no fresh budget.
    await t.http.post('/api/auth/login').set('x-forwarded-for', '10.9.8.7').send({ username: 'county', password: 'wrong-pass-1' }).expect(429);
    t.clock.now = new Date(t.clock.now.getTime() + 61_000);
    await t.http.post('/api/auth/login').send({ username: 'county', password: 'wrong-pass-1' }).expect(401);
  });
});
