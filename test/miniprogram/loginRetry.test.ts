import { INVESTIGATING_CASE } from './support/cases';
import type { Reply, SentRequest } from './support/fakeServer';
import { harness, Harness, settle, textOf } from './support/simulate';

const TOKEN_KEY = 'shenbao.token';
let h: Harness;

interface ApiRequestModule {
  apiRequest<T>(method: string, path: string, data?: object, options?: { auth?: boolean }): Promise<T>;
}

/** Only the token issued for the latest login code is accepted, as after a server restart. */
function acceptOnly(token: string) {
  return (req: SentRequest): Reply =>
    req.headers.Authorization === `Bearer ${token}`
      ? { status: 200, body: { items: [INVESTIGATING_CASE] } }
      : { status: 401, body: { error: { code: 'unauthorized', message: '请重新登录' } } };
}

beforeEach(() => {
  h = harness();
  h.server.on('POST', '/api/auth/wechat', (req) => ({
    status: 200,
    body: { token: `token-for-${(req.body as { code: string }).code}`, resident: { id: 7 } },
  }));
  h.wx.storage.set(TOKEN_KEY, 'expired-token');
});

test('a 401 logs in again and retries once, and the resident sees nothing of it', async () => {
  h.server.on('GET', '/api/me/cases', acceptOnly('token-for-code-1'));
  const page = await h.open('pages/cases/index');

  const calls = h.server.sent('GET', '/api/me/cases');
  expect(calls.map((c) => c.headers.Authorization)).toEqual(['Bearer expired-token', 'Bearer token-for-code-1']);
  expect(h.wx.login).toHaveBeenCalledTimes(1);
  expect(h.server.sent('POST', '/api/auth/wechat').map((r) => r.body)).toEqual([{ code: 'code-1' }]);
  expect(h.wx.storage.get(TOKEN_KEY)).toBe('token-for-code-1');
  expect(textOf(page, '#error')).toBe('');
  expect(textOf(page, '#case-41')).toContain('2026 0041');
});

test('a second 401 is not retried again: exactly one retry, then the error', async () => {
  h.server.on('GET', '/api/me/cases', acceptOnly('never-issued'));
  const { apiRequest } = h.load<ApiRequestModule>('services/http/apiRequest');

  await expect(apiRequest('GET', '/api/me/cases', undefined, { auth: true })).rejects.toMatchObject({ status: 401, message: '请重新登录' });
  expect(h.server.sent('GET', '/api/me/cases')).toHaveLength(2);
  expect(h.wx.login).toHaveBeenCalledTimes(1);
});

test('calls that hit a 401 together share one login', async () => {
  h.server.on('GET', '/api/me/cases', acceptOnly('token-for-code-1'));
  const { apiRequest } = h.load<ApiRequestModule>('services/http/apiRequest');

  const both = Promise.all([apiRequest('GET', '/api/me/cases'), apiRequest('GET', '/api/me/cases')]);
  await settle();
  await both;
  expect(h.wx.login).toHaveBeenCalledTimes(1);
  expect(h.server.sent('GET', '/api/me/cases')).toHaveLength(4);
});

test('without a token, a resident-only call logs in first', async () => {
  h.wx.storage.delete(TOKEN_KEY);
  h.server.on('GET', '/api/me/cases', acceptOnly('token-for-code-1'));
  const { apiRequest } = h.load<ApiRequestModule>('services/http/apiRequest');

  await apiRequest('GET', '/api/me/cases', undefined, { auth: true });
  expect(h.server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/auth/wechat', 'GET /api/me/cases']);
});

test('in DevTools with demoOpenId set, login sends demo:<id> instead of a wx.login code', async () => {
  h.wx.storage.delete(TOKEN_KEY);
  h.server.on('GET', '/api/me/cases', acceptOnly('token-for-demo:tester'));
  const { config } = h.load<{ config: { demoOpenId: string } }>('config');
  config.demoOpenId = 'tester';
  const { apiRequest } = h.alsoLoad<ApiRequestModule>('services/http/apiRequest');

  await apiRequest('GET', '/api/me/cases', undefined, { auth: true });
  expect(h.server.sent('POST', '/api/auth/wechat').map((r) => r.body)).toEqual([{ code: 'demo:tester' }]);
  expect(h.wx.login).not.toHaveBeenCalled();

  // A trial or released copy never does this, whatever the config says.
  h.wx.getAccountInfoSync.mockReturnValue({ miniProgram: { envVersion: 'release' } });
  h.wx.storage.delete(TOKEN_KEY);
  h.server.on('GET', '/api/me/cases', acceptOnly('token-for-code-1'));
  await apiRequest('GET', '/api/me/cases', undefined, { auth: true });
  expect(h.server.sent('POST', '/api/auth/wechat').at(-1)?.body).toEqual({ code: 'code-1' });
});

/** A JWT as the server issues it (the signature does not matter to the phone). */
const jwt = (exp: number) => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify({ iss: 'shenbao', aud: 'shenbao:resident', sub: '7', iat: exp - 3600, exp })).toString('base64url')}.c2ln`;

test('a token that has run out logs in before a declaration, so it is never filed without the resident', async () => {
  h.wx.storage.set(TOKEN_KEY, jwt(Math.floor(Date.now() / 1000) - 10));
  h.server.on('POST', '/api/declarations', () => ({ status: 201, body: { id: 41 } }));
  const { apiRequest } = h.load<ApiRequestModule>('services/http/apiRequest');

  await apiRequest('POST', '/api/declarations', { consent: true }, { auth: true });
  expect(h.server.sent('POST', '/api/declarations').map((r) => r.headers.Authorization)).toEqual(['Bearer token-for-code-1']);
  expect(h.wx.login).toHaveBeenCalledTimes(1);
});

test('a token still valid is used as it is', async () => {
  const valid = jwt(Math.floor(Date.now() / 1000) + 3600);
  h.wx.storage.set(TOKEN_KEY, valid);
  h.server.on('POST', '/api/declarations', () => ({ status: 201, body: { id: 41 } }));
  const { apiRequest } = h.load<ApiRequestModule>('services/http/apiRequest');

  await apiRequest('POST', '/api/declarations', { consent: true }, { auth: true });
  expect(h.server.sent('POST', '/api/declarations').map((r) => r.headers.Authorization)).toEqual([`Bearer ${valid}`]);
  expect(h.wx.login).not.toHaveBeenCalled();
});
