import { createTestApp, DRIVERS, PASSWORD, type TestApp } from '../support/testApp';

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

describe.each(DRIVERS)('behind a trusted proxy on %s', (driver) => {
  describe.each([
    { hops: 'true', forwarded: (client: string, spoof: string) => `${spoof}, ${client}` },
    // Two proxies: the outer one appended the client, the inner one the outer proxy's address.
    { hops: '2', forwarded: (client: string, spoof: string) => `${spoof}, ${client}, 172.16.0.2` },
  ])('TRUST_PROXY=$hops', ({ hops, forwarded }) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(driver, { TRUST_PROXY: hops });
    });
    afterAll(() => t.close());
    const login = (client: string, spoof: string, username: string, password = 'wrong-pass-1') =>
      t.http.post('/api/auth/login').set('x-forwarded-for', forwarded(client, spoof)).send({ username, password });

    it('counts the address the proxy appended: 100 spoofed leftmost entries get one budget of 20', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) statuses.push((await login('198.51.100.9', `10.${i}.0.1`, `guess${i}`)).status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(20);
      expect(statuses.filter((s) => s === 429)).toHaveLength(80);
      // Another client behind the same proxy has its own budget.
      expect((await login('198.51.100.10', '10.0.0.1', 'guess-other')).status).toBe(401);
    });

    it('throttles an account from the appended address, not the spoofed one, and leaves the holder at theirs alone', async () => {
      for (let i = 0; i < 5; i++) expect((await login('203.0.113.66', `10.1.${i}.1`, 'cadreA1')).status).toBe(401);
      const waiting = await login('203.0.113.66', '10.1.99.1', 'cadreA1', PASSWORD);
      expect(waiting.status).toBe(429);
      expect(waiting.body.error.code).toBe('login_throttled');
      expect((await login('203.0.113.77', '10.1.0.1', 'cadreA1', PASSWORD)).status).toBe(200);
    });
  });
});
