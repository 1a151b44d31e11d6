import type { EntityManager } from 'typeorm';
import { ANY_OPEN, TALLY_SLOTS, tallyDeltas, type Tallied } from '../domain/caseTally';
import { RISK_TYPES, riskTypeBit } from '../domain/riskTypes';

const COLUMNS = ['level', 'parentCode', 'areaCode', 'state', 'dim', 'slot'] as const;

function upsertSql(manager: EntityManager, rows: number): string {
  const d = manager.connection.driver;
  const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
  const head = `INSERT INTO ${d.escape('case_tallies')} (${[...COLUMNS, 'n'].map((c) => d.escape(c)).join(', ')}) VALUES ${values}`;
  return manager.connection.options.type === 'better-sqlite3'
    ? `${head} ON CONFLICT (${COLUMNS.map((c) => d.escape(c)).join(', ')}) DO UPDATE SET n = n + excluded.n`
    : `${head} ON DUPLICATE KEY UPDATE n = n + VALUES(n)`;
}

/**
 * Moves a case between the tally rows it counts under (domain/caseTally.ts), in the caller's
 * transaction: one statement, or none when the write changed nothing counted. Callers write it
 * last, so a row lock on a busy village's tally is held only until the commit that follows.
 */
export async function moveTallies(manager: EntityManager, before: Tallied | null, after: Tallied | null): Promise<void> {
  const deltas = tallyDeltas(before, after);
  if (deltas.length === 0) return;
  await manager.query(
    upsertSql(manager, deltas.length),
    deltas.flatMap((t) => [t.level, t.parentCode, t.areaCode, t.state, t.dim, t.slot, t.n]),
  );
}

/** A case's counted fields, copied: the tally before a write must not see the write's changes. */
export const talliedOf = (c: Tallied): Tallied => ({
  id: c.id,
  state: c.state,
  urgent: c.urgent,
  riskTypes: c.riskTypes,
  stepDueAt: c.stepDueAt,
  villageCode: c.villageCode,
  townCode: c.townCode,
  countyCode: c.countyCode,
});

type Query = (sql: string) => Promise<unknown>;

/**
 * Counts every case again, from nothing: for the migration that introduced the tallies and for
 * bulk loaders that write cases without the services (seed:scale, the benches). The same keys as
 * domain/caseTally.ts tallyKeys, in SQL for MariaDB and SQLite (test/services/caseTally.test.ts
 * compares the two); the caller runs it in one transaction.
 */
export async function rebuildTallies(query: Query, driver: 'mysql' | 'sqlite'): Promise<void> {
  const into = 'INSERT INTO case_tallies (level, parentCode, areaCode, state, dim, slot, n)';
  // chinaDate: China keeps one offset all year.
  const dueDay = driver === 'sqlite' ? `date(stepDueAt, '+8 hours')` : `DATE_FORMAT(stepDueAt + INTERVAL 8 HOUR, '%Y-%m-%d')`;
  const concat = (a: string, b: string) => (driver === 'sqlite' ? `${a} || ${b}` : `CONCAT(${a}, ${b})`);
  const levels = [
    { level: 'v', parent: 'townCode', area: 'villageCode' },
    { level: 't', parent: 'countyCode', area: 'townCode' },
  ];
  const dims = [
    { state: 'state', dim: `''`, where: '1 = 1', by: ['state'] },
    { state: `'${ANY_OPEN}'`, dim: `'urgent'`, where: 'isOpen = 1 AND urgent = 1', by: [] },
    ...RISK_TYPES.map((type) => ({ state: `'${ANY_OPEN}'`, dim: `'risk:${type}'`, where: `isOpen = 1 AND (riskMask & ${riskTypeBit(type)}) <> 0`, by: [] })),
    { state: `'${ANY_OPEN}'`, dim: concat(`'due:'`, dueDay), where: 'isOpen = 1 AND stepDueAt IS NOT NULL', by: [dueDay] },
  ];
  await query('DELETE FROM case_tallies');
  for (const { level, parent, area } of levels) {
    for (const { state, dim, where, by } of dims) {
      const group = [parent, area, ...by, `id % ${TALLY_SLOTS}`].join(', ');
      await query(`${into} SELECT '${level}', ${parent}, ${area}, ${state}, ${dim}, id % ${TALLY_SLOTS}, COUNT(*) FROM cases WHERE ${where} GROUP BY ${group}`);
    }
  }
}
