/**
 * `npm run migrate`: runs pending migrations on DATABASE_URL, prints the ones that ran and then
 * every migration the database records as applied. The service runs the same migrations at
 * start-up (createAppContext); this is for deploying the schema ahead of the service.
 */
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/store/dataSource';
import { parseOptions } from './cli/args';
import { table } from './cli/format';
import { DatabaseOpenError, describeDatabase, runAsMain, type CliSpec } from './cli/run';

export const USAGE = `Usage: npm run migrate

  Runs pending migrations on DATABASE_URL (default sqlite:./data/shenbao.db) and lists the applied ones.
  执行数据库中尚未执行的迁移，并列出已执行的全部迁移。服务启动时也会自动执行。`;

/** The migrations table as TypeORM keeps it: oldest first. */
export async function appliedMigrations(db: DataSource): Promise<{ timestamp: string; name: string }[]> {
  const rows = await db
    .createQueryBuilder()
    .select('m.timestamp', 'timestamp')
    .addSelect('m.name', 'name')
    .from(db.options.migrationsTableName ?? 'migrations', 'm')
    .orderBy('m.timestamp', 'ASC')
    .getRawMany<{ timestamp: number | string; name: string }>();
  return rows.map((r) => ({ timestamp: String(r.timestamp), name: r.name }));
}

export const migrateCli: CliSpec = {
  usage: USAGE,
  async main(args, cli) {
    const { values } = parseOptions({ args, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      cli.out(USAGE);
      return;
    }
    const { database } = cli.config();
    // As createAppContext does, but keeping what runMigrations reports as run.
    const db = createDataSource(database);
    cli.onClose(async () => {
      if (db.isInitialized) await db.destroy();
    });
    let ran: { name: string }[];
    try {
      await db.initialize();
      ran = await db.runMigrations({ transaction: 'each' });
    } catch (error) {
      throw new DatabaseOpenError(database, error);
    }
    cli.out(`数据库 / database: ${describeDatabase(database)}`);
    if (ran.length) {
      cli.out(`已执行 ${ran.length} 个迁移 / ran ${ran.length} migration${ran.length === 1 ? '' : 's'}:`);
      for (const m of ran) cli.out(`  ${m.name}`);
    } else {
      cli.out('没有待执行的迁移 / no pending migrations');
    }
    const applied = await appliedMigrations(db);
    cli.out(`已应用的迁移 / applied migrations (${applied.length}):`);
    for (const line of table(applied.map((m) => [m.timestamp, m.name]), [], '  ')) cli.out(line);
  },
};

if (require.main === module) runAsMain(migrateCli);
