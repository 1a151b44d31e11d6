import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The township's and the county's 待办 are their steps' open cases, urgent first, then oldest
 * (CaseFinder.queue). (region, state, createdAt) has no priority: MariaDB read every case of
 * those states and sorted them (8 s for the county's 15,000 at a million cases). With priority
 * before createdAt a one-state queue is read in index order, a two-state one sorts index entries.
 * A cadre's queue has its own (idx_cases_queue).
 */
const INDEXES = [
  new TableIndex({ name: 'idx_cases_county_queue', columnNames: ['countyCode', 'state', 'priority', 'createdAt'] }),
  new TableIndex({ name: 'idx_cases_town_queue', columnNames: ['townCode', 'state', 'priority', 'createdAt'] }),
];

export class QueueIndexes1764730000000 implements MigrationInterface {
  name = 'QueueIndexes1764730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const index of INDEXES) await queryRunner.createIndex('cases', index);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of INDEXES) await queryRunner.dropIndex('cases', index.name!);
  }
}
