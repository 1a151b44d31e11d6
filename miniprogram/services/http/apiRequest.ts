import { login, savedToken } from '../auth/session';
import { tokenExpired } from '../auth/tokenExpiry';
import { errorFromResponse } from './apiError';
import { HttpMethod, RawResponse, sendRequest } from './sendRequest';

export interface RequestOptions {
  /** Log in first when there is no token yet (resident-only endpoints). */
  auth?: boolean;
}

/**
 * Every page-facing API call goes through here. A 401 means the token expired or the server
 * forgot it: log in again and retry exactly once, without telling the resident.
 */
export async function apiRequest<T>(method: HttpMethod, path: string, data?: object, options: RequestOptions = {}): Promise<T> {
  let token = savedToken();
  if (options.auth && (!token || tokenExpired(token, Date.now()))) token = await login();
  let res: RawResponse = await sendRequest(method, path, data, token || undefined);
  if (res.status === 401) {
    token = await login();
    res = await sendRequest(method, path, data, token);
  }
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(res.status, res.body);
  return res.body as T;
}
