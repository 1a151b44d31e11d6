/**
 * `npm run admin -- <command>`: staff accounts, their villages and each county's yearly figures,
 * on DATABASE_URL. Run `npm run admin -- help`.
 */
import { LessThanOrEqual, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { CLOCK_LABELS, STAFF_ROLE_LABELS, type ProcedureClock } from '../src/domain/workflow';
import { chinaDate } from '../src/domain/calendar';
import { DomainError } from '../src/domain/errors';
import { countyFiguresForYear, saveCountySettings, type CountyFigures } from '../src/services/countySettings';
import { addStaffUser, addUserSchema, assignVillages, findStaffUser, setStaffPassword } from '../src/services/staffAdmin';
import { CadreVillage, CountySetting, Region, StaffUser } from '../src/store/entities';
import { inTransaction } from '../src/store/transaction';
import { dispatch, kebab, listOption, parseOptions, requireOptions, validate } from './cli/args';
import { calendarYearStatus, enterHolidayNotice } from '../src/services/workCalendar';
import { table } from './cli/format';
import { runAsMain, UsageError, type Cli, type CliSpec } from './cli/run';
import { issueBindCode, unbindChatAccount } from '../src/services/bindCodes';
import { parse as parseYaml } from 'yaml';
import { MILESTONE_MEASURES } from '../src/domain/campaigns';
import { REMINDER_RECIPIENTS, REMINDER_TRIGGERS } from '../src/domain/reminders';
import { ladderOf, listCampaigns, saveCampaign, saveLadder, startCampaignFromTemplate, type CampaignView } from '../src/services/campaigns';
import { officePhoneSchema, setVillageOfficePhone, villageOfficePhone } from '../src/services/villageContacts';
import { villageQr, type QrChannel } from '../src/services/villageQr';
import { listRegionChildren } from '../src/services/regions';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  add-user    新建工作人员账号
    --role cadre|township|county|admin   角色：村干部、乡镇、县级、管理员
    --username U                         登录用户名（3–64位字母、数字、_ . -）
    --password P                         密码（至少8位，含字母、数字或符号中的两种，不含用户名）
    --name N                             显示名称（默认同用户名）
    --villages C1,C2                     村干部负责的村（12位村代码，逗号分隔）
    --region CODE                        乡镇账号填9位乡镇代码，县级账号填6位县代码
  assign      给村干部增加负责的村（已有的保留）
    --username U                         村干部的用户名
    --villages C1,C2                     村代码，逗号分隔
    --primary                            设为这些村的主要负责人（新案件先派给他）；
                                         不加时只在该村还没有主要负责人时才是主要负责人
  settings    设置或查看县的年度数字；不给数字时显示当前数字
    --county CODE                        6位县代码
    --year YYYY                          年份（默认今年）
    --income-line N                      监测收入线（元/人/年）
    --medical-threshold N                自付医疗费用阈值（元）
    --rigid-spending N                   大额刚性支出阈值（元）
    --accept-days N                      村干部受理时限（工作日，默认1）
    --visit-days N                       受理后入户核查时限（工作日，默认2）
    --confirm-days N                     户主确认核查情况时限（工作日，默认2）
    --village-review-days N              村级评议时限（工作日，默认5）
    --township-days N                    乡镇审核时限（工作日，默认5）
    --county-days N                      县级确定时限（工作日，默认5）
    --procedure-days N                   全流程时限（工作日，默认15）
    --publicity-days N                   公示天数（默认5）
    --publicity-unit working|calendar    公示按工作日（默认）或自然日
    --example                            标记为示例数字（非本县正式标准）
  holidays    录入或查看某年的放假安排（chinese-days 只有2004–2026年的数据）
    --year YYYY                          年份
    --file F                             国务院放假通知的 JSON 文件（格式见 docs/workflow.md）；
                                         不给时显示这一年录入了什么；录入后重新计算在办案件的期限
  campaign    年度工作安排（时间节点到前，按提醒规则通知村干部和乡镇）
    --county C                           6位县代码
    --template autumn|spring --year Y    按范本建立：autumn 动态管理信息采集（兴安盟），spring 集中排查（耿马）
    --file F                             或从 JSON/YAML 文件保存（格式见 docs/reminders.md）
                                         都不给时列出本县的安排
  reminder-rules 县的提醒规则
    --county C                           6位县代码
    --file F                             从 JSON/YAML 文件保存（规则数组）；不给时显示现行规则
    --default                            恢复默认规则
  set-password 设置工作人员的密码（忘记密码、示例或批量生成的账号），并解除输错密码的锁定
    --username U                         用户名
    --password P                         新密码（不给时提示输入，不显示；也可从管道读入一行）
  bind-code   生成一次性绑定码（8位，24小时内有效）：工作人员用自己的微信给机器人发"绑定 <码>"
    --username U                         工作人员的用户名
  unbind-chat 解除工作人员账号与微信的绑定（换了微信、人员调离时）
    --username U                         工作人员的用户名
  village-phone 村委会电话：群众在“请村干部给我回电话”旁边看到、点了就能拨打
    --village CODE                       12位村代码
    --phone P                            带区号的座机（0482-8821234）或手机号；只填办公电话，
                                         村干部本人的手机须本人同意才能填
    --clear                              删除；都不给时显示现在的电话
  village-qr  每个村一张可打印的二维码：群众扫码打开小程序（或关注公众号），村已经选好
    --village C1,C2 | --town T           村代码，或一个乡镇的全部村
    --channel miniprogram|official-account  小程序码（默认；需 WECHAT_APP_ID 或 MP_QR_LINK）或公众号二维码
    --out DIR                            存到这个文件夹（默认当前文件夹），每村一个 PNG：村代码-村名.png
  help        显示本帮助

Examples:
  npm run admin -- add-user --role cadre --username wang --name 王明 --password 'Suolun-2026' --villages 152221101200,152221101201
  npm run admin -- add-user --role township --username suolun --password 'Xing-an-26' --region 152221101
  npm run admin -- assign --username wang --villages 152221101202 --primary
  npm run admin -- settings --county 152221 --year 2026 --income-line 7500 --medical-threshold 10000
  npm run admin -- set-password --username k152221
  npm run admin -- bind-code --username wang
  npm run admin -- holidays --year 2027 --file holidays-2027.json
  npm run admin -- campaign --county 152221 --template autumn --year 2026
  npm run admin -- campaign --county 152221 --file campaign-2026.yaml
  npm run admin -- village-phone --village 152221101201 --phone 0482-8821234
  npm run admin -- village-qr --town 152221101 --out qr/

Village codes: npm run regions -- show <countyCode|townCode>, npm run regions -- search <村名>.
Database: DATABASE_URL (default sqlite:./data/shenbao.db).`;

const villageCodes = z.array(z.string().regex(/^\d{12}$/, { error: (issue) => `村代码应为12位数字：${String(issue.input)}` }));

async function addUserCommand(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({
    args,
    options: {
      role: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      villages: { type: 'string', multiple: true },
      region: { type: 'string' },
    },
  });
  requireOptions(values, ['role', 'username', 'password']);
  const input = validate(addUserSchema, { ...values, villages: listOption(values.villages) });
  const app = await cli.app();
  const now = app.clock();
  const user = await inTransaction(app.db, (manager) => addStaffUser(manager, input, now));
  cli.out(`已创建账号 ${user.username}（${STAFF_ROLE_LABELS[user.role]}，显示名称 ${user.displayName}）`);
  if (user.regionCode) {
    const region = await app.db.manager.findOne(Region, { where: { code: user.regionCode } });
    cli.out(`  管辖：${user.regionCode} ${region?.context && region.level === 'town' ? region.context : ''}${region?.name ?? ''}`);
  }
  if (user.role === 'cadre') await printVillages(app.db.manager, user, cli);
}

function usernameOption(args: string[]): string {
  const { values } = parseOptions({ args, options: { username: { type: 'string' } } });
  requireOptions(values, ['username']);
  return validate(z.object({ username: z.string().trim().min(1) }), values).username;
}

async function setPasswordCommand(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({ args, options: { username: { type: 'string' }, password: { type: 'string' } } });
  requireOptions(values, ['username']);
  const username = validate(z.object({ username: z.string().trim().min(1) }), values).username;
  const password = values.password ?? (await cli.secret(`${username} 的新密码：`));
  const app = await cli.app();
  const user = await inTransaction(app.db, (manager) => setStaffPassword(manager, username, password, app.clock()));
  cli.out(`已设置 ${user.username}（${user.displayName}）的密码，可以登录了`);
}

async function bindCodeCommand(args: string[], cli: Cli): Promise<void> {
  const username = usernameOption(args);
  const issued = await issueBindCode(await cli.app(), username);
  cli.out(`${issued.staff.name}（${issued.staff.username}）的绑定码：${issued.code}`);
  cli.out(`  请本人用自己的微信给机器人发：绑定 ${issued.code}`);
  cli.out(`  ${issued.expiresAt.toISOString()} 前有效（24小时），只能用一次；之前没用过的绑定码已作废`);
}

async function unbindChatCommand(args: string[], cli: Cli): Promise<void> {
  const username = usernameOption(args);
  const { wasBound } = await unbindChatAccount(await cli.app(), username);
  cli.out(wasBound ? `已解除 ${username} 的微信绑定` : `${username} 本来就没有绑定微信`);
}

async function assignCommand(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({
    args,
    options: { username: { type: 'string' }, villages: { type: 'string', multiple: true }, primary: { type: 'boolean' } },
  });
  requireOptions(values, ['username', 'villages']);
  const input = validate(
    z.object({ username: z.string().trim().min(1), villages: villageCodes.min(1, { error: 'at least one village code（至少一个村代码）' }), primary: z.boolean().default(false) }),
    { ...values, villages: listOption(values.villages) },
  );
  const app = await cli.app();
  const user = await inTransaction(app.db, async (manager) => {
    const found = await findStaffUser(manager, input.username);
    await assignVillages(manager, found, [...new Set(input.villages)], input.primary);
    return found;
  });
  cli.out(`已为 ${user.username}（${user.displayName}）分配村`);
  await printVillages(app.db.manager, user, cli);
}

/** The cadre's villages now, primary or not. */
async function printVillages(manager: EntityManager, user: StaffUser, cli: Cli): Promise<void> {
  const rows = await manager
    .createQueryBuilder(CadreVillage, 'cv')
    .innerJoin(Region, 'r', 'r.code = cv.villageCode')
    .select(['cv.villageCode AS code', 'r.name AS name', 'r.context AS town', 'cv.isPrimary AS isPrimary'])
    .where({ staffId: user.id })
    .orderBy('cv.villageCode', 'ASC')
    .getRawMany<{ code: string; name: string; town: string | null; isPrimary: number | boolean }>();
  cli.out(`  负责的村（${rows.length} 个）：`);
  for (const line of table(rows.map((r) => [r.code, `${r.town ?? ''}${r.name}`, Number(r.isPrimary) ? '主要负责人' : '协助']), [], '    ')) cli.out(line);
}

const whole = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number（应为整数）' })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: 'must be at least 1（至少为1）' }).max(max, { error: `must be at most ${max}（不能超过 ${max}）` }))
    .optional();

/** The clock's settings as options: --accept-days … --procedure-days (working days). */
const CLOCK_DAY_OPTIONS = ['acceptDays', 'visitDays', 'confirmDays', 'villageReviewDays', 'townshipDays', 'countyDays', 'procedureDays', 'publicityDays'] as const;

const settingsSchema = z.object({
  county: z.string().regex(/^\d{6}$/, { error: '县代码应为6位数字，例如 152221' }),
  year: z
    .string()
    .regex(/^\d{4}$/, { error: 'must be a year such as 2026（年份）' })
    .transform(Number)
    .pipe(z.number().min(2000, { error: 'must be 2000 or later' }).max(2100, { error: 'must be 2100 or earlier' }))
    .optional(),
  incomeLine: whole(1_000_000),
  medicalThreshold: whole(10_000_000),
  rigidSpending: whole(10_000_000),
  ...Object.fromEntries(CLOCK_DAY_OPTIONS.map((key) => [key, whole(60)])),
  publicityUnit: z.enum(['working', 'calendar'], { error: 'must be working or calendar（工作日或自然日）' }).optional(),
  example: z.boolean().optional(),
}) as z.ZodType<{
  county: string;
  year?: number;
  incomeLine?: number;
  medicalThreshold?: number;
  rigidSpending?: number;
  publicityUnit?: 'working' | 'calendar';
  example?: boolean;
} & Partial<Record<(typeof CLOCK_DAY_OPTIONS)[number], number>>>;

async function settingsCommand(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({
    args,
    options: {
      county: { type: 'string' },
      year: { type: 'string' },
      'income-line': { type: 'string' },
      'medical-threshold': { type: 'string' },
      'rigid-spending': { type: 'string' },
      ...Object.fromEntries(CLOCK_DAY_OPTIONS.map((key) => [kebab(key), { type: 'string' as const }])),
      'publicity-unit': { type: 'string' },
      example: { type: 'boolean' },
    },
  });
  requireOptions(values, ['county']);
  const raw = values as Record<string, string | boolean | undefined>;
  const input = validate(settingsSchema, {
    county: raw.county,
    year: raw.year,
    incomeLine: raw['income-line'],
    medicalThreshold: raw['medical-threshold'],
    rigidSpending: raw['rigid-spending'],
    ...Object.fromEntries(CLOCK_DAY_OPTIONS.map((key) => [key, raw[kebab(key)]])),
    publicityUnit: raw['publicity-unit'],
    example: raw.example,
  });
  const app = await cli.app();
  const year = input.year ?? Number(chinaDate(app.clock()).slice(0, 4));
  const county = await app.db.manager.findOne(Region, { where: { code: input.county, level: 'county' } });
  if (!county) throw new DomainError('unknown_region', `县代码 ${input.county} 未导入（先用 npm run regions -- import ${input.county} 导入）`, 404);

  const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  const money = defined({ incomeLine: input.incomeLine, medicalThreshold: input.medicalThreshold, rigidSpendingThreshold: input.rigidSpending });
  const clock: Partial<ProcedureClock> = defined({ ...Object.fromEntries(CLOCK_DAY_OPTIONS.map((key) => [key, input[key]])), publicityUnit: input.publicityUnit });
  if (Object.keys(money).length || Object.keys(clock).length || input.example !== undefined) {
    // The service starts a new year from the figures in force and keeps example amounts marked as examples.
    await inTransaction(app.db, (manager) => saveCountySettings(manager, { ...money, clock, countyCode: input.county, year, isExample: input.example }, app.clock()));
    cli.out(`已保存 ${county.code} ${county.name} ${year} 年的数字：`);
  } else {
    cli.out(`${county.code} ${county.name} ${year} 年的数字：`);
  }
  const shown = await countyFiguresForYear(app.db.manager, input.county, year);
  const source = await app.db.manager.findOne(CountySetting, { where: { countyCode: input.county, year: LessThanOrEqual(year) }, order: { year: 'DESC' } });
  for (const line of describeFigures(shown)) cli.out(line);
  const origin = !source ? '还没有设置，使用示例数字' : source.year === year ? `${year} 年的设置` : `沿用 ${source.year} 年的设置（${year} 年还没有设置）`;
  cli.out(`  来源：${origin}${shown.isExample ? '；示例数字，非本县正式标准' : '；本县正式数字'}`);
}

function describeFigures(f: CountyFigures): string[] {
  return table(
    [
      ['监测收入线', '--income-line', String(f.incomeLine), '元/人/年'],
      ['自付医疗费用阈值', '--medical-threshold', String(f.medicalThreshold), '元'],
      ['大额刚性支出阈值', '--rigid-spending', String(f.rigidSpendingThreshold), '元'],
      ...CLOCK_DAY_OPTIONS.map((key) => [CLOCK_LABELS[key].replace(/（工作日）$/, ''), `--${kebab(key)}`, String(f.clock[key]), key === 'publicityDays' ? '天' : '个工作日']),
      [CLOCK_LABELS.publicityUnit, '--publicity-unit', f.clock.publicityUnit, f.clock.publicityUnit === 'working' ? '工作日' : '自然日'],
    ],
    [2],
    '  ',
  );
}

async function holidaysCommand(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({ args, options: { year: { type: 'string' }, file: { type: 'string' } } });
  requireOptions(values, ['year']);
  const { year } = validate(z.object({ year: z.string().regex(/^\d{4}$/, { error: 'must be a year such as 2027（年份）' }).transform(Number) }), values);
  const app = await cli.app();
  if (values.file) {
    let notice: unknown;
    try {
      notice = JSON.parse(readFileSync(values.file, 'utf8'));
    } catch (error) {
      throw new UsageError(`--file: ${values.file} 读不出来或不是合法的 JSON：${(error as Error).message}`);
    }
    if (typeof notice === 'object' && notice !== null && (notice as { year?: unknown }).year !== year) {
      throw new UsageError(`--file: 文件里的年份和 --year ${year} 不一致`);
    }
    const entered = await enterHolidayNotice(app, { type: 'staff', id: null, name: '管理员（命令行）', role: 'admin' }, notice);
    cli.out(`已录入 ${year} 年放假安排：放假 ${entered.holidays} 天，调休上班 ${entered.workdays} 天`);
    cli.out(`  重新计算了 ${entered.recomputed} 件在办案件的期限`);
    return;
  }
  const status = await calendarYearStatus(app.db.manager, year);
  if (status.source === 'official') cli.out(`${year} 年：使用官方数据（chinese-days），不用录入`);
  else if (status.source === 'missing') cli.out(`${year} 年：放假安排未录入，期限按周末推算。录入：npm run admin -- holidays --year ${year} --file 文件.json`);
  else {
    cli.out(`${year} 年：${status.enteredBy} 于 ${status.enteredAt} 录入`);
    for (const h of status.notice?.holidays ?? []) cli.out(`  ${h.name}：${h.off.join(' 至 ')}${h.workdays.length ? `；调休上班 ${h.workdays.join('、')}` : ''}`);
  }
}

/** A JSON or YAML file (by its extension), read for a command; unreadable is a usage error. */
function readDataFile(option: string, file: string): unknown {
  try {
    const text = readFileSync(file, 'utf8');
    return /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option}: ${file} 读不出来，或不是合法的 JSON/YAML：${(error as Error).message}`);
  }
}

const countyOption = z.object({ county: z.string().regex(/^\d{6}$/, { error: 'must be a 6-digit county code（6位县代码）' }) });

function printCampaign(c: CampaignView, cli: Cli): void {
  cli.out(`${c.name}（${c.kind}，${c.updatedBy} 于 ${c.updatedAt.slice(0, 10)} 保存）`);
  for (const m of c.milestones) {
    const measure = m.measure ? `，统计${MILESTONE_MEASURES[m.measure].words}户数` : '';
    cli.out(`  ${m.from ? `${m.from} 至 ` : ''}${m.date}  ${m.name}${m.towns ? `（${m.towns.join('、')}）` : ''}${measure}`);
  }
}

async function campaignCommand(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({ args, options: { county: { type: 'string' }, template: { type: 'string' }, year: { type: 'string' }, file: { type: 'string' } } });
  requireOptions(values, ['county']);
  const { county } = validate(countyOption, values);
  const app = await cli.app();
  const by = '管理员（命令行）';
  if (values.template) {
    requireOptions(values, ['year']);
    const { template, year } = validate(z.object({ template: z.enum(['autumn', 'spring'], { error: 'must be autumn or spring（动态管理或集中排查）' }), year: z.string().regex(/^\d{4}$/, { error: 'must be a year such as 2026（年份）' }).transform(Number) }), values);
    printCampaign(await startCampaignFromTemplate(app, county, template, year, by), cli);
    return;
  }
  if (values.file) {
    printCampaign(await saveCampaign(app, county, readDataFile('--file', values.file), by), cli);
    return;
  }
  const all = await listCampaigns(app.db.manager, county);
  if (all.length === 0) cli.out(`${county} 还没有年度工作安排。建立：npm run admin -- campaign --county ${county} --template autumn --year ${chinaDate(app.clock()).slice(0, 4)}`);
  for (const c of all) printCampaign(c, cli);
}

async function reminderRulesCommand(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({ args, options: { county: { type: 'string' }, file: { type: 'string' }, default: { type: 'boolean' } } });
  requireOptions(values, ['county']);
  const { county } = validate(countyOption, values);
  const app = await cli.app();
  const by = '管理员（命令行）';
  const ladder = values.default ? await saveLadder(app, county, null, by) : values.file ? await saveLadder(app, county, readDataFile('--file', values.file), by) : await ladderOf(app.db.manager, county);
  cli.out(`${county} 的提醒规则${ladder.isDefault ? '（默认）' : ''}：`);
  for (const r of ladder.rules) {
    const when = r.on === 'daily_digest' ? '每个工作日9点' : `${REMINDER_TRIGGERS[r.on]}${r.days}个工作日`;
    cli.out(`  ${r.enabled ? ' ' : '停'} ${r.id.padEnd(18)} ${when} → ${r.to.map((t) => REMINDER_RECIPIENTS[t]).join('、')}${r.states ? `（${r.states.join('、')}）` : ''}`);
  }
}

async function villagePhoneCommand(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({ args, options: { village: { type: 'string' }, phone: { type: 'string' }, clear: { type: 'boolean' } } });
  requireOptions(values, ['village']);
  const village = validate(villageCodes, [values.village], { 0: '--village' })[0];
  if (values.phone !== undefined && values.clear) throw new UsageError('--phone 和 --clear 只能给一个');
  const app = await cli.app();
  if (values.phone === undefined && !values.clear) {
    const phone = await villageOfficePhone(app, village);
    cli.out(phone ? `${village} 的村委会电话：${phone}` : `${village} 还没有录入村委会电话`);
    return;
  }
  const phone = values.clear ? null : validate(officePhoneSchema, values.phone, { '': '--phone' });
  const saved = await setVillageOfficePhone(app, village, phone);
  cli.out(saved.officePhone ? `已录入${saved.villageName}的村委会电话 ${saved.officePhone}，群众在小程序和聊天里能看到` : `已删除${saved.villageName}的村委会电话`);
}

async function villageQrCommand(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({ args, options: { village: { type: 'string', multiple: true }, town: { type: 'string' }, channel: { type: 'string' }, out: { type: 'string' } } });
  const channels: Record<string, QrChannel> = { miniprogram: 'miniprogram', 'official-account': 'official_account' };
  const channel = channels[values.channel ?? 'miniprogram'];
  if (!channel) throw new UsageError('--channel 只能是 miniprogram 或 official-account');
  const app = await cli.app();
  let codes = validate(villageCodes, listOption(values.village), { 0: '--village' });
  if (values.town) {
    if (!/^\d{9}$/.test(values.town)) throw new UsageError('--town: 乡镇代码应为9位数字');
    codes = [...codes, ...(await listRegionChildren(app.db.manager, values.town)).filter((r) => r.level === 'village').map((r) => r.code)];
  }
  if (codes.length === 0) throw new UsageError('请给 --village 或 --town');
  const dir = values.out ?? '.';
  mkdirSync(dir, { recursive: true });
  for (const code of codes) {
    const qr = await villageQr(app, code, channel);
    const file = join(dir, `${qr.village.code}-${qr.village.name}.png`);
    writeFileSync(file, qr.png);
    cli.out(`${file}  ${qr.village.town}${qr.village.name}`);
  }
  cli.out(`共 ${codes.length} 个村。打印后贴在村务公开栏；扫码的群众不用再选村。`);
}

export const adminCli: CliSpec = {
  usage: USAGE,
  main: (argv, cli) => dispatch(argv, cli, USAGE, { 'add-user': addUserCommand, assign: assignCommand, settings: settingsCommand, 'set-password': setPasswordCommand, 'bind-code': bindCodeCommand, 'unbind-chat': unbindChatCommand, holidays: holidaysCommand, campaign: campaignCommand, 'reminder-rules': reminderRulesCommand, 'village-phone': villagePhoneCommand, 'village-qr': villageQrCommand }),
};

if (require.main === module) runAsMain(adminCli);
