import type { EntityManager } from 'typeorm';
import { inTransaction, isDeadlock } from '../../src/store/transaction';
import { createTestApp, type TestApp } from '../support/testApp';

/**
 * A real InnoDB deadlock on MariaDB: two transactions lock two staff rows in opposite orders.
 * The server rolls one back with ER_LOCK_DEADLOCK (1213) — what Galera also answers when a
 * commit loses certification to another node's — and inTransaction runs that one again whole.
 */
describe('inTransaction on MariaDB retries a transaction the server chose as a deadlock victim', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('mariadb');
  });
  afterAll(async () => {
    await t.close();
  });

  const lock = (manager: EntityManager, id: number) => manager.query('SELECT id FROM staff_users WHERE id = ? FOR UPDATE', [id]);

  it('both transactions commit; the victim ran twice', async () => {
    const [a, b] = [t.users.cadreA1, t.users.cadreA2];
    const runs = { first: 0, second: 0 };
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let releaseSecond!: () => void;
    const secondHolds = new Promise<void>((resolve) => (releaseSecond = resolve));

    const first = inTransaction(t.app.db, async (manager) => {
      runs.first += 1;
      await lock(manager, a);
      if (runs.first === 1) {
        releaseFirst();
        await secondHolds;
      }
      await lock(manager, b);
      await manager.query('UPDATE staff_users SET displayName = ? WHERE id = ?', ['第一个事务', a]);
      return 'first';
    });
    const second = inTransaction(t.app.db, async (manager) => {
      runs.second += 1;
      await lock(manager, b);
      if (runs.second === 1) {
        releaseSecond();
        await firstHolds;
      }
      await lock(manager, a);
      await manager.query('UPDATE staff_users SET displayName = ? WHERE id = ?', ['第二个事务', b]);
      return 'second';
    });

    await expect(Promise.all([first, second])).resolves.toEqual(['first', 'second']);
    // Exactly one of them was rolled back and redone.
    expect([runs.first, runs.second].sort()).toEqual([1, 2]);
    const names = (await t.app.db.query('SELECT id, displayName AS name FROM staff_users WHERE id IN (?, ?) ORDER BY id', [a, b])) as { id: number; name: string }[];
    expect(names.map((r) => r.name)).toEqual(['第一个事务', '第二个事务']);
  });

  it('does not retry other errors', async () => {
    let runs = 0;
    await expect(
      inTransaction(t.app.db, async (manager) => {
        runs += 1;
        await manager.query('SELECT no_such_column FROM staff_users');
      }),
    ).rejects.toThrow(/no_such_column/);
    expect(runs).toBe(1);
  });

  it('recognises the deadlock code however the driver wraps it', () => {
    expect(isDeadlock(Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 }))).toBe(true);
    expect(isDeadlock({ driverError: { errno: 1213 } })).toBe(true);
    expect(isDeadlock(Object.assign(new Error('Lock wait timeout'), { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }))).toBe(false);
    expect(isDeadlock(null)).toBe(false);
  });
});
