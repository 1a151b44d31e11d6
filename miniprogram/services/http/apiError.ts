/**
 * A failed API call. `message` is already Simplified Chinese and meant to be shown as it is:
 * the server writes its messages for residents, and network failures get our own plain words.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK_MESSAGE = '网络连接不上，请检查网络后再试';
export const SERVER_MESSAGE = '系统忙，请稍后再试';

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

/** Turns a non-2xx response into an ApiError, keeping the server's Chinese message when there is one. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const error = (body as ErrorBody | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' && error.message ? error.message : SERVER_MESSAGE;
  return new ApiError(code, message, status);
}

/** What to show the resident for any failure: the server's words, or a plain fallback. */
export function userMessage(err: unknown): string {
  return err instanceof ApiError ? err.message : NETWORK_MESSAGE;
}
