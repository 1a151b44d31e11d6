import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * A declaration closes the resident's open call-back requests in its village (they asked for
 * 人工, then declared in full). Looking for them cost a query in every declaration, though few
 * residents ever ask for a call-back: residents.callbackFiledAt says who did, read with the
 * resident's account, so the others' declarations skip the query.
 */
export class ResidentCallbackMark1764720000000 implements MigrationInterface {
  name = 'ResidentCallbackMark1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('residents', new TableColumn({ name: 'callbackFiledAt', type: 'datetime', precision: 3, isNullable: true }));
    await queryRunner.query('UPDATE residents SET callbackFiledAt = (SELECT MAX(c.createdAt) FROM cases c WHERE c.residentId = residents.id AND c.callbackRequested = 1)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('residents', 'callbackFiledAt');
  }
}
