import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * The overview counts open cases by risk type. The types are a JSON list in a text column, which
 * no index holds: the count read every open case's row (1.5 s for a county of a million cases,
 * the rows mostly on disk). riskMask is the list as bits (domain/riskTypes.ts riskTypeMask), set
 * when a case is filed (risk types never change after), and it joins `urgent` at the end of the
 * covering due-time index, so one pass over that index counts open cases by area, urgency and
 * risk type together.
 */

/** RISK_TYPES as this migration found it: bit i is the i-th code (test/store/riskMask.test.ts holds them together). */
export const RISK_MASK_CODES = ['illness', 'schooling', 'housing', 'water', 'disability', 'disaster', 'accident', 'industry', 'employment', 'labor', 'other'];

/** The SQL (MariaDB and SQLite alike) of riskTypeMask over a JSON list column: each code is quoted in it, and no code contains another's quoted form. */
export const riskMaskOf = (column: string) => RISK_MASK_CODES.map((code, i) => `CASE WHEN ${column} LIKE '%"${code}"%' THEN ${1 << i} ELSE 0 END`).join(' + ');

const COVER = 'idx_cases_step_due_cover';
const COVERING = ['isOpen', 'stepDueAt', 'state', 'countyCode', 'townCode', 'villageCode', 'assigneeId', 'residentId', 'trackingCode'];

export class CaseRiskMask1764710000000 implements MigrationInterface {
  name = 'CaseRiskMask1764710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('cases', new TableColumn({ name: 'riskMask', type: 'integer', default: 0 }));
    await queryRunner.query(`UPDATE cases SET riskMask = ${riskMaskOf('riskTypes')}`);
    await queryRunner.dropIndex('cases', COVER);
    await queryRunner.createIndex('cases', new TableIndex({ name: COVER, columnNames: [...COVERING, 'urgent', 'riskMask'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('cases', COVER);
    await queryRunner.createIndex('cases', new TableIndex({ name: COVER, columnNames: COVERING }));
    await queryRunner.dropColumn('cases', 'riskMask');
  }
}
