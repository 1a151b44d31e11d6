import { demoLoginCode } from '../../config';
import { errorFromResponse } from '../http/apiError';
import { sendRequest } from '../http/sendRequest';

/** Where the API token survives restarts of the mini-program. */
const TOKEN_KEY = 'shenbao.token';

export function savedToken(): string {
  const token: unknown = wx.getStorageSync(TOKEN_KEY);
  return typeof token === 'string' ? token : '';
}

export function forgetToken(): void {
  wx.removeStorageSync(TOKEN_KEY);
}

function wxLoginCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => (res.code ? resolve(res.code) : reject(new Error('wx.login returned no code'))),
      fail: (err) => reject(new Error(err.errMsg)),
    });
  });
}

interface AuthResponse {
  token: string;
  resident: { id: number };
}

async function loginOnce(): Promise<string> {
  const code = demoLoginCode() ?? (await wxLoginCode());
  const res = await sendRequest('POST', '/api/auth/wechat', { code });
  if (res.status !== 200 && res.status !== 201) throw errorFromResponse(res.status, res.body);
  const { token } = res.body as AuthResponse;
  wx.setStorageSync(TOKEN_KEY, token);
  return token;
}

let pending: Promise<string> | null = null;

/**
 * wx.login → POST /api/auth/wechat → a fresh token. Calls that arrive while a login is under way
 * share it, so several pages hitting a 401 at once log in only once.
 */
export function login(): Promise<string> {
  if (!pending) {
    pending = loginOnce().finally(() => {
      pending = null;
    });
  }
  return pending;
}
