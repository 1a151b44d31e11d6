import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The reminder tick reads every open case whose step falls due in a window: ~130,000 rows on a
 * 9 o'clock tick at a million open cases. Through (isOpen, stepDueAt) each row cost a primary-key
 * lookup, random reads once the table outgrows the buffer pool (49 s measured); with the columns
 * the tick reads in the index it reads the index alone (12.7 s, then 2.3 s for the area summary's
 * GROUP BY alone instead of 30 s). `npm run bench:reminders`, issue 8's note.
 */
const COVERING = ['isOpen', 'stepDueAt', 'state', 'countyCode', 'townCode', 'villageCode', 'assigneeId', 'residentId', 'trackingCode'];

export class DueTimeCoveringIndex1764300000000 implements MigrationInterface {
  name = 'DueTimeCoveringIndex1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('cases', new TableIndex({ name: 'idx_cases_step_due_cover', columnNames: COVERING }));
    // Its first two columns are the old index's: it serves every query the old one did.
    await queryRunner.dropIndex('cases', 'idx_cases_step_due');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('cases', new TableIndex({ name: 'idx_cases_step_due', columnNames: ['isOpen', 'stepDueAt'] }));
    await queryRunner.dropIndex('cases', 'idx_cases_step_due_cover');
  }
}
