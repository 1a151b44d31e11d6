import Koa from 'koa';
import supertest from 'supertest';
import type { DataSource } from 'typeorm';
import { errorHandler } from '../src/http/errors';
import { createLogger, scrubDatabaseText } from '../src/logger';
import { createDataSource } from '../src/store/dataSource';
import { captureLog } from './support/logLines';
import { DRIVERS, freshDatabaseUrl } from './support/testApp';
import { parseDatabaseUrl } from '../src/store/dataSource';

it('never writes ID numbers, phones, passwords or tokens to the log', () => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  logger.info({ idNumber: '11010519491231002X', applicant: { phone: '13912345678', idNumber: '11010519491231002X', name: '巴特尔' }, password: 'secret-pass', req: { headers: { authorization: 'Bearer abc' } } }, 'declared');
  const text = lines.join('');
  expect(text).toContain('巴特尔');
  expect(text).not.toMatch(/11010519491231002X|13912345678|secret-pass|Bearer abc/);
  expect(text).toContain('[已隐藏]');
});

it('hides quoted values in database messages but keeps the names of keys, columns and tables', () => {
  expect(scrubDatabaseText("Duplicate entry '11010519491231002X' for key 'uq_cases_open'")).toBe("Duplicate entry '[已隐藏]' for key 'uq_cases_open'");
  expect(scrubDatabaseText("Incorrect integer value: '巴特尔' for column `test`.`t`.`n` at row 1")).toBe("Incorrect integer value: '[已隐藏]' for column `test`.`t`.`n` at row 1");
  expect(scrubDatabaseText("Table 'test.nope' doesn't exist")).toBe("Table 'test.nope' doesn't exist");
  expect(scrubDatabaseText('Could not find any entity of type "Case" matching: {\n  "idNumber": "x"\n}')).toBe('Could not find any entity of type "Case" matching: [已隐藏]');
});

/**
 * A real failed statement on each driver, logged the way the service logs a request that
 * failed (errorHandler → logger.error({ err })): the bound values — a visit's names and income —
 * appear nowhere in the line, neither as TypeORM's parameters, nor in the driver's SQL with
 * values inlined, nor quoted in the driver's message; the driver's code stays for the operator.
 */
describe.each(DRIVERS)('a failed query logged on %s', (driver) => {
  let db: DataSource;
  let drop: () => Promise<void>;
  const NAME = '巴特尔其其格';
  const ID = '11010519491231002X';
  const INCOME = 'income-73519';

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl(driver);
    drop = fresh.drop;
    db = createDataSource(parseDatabaseUrl(fresh.url)!);
    await db.initialize();
    await db.query('CREATE TABLE people (id_number VARCHAR(20) PRIMARY KEY, name VARCHAR(40), income INTEGER)');
    await db.query('INSERT INTO people (id_number, name, income) VALUES (?, ?, ?)', [ID, NAME, 1]);
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });

  const failing: Record<string, () => Promise<unknown>> = {
    'a duplicate key': () => db.query('INSERT INTO people (id_number, name, income) VALUES (?, ?, ?)', [ID, NAME, 2]),
    'a value of the wrong type': () => db.query(driver === 'sqlite' ? 'INSERT INTO nope (a, b) VALUES (?, ?)' : 'INSERT INTO people (id_number, name, income) VALUES (?, ?, ?)', [`${ID}9`, NAME, INCOME]),
    'a missing table': () => db.query('SELECT * FROM no_such_table WHERE name = ? AND income = ?', [NAME, INCOME]),
  };

  it.each(Object.keys(failing))('through the error handler leaves out every bound value: %s', async (name) => {
    const log = captureLog('info');
    const koa = new Koa();
    koa.silent = true;
    koa.use(errorHandler(log.logger));
    koa.use(async () => {
      await failing[name]();
    });
    const response = await supertest(koa.callback()).get('/x').expect(500);
    expect(response.body.error.code).toBe('internal');
    const text = log.lines.join('');
    expect(log.records()).toEqual([expect.objectContaining({ level: 50, msg: 'request failed', err: expect.objectContaining({ type: 'QueryFailedError', query: '[已隐藏]', parameters: '[已隐藏]' }) })]);
    // The error's driver code is kept, so the line is still useful.
    expect(text).toMatch(/"code":"(ER_|SQLITE_)/);
    for (const value of [NAME, ID, INCOME, '\\u5df4']) expect(text).not.toContain(value);
  });
});
