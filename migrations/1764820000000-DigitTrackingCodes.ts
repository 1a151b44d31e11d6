import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tracking codes lose their Latin "SB-" (slang, and hard to read aloud): every stored code
 * becomes its eight digits, so old and new codes share one form and uq_cases_tracking keeps
 * a newly drawn code from equalling an old one's digits. The old form is still accepted
 * wherever people type a code (src/shared/trackingCode.ts).
 */
export class DigitTrackingCodes1764820000000 implements MigrationInterface {
  name = 'DigitTrackingCodes1764820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("UPDATE cases SET trackingCode = SUBSTR(trackingCode, 4) WHERE trackingCode LIKE 'SB-%'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // SQLite has no CONCAT before 3.44; MariaDB's || is OR unless PIPES_AS_CONCAT.
    const prefixed = queryRunner.connection.options.type === 'better-sqlite3' ? "'SB-' || trackingCode" : "CONCAT('SB-', trackingCode)";
    await queryRunner.query(`UPDATE cases SET trackingCode = ${prefixed} WHERE trackingCode NOT LIKE 'SB-%'`);
  }
}
