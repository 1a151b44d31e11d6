/**
 * `node -r @swc-node/register scripts/measure-chat.ts [--n 200] [--database sqlite::memory:]`
 *
 * The chat's two closing numbers: how many messages a resident sends for a one-hardship
 * declaration (goal ≤ 12, all digits except name, phone, ID and the village name), and the time
 * per message on the server side — dedupe, identity, stored dialogue, engine, real ports and
 * database, everything but WeChat — as p50/p95 over N full declarations (goal p95 ≤ 30 ms).
 * Runs on an in-memory SQLite database with the demo county loaded.
 *
 * Then the age-friendly figures (issue 13): for three declarations (one hardship, three
 * hardships, a family member declaring) the replies the resident sends and the size of what the
 * bot says, in display lines of 14 columns (src/conversation/screenLines.ts: a Chinese character
 * is a column, ASCII half a column; goal: every message ≤ 12 lines); the size of the hardship
 * question and of its re-ask after a reply the bot cannot read; and whether everyday replies
 * ("看病", "不到一万", "上个月", "我是他儿子李明"…) are taken, asked back or refused.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ChatGateway } from '../bot/chatGateway';
import { createAppContext } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { screenLines, SCREEN_LINES } from '../src/conversation/screenLines';
import { loadChatSession } from '../src/services/chatSessions';
import type { AppContext } from '../src/services/context';
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

/** A family member (the son) declares one hardship (illness) for the household. */
function proxyScript(i: number): string[] {
  return ['你好', '2', '李明 儿子', `138${String(10_000_000 + i).slice(-8)}`, '兴科', '巴特尔', idNumber(i), '4', '1', '12000', '2', '1'];
}

/** One's own household, three hardships: illness, housing (may collapse), disaster (within a month). */
function threeHardships(i: number): string[] {
  return ['你好', '1', '兴科', '巴特尔', idNumber(i), `137${String(10_000_000 + i).slice(-8)}`, '4', '1 3 6', '12000', '1', '1', '8000', '2', '1'];
}

/** Everyday replies, each after the answers that lead to its question. */
const EVERYDAY: { question: string; reply: string; before: (i: number) => string[] }[] = [
  { question: 'hardships', reply: '看病', before: (i) => script(i).slice(0, 7).map((s) => s.text) },
  { question: 'hardships', reply: '房子漏雨', before: (i) => script(i).slice(0, 7).map((s) => s.text) },
  { question: 'income', reply: '不到一万', before: (i) => script(i).slice(0, 9).map((s) => s.text) },
  { question: 'disasterWhen', reply: '上个月', before: (i) => [...script(i).slice(0, 7).map((s) => s.text), '6'] },
  { question: 'proxy', reply: '我是他儿子李明', before: () => ['你好', '2'] },
  { question: 'household', reply: '四口人', before: (i) => script(i).slice(0, 6).map((s) => s.text) },
  { question: 'hardships', reply: '家里有人生病住院了', before: (i) => script(i).slice(0, 7).map((s) => s.text) },
  { question: 'income', reply: '一万五', before: (i) => script(i).slice(0, 9).map((s) => s.text) },
];

/** Every message the bot answers `texts` with, one contact, in order. */
async function converse(gateway: ChatGateway, contactId: string, texts: string[]): Promise<string[]> {
  const said: string[] = [];
  for (const text of texts) said.push(...(await gateway.receive({ messageId: randomUUID(), contactId, text })).replies);
  return said;
}

async function answerOf(app: AppContext, contactId: string, question: string): Promise<unknown> {
  const { state } = await loadChatSession(app, contactId);
  return (state as { declaration?: { answers?: Record<string, unknown> } } | null)?.declaration?.answers?.[question];
}

async function sizes(app: AppContext, gateway: ChatGateway): Promise<string[]> {
  const rows: string[] = ['', 'Age-friendly figures (display lines of 14 columns; goal ≤ 12 lines per message):'];
  rows.push('  declaration           | replies sent | bot messages | longest (lines) | over 12 lines | lines read in all | filed');
  const scenarios: [string, string[]][] = [
    ['one hardship', script(900).map((s) => s.text)],
    ['three hardships', threeHardships(901)],
    ['proxy (family member)', proxyScript(902)],
  ];
  for (const [name, texts] of scenarios) {
    const said = await converse(gateway, `sizes-${name}`, texts);
    const lines = said.map((m) => screenLines(m));
    const filed = said.some((m) => m.startsWith('已提交'));
    rows.push(`  ${name.padEnd(21)} | ${String(texts.length).padStart(12)} | ${String(said.length).padStart(12)} | ${String(Math.max(...lines)).padStart(15)} | ${String(lines.filter((n) => n > SCREEN_LINES).length).padStart(13)} | ${String(lines.reduce((a, b) => a + b, 0)).padStart(17)} | ${filed ? 'yes' : 'NO'}`);
  }
  const toHardships = script(903).slice(0, 7).map((s) => s.text);
  const asked = await converse(gateway, 'sizes-reask', toHardships);
  const question = asked[asked.length - 1];
  const reask = (await converse(gateway, 'sizes-reask', ['看不懂']))[0];
  rows.push(`  the hardship question: ${[...question].length} characters, ${screenLines(question)} lines; its re-ask after "看不懂": ${[...reask].length} characters, ${screenLines(reask)} lines`);
  rows.push('  everyday replies (taken / asked back "您是说…吗" / refused):');
  for (const [index, probe] of EVERYDAY.entries()) {
    const contact = `sizes-everyday-${index}`;
    await converse(gateway, contact, probe.before(910 + index));
    const answer = (await converse(gateway, contact, [probe.reply]))[0] ?? '';
    let outcome = (await answerOf(app, contact, probe.question)) !== undefined ? 'taken' : 'refused';
    if (outcome === 'refused' && answer.startsWith('您是说')) {
      await converse(gateway, contact, ['1']);
      outcome = (await answerOf(app, contact, probe.question)) !== undefined ? 'asked back, taken after "1"' : 'asked back, then refused';
    }
    rows.push(`    ${probe.question.padEnd(13)} "${probe.reply}": ${outcome}`);
  }
  return rows;
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
  const figures = await sizes(app, gateway);
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
    ...figures,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
