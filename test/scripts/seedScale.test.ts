import { createConnection } from 'mysql2/promise';
import { runCli, type CliIo } from '../../scripts/cli/run';
import { seedScaleCli } from '../../scripts/seedScale';
import { freshDatabaseUrl } from '../support/testApp';

jest.setTimeout(120_000);

/** `npm run seed:scale` on a fresh MariaDB database: real villages of two counties, cases spread over them, refusal when not empty. */
describe('seed:scale', () => {
  let database: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  beforeAll(async () => (database = await freshDatabaseUrl('mariadb')));
  afterAll(() => database.drop());

  const run = async (args: string[]) => {
    const result = { code: 0, stdout: '', stderr: '' };
    const io: CliIo = {
      stdout: { write: (text: string) => (result.stdout += text) },
      stderr: { write: (text: string) => (result.stderr += text) },
      env: { DATABASE_URL: database.url, NODE_ENV: 'test', DEMO_SEED: 'off', LOG_LEVEL: 'warn', DATA_KEY: 'cd'.repeat(32), AUTH_SECRET: 'a-seed-scale-test-secret-0123456789abcdef' },
    };
    result.code = await runCli(seedScaleCli, args, io);
    return result;
  };
  const rows = async <T>(sql: string): Promise<T[]> => {
    const conn = await createConnection({ uri: database.url });
    try {
      return (await conn.query(sql))[0] as T[];
    } finally {
      await conn.end();
    }
  };

  it('seeds the counties’ villages, their accounts and the cases, then refuses to seed over them unless told', async () => {
    const first = await run(['--cases', '3000', '--counties', '152221,152222']);
    expect(first.stderr).not.toMatch(/失败/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^已生成 3000 件案件（在办 \d+ 件）/);
    const [counts] = await rows<{ cases: number; counties: number; villages: number; open: number }>(
      'SELECT COUNT(*) AS cases, COUNT(DISTINCT countyCode) AS counties, COUNT(DISTINCT villageCode) AS villages, SUM(isOpen) AS open FROM cases',
    );
    expect(Number(counts.cases)).toBe(3000);
    expect(Number(counts.counties)).toBe(2);
    expect(Number(counts.villages)).toBeGreaterThan(100);
    expect(Number(counts.open)).toBeGreaterThan(300);
    expect((await rows<{ n: number }>("SELECT COUNT(*) AS n FROM staff_users WHERE username IN ('k152221', 'k152222')"))[0].n).toBe(2);
    // Every case's cadre is the primary cadre of its village, and each has its audit row.
    expect((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM cases c LEFT JOIN cadre_villages cv ON cv.villageCode = c.villageCode AND cv.staffId = c.assigneeId WHERE cv.staffId IS NULL'))[0].n).toBe(0);
    expect((await rows<{ n: number }>("SELECT COUNT(DISTINCT caseId) AS n FROM case_events WHERE action = 'declare'"))[0].n).toBe(3000);

    const refused = await run(['--cases', '10', '--counties', '152221']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('数据库里已有 3000 件案件，没有生成');
    expect((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM cases'))[0].n).toBe(3000);

    const replaced = await run(['--cases', '500', '--counties', '152221,152222', '--replace']);
    expect(replaced.code).toBe(0);
    expect((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM cases'))[0].n).toBe(500);
  });
});
