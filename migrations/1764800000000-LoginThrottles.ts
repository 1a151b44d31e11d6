import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Login throttling per (account, client address) and per account (issue 11 §5): the attempts move
 * from staff_users' read-modify-write counter, which concurrent guesses all read as zero, to rows
 * claimed by compare-and-set — kept for unknown names too, so the answer never tells which exist.
 * staff_users.failedLogins and lockedUntil go: one account lock that anyone could trip for anyone.
 */
export class LoginThrottles1764800000000 implements MigrationInterface {
  name = 'LoginThrottles1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'login_throttles',
        columns: [
          { name: 'username', type: 'varchar', length: '64', isPrimary: true },
          { name: 'address', type: 'varchar', length: '64', isPrimary: true },
          { name: 'failures', type: 'integer' },
          { name: 'blockedUntil', type: 'datetime', precision: 3, isNullable: true },
          { name: 'lastSuccessAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'updatedAt', type: 'datetime', precision: 3 },
          { name: 'version', type: 'integer' },
        ],
        indices: [new TableIndex({ name: 'idx_login_throttles_updated', columnNames: ['updatedAt'] })],
      }),
    );
    await queryRunner.dropColumn('staff_users', 'failedLogins');
    await queryRunner.dropColumn('staff_users', 'lockedUntil');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('staff_users', new TableColumn({ name: 'lockedUntil', type: 'datetime', precision: 3, isNullable: true }));
    await queryRunner.addColumn('staff_users', new TableColumn({ name: 'failedLogins', type: 'integer', default: 0 }));
    await queryRunner.dropTable('login_throttles');
  }
}
