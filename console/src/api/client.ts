/**
 * The console's only way to the service: same-origin JSON over the documented API. The sign-in
 * travels in an HttpOnly cookie the page never sees; every request carries the console header
 * the service asks of cookie-signed writes. Failures become ApiError with the service's Chinese
 * message (or one of ours when the service cannot be reached).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

type Listener = () => void;
const signedOutListeners: Listener[] = [];
/** Called when the service says the session is gone (401), so the app can show the sign-in page. */
export function onSignedOut(listener: Listener): void {
  signedOutListeners.push(listener);
}

/** `body` is sent as JSON, except a file (Blob), which is sent as it is (the import's upload). */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  const file = body instanceof Blob ? body : null;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { 'x-requested-with': 'shenbao-console', ...(body === undefined ? {} : { 'content-type': file ? 'application/octet-stream' : 'application/json' }) },
      body: body === undefined ? undefined : (file ?? JSON.stringify(body)),
    });
  } catch {
    throw new ApiError(0, 'network', '连不上服务器，请检查网络后重试');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: { field?: string } } } | null)?.error;
    if (response.status === 401 && path !== '/api/auth/session') for (const listener of signedOutListeners) listener();
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? (response.status >= 500 ? '服务器暂时不可用，请稍后再试' : '请求没有成功'), error?.details?.field);
  }
  return data as T;
}

/** Query string from a filter object: empty values left out, so URLs stay short and shareable. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
