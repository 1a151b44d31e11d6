import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Tokens are stateless JWTs (valid until they expire). A password reset must still end the
 * sessions of whoever knew the old password: staff_users.credentialsChangedAt is compared with a
 * staff token's iat on every request, in the read that already loads the account.
 */
export class StaffCredentialsChanged1764740000000 implements MigrationInterface {
  name = 'StaffCredentialsChanged1764740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('staff_users', new TableColumn({ name: 'credentialsChangedAt', type: 'datetime', precision: 3, isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('staff_users', 'credentialsChangedAt');
  }
}
