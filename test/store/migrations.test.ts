import { createConnection } from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { MIGRATIONS } from '../../migrations';
import { createDataSource } from '../../src/store/dataSource';
import { DEFAULT_MYSQL_URL } from '../support/mariadb';

/**
 * The hand-written migration and the entities describe the same schema on both drivers:
 * after migrating, TypeORM's schema builder finds nothing to change. And it rolls back cleanly.
 */
describe('migrations', () => {
  const mysqlBase = () => process.env.MYSQL_URL ?? DEFAULT_MYSQL_URL;
  let mysqlName: string;

  beforeAll(async () => {
    mysqlName = `shenbao_m_${randomBytes(4).toString('hex')}`;
    const admin = await createConnection({ uri: mysqlBase() });
    await admin.query(`CREATE DATABASE ${mysqlName}`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = await createConnection({ uri: mysqlBase() });
    await admin.query(`DROP DATABASE IF EXISTS ${mysqlName}`);
    await admin.end();
  });

  const targets = () =>
    [
      ['sqlite', { kind: 'sqlite', path: ':memory:' }],
      ['mariadb', { kind: 'mysql', url: mysqlBase().replace(/\/[^/?]+$/, `/${mysqlName}`) }],
    ] as const;

  it.each(['sqlite', 'mariadb'] as const)('leave no difference between entities and schema on %s', async (name) => {
    const [, target] = targets().find(([n]) => n === name)!;
    const db = createDataSource(target);
    await db.initialize();
    try {
      const applied = await db.runMigrations();
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => new m().name));
      const diff = await db.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);

      for (const _ of MIGRATIONS) await db.undoLastMigration();
      const tables = await db.createQueryRunner().getTables(['cases', 'regions', 'outbox', 'chat_sessions', 'reminders', 'job_leases', 'campaigns', 'reminder_ladders']);
      expect(tables).toEqual([]);
      await db.runMigrations();
      expect((await db.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await db.destroy();
    }
    // Up, down and up again is some forty DDL statements: slow on MariaDB under a loaded CI.
  }, 60_000);
});
