/**
 * `npm run admin -- <command>`: staff accounts, their villages and each county's yearly figures,
 * on DATABASE_URL. Run `npm run admin -- help`.
 */
import { LessThanOrEqual, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { STAFF_ROLE_LABELS } from '../src/domain/caseLifecycle';
import { chinaDate } from '../src/domain/calendar';
import { DomainError } from '../src/domain/errors';
import { countyFiguresForYear, saveCountySettings, type CountyFigures } from '../src/services/countySettings';
import { addStaffUser, addUserSchema, assignVillages, findStaffUser } from '../src/services/staffAdmin';
import { CadreVillage, CountySetting, Region, StaffUser } from '../src/store/entities';
import { inTransaction } from '../src/store/transaction';
import { dispatch, listOption, parseOptions, requireOptions, validate } from './cli/args';
import { table } from './cli/format';
import { runAsMain, type Cli, type CliSpec } from './cli/run';
import { issueBindCode, unbindChatAccount } from '../src/services/bindCodes';

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
    --accept-days N                      村干部受理时限（工作日）
    --visit-days N                       受理后入户走访时限（工作日）
    --review-days N                      每级审核时限（工作日）
    --example                            标记为示例数字（非本县正式标准）
  bind-code   生成一次性绑定码（8位，24小时内有效）：工作人员用自己的微信给机器人发"绑定 <码>"
    --username U                         工作人员的用户名
  unbind-chat 解除工作人员账号与微信的绑定（换了微信、人员调离时）
    --username U                         工作人员的用户名
  help        显示本帮助

Examples:
  npm run admin -- add-user --role cadre --username wang --name 王明 --password 'Suolun-2026' --villages 152221101200,152221101201
  npm run admin -- add-user --role township --username suolun --password 'Xing-an-26' --region 152221101
  npm run admin -- assign --username wang --villages 152221101202 --primary
  npm run admin -- settings --county 152221 --year 2026 --income-line 7500 --medical-threshold 10000
  npm run admin -- bind-code --username wang

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
  acceptDays: whole(60),
  visitDays: whole(60),
  reviewDays: whole(60),
  example: z.boolean().optional(),
});

async function settingsCommand(args: string[], cli: Cli): Promise<void> {
  const { values } = parseOptions({
    args,
    options: {
      county: { type: 'string' },
      year: { type: 'string' },
      'income-line': { type: 'string' },
      'medical-threshold': { type: 'string' },
      'rigid-spending': { type: 'string' },
      'accept-days': { type: 'string' },
      'visit-days': { type: 'string' },
      'review-days': { type: 'string' },
      example: { type: 'boolean' },
    },
  });
  requireOptions(values, ['county']);
  const input = validate(settingsSchema, {
    county: values.county,
    year: values.year,
    incomeLine: values['income-line'],
    medicalThreshold: values['medical-threshold'],
    rigidSpending: values['rigid-spending'],
    acceptDays: values['accept-days'],
    visitDays: values['visit-days'],
    reviewDays: values['review-days'],
    example: values.example,
  });
  const app = await cli.app();
  const year = input.year ?? Number(chinaDate(app.clock()).slice(0, 4));
  const county = await app.db.manager.findOne(Region, { where: { code: input.county, level: 'county' } });
  if (!county) throw new DomainError('unknown_region', `县代码 ${input.county} 未导入（先用 npm run regions -- import ${input.county} 导入）`, 404);

  const figures = {
    incomeLine: input.incomeLine,
    medicalThreshold: input.medicalThreshold,
    rigidSpendingThreshold: input.rigidSpending,
    slaAcceptDays: input.acceptDays,
    slaVisitDays: input.visitDays,
    slaReviewDays: input.reviewDays,
  };
  const given = Object.values(figures).some((v) => v !== undefined);
  if (given || input.example !== undefined) {
    // The service starts a new year from the figures in force and keeps example amounts marked as examples.
    const defined = Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined));
    await inTransaction(app.db, (manager) => saveCountySettings(manager, { ...defined, countyCode: input.county, year, isExample: input.example }, app.clock()));
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
      ['受理时限', '--accept-days', String(f.slaAcceptDays), '个工作日'],
      ['入户走访时限', '--visit-days', String(f.slaVisitDays), '个工作日'],
      ['每级审核时限', '--review-days', String(f.slaReviewDays), '个工作日'],
    ],
    [2],
    '  ',
  );
}

export const adminCli: CliSpec = {
  usage: USAGE,
  main: (argv, cli) => dispatch(argv, cli, USAGE, { 'add-user': addUserCommand, assign: assignCommand, settings: settingsCommand, 'bind-code': bindCodeCommand, 'unbind-chat': unbindChatCommand }),
};

if (require.main === module) runAsMain(adminCli);
