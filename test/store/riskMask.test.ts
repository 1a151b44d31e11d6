import { riskMaskOf, RISK_MASK_CODES } from '../../migrations/1764710000000-CaseRiskMask';
import { RISK_TYPES, riskTypeMask, type RiskType } from '../../src/domain/riskTypes';
import { createDataSource } from '../../src/store/dataSource';
import { freshDatabaseUrl } from '../support/testApp';

/** cases.riskMask: the bits the domain sets on a new case are the bits the migration gave the old ones. */
describe('the risk-type mask', () => {
  it('has a bit for every risk type, in the order the migration set them', () => {
    // A new risk type needs a migration that sets its bit on the cases filed before it.
    expect(RISK_TYPES).toEqual(RISK_MASK_CODES);
    expect(new Set(RISK_TYPES.map((t) => riskTypeMask([t]))).size).toBe(RISK_TYPES.length);
    expect(riskTypeMask([])).toBe(0);
    expect(riskTypeMask(['illness', 'water'])).toBe(0b1001);
  });

  const lists: RiskType[][] = [[], ['illness'], ['other'], ['illness', 'schooling', 'labor'], [...RISK_TYPES]];

  it.each(['mariadb', 'sqlite'] as const)('is computed by the migration’s SQL as by the domain on %s', async (driver) => {
    const database = await freshDatabaseUrl(driver);
    const db = createDataSource(driver === 'sqlite' ? { kind: 'sqlite', path: ':memory:' } : { kind: 'mysql', url: database.url });
    await db.initialize();
    try {
      for (const list of lists) {
        const [row] = await db.query(`SELECT ${riskMaskOf('t.riskTypes')} AS mask FROM (SELECT ? AS riskTypes) t`, [JSON.stringify(list)]);
        expect(Number(row.mask)).toBe(riskTypeMask(list));
      }
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
