import type { DataSource, EntityManager, EntityTarget, InsertResult, ObjectLiteral } from 'typeorm';

/**
 * One transaction per state change. SQLite has a single connection, so transactions from
 * concurrent requests are queued here instead of failing with "transaction within a transaction".
 */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

export function inTransaction<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (db.options.type !== 'better-sqlite3') return db.transaction(work);
  const previous = sqliteQueues.get(db) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => db.transaction(work));
  sqliteQueues.set(db, run);
  return run;
}

/** A unique index refused the row: MariaDB names the key, SQLite names the columns. */
export function isUniqueViolation(error: unknown, index: string, sqliteColumns: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return (message.includes('Duplicate entry') && message.includes(index)) || message.includes(`UNIQUE constraint failed: ${sqliteColumns}`);
}

/**
 * Inserts whole entity objects. TypeORM's deep-partial typing recurses forever on JSON column
 * types, so the rows are passed as what they are: complete entities.
 */
export async function insertEntities<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: T | T[]): Promise<InsertResult> {
  return manager.insert(target, rows as never);
}
