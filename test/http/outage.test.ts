import { DEFAULT_MYSQL_URL } from '../support/mariadb';
import { captureLog } from '../support/logLines';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { QueryFailedError } from 'typeorm';
import { createTestApp, declaration, DRIVERS, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';

/**
 * The database going away, through a proxy in front of the shared MariaDB: stopped (connections
 * refused) and stalled (connections open, nothing answers). Either way requests end in a 503 with
 * Retry-After within the configured timeouts, health says so with a 503, and once the database is
 * back the same process serves again.
 */
const TIMEOUT_MS = 800;
/** Generous for a loaded CI box, yet far below the minutes a stalled request used to hang. */
const ANSWER_WITHIN_MS = 5000;

describe('database outages on mariadb', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  const log = captureLog('info');
  let seq = 100;

  beforeAll(async () => {
    const target = new URL(process.env.MYSQL_URL ?? DEFAULT_MYSQL_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 3306) });
    t = await createTestApp(
      'mariadb',
      { DB_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS), DB_ACQUIRE_TIMEOUT_MS: String(TIMEOUT_MS), DB_QUERY_TIMEOUT_MS: String(TIMEOUT_MS) },
      { routeDatabase: (url) => proxy.route(url), logger: log.logger },
    );
  });
  afterEach(() => proxy.restore());
  afterAll(async () => {
    await proxy.restore();
    await t.close();
    await proxy.close();
  });

  const declare = () => t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(seq++) }));

  async function expectServing() {
    // Recovery is the pool's own business: a few tries while it replaces dropped connections.
    let health = await t.http.get('/api/health');
    for (let i = 0; i < 20 && health.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = await t.http.get('/api/health');
    }
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', db: 'ok' });
    await declare().expect(201);
  }

  function expectUnavailable(response: { status: number; headers: Record<string, string>; body: unknown }) {
    expect(response.status).toBe(503);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.body).toEqual({ error: { code: 'unavailable', message: '系统暂时无法处理，请稍后再试' } });
  }

  it('serves normally through the proxy', async () => {
    await expectServing();
  });

  it('answers 503 with Retry-After while the database is down, health included, and recovers without a restart', async () => {
    await proxy.down();
    const health = await t.http.get('/api/health');
    expect(health.status).toBe(503);
    expect(Number(health.headers['retry-after'])).toBeGreaterThan(0);
    expect(health.body).toEqual({ status: 'degraded', db: 'unavailable' });
    expectUnavailable(await declare());
    expectUnavailable(await t.http.get('/api/questionnaire'));
    const staffLogin = await t.http.post('/api/auth/login').send({ username: 'county', password: 'whatever-1' });
    expectUnavailable(staffLogin);
    await proxy.restore();
    await expectServing();
  });

  it('turns a stalled database into 503s within the timeouts, for more requests than the pool has connections', async () => {
    await expectServing();
    proxy.stall();
    const started = Date.now();
    // Pool of 20: the first requests meet stalled queries and handshakes, the rest wait for a connection.
    const responses = await Promise.all([...Array.from({ length: 30 }, () => declare()), t.http.get('/api/health'), t.http.get('/api/questionnaire')]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(ANSWER_WITHIN_MS);
    const questionnaire = responses.pop()!;
    const health = responses.pop()!;
    expect(health.status).toBe(503);
    expectUnavailable(questionnaire);
    for (const response of responses) expectUnavailable(response);
    await proxy.restore();
    await expectServing();
  });

  it('logs an outage as one warning line with the driver code, without a stack', async () => {
    log.lines.length = 0;
    await proxy.down();
    await declare().expect(503);
    const records = log.records();
    expect(records).toEqual([expect.objectContaining({ level: 40, msg: 'database unavailable', db: expect.any(String), path: '/api/declarations' })]);
    expect(log.lines.join('')).not.toMatch(/"stack"|\n\s+at /);
  });
});

describe.each(DRIVERS)('a database error on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('answers health and requests with a 503 while it lasts, and serves again after', async () => {
    const code = driver === 'sqlite' ? 'SQLITE_BUSY' : 'ER_LOCK_WAIT_TIMEOUT';
    const busy = () => new QueryFailedError('SELECT 1', [], Object.assign(new Error(code), { code }));
    // Health asks with a raw query, the questionnaire through the entity manager.
    const spies = [jest.spyOn(t.app.db, 'query').mockRejectedValue(busy()), jest.spyOn(t.app.db.manager, 'find').mockRejectedValue(busy())];
    try {
      const health = await t.http.get('/api/health').expect(503);
      expect(health.body).toEqual({ status: 'degraded', db: 'unavailable' });
      expect(health.headers['retry-after']).toBe('5');
      const questionnaire = await t.http.get('/api/questionnaire').expect(503);
      expect(questionnaire.body).toEqual({ error: { code: 'unavailable', message: '系统暂时无法处理，请稍后再试' } });
      expect(questionnaire.headers['retry-after']).toBe('5');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    await t.http.get('/api/health').expect(200);
  });
});
