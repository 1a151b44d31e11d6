/**
 * Declaration load that remembers every answer (autocannon counts answers but keeps no bodies,
 * and a fault script must check each acknowledged declaration afterwards): `workers` loops each
 * POST one fresh declaration at a time to the target they are given, with a client-side limit
 * so a hung request shows up as a timeout instead of stopping the loop.
 */
import type { DeclarationInput } from '../../src/domain/declaration';

export interface Answer {
  target: string;
  status: number;
  /** 0 when there was no HTTP answer (connection refused or reset, client timeout). */
  ms: number;
  startedAt: number;
  retryAfter: string | null;
  body: unknown;
  error: string | null;
  idNumber: string;
}

export interface Acknowledged {
  id: number;
  trackingCode: string;
  idNumber: string;
}

export interface LoadRun {
  answers: Answer[];
  /** Stops the loops after their current request and resolves when all have stopped. */
  stop(): Promise<Answer[]>;
}

export function startLoad(options: { targets: () => string[]; workers: number; body: () => DeclarationInput; clientTimeoutMs: number; pauseMs?: number }): LoadRun {
  const answers: Answer[] = [];
  let running = true;
  const loop = async (worker: number) => {
    for (let n = 0; running; n++) {
      const targets = options.targets();
      const target = targets[(worker + n) % targets.length];
      const body = options.body();
      const startedAt = Date.now();
      const answer: Answer = { target, status: 0, ms: 0, startedAt, retryAfter: null, body: null, error: null, idNumber: body.applicant.idNumber };
      try {
        const res = await fetch(`${target}/api/declarations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.clientTimeoutMs),
        });
        answer.status = res.status;
        answer.retryAfter = res.headers.get('retry-after');
        const text = await res.text();
        try {
          answer.body = JSON.parse(text);
        } catch {
          answer.body = text;
        }
      } catch (error) {
        const e = error as { name?: string; cause?: { code?: string }; message?: string };
        answer.error = e.name === 'TimeoutError' ? 'client timeout' : (e.cause?.code ?? e.message ?? String(error));
      }
      answer.ms = Date.now() - startedAt;
      answers.push(answer);
      // A refused connection answers at once: without a pause a dead target would be hammered.
      if (answer.status === 0 || answer.status === 503) await new Promise((r) => setTimeout(r, options.pauseMs ?? 50));
    }
  };
  const loops = Array.from({ length: options.workers }, (_, i) => loop(i));
  return {
    answers,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return answers;
    },
  };
}

export function acknowledged(answers: Answer[]): Acknowledged[] {
  return answers
    .filter((a) => a.status === 201)
    .map((a) => {
      const body = a.body as { id?: unknown; trackingCode?: unknown };
      return { id: Number(body.id), trackingCode: String(body.trackingCode), idNumber: a.idNumber };
    });
}

/** "201 ×812, 503 ×40, ECONNREFUSED ×12" */
export function tally(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key = a.status ? String(a.status) : (a.error ?? 'no answer');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([k, n]) => `${k} ×${n}`).join(', ');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `check` is truthy; throws with `what` after `timeoutMs`. */
export async function until<T>(check: () => Promise<T | false | null | undefined> | T | false | null | undefined, what: string, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
