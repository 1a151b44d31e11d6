import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKeyOptions, TableIndexOptions } from 'typeorm';

/**
 * The first schema, written with the Table API so one migration runs on MariaDB/MySQL and SQLite.
 * Entities in src/store/entities must match it exactly: test/store/migrations.test.ts asks
 * TypeORM's schema builder for the diff on both drivers and expects none.
 */
const pk = (name = 'id'): TableColumnOptions => ({ name, type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
const json = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const index = (name: string, columnNames: string[], isUnique = false): TableIndexOptions => ({ name, columnNames, isUnique });
const foreignKey = (
  name: string,
  column: string,
  referencedTableName: string,
  referencedColumn: string,
  onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT',
): TableForeignKeyOptions => ({ name, columnNames: [column], referencedTableName, referencedColumnNames: [referencedColumn], onDelete, onUpdate: 'NO ACTION' });

export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'regions',
        columns: [
          { name: 'code', type: 'varchar', length: '12', isPrimary: true },
          str('name', 100),
          str('level', 10),
          str('parentCode', 12, true),
          str('countyCode', 6),
          str('context', 100, true),
        ],
        indices: [index('idx_regions_parent', ['parentCode']), index('idx_regions_county_level', ['countyCode', 'level'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'staff_users',
        columns: [
          pk(),
          str('username', 64),
          str('displayName', 50),
          str('role', 16),
          str('regionCode', 12, true),
          str('passwordHash', 200),
          int('failedLogins'),
          time('lockedUntil', true),
          str('wechatId', 128, true),
          bool('active'),
          time('createdAt'),
        ],
        indices: [
          index('uq_staff_username', ['username'], true),
          index('uq_staff_wechat', ['wechatId'], true),
          index('idx_staff_region', ['regionCode']),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cadre_villages',
        columns: [pk(), int('staffId'), str('villageCode', 12), bool('isPrimary')],
        indices: [index('uq_cadre_village', ['staffId', 'villageCode'], true), index('idx_cadre_villages_village', ['villageCode'])],
        foreignKeys: [
          foreignKey('fk_cadre_villages_staff', 'staffId', 'staff_users', 'id', 'CASCADE'),
          foreignKey('fk_cadre_villages_region', 'villageCode', 'regions', 'code', 'RESTRICT'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'residents',
        columns: [pk(), str('channel', 16), str('externalId', 128), time('createdAt')],
        indices: [index('uq_residents_channel_external', ['channel', 'externalId'], true)],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cases',
        columns: [
          pk(),
          str('trackingCode', 16),
          str('state', 24),
          bool('isOpen'),
          str('channel', 16),
          int('residentId', true),
          str('applicantName', 40),
          str('phoneEnc', 120),
          str('phoneMasked', 20),
          str('idNumberEnc', 120),
          str('idNumberMasked', 20),
          str('idNumberHash', 64),
          str('openIdHash', 64, true),
          str('proxyName', 40, true),
          str('proxyRelation', 20, true),
          str('proxyPhoneEnc', 120, true),
          str('villageCode', 12),
          str('townCode', 9),
          str('countyCode', 6),
          int('householdSize'),
          json('hardships'),
          json('details'),
          int('annualIncome'),
          int('perCapitaIncome'),
          int('incomeLine'),
          json('riskTypes'),
          json('flags'),
          bool('urgent'),
          json('urgencyReasons'),
          int('priority'),
          str('questionnaireVersion', 16),
          int('assigneeId', true),
          bool('needsRouting'),
          bool('callbackRequested'),
          time('stepDueAt', true),
          str('closeReason', 24, true),
          str('monitoringType', 16, true),
          json('visit', true),
          time('createdAt'),
          time('updatedAt'),
        ],
        indices: [
          index('uq_cases_tracking', ['trackingCode'], true),
          index('uq_cases_open_id', ['openIdHash'], true),
          index('idx_cases_id_hash', ['idNumberHash']),
          index('idx_cases_queue', ['assigneeId', 'isOpen', 'priority', 'createdAt', 'id']),
          index('idx_cases_county', ['countyCode', 'state', 'createdAt']),
          index('idx_cases_town', ['townCode', 'state', 'createdAt']),
          index('idx_cases_village', ['villageCode', 'state', 'createdAt']),
          index('idx_cases_resident', ['residentId', 'createdAt']),
        ],
        foreignKeys: [
          foreignKey('fk_cases_assignee', 'assigneeId', 'staff_users', 'id', 'SET NULL'),
          foreignKey('fk_cases_resident', 'residentId', 'residents', 'id', 'SET NULL'),
          foreignKey('fk_cases_village', 'villageCode', 'regions', 'code', 'RESTRICT'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'case_events',
        columns: [
          pk(),
          int('caseId'),
          str('actorType', 16),
          int('actorId', true),
          str('actorName', 50),
          str('actorRole', 16),
          str('action', 24),
          str('fromState', 24, true),
          str('toState', 24),
          str('note', 500, true),
          json('data', true),
          time('createdAt'),
        ],
        indices: [index('idx_case_events_case', ['caseId', 'id'])],
        foreignKeys: [foreignKey('fk_case_events_case', 'caseId', 'cases', 'id', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          pk(),
          str('channel', 16),
          str('recipientType', 16),
          int('recipientId'),
          str('kind', 32),
          json('payload'),
          str('state', 16),
          int('attempts'),
          str('uniqueKey', 191),
          int('caseId', true),
          time('availableAt'),
          time('leaseUntil', true),
          str('lastError', 500, true),
          time('createdAt'),
          time('sentAt', true),
        ],
        indices: [index('uq_outbox_key', ['uniqueKey'], true), index('idx_outbox_due', ['channel', 'state', 'availableAt'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'county_settings',
        columns: [
          pk(),
          str('countyCode', 6),
          int('year'),
          int('incomeLine'),
          int('medicalThreshold'),
          int('rigidSpendingThreshold'),
          int('slaAcceptDays'),
          int('slaVisitDays'),
          int('slaReviewDays'),
          bool('isExample'),
          time('updatedAt'),
        ],
        indices: [index('uq_county_settings_year', ['countyCode', 'year'], true)],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['county_settings', 'outbox', 'case_events', 'cases', 'residents', 'cadre_villages', 'staff_users', 'regions']) {
      await queryRunner.dropTable(table);
    }
  }
}
