/**
 * The bot killed mid-delivery. No real WeChat account can log in here, so the bot process
 * (ChatBot with its chat deliverer, bot/) runs on wechaty-puppet-mock in a child process
 * (delivererChild.ts), and what the mock WeChat receives is appended synchronously to a ledger
 * file the kill cannot take back. Cadres of a few villages are bound to chat contacts, the
 * service files declarations there (one 【新申报】 notice per case for the cadre), and the bot is
 * SIGKILLed while it sends — three times, each the moment a send has landed, the worst moment —
 * then a last bot finishes. Every notice must arrive; the only resend the outbox allows is the
 * row whose send had landed but whose 'sent' was not yet written when the process died (the
 * dispatcher marks a row sent after the send returns: at least once, never lost). The script
 * counts those and fails on any other duplicate or on more than one per kill.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { bindChatAccount, issueBindCode } from '../../src/services/bindCodes';
import { renderNotice } from '../../src/services/noticeText';
import type { JsonObject } from '../../src/store/entities/columns';
import { VillagePicker } from '../bench/payload';
import { daytimeOffsetMs, FAULT_LEASE_MS, startDeliverer, type DelivererProcess } from './deliverers';
import { expect, secs, type Guarantee } from './guarantee';
import { sleep, until } from './load';
import { prepareFixture, startService } from './service';

const VILLAGES = 6;
const DECLARATIONS = 60;
const KILLS = 3;
/** The bot's send budget here (production default 1/s): quick enough for the script, slow enough to kill it mid-way. */
const SENDS_PER_SECOND = 8;

interface LedgerLine {
  to: string;
  text: string;
}

const readLedger = (path: string): LedgerLine[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LedgerLine);

export const botKill: Guarantee = {
  name: 'botKill',
  claim: 'the bot killed mid-delivery → no notice lost; a resend only for the row caught between send and settle (≤ 1 per kill)',
  async run(db, log) {
    const fixture = await prepareFixture(db);
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-bot-ledger-'));
    const ledger = join(dir, 'delivered.jsonl');
    writeFileSync(ledger, '');
    const villages = fixture.villages.slice(0, VILLAGES);
    const contacts = villages.map((v) => `wx-${v.cadreUsername}`);
    const bots: DelivererProcess[] = [];
    const service = await startService(fixture, 0);
    try {
      // Each village's cadre binds a chat contact with a one-time code, as 绑定 in the chat does.
      const app = await createAppContext(loadConfig({ ...fixture.env, NODE_ENV: 'test' }), { logger: createLogger('silent') });
      try {
        for (const [i, v] of villages.entries()) await bindChatAccount(app, (await issueBindCode(app, v.cadreUsername)).code, contacts[i]);
      } finally {
        await app.db.destroy();
      }
      const picker = new VillagePicker(villages);
      for (let i = 0; i < DECLARATIONS; i++) {
        const res = await fetch(`${service.url}/api/declarations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fixture.declaration(picker)) });
        expect(res.status === 201, `declaring answered ${res.status}`);
      }
      const [rows] = await fixture.pool.query<RowDataPacket[]>("SELECT id, kind, payload, recipientId FROM outbox WHERE channel = 'chat' AND recipientType = 'staff' ORDER BY id");
      expect(rows.length === DECLARATIONS, `expected one chat notice per declaration for the cadre, found ${rows.length}`);
      const contactOf = new Map(villages.map((v, i) => [v.cadreId, contacts[i]]));
      const expected = rows.map((r) => ({
        id: Number(r.id),
        key: JSON.stringify({ to: contactOf.get(Number(r.recipientId)), text: renderNotice(String(r.kind), 'staff', (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as JsonObject) }),
      }));

      const env = {
        ...fixture.envFor(db.nodes.length - 1),
        LOG_LEVEL: 'silent',
        FAULT_LEDGER: ledger,
        FAULT_BOT_CONTACTS: JSON.stringify(contacts),
        BOT_SEND_PER_SECOND: String(SENDS_PER_SECOND),
        FAULT_CLOCK_OFFSET_MS: String(daytimeOffsetMs()),
      };
      const started = Date.now();
      const killedAfter: number[] = [];
      for (let kill = 1; kill <= KILLS; kill++) {
        const before = readLedger(ledger).length;
        const bot = await startDeliverer('bot', env);
        bots.push(bot);
        // Let it deliver a few, then kill it the moment the next send lands.
        await until(() => readLedger(ledger).length >= before + 5, `bot ${kill} delivering`, 30_000, 20);
        const seen = readLedger(ledger).length;
        await until(() => readLedger(ledger).length > seen, `bot ${kill}'s next send`, 10_000, 2);
        process.kill(bot.pid, 'SIGKILL');
        killedAfter.push(readLedger(ledger).length);
        log(`bot ${kill} (pid ${bot.pid}) SIGKILLed right after send ${killedAfter[killedAfter.length - 1]}`);
        await sleep(200);
      }
      // A last bot takes what the killed ones left, once their claims' leases run out.
      bots.push(await startDeliverer('bot', env));
      const settled = await until(
        async () => {
          const [states] = await fixture.pool.query<RowDataPacket[]>("SELECT state, COUNT(*) AS n FROM outbox WHERE channel = 'chat' AND recipientType = 'staff' GROUP BY state");
          const pending = states.filter((s) => s.state === 'pending' || s.state === 'sending').reduce((a, s) => a + Number(s.n), 0);
          return pending === 0 ? states : null;
        },
        'every chat notice settled',
        60_000,
        250,
      );
      const tookMs = Date.now() - started;
      await sleep(1000);
      const notSent = settled.filter((s) => s.state !== 'sent');
      expect(notSent.length === 0, `notices not sent: ${notSent.map((s) => `${s.n} ${s.state}`).join(', ')}`);
      const lines = readLedger(ledger).map((l) => JSON.stringify(l));
      const counts = new Map<string, number>();
      for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
      const lost = expected.filter((e) => !counts.has(e.key));
      const twice = expected.filter((e) => (counts.get(e.key) ?? 0) > 1);
      const unexpected = [...counts.keys()].filter((k) => !expected.some((e) => e.key === k));
      expect(lost.length === 0, `${lost.length} notices never reached WeChat (rows ${lost.map((e) => e.id).join(', ')})`);
      expect(unexpected.length === 0, `the mock WeChat received texts no notice has: ${unexpected.slice(0, 2).join('; ')}`);
      expect(twice.every((e) => counts.get(e.key) === 2) && twice.length <= KILLS, `sent twice or more beyond the one in-flight row per kill: ${twice.map((e) => `row ${e.id} ×${counts.get(e.key)}`).join(', ')}`);
      return (
        `${DECLARATIONS} notices to ${VILLAGES} bound cadres; ${KILLS} bots SIGKILLed mid-delivery (right after sends ${killedAfter.join(', ')}), a 4th finished: ` +
        `all ${DECLARATIONS} reached WeChat, none lost, in ${secs(tookMs)} (claims of a killed bot retaken after the ${secs(FAULT_LEASE_MS)} lease); ` +
        `${twice.length} sent twice (${twice.length ? `rows ${twice.map((e) => e.id).join(', ')}: sent, then killed before 'sent' was written` : 'no kill fell between a send and its settle'}); ${lines.length} messages in all`
      );
    } finally {
      for (const b of bots) await b.stop().catch(() => undefined);
      await service.stop().catch(() => undefined);
      await fixture.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
