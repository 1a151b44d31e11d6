import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export type DatabaseUrl = { kind: 'sqlite'; path: string } | { kind: 'mysql'; url: string };

/** `sqlite:PATH` (or `sqlite::memory:`) | `mysql://…` | `mariadb://…` */
export function parseDatabaseUrl(value: string): DatabaseUrl | null {
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    return path ? { kind: 'sqlite', path } : null;
  }
  if (/^(mysql|mariadb):\/\/[^/]+\/[^/?]+/.test(value)) return { kind: 'mysql', url: value.replace(/^mariadb:/, 'mysql:') };
  return null;
}

export function dataSourceOptions(database: DatabaseUrl): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, logging: false } as const;
  if (database.kind === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: database.path,
      // WAL lets readers go on while a writer commits; busy_timeout waits out short write locks.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        // busy_timeout first: switching to WAL needs a lock another process (a CLI) may hold.
        db.pragma('busy_timeout = 5000');
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    // "mariadb" rather than "mysql": TypeORM's mysql flavour keeps diffing JSON/text columns.
    type: 'mariadb',
    url: database.url,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    poolSize: 20,
    extra: { connectionLimit: 20 },
  };
}

export function createDataSource(database: DatabaseUrl): DataSource {
  return new DataSource(dataSourceOptions(database));
}
