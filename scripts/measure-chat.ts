/**
 * `node -r @swc-node/register scripts/measure-chat.ts [--n 200] [--database sqlite::memory:]`
 *
 * The chat's two closing numbers: how many messages a resident sends for a one-hardship
 * declaration (goal ≤ 12, all digits except name, phone, ID and the village name), and the time
 * per message on the server side — dedupe, identity, stored dialogue, engine, real ports and
 * database, everything but WeChat — as p50/p95 over N full declarations (goal p95 ≤ 30 ms).
 * Runs on an in-memory SQLite database with the demo county loaded.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ChatGateway } from '../bot/chatGateway';
import { createAppContext } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { seedDemoCounty } from '../src/services/demoSeed';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(sequence: number): string {
  const body = `15222119${60 + (Math.floor(sequence / 1000) % 40)}0101${String(sequence % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** What a resident types for one hardship (illness), declaring for their own household. */
function script(i: number): { text: string; what: string }[] {
  return [
    { text: '你好', what: 'any first message' },
    { text: '1', what: 'digit: for my own household' },
    { text: '兴科', what: 'village name (or 乡镇 + two digits)' },
    { text: '巴特尔', what: 'name' },
    { text: idNumber(i), what: 'ID number' },
    { text: `139${String(10_000_000 + i).slice(-8)}`, what: 'phone' },
    { text: '4', what: 'digit: household size' },
    { text: '1', what: 'digit: hardship' },
    { text: '12000', what: 'digits: out-of-pocket medical cost' },
    { text: '2', what: 'digit: income bracket' },
    { text: '1', what: 'digit: confirm' },
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { n: { type: 'string', default: '200' }, database: { type: 'string', default: 'sqlite::memory:' } } });
  const n = Number(values.n);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: values.database, DATA_KEY: randomBytes(32).toString('hex'), AUTH_SECRET: randomBytes(32).toString('hex'), DEMO_SEED: 'off' });
  const app = await createAppContext(config, { logger: createLogger('silent') });
  await seedDemoCounty(app, config.demoCounty);
  let lastReply = '';
  const gateway = new ChatGateway(app, {
    send: async (_to, text) => {
      lastReply = text;
    },
    sendToRoom: async () => undefined,
  });

  const all: number[] = [];
  const submits: number[] = [];
  let filed = 0;
  for (let i = 0; i < n; i++) {
    const steps = script(i);
    for (const [index, step] of steps.entries()) {
      const started = process.hrtime.bigint();
      await gateway.receive({ messageId: randomUUID(), contactId: `measure-${i}`, text: step.text });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (i >= 5) all.push(elapsed); // the first few warm up the JIT and the connection
      if (i >= 5 && index === steps.length - 1) submits.push(elapsed);
    }
    if (lastReply.startsWith('已提交')) filed += 1;
    else throw new Error(`declaration ${i} did not end in a submission: ${lastReply}`);
  }
  await app.db.destroy();

  const steps = script(0);
  const sorted = [...all].sort((a, b) => a - b);
  const submitSorted = [...submits].sort((a, b) => a - b);
  const lines = [
    `Messages a resident sends for a one-hardship declaration: ${steps.length} (goal ≤ 12)`,
    ...steps.map((s, i) => `  ${String(i + 1).padStart(2)}. ${s.what}`),
    `Declarations filed: ${filed}/${n}; messages timed: ${sorted.length} (database: ${config.database.kind}${values.database === 'sqlite::memory:' ? ' in memory' : ''})`,
    `Per message (gateway: dedupe + identity + session + engine + ports + DB, no WeChat): p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted[sorted.length - 1])} (goal p95 ≤ 30 ms)`,
    `The submitting message alone (filing the case): p50 ${ms(percentile(submitSorted, 50))}, p95 ${ms(percentile(submitSorted, 95))}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
