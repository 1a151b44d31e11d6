import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Chat sessions and message dedupe for the bot, cadre bind codes, the subscribe-message ledger;
 * and ID columns of cases become nullable for call-back requests filed before an ID was given.
 */
const pk = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' } as const;
const time = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });

export class ChatAndSubscriptions1764000000000 implements MigrationInterface {
  name = 'ChatAndSubscriptions1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'chat_sessions',
        columns: [pk, { name: 'channelUserId', type: 'varchar', length: '128' }, { name: 'state', type: 'text' }, time('updatedAt')],
        indices: [{ name: 'uq_chat_sessions_user', columnNames: ['channelUserId'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'chat_messages_seen',
        columns: [pk, { name: 'messageId', type: 'varchar', length: '128' }, time('receivedAt')],
        indices: [
          { name: 'uq_chat_messages_seen_id', columnNames: ['messageId'], isUnique: true },
          { name: 'idx_chat_messages_seen_at', columnNames: ['receivedAt'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bind_codes',
        columns: [pk, { name: 'staffId', type: 'integer' }, { name: 'codeHash', type: 'varchar', length: '64' }, time('expiresAt'), time('usedAt', true), time('createdAt')],
        indices: [
          { name: 'uq_bind_codes_hash', columnNames: ['codeHash'], isUnique: true },
          { name: 'idx_bind_codes_staff', columnNames: ['staffId'] },
        ],
        foreignKeys: [{ name: 'fk_bind_codes_staff', columnNames: ['staffId'], referencedTableName: 'staff_users', referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'subscribe_allowances',
        columns: [
          pk,
          { name: 'residentId', type: 'integer' },
          { name: 'templateId', type: 'varchar', length: '64' },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'outboxId', type: 'integer', isNullable: true },
          time('createdAt'),
          time('usedAt', true),
        ],
        indices: [{ name: 'idx_allowances_resident', columnNames: ['residentId', 'templateId', 'state'] }],
        foreignKeys: [{ name: 'fk_allowances_resident', columnNames: ['residentId'], referencedTableName: 'residents', referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }],
      }),
    );
    for (const [name, length] of [['idNumberEnc', '120'], ['idNumberMasked', '20'], ['idNumberHash', '64']] as const) {
      await queryRunner.changeColumn('cases', name, new TableColumn({ name, type: 'varchar', length, isNullable: true }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM cases WHERE idNumberHash IS NULL");
    for (const [name, length] of [['idNumberEnc', '120'], ['idNumberMasked', '20'], ['idNumberHash', '64']] as const) {
      await queryRunner.changeColumn('cases', name, new TableColumn({ name, type: 'varchar', length, isNullable: false }));
    }
    for (const table of ['subscribe_allowances', 'bind_codes', 'chat_messages_seen', 'chat_sessions']) await queryRunner.dropTable(table);
  }
}
