import { apiBaseUrl } from '../../config';
import { ApiError, NETWORK_MESSAGE } from './apiError';

export type HttpMethod = 'GET' | 'POST';

export interface RawResponse {
  status: number;
  body: unknown;
}

/**
 * One wx.request as a promise. Never rejects for HTTP status codes (callers decide what a 401
 * means); rejects only when the request did not reach the server.
 */
export function sendRequest(method: HttpMethod, path: string, data?: object, token?: string): Promise<RawResponse> {
  const header: Record<string, string> = { 'content-type': 'application/json' };
  if (token) header.Authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    wx.request({
      url: apiBaseUrl() + path,
      method,
      data,
      header,
      dataType: 'json',
      timeout: 15000,
      success: (res) => resolve({ status: res.statusCode, body: res.data }),
      fail: () => reject(new ApiError('network', NETWORK_MESSAGE, 0)),
    });
  });
}
