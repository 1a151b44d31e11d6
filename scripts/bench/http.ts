import { Agent, request } from 'node:http';

/** One keep-alive connection, reused by sequential requests. */
export const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

export interface JsonResponse {
  status: number;
  body: unknown;
}

/** `raw` is sent as it is, as JSON (property tests send bodies that are not JSON). */
export function httpJson(method: 'GET' | 'POST', url: string, options: { body?: unknown; raw?: string; token?: string } = {}): Promise<JsonResponse> {
  const text = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const payload = text === undefined ? undefined : Buffer.from(text);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
