/**
 * `npm run remind -- --dry-run --at 2026-11-28T09:00`: what a reminder tick at that time would
 * send, to whom and why — nothing is written. Without --dry-run, runs one tick now (as the
 * scheduler does every minute) and reports what it recorded.
 */
import { In } from 'typeorm';
import { z } from 'zod';
import { monthDayWords, chinaDate } from '../src/domain/calendar';
import { DEFAULT_LADDER } from '../src/domain/reminders';
import { previewTick, runReminderTick } from '../src/jobs/reminders/tick';
import { StaffUser } from '../src/store/entities';
import { parseOptions, validate } from './cli/args';
import { runAsMain, UsageError, type Cli, type CliSpec } from './cli/run';

export const USAGE = `Usage: npm run remind -- [--dry-run] [--at 2026-11-28T09:00]

  --dry-run        只显示这一次提醒会发给谁、发什么、为什么，不写入
  --at TIME        按这个时间计算（北京时间，例如 2026-11-28T09:00）；只能和 --dry-run 一起用
Database: DATABASE_URL (default sqlite:./data/shenbao.db).`;

const atSchema = z.object({
  at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { error: 'must look like 2026-11-28T09:00（北京时间）' })
    .transform((s) => new Date(`${s.length === 16 ? `${s}:00` : s}+08:00`))
    .refine((d) => !Number.isNaN(d.getTime()), { error: 'is not a real time（时间不对）' })
    .optional(),
});

const china = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

async function main(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({ args, options: { 'dry-run': { type: 'boolean' }, at: { type: 'string' } } });
  const { at } = validate(atSchema, values);
  if (at && !values['dry-run']) throw new UsageError('--at 只能和 --dry-run 一起用：真正发送总是按现在的时间');
  const app = await cli.app();
  if (!values['dry-run']) {
    const report = await runReminderTick(app);
    cli.out(`已计算 ${china(report.from)} 至 ${china(report.to)} 的提醒：新记录 ${report.recorded} 条，写入待发消息 ${report.messages} 条`);
    return;
  }
  const now = at ?? app.clock();
  const preview = await previewTick(app, now);
  cli.out(`提醒预演：${china(preview.from)} 至 ${china(preview.to)}（北京时间）`);
  if (preview.alreadySent) cli.out(`  其中 ${preview.alreadySent} 条已经发过，不再发`);
  if (preview.messages.length === 0) {
    cli.out('  没有要发的提醒');
    return;
  }
  const staffIds = preview.messages.filter((m) => m.recipientType === 'staff').map((m) => m.recipientId);
  const staff = new Map((await app.db.getRepository(StaffUser).find({ where: { id: In(staffIds) } })).map((s) => [s.id, s]));
  const ruleWords = new Map(DEFAULT_LADDER.map((r) => [r.id, r]));
  for (const m of preview.messages) {
    const who = m.recipientType === 'staff' ? `${staff.get(m.recipientId)?.displayName ?? `工作人员#${m.recipientId}`}（${staff.get(m.recipientId)?.username ?? ''}）` : `群众#${m.recipientId}`;
    const when = m.availableAt > now ? `，${china(m.availableAt)} 发（夜间不打扰）` : '';
    cli.out(`\n→ ${who} · ${m.channel === 'chat' ? '微信聊天' : '订阅消息'}${when}`);
    cli.out(`  ${m.text}`);
    for (const r of m.reminders) {
      const item = r.item;
      const about = item.type === 'case' ? `${item.trackingCode} 期限 ${monthDayWords(item.dueDate)}` : item.type === 'milestone' ? `${item.name} ${monthDayWords(item.date)}` : `${chinaDate(r.firesAt)} 汇总`;
      cli.out(`  因为：规则 ${r.rule}${ruleWords.has(r.rule) ? '' : '（本县规则）'} · ${about} · 原定 ${china(r.firesAt)}${r.late ? '（补发）' : ''}`);
    }
  }
}

export const remindCli: CliSpec = { usage: USAGE, main };

if (require.main === module) runAsMain(remindCli);
