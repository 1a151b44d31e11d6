/**
 * autocannon, typed locally (its own package ships no types, and adding @types/autocannon would
 * touch package.json): only what the bench uses.
 */
export interface Histogram {
  average: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  total?: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
}

export interface AutocannonResult {
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}

interface RequestSpec {
  method: 'POST' | 'GET';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: RequestSpec, context: Record<string, unknown>) => RequestSpec;
  onResponse?: (status: number, body: string) => void;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  requests: RequestSpec[];
  setupClient?: (client: unknown) => void;
}

type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

export interface LoadResult {
  label: string;
  /** Mean of autocannon's per-second samples (what its table prints as Req/Sec Avg). */
  reqPerSec: number;
  /** Responses of any status divided by the run's duration. */
  completed: number;
  ok: number;
  p50: number;
  p99: number;
  durationSec: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** The first few non-2xx bodies per status, to explain them. */
  samples: Record<string, string[]>;
}

/**
 * POSTs a freshly generated JSON body per request (setupRequest runs before every request a
 * connection sends, so no two requests share an ID number) for `duration` seconds over
 * `connections` keep-alive connections.
 */
export async function postLoad(options: {
  label: string;
  url: string;
  path: string;
  connections: number;
  duration: number;
  body: () => unknown;
  /** Extra headers per request (e.g. a resident's bearer token drawn from a pool). */
  headers?: () => Record<string, string>;
}): Promise<LoadResult> {
  const base = { 'content-type': 'application/json' };
  const headers = options.headers;
  const samples: Record<string, string[]> = {};
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers: base,
        setupRequest: (request) => ({ ...request, body: JSON.stringify(options.body()), ...(headers ? { headers: { ...base, ...headers() } } : {}) }),
        onResponse: (status, body) => {
          if (status < 300) return;
          const list = (samples[status] ??= []);
          if (list.length < 3) list.push(body.slice(0, 300));
        },
      },
    ],
  });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]));
  const completed = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    label: options.label,
    reqPerSec: result.requests.average,
    completed,
    ok: result['2xx'],
    p50: result.latency.p50,
    p99: result.latency.p99,
    durationSec: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    samples,
  };
}
