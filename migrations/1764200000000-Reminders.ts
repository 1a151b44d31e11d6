import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The scheduler (issue 8): campaigns with their milestones, each county's reminder rules, the
 * reminders sent (unique per rule, case, due time and recipient), and the job lease that makes
 * a tick run once however many processes run it.
 */
const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' } as const;
const time = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });
const varchar = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });

export class Reminders1764200000000 implements MigrationInterface {
  name = 'Reminders1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'campaigns',
        columns: [id, varchar('countyCode', 6), { name: 'year', type: 'integer' }, varchar('kind', 16), varchar('name', 40), { name: 'milestones', type: 'text' }, varchar('updatedBy', 50), time('updatedAt')],
        indices: [new TableIndex({ name: 'uq_campaigns_year', columnNames: ['countyCode', 'year', 'kind'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'reminder_ladders',
        columns: [{ ...varchar('countyCode', 6), isPrimary: true }, { name: 'rules', type: 'text' }, varchar('updatedBy', 50), time('updatedAt')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'reminders',
        columns: [
          id,
          varchar('uniqueKey', 191),
          varchar('rule', 32),
          { name: 'caseId', type: 'integer', isNullable: true },
          varchar('recipientType', 16),
          { name: 'recipientId', type: 'integer' },
          time('dueAt'),
          time('firesAt'),
          time('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'uq_reminders_key', columnNames: ['uniqueKey'], isUnique: true }),
          new TableIndex({ name: 'idx_reminders_case', columnNames: ['caseId'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'job_leases',
        columns: [
          { ...varchar('name', 32), isPrimary: true },
          varchar('slotKey', 64, true),
          varchar('holder', 64, true),
          time('leaseUntil', true),
          time('watermark', true),
          time('lastStartedAt', true),
          time('lastFinishedAt', true),
          varchar('lastError', 500, true),
        ],
      }),
    );
    // The tick's second look: open cases whose step (or due time) changed since the last tick.
    await queryRunner.createIndex('cases', new TableIndex({ name: 'idx_cases_changed', columnNames: ['isOpen', 'updatedAt'] }));
    // The console's inbox: a staff member's messages, newest first.
    await queryRunner.createIndex('outbox', new TableIndex({ name: 'idx_outbox_recipient', columnNames: ['recipientType', 'recipientId', 'id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('outbox', 'idx_outbox_recipient');
    await queryRunner.dropIndex('cases', 'idx_cases_changed');
    for (const table of ['job_leases', 'reminders', 'reminder_ladders', 'campaigns']) await queryRunner.dropTable(table);
  }
}
