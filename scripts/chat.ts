/**
 * `npm run chat`: the WeChat conversation in a terminal, over the same gateway, engine and
 * database as the bot — try the whole flow without WeChat. Run `npm run chat -- help`.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { MoreThan } from 'typeorm';
import { ChatGateway } from '../bot/chatGateway';
import type { ChatSender } from '../bot/chatSender';
import type { Sender } from '../src/conversation';
import { DomainError } from '../src/domain/errors';
import { resolveChatSender } from '../src/services/chatIdentity';
import type { AppContext } from '../src/services/context';
import { seedDemoCounty } from '../src/services/demoSeed';
import { renderNotice, RESIDENT_KINDS_TOLD_IN_CHAT } from '../src/services/noticeText';
import { findStaffUser } from '../src/services/staffAdmin';
import { OutboxMessage, Resident } from '../src/store/entities';
import { parseOptions, splitCommand } from './cli/args';
import { runAsMain, UsageError, type Cli, type CliSpec } from './cli/run';

export const USAGE = `Usage: npm run chat -- [--as resident|cadre:<username>] [--id <contactId>]

在终端里和机器人对话（与微信机器人同一套对话引擎和数据库），不用微信也能试完整流程。
  --as resident            以群众身份对话（默认）
  --as cadre:<username>    以村干部身份对话（不用绑定；账号见 npm run admin / 演示账号）
  --id <contactId>         模拟的微信联系人 id（默认 sim:resident；同一 id 下次接着聊）
对话中：
  /as resident | /as cadre:<username>   切换身份
  /群 <文字>                            模拟在群里 @机器人
  /语音  /图片                           模拟发来一条（没转成文字的）语音或一张图片
  /quit                                 退出（也可按 Ctrl-D）
给本身份的通知（新申报、已受理……）以“〔通知〕”显示。
Database: DATABASE_URL (default sqlite:./data/shenbao.db); an empty database gets the demo county.`;

const SIM_ROOM = 'sim:room';

interface Identity {
  label: string;
  contactId: string;
  /** Fixed for cadre mode; resident mode resolves like the bot (a bound contact talks as staff). */
  sender?: Sender;
}

async function identityFor(app: AppContext, as: string, id: string | undefined): Promise<Identity> {
  if (as === 'resident') return { label: '群众', contactId: id ?? 'sim:resident' };
  const match = /^cadre:(.+)$/.exec(as);
  if (!match) throw new UsageError(`--as: 应为 resident 或 cadre:<username>：${as}`);
  const staff = await findStaffUser(app.db.manager, match[1]);
  if (!staff.active) throw new DomainError('staff_inactive', `账号 ${staff.username} 已停用`, 409);
  const contactId = id ?? `sim:cadre:${staff.username}`;
  return { label: `村干部 ${staff.displayName}`, contactId, sender: { kind: 'cadre', staffId: staff.id, name: staff.displayName, channelUserId: contactId } };
}

function indent(prefix: string, text: string): string {
  const pad = ' '.repeat([...prefix].length * 2);
  return prefix + text.split('\n').join(`\n${pad}`);
}

/** Prints the notices the outbox holds for the current identity, once each (read only: the bot still delivers them). */
class NoticePreview {
  private readonly shown = new Set<number>();

  constructor(
    private readonly app: AppContext,
    private readonly since: number,
    private readonly out: (text: string) => void,
  ) {}

  async show(identity: Identity): Promise<void> {
    const recipient = identity.sender
      ? { recipientType: 'staff' as const, recipientId: identity.sender.kind === 'cadre' ? identity.sender.staffId : 0 }
      : await this.residentRecipient(identity.contactId);
    if (!recipient) return;
    const rows = await this.app.db.getRepository(OutboxMessage).find({ where: { id: MoreThan(this.since), channel: 'chat', ...recipient }, order: { id: 'ASC' } });
    for (const row of rows) {
      if (this.shown.has(row.id)) continue;
      this.shown.add(row.id);
      if (row.recipientType === 'resident' && RESIDENT_KINDS_TOLD_IN_CHAT.includes(row.kind)) continue;
      this.out(indent('〔通知〕', renderNotice(row.kind, row.recipientType, row.payload)));
    }
  }

  private async residentRecipient(contactId: string) {
    const resident = await this.app.db.getRepository(Resident).findOne({ where: { channel: 'chat', externalId: contactId } });
    return resident ? { recipientType: 'resident' as const, recipientId: resident.id } : null;
  }
}

async function main(args: string[], cli: Cli): Promise<void> {
  const { command } = splitCommand(args);
  if (command === 'help') {
    cli.out(USAGE);
    return;
  }
  const { values } = parseOptions({ args, options: { as: { type: 'string', default: 'resident' }, id: { type: 'string' } } });
  const app = await cli.app();
  const config = cli.config();
  if (config.demoSeed) {
    const logins = await seedDemoCounty(app, config.demoCounty);
    if (logins) cli.stderr.write(`已载入演示县 ${config.demoCounty}（${logins.villages} 个村）。试试：npm run chat -- --as cadre:${logins.cadre.username}（${logins.cadre.village}）\n`);
  }
  let identity = await identityFor(app, values.as ?? 'resident', values.id);
  const interactive = Boolean(process.stdin.isTTY);
  const say = (text: string) => cli.out(text);
  const sender: ChatSender = {
    send: async (_contactId, text) => say(indent('机器人：', text)),
    sendToRoom: async (_roomId, text) => say(indent('机器人（群）：', text)),
  };
  const gateway = new ChatGateway(app, sender, { identify: (contactId) => (identity.sender ? Promise.resolve(identity.sender) : resolveChatSender(app, contactId)) });
  const last = await app.db.getRepository(OutboxMessage).find({ select: { id: true }, order: { id: 'DESC' }, take: 1 });
  const notices = new NoticePreview(app, last[0]?.id ?? 0, say);

  cli.stderr.write(`以${identity.label}身份对话（${identity.contactId}）。/quit 退出，/as 切换身份，/群 模拟群聊。\n`);
  const lines = createInterface({ input: process.stdin, terminal: interactive });
  const prompt = () => interactive && process.stdout.write('你：');
  prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '/quit' || line === '/exit') break;
    if (line.startsWith('/as ')) {
      identity = await identityFor(app, line.slice(4).trim(), undefined).catch((error: unknown) => {
        say(error instanceof Error ? error.message : String(error));
        return identity;
      });
      say(`（现在以${identity.label}身份对话）`);
    } else if (line) {
      if (!interactive) say(`你：${line}`);
      const room = line.startsWith('/群');
      const text = room ? `@机器人\u2005${line.replace(/^\/群\s*/, '')}` : line;
      // Voice WeChat did not turn into text, or a picture: what a resident who cannot type sends.
      const nonText = line === '/语音' || line === '/图片' ? { text: '', isText: false, voice: line === '/语音' } : { text };
      await gateway.receive({ messageId: `sim:${randomUUID()}`, contactId: identity.contactId, roomId: room ? SIM_ROOM : null, mentioned: room, ...nonText });
    }
    await notices.show(identity);
    prompt();
  }
  lines.close();
}

export const spec: CliSpec = { usage: USAGE, main };

if (require.main === module) {
  // The conversation is the output: service logs only when something goes wrong.
  process.env.LOG_LEVEL ??= 'warn';
  runAsMain(spec);
}
