import { validIdNumber } from '../support/ids';
import { createTestApp, declaration, DRIVERS, rowCounts, type TestApp } from '../support/testApp';

/** Limits small enough to reach: 3 per address and 2 per resident in a 10-minute window, behind one proxy. */
const LIMITS = { TRUST_PROXY: 'true', DECLARE_LIMIT_PER_ADDRESS: '3', DECLARE_LIMIT_PER_RESIDENT: '2', DECLARE_LIMIT_WINDOW_MINUTES: '10' };

describe.each(DRIVERS)('declaring is rate-limited on %s', (driver) => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp(driver, LIMITS);
  });
  afterAll(() => t.close());

  /** A declaration as the proxy forwards it: `client` is what the proxy appended, `spoof` what the client wrote before it. */
  const declare = (client: string, options: { spoof?: string; token?: string } = {}) => {
    const request = t.http.post('/api/declarations').set('x-forwarded-for', [options.spoof, client].filter(Boolean).join(', '));
    if (options.token) request.set('authorization', `Bearer ${options.token}`);
    return request.send(declaration({}, { idNumber: validIdNumber(n++) }));
  };

  it('refuses an address past its limit in Chinese with Retry-After, whatever it writes in X-Forwarded-For, writes nothing, and lets it in the next window', async () => {
    for (let i = 0; i < 3; i++) await declare('198.51.100.20', { spoof: `10.0.0.${i}` }).expect(201);
    const before = await rowCounts(t.app);
    const refused = await declare('198.51.100.20', { spoof: '10.0.0.99' }).expect(429);
    expect(refused.body.error).toMatchObject({ code: 'declaration_rate_limited', message: '提交申报太频繁，请稍后再试' });
    expect(Number(refused.headers['retry-after'])).toBe(600);
    expect(await rowCounts(t.app)).toEqual(before);
    // Another household's address is not held by it.
    await declare('198.51.100.21').expect(201);
    t.clock.now = new Date(t.clock.now.getTime() + 10 * 60_000);
    await declare('198.51.100.20').expect(201);
  });

  it('refuses a resident past its limit from any address', async () => {
    const { body } = await t.http.post('/api/auth/wechat').send({ code: 'demo:flooding-resident' }).expect(200);
    await declare('198.51.100.30', { token: body.token }).expect(201);
    await declare('198.51.100.31', { token: body.token }).expect(201);
    const refused = await declare('198.51.100.32', { token: body.token }).expect(429);
    expect(refused.body.error.code).toBe('declaration_rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The same address without the token is its own count (one declaration so far).
    await declare('198.51.100.32').expect(201);
  });
});
