import type { ServerChild } from './children';
import { httpJson } from './http';

/** Resident accounts as the mini-program makes them, each with the service's own bearer token. */
export async function residentTokens(service: ServerChild, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await httpJson('POST', `${service.url}/api/auth/wechat`, { body: { code: `demo:bench-resident-${i}` } });
    const token = (res.body as { token?: string }).token;
    if (res.status !== 200 || !token) throw new Error(`resident login failed: ${res.status} ${JSON.stringify(res.body)}`);
    tokens.push(token);
  }
  return tokens;
}
