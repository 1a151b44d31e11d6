import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The Official Account's followers: still following, and when they last wrote (the 48-hour 客服消息 window). Issue 12. */
export class OfficialAccountUsers1764780000000 implements MigrationInterface {
  name = 'OfficialAccountUsers1764780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'oa_users',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'openid', type: 'varchar', length: '64' },
          { name: 'subscribed', type: 'boolean' },
          { name: 'lastInboundAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'updatedAt', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'uq_oa_users_openid', columnNames: ['openid'], isUnique: true })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('oa_users');
  }
}
