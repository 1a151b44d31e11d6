import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The console's name search matches names from their first character (a surname, a full name).
 * With these the matches of a county or a town are one range of index entries, already holding
 * the list's order column: a name nobody has costs nothing, and a common one is sorted inside the
 * index (CaseFinder.list reads the page's ids from here, then the rows). Before, a name search
 * read the scope's cases one by one until 20 matched (56 s for no match at a million cases).
 */
const INDEXES = [
  new TableIndex({ name: 'idx_cases_county_name', columnNames: ['countyCode', 'applicantName', 'createdAt'] }),
  new TableIndex({ name: 'idx_cases_town_name', columnNames: ['townCode', 'applicantName', 'createdAt'] }),
];

export class CaseNameSearch1764700000000 implements MigrationInterface {
  name = 'CaseNameSearch1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const index of INDEXES) await queryRunner.createIndex('cases', index);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of INDEXES) await queryRunner.dropIndex('cases', index.name!);
  }
}
