/**
 * The command-line tools as an operator runs them: child processes (`node -r @swc-node/register
 * scripts/….ts`) on a throwaway SQLite file, checked by exit code, output and what the database
 * holds afterwards. Help and lookups that need no exit code run in-process through runCli.
 * The tests share one database and run in order.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MIGRATIONS } from '../../migrations';
import { adminCli } from '../../scripts/admin';
import { runCli, type CliIo } from '../../scripts/cli/run';
import { migrateCli } from '../../scripts/migrate';
import { regionsCli } from '../../scripts/regions';
import { readDivisionCounties } from '../../src/store/chinaDivision';
import { verifyPassword } from '../../src/security/passwords';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'shenbao-cli-'));
const dbPath = join(dir, 'x.db');
const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? dir,
  DATABASE_URL: `sqlite:${dbPath}`,
  NODE_ENV: 'test',
  DEMO_SEED: 'off',
  DATA_KEY: 'ab'.repeat(32),
  AUTH_SECRET: 'an-auth-secret-for-the-cli-tests-0123456789',
  LOG_LEVEL: 'warn',
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: 'admin' | 'regions' | 'migrate' | 'remind', args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `scripts/${script}.ts`, ...args], { cwd: ROOT, env: { ...ENV, ...env } });
    if (stdin !== undefined) child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function inProcess(cli: typeof adminCli, args: string[]): Promise<Run> {
  const result = { code: null as number | null, stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (text: string) => (result.stdout += text) },
    stderr: { write: (text: string) => (result.stderr += text) },
    env: ENV,
  };
  result.code = await runCli(cli, args, io);
  return result;
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const [county] = readDivisionCounties(['152221']);
const townCode = county.towns[1].code;
const [v1, v2, v3] = county.villages.filter((v) => v.townCode === townCode).map((v) => v.code);
const unknownVillage = `${townCode}999`;
const rowsOfCounty = 1 + county.towns.length + county.villages.length;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the fixture: a real county with three villages in one town, and a village code it lacks', () => {
  expect(county.name).toBe('科尔沁右翼前旗');
  expect([v1, v2, v3].every(Boolean)).toBe(true);
  expect(county.villages.some((v) => v.code === unknownVillage)).toBe(false);
});

test('migrate runs the pending migrations and prints them, then finds none pending', async () => {
  const first = await run('migrate', []);
  expect(first).toMatchObject({ code: 0, stderr: '' });
  const names = MIGRATIONS.map((m) => m.name);
  const [ran, applied] = first.stdout.split('已应用的迁移');
  for (const name of names) {
    expect(ran).toContain(name);
    expect(applied).toContain(name);
  }
  expect(query<{ name: string }>('SELECT name FROM migrations ORDER BY timestamp').map((r) => r.name)).toEqual(names);

  const second = await run('migrate', []);
  expect(second.code).toBe(0);
  expect(second.stdout).toContain('no pending migrations');
  for (const name of names) expect(second.stdout.split('已应用的迁移')[1]).toContain(name);
});

test('regions import loads the county with progress, and a second import changes no counts', async () => {
  const first = await run('regions', ['import', '152221']);
  expect(first.code).toBe(0);
  const summary = `152221 科尔沁右翼前旗：${county.towns.length} 个乡镇，${county.villages.length} 个村`;
  expect(first.stdout).toBe(`${summary}（新增 ${rowsOfCounty} 条，更新 0 条）\n`);
  // Not a terminal: plain progress lines, the last one complete.
  expect(first.stderr.trim().split('\n').at(-1)).toBe(`科尔沁右翼前旗 ${rowsOfCounty}/${rowsOfCounty} (100%)`);

  const second = await run('regions', ['import', '152221']);
  expect(second.code).toBe(0);
  expect(second.stdout).toBe(`${summary}（新增 0 条，更新 ${rowsOfCounty} 条）\n`);
  const levels = query<{ level: string; n: number }>("SELECT level, COUNT(*) AS n FROM regions WHERE countyCode = '152221' GROUP BY level ORDER BY level");
  expect(levels).toEqual([
    { level: 'county', n: 1 },
    { level: 'town', n: county.towns.length },
    { level: 'village', n: county.villages.length },
  ]);

  const list = await run('regions', ['list']);
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(new RegExp(`^152221\\s+科尔沁右翼前旗\\s+${county.towns.length}\\s+${county.villages.length}\\s+内蒙古自治区兴安盟科尔沁右翼前旗$`, 'm'));
  expect(list.stdout).toContain('共 1 个县');
});

test('admin add-user creates a cadre responsible for two villages', async () => {
  const result = await run('admin', ['add-user', '--role', 'cadre', '--username', 'wang', '--name', '王明', '--password', 'Suolun-2026', '--villages', `${v1},${v2}`]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout).toContain('已创建账号 wang（村干部，显示名称 王明）');
  expect(result.stdout).toMatch(new RegExp(`${v1}\\s.*主要负责人`));
  const [user] = query<{ id: number; role: string; displayName: string; passwordHash: string }>("SELECT id, role, displayName, passwordHash FROM staff_users WHERE username = 'wang'");
  expect(user).toMatchObject({ role: 'cadre', displayName: '王明' });
  expect(user.passwordHash).toMatch(/^scrypt\$/);
  expect(query('SELECT villageCode, isPrimary FROM cadre_villages WHERE staffId = ? ORDER BY villageCode', user.id)).toEqual([
    { villageCode: v1, isPrimary: 1 },
    { villageCode: v2, isPrimary: 1 },
  ]);
});

test('admin refuses duplicates, unknown villages, weak passwords, bad usage and a bad DATABASE_URL; only the valid accounts are written', async () => {
  const [duplicate, unknown, weak, usage, badUrl, second, township] = await Promise.all([
    run('admin', ['add-user', '--role', 'cadre', '--username', 'wang', '--password', 'Other-2026x', '--villages', v3]),
    run('admin', ['add-user', '--role', 'cadre', '--username', 'zhou', '--password', 'Bayan-2026x', '--villages', `${v3},${unknownVillage}`]),
    run('admin', ['add-user', '--role', 'cadre', '--username', 'sun', '--password', 'abcdefgh', '--villages', v3]),
    run('admin', ['add-user', '--role', 'cadre', '--username', 'qian', '--villages', v3]),
    run('admin', ['settings', '--county', '152221'], { DATABASE_URL: 'postgres://localhost/shenbao' }),
    run('admin', ['add-user', '--role', 'cadre', '--username', 'zhao', '--password', 'Bayan-2026', '--villages', v2]),
    run('admin', ['add-user', '--role', 'township', '--username', 'suolun', '--password', 'Xing-an-26', '--region', townCode]),
  ]);

  expect(duplicate).toEqual({ code: 1, stdout: '', stderr: '用户名 wang 已存在\n' });
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(new RegExp(`^这些村代码不存在.*：${unknownVillage}\\n$`));
  expect(weak).toEqual({ code: 1, stdout: '', stderr: '密码太弱：密码需包含字母、数字或符号中的至少两种\n' });
  expect(usage.code).toBe(2);
  expect(usage.stderr.split('\n')[0]).toBe('missing --password（缺少必填选项）');
  expect(usage.stderr).toContain('Usage: npm run admin -- <command> [options]');
  expect(badUrl.code).toBe(1);
  expect(badUrl.stdout).toBe('');
  expect(badUrl.stderr).toMatch(/^Invalid DATABASE_URL: [^\n]+\n$/);

  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(new RegExp(`${v2}\\s.*协助`));
  expect(township.code).toBe(0);
  expect(township.stdout).toContain(`管辖：${townCode}`);

  expect(query<{ username: string; role: string; regionCode: string | null }>('SELECT username, role, regionCode FROM staff_users ORDER BY username')).toEqual([
    { username: 'suolun', role: 'township', regionCode: townCode },
    { username: 'wang', role: 'cadre', regionCode: null },
    { username: 'zhao', role: 'cadre', regionCode: null },
  ]);
});

test('admin set-password sets a chosen password (given, or piped without echo), lifts a lockout, refuses a weak one', async () => {
  const hash = () => query<{ passwordHash: string }>("SELECT passwordHash FROM staff_users WHERE username = 'wang'")[0];
  const throttles = () => query<{ n: number }>("SELECT COUNT(*) AS n FROM login_throttles WHERE username = 'wang'")[0].n;
  const db = new Database(dbPath);
  const insert = db.prepare("INSERT INTO login_throttles (username, address, failures, blockedUntil, lastSuccessAt, updatedAt, version) VALUES ('wang', ?, 9, '2099-01-01 00:00:00', NULL, '2099-01-01 00:00:00', 1)");
  for (const address of ['203.0.113.5', '*']) insert.run(address);
  db.close();
  expect(throttles()).toBe(2);
  const given = await run('admin', ['set-password', '--username', 'wang', '--password', 'Wulan-2027x']);
  expect(given).toMatchObject({ code: 0, stderr: '' });
  expect(given.stdout).toBe('已设置 wang（王明）的密码，可以登录了\n');
  expect(await verifyPassword('Wulan-2027x', hash().passwordHash)).toBe(true);
  expect(throttles()).toBe(0);

  const piped = await run('admin', ['set-password', '--username', 'wang'], {}, 'Piped-2027y\n');
  expect(piped.code).toBe(0);
  expect(piped.stderr).toContain('wang 的新密码：');
  expect(piped.stderr + piped.stdout).not.toContain('Piped-2027y');
  expect(await verifyPassword('Piped-2027y', hash().passwordHash)).toBe(true);

  const before = hash().passwordHash;
  const weak = await run('admin', ['set-password', '--username', 'wang', '--password', 'abcdefgh']);
  expect(weak.code).toBe(1);
  expect(weak.stderr).toMatch(/^密码太弱/);
  const unknown = await run('admin', ['set-password', '--username', 'nobody', '--password', 'Wulan-2027x']);
  expect(unknown.code).toBe(1);
  expect((await run('admin', ['set-password'])).code).toBe(2);
  expect(hash().passwordHash).toBe(before);
});

test('admin assign --primary makes the cadre primary and keeps the other cadre as helper', async () => {
  const result = await run('admin', ['assign', '--username', 'zhao', '--villages', `${v2},${v3}`, '--primary']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout).toContain('已为 zhao（zhao）分配村');
  const links = query<{ username: string; villageCode: string; isPrimary: number }>(
    'SELECT u.username, cv.villageCode, cv.isPrimary FROM cadre_villages cv JOIN staff_users u ON u.id = cv.staffId ORDER BY cv.villageCode, u.username',
  );
  expect(links).toEqual([
    { username: 'wang', villageCode: v1, isPrimary: 1 },
    { username: 'wang', villageCode: v2, isPrimary: 0 },
    { username: 'zhao', villageCode: v2, isPrimary: 1 },
    { username: 'zhao', villageCode: v3, isPrimary: 1 },
  ]);
});

test('admin settings saves a county-year and its clock, and reads them back', async () => {
  const saved = await run('admin', [
    'settings', '--county', '152221', '--year', '2026', '--income-line', '7600', '--medical-threshold', '12000', '--rigid-spending', '30000',
    '--visit-days', '4', '--procedure-days', '20', '--publicity-unit', 'calendar',
  ]);
  expect(saved).toMatchObject({ code: 0, stderr: '' });
  expect(query('SELECT year, incomeLine, medicalThreshold, rigidSpendingThreshold, slaAcceptDays, slaVisitDays, slaVillageReviewDays, slaProcedureDays, publicityDays, publicityCalendarDays, isExample FROM county_settings')).toEqual([
    { year: 2026, incomeLine: 7600, medicalThreshold: 12000, rigidSpendingThreshold: 30000, slaAcceptDays: 1, slaVisitDays: 4, slaVillageReviewDays: 5, slaProcedureDays: 20, publicityDays: 5, publicityCalendarDays: 1, isExample: 0 },
  ]);

  const read = await run('admin', ['settings', '--county', '152221', '--year', '2026']);
  expect(read.code).toBe(0);
  expect(read.stdout).toMatch(/^152221 科尔沁右翼前旗 2026 年的数字：$/m);
  expect(read.stdout).toMatch(/监测收入线\s+--income-line\s+7600\s+元/);
  expect(read.stdout).toMatch(/自付医疗费用阈值\s+--medical-threshold\s+12000\s+元/);
  expect(read.stdout).toMatch(/大额刚性支出阈值\s+--rigid-spending\s+30000\s+元/);
  expect(read.stdout).toMatch(/受理后入户核查时限\s+--visit-days\s+4\s+个工作日/);
  expect(read.stdout).toMatch(/全流程时限\s+--procedure-days\s+20\s+个工作日/);
  expect(read.stdout).toMatch(/公示按工作日还是自然日\s+--publicity-unit\s+calendar\s+自然日/);
  expect(read.stdout).toContain('来源：2026 年的设置；本县正式数字');

  const bad = await run('admin', ['settings', '--county', '152221', '--publicity-unit', 'weekly']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--publicity-unit: must be working or calendar（工作日或自然日）');
});

test('admin holidays enters a year the official data lacks, with clear errors for a bad file', async () => {
  expect((await run('admin', ['holidays', '--year', '2027'])).stdout).toContain('2027 年：放假安排未录入，期限按周末推算');
  expect((await run('admin', ['holidays', '--year', '2026'])).stdout).toContain('2026 年：使用官方数据（chinese-days），不用录入');

  const file = join(dir, 'holidays-2027.json');
  writeFileSync(file, JSON.stringify({ year: 2027, holidays: [{ name: '元旦', off: ['2027-01-01', '2027-01-03'] }, { name: '春节', off: ['2027-02-06', '2027-02-13'], workdays: ['2027-02-14'] }] }));
  const entered = await run('admin', ['holidays', '--year', '2027', '--file', file]);
  expect(entered).toMatchObject({ code: 0, stderr: '' });
  expect(entered.stdout).toContain('已录入 2027 年放假安排：放假 11 天，调休上班 1 天');
  const shown = await run('admin', ['holidays', '--year', '2027']);
  expect(shown.stdout).toContain('春节：2027-02-06 至 2027-02-13；调休上班 2027-02-14');

  writeFileSync(file, JSON.stringify({ year: 2027, holidays: [{ name: '春节', off: ['2027-02-13', '2027-02-06'] }] }));
  const wrong = await run('admin', ['holidays', '--year', '2027', '--file', file]);
  expect(wrong.code).not.toBe(0);
  expect(wrong.stderr).toContain('春节：放假最后一天早于第一天');
  writeFileSync(file, '{ not json');
  expect((await run('admin', ['holidays', '--year', '2027', '--file', file])).stderr).toContain('不是合法的 JSON');
});

test('admin campaign starts a year from a template or a YAML file; remind --dry-run shows what a tick would send and why', async () => {
  const none = await run('admin', ['campaign', '--county', '152221']);
  expect(none.stdout).toContain('152221 还没有年度工作安排');
  const started = await run('admin', ['campaign', '--county', '152221', '--template', 'autumn', '--year', '2026']);
  expect(started).toMatchObject({ code: 0, stderr: '' });
  expect(started.stdout).toContain('2026年度动态管理信息采集');
  expect(started.stdout).toMatch(/2026-11-30\s+信息采集，统计未核查户数/);

  const file = join(dir, 'spring-2027.yaml');
  writeFileSync(file, ['year: 2027', 'kind: spring', 'name: 2027年集中排查', 'milestones:', '  - key: identification', '    name: 新增识别', '    date: 2027-05-30', '    measure: open', '    towns: ["' + townCode + '"]', ''].join('\n'));
  const saved = await run('admin', ['campaign', '--county', '152221', '--file', file]);
  expect(saved).toMatchObject({ code: 0, stderr: '' });
  expect(saved.stdout).toContain('2027年集中排查');
  writeFileSync(file, ['year: 2027', 'kind: spring', 'name: 排查', 'milestones:', '  - key: identification', '    name: 新增识别', '    date: 2027-02-30', ''].join('\n'));
  const bad = await run('admin', ['campaign', '--county', '152221', '--file', file]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('完成日期要写成 2026-11-30 这样的日期（位置：milestones.0.date）');
  expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM campaigns')[0].n).toBe(2);

  const rules = await run('admin', ['reminder-rules', '--county', '152221']);
  expect(rules.stdout).toContain('152221 的提醒规则（默认）');
  expect(rules.stdout).toMatch(/escalated\s+超期后2个工作日 → 县级/);

  // 报送工作总结 by Thursday 12-31: the township is told on Monday 12-28, three working days before.
  const dry = await run('remind', ['--dry-run', '--at', '2026-12-28T09:30']);
  expect(dry).toMatchObject({ code: 0, stderr: '' });
  expect(dry.stdout).toContain('提醒预演：2026-12-27 09:30 至 2026-12-28 09:30（北京时间）');
  expect(dry.stdout).toMatch(/→ suolun（suolun） · 微信聊天\n {2}【报送工作总结】请于12月31日前完成\n {2}因为：规则 milestone_soon · 报送工作总结 12月31日 · 原定 2026-12-28 09:00/);
  expect(query('SELECT * FROM reminders')).toEqual([]);
  expect((await run('remind', ['--at', '2026-12-28T09:30'])).code).toBe(2);
  expect((await run('remind', ['--dry-run', '--at', 'tomorrow'])).stderr).toContain('--at: must look like 2026-11-28T09:00');
});

describe('in-process', () => {
  test('help prints the English usage with Chinese descriptions and exits 0; no command is a usage error', async () => {
    const help = await inProcess(adminCli, ['help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: npm run admin -- <command> \[options\]/);
    for (const option of ['--role', '--username', '--password', '--name', '--villages', '--region', '--primary', '--county', '--year', '--income-line', '--medical-threshold', '--rigid-spending', '--accept-days', '--visit-days', '--confirm-days', '--village-review-days', '--township-days', '--county-days', '--procedure-days', '--publicity-days', '--publicity-unit', '--example', '--file']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${option}\\b.*[\\u4e00-\\u9fff]`, 'm'));
    }
    expect((await inProcess(regionsCli, ['--help'])).stdout).toContain('import <countyCode>…');
    expect((await inProcess(migrateCli, ['--help'])).stdout).toContain('Usage: npm run migrate');

    const none = await inProcess(adminCli, []);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr.split('\n')[0]).toBe('missing command（缺少命令）');
    const badValue = await inProcess(adminCli, ['settings', '--county', '152221', '--income-line', '7.5k']);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr.split('\n')[0]).toBe('--income-line: must be a whole number（应为整数）');
  });

  test('regions show lists a town’s villages with codes and a village’s cadres; search finds villages by name', async () => {
    const town = await inProcess(regionsCli, ['show', townCode]);
    expect(town.code).toBe(0);
    const villagesOfTown = county.villages.filter((v) => v.townCode === townCode);
    expect(town.stdout.trim().split('\n')).toHaveLength(1 + villagesOfTown.length);
    for (const v of villagesOfTown) expect(town.stdout).toMatch(new RegExp(`^\\s+${v.code}\\s+${v.name}$`, 'm'));

    const village = await inProcess(regionsCli, ['show', v2]);
    expect(village.code).toBe(0);
    expect(village.stdout).toMatch(/^\s+zhao\s+zhao\s+主要负责人$/m);
    expect(village.stdout).toMatch(/^\s+wang\s+王明\s+协助$/m);

    const name = villagesOfTown[0].name;
    const search = await inProcess(regionsCli, ['search', name]);
    expect(search.code).toBe(0);
    expect(search.stdout).toMatch(new RegExp(`^${villagesOfTown[0].code}\\s+${name}\\s`, 'm'));

    const missing = await inProcess(regionsCli, ['show', '152222']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe('区划代码 152222 未导入（先用 npm run regions -- import 152222 导入）\n');
  });

  test('bind-code issues a one-time 8-digit code (the earlier one stops working); unbind-chat clears a binding', async () => {
    const first = await inProcess(adminCli, ['bind-code', '--username', 'wang']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const second = await inProcess(adminCli, ['bind-code', '--username', 'wang']);
    const [firstCode, secondCode] = [first, second].map((r) => /绑定 (\d{8})/.exec(r.stdout)?.[1]);
    expect(firstCode).toMatch(/^\d{8}$/);
    expect(secondCode).toMatch(/^\d{8}$/);
    const live = query<{ n: number }>('SELECT COUNT(*) AS n FROM bind_codes b JOIN staff_users u ON u.id = b.staffId WHERE u.username = ? AND b.usedAt IS NULL', 'wang');
    expect(live[0].n).toBe(1);
    expect(await inProcess(adminCli, ['bind-code', '--username', 'ghost'])).toMatchObject({ code: 1, stderr: '用户 ghost 不存在\n' });
    expect((await inProcess(adminCli, ['unbind-chat', '--username', 'wang'])).stdout).toBe('wang 本来就没有绑定微信\n');
  });
});
