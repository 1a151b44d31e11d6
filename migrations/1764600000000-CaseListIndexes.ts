import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The console's case list pages by keyset on (createdAt, id) or (stepDueAt, id) within a county
 * or a town, with no state chosen. (countyCode, state, createdAt) cannot give that order: MariaDB
 * read every case of the county and sorted them for each page. These give the order directly
 * (InnoDB and SQLite keep the primary key in every index, so id breaks ties from the index too).
 */
const INDEXES = [
  new TableIndex({ name: 'idx_cases_county_created', columnNames: ['countyCode', 'createdAt'] }),
  new TableIndex({ name: 'idx_cases_town_created', columnNames: ['townCode', 'createdAt'] }),
  new TableIndex({ name: 'idx_cases_county_due', columnNames: ['countyCode', 'stepDueAt'] }),
  new TableIndex({ name: 'idx_cases_town_due', columnNames: ['townCode', 'stepDueAt'] }),
];

export class CaseListIndexes1764600000000 implements MigrationInterface {
  name = 'CaseListIndexes1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const index of INDEXES) await queryRunner.createIndex('cases', index);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of INDEXES) await queryRunner.dropIndex('cases', index.name!);
  }
}
