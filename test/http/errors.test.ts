import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import supertest from 'supertest';
import { createHttpApp } from '../../src/http/app';
import { captureLog } from '../support/logLines';
import { validIdNumber } from '../support/ids';
import { createTestApp, declaration, DRIVERS, PASSWORD, rowCounts, type TestApp } from '../support/testApp';

/**
 * Errors a client can cause at the protocol level: each a 4xx in the one error shape with a
 * Chinese message, nothing written, no stack in the log.
 */
const CHINESE = /[\u4e00-\u9fff]/;

describe.each(DRIVERS)('protocol errors on %s', (driver) => {
  let t: TestApp;
  const log = captureLog('debug');
  let http: ReturnType<typeof supertest>;
  let port: number;
  let seq = 300;

  beforeAll(async () => {
    t = await createTestApp(driver);
    // The same app with a logger the test can read.
    const server = createHttpApp({ ...t.app, logger: log.logger }).listen(0, '127.0.0.1');
    http = supertest(server);
    await new Promise((resolve) => (server.listening ? resolve(null) : server.once('listening', resolve)));
    port = (server.address() as AddressInfo).port;
    const close = t.close;
    t.close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await close();
    };
  });
  afterAll(() => t.close());
  beforeEach(() => {
    log.lines.length = 0;
  });

  /** Straight over node:http: supertest would re-serialize a Buffer sent as JSON, and knows no PROPFIND. */
  const raw = (method: string, path: string, headers: Record<string, string>, body?: Buffer) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const compressed = (encoding: string, body: Buffer) => raw('POST', '/api/declarations', { 'content-type': 'application/json', 'content-encoding': encoding }, body);

  const expectShape = (body: unknown, code: string) => {
    expect(body).toEqual({ error: { code, message: expect.stringMatching(CHINESE) } });
  };
  const expectNoStack = () => {
    expect(log.lines.join('')).not.toMatch(/"stack"|\n\s+at |"level":50/);
  };

  const json = JSON.stringify(declaration({}, { idNumber: validIdNumber(1) }));
  const encoders: Record<string, (input: Buffer) => Buffer> = { gzip: gzipSync, br: brotliCompressSync, deflate: deflateSync };

  describe.each(Object.keys(encoders))('a body that is not %s although it says so', (encoding) => {
    it.each([
      ['anonymous declaring', '/api/declarations'],
      ['staff login', '/api/auth/login'],
      ['a path that does not exist', '/api/nothing-here'],
    ])('is a 400 on %s, writes nothing and logs no stack', async (_name, path) => {
      const before = await rowCounts(t.app);
      const response = await http.post(path).set('content-type', 'application/json').set('content-encoding', encoding).send(json).expect(400);
      expectShape(response.body, 'bad_encoding');
      expect(await rowCounts(t.app)).toEqual(before);
      expectNoStack();
    });

    it('is a 400 when the compressed data is cut short', async () => {
      const whole = encoders[encoding](Buffer.from(json));
      const response = await compressed(encoding, whole.subarray(0, whole.length - 8));
      expect(response.status).toBe(400);
      expectShape(response.body, 'bad_encoding');
      expectNoStack();
    });

    it('is read when it really is compressed that way', async () => {
      const body = encoders[encoding](Buffer.from(JSON.stringify(declaration({}, { idNumber: validIdNumber(seq++) }))));
      const response = await compressed(encoding, body);
      expect(response.body).toMatchObject({ id: expect.any(Number) });
      expect(response.status).toBe(201);
    });
  });

  it('stops a small compressed body that inflates past the limit with a 413', async () => {
    const bomb = gzipSync(Buffer.from(`{"pad":"${' '.repeat(8 * 1024 * 1024)}"}`));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const response = await compressed('gzip', bomb);
    expect(response.status).toBe(413);
    expectShape(response.body, 'too_large');
  });

  it('refuses an unknown content-encoding with a 415', async () => {
    const response = await http.post('/api/declarations').set('content-type', 'application/json').set('content-encoding', 'compress').send(json).expect(415);
    expectShape(response.body, 'unsupported_encoding');
    expectNoStack();
  });

  it('refuses a compressed file upload instead of storing compressed bytes', async () => {
    const token = await t.login('county');
    const response = await http
      .post('/api/warning-imports/preview')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/octet-stream')
      .set('content-encoding', 'gzip')
      .send(gzipSync(Buffer.from('姓名,身份证号\n')))
      .expect(415);
    expectShape(response.body, 'unsupported_encoding');
  });

  it('answers a method a route does not have with a 405 in the error shape and an Allow header', async () => {
    const response = await http.delete('/api/health').expect(405);
    expectShape(response.body, 'method_not_allowed');
    expect(response.headers.allow).toContain('GET');
    expect(response.headers['content-type']).toMatch(/json/);
  });

  it('answers an unknown method with a 501 in the error shape', async () => {
    const { status, body } = await raw('PROPFIND', '/api/health', {});
    expect(status).toBe(501);
    expectShape(body, 'not_implemented');
  });

  it('answers a path that does not exist with a 404 in the error shape', async () => {
    expectShape((await http.get('/api/nothing-here').expect(404)).body, 'not_found');
  });

  describe('a stale or invalid Authorization header', () => {
    const stale = async () => {
      const token = await t.login('county');
      // Signed by this service, then the account's token outlived its ttl.
      const expired = new Date(t.clock.now.getTime() + 8 * 24 * 3600_000);
      const saved = t.clock.now;
      return { token, expire: () => (t.clock.now = expired), back: () => (t.clock.now = saved) };
    };
    const headers = ['Bearer not-a-token', 'Bearer a.b.c', 'Basic Y291bnR5OnBhc3M=', 'Bearer'];

    it.each(headers)('is ignored by public routes: %s', async (authorization) => {
      const health = await http.get('/api/health').set('authorization', authorization).expect(200);
      expect(health.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      await http.get('/api/questionnaire').set('authorization', authorization).expect(200);
      await http.post('/api/auth/login').set('authorization', authorization).send({ username: 'county', password: PASSWORD }).expect(200);
      const declared = await http.post('/api/declarations').set('authorization', authorization).send(declaration({}, { idNumber: validIdNumber(seq++) })).expect(201);
      expect(declared.body.id).toEqual(expect.any(Number));
    });

    it('lets a client holding an expired token log in again', async () => {
      const { token, expire, back } = await stale();
      expire();
      try {
        const again = await http.post('/api/auth/login').set('authorization', `Bearer ${token}`).send({ username: 'county', password: PASSWORD }).expect(200);
        await http.get('/api/queue').set('authorization', `Bearer ${again.body.token}`).expect(200);
        await http.post('/api/auth/wechat').set('authorization', `Bearer ${token}`).send({ code: 'demo:stale-holder' }).expect(200);
      } finally {
        back();
      }
    });

    it('is still a 401 on protected routes', async () => {
      const { token, expire, back } = await stale();
      expire();
      try {
        for (const authorization of [...headers, `Bearer ${token}`]) {
          const staff = await http.get('/api/queue').set('authorization', authorization).expect(401);
          expect(staff.body).toEqual({ error: { code: 'unauthorized', message: '登录已过期，请重新登录' } });
          await http.get('/api/me/cases').set('authorization', authorization).expect(401);
        }
      } finally {
        back();
      }
      await http.get('/api/queue').expect(401);
    });
  });
});
