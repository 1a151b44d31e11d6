import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * A cadre's 首页 at a million cases took 2 s. Their villages are counted from the village tallies,
 * but what is due in them (today, soon, the attention lists) had no (village, due) index: MariaDB
 * read every case of a 20,000-case village. And the part of their scope outside their villages —
 * `assigneeId = ? AND villageCode NOT IN (…)` — read every row assigned to them to look at its
 * village. The queue index now ends with villageCode, so that condition is checked in the index
 * (it stays the index of the assignee foreign key: the new one is made before the old is dropped).
 */
const VILLAGE_DUE = new TableIndex({ name: 'idx_cases_village_due', columnNames: ['villageCode', 'stepDueAt'] });
const CADRE_QUEUE = new TableIndex({ name: 'idx_cases_cadre_queue', columnNames: ['assigneeId', 'isOpen', 'priority', 'createdAt', 'id', 'villageCode'] });
const OLD_QUEUE = new TableIndex({ name: 'idx_cases_queue', columnNames: ['assigneeId', 'isOpen', 'priority', 'createdAt', 'id'] });

export class CadreOverviewIndexes1764830000000 implements MigrationInterface {
  name = 'CadreOverviewIndexes1764830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('cases', VILLAGE_DUE);
    await queryRunner.createIndex('cases', CADRE_QUEUE);
    await queryRunner.dropIndex('cases', OLD_QUEUE.name!);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('cases', OLD_QUEUE);
    await queryRunner.dropIndex('cases', CADRE_QUEUE.name!);
    await queryRunner.dropIndex('cases', VILLAGE_DUE.name!);
  }
}
