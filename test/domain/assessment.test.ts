import { assessDeclaration, type CountyThresholds } from '../../src/domain/assessment';
import { declarationSchema, type Declaration, type DeclarationDetails } from '../../src/domain/declaration';
import { DomainError } from '../../src/domain/errors';
import type { RiskType } from '../../src/domain/riskTypes';

const NOW = new Date('2026-06-15T04:00:00Z'); // 12:00 China time
const THRESHOLDS: CountyThresholds = { year: 2026, incomeLine: 7000, medicalThreshold: 10000, rigidSpendingThreshold: 20000 };

function declaration(hardships: RiskType[], details: DeclarationDetails = {}, extra: { annualIncome?: number; householdSize?: number } = {}): Declaration {
  return declarationSchema.parse({
    applicant: { name: '巴特尔', phone: '13912345678', idNumber: '11010519491231002X', villageCode: '152221101201' },
    householdSize: extra.householdSize ?? 2,
    hardships,
    details,
    annualIncome: extra.annualIncome ?? 40000,
    consent: true,
    proxy: null,
  });
}

/** YYYY-MM-DD of the China date `days` before NOW. */
function daysAgo(days: number): string {
  return new Date(NOW.getTime() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
}

const assess = (d: Declaration) => assessDeclaration(d, THRESHOLDS, NOW);

describe('urgency', () => {
  it('is not urgent for an ordinary declaration', () => {
    const a = assess(declaration(['industry'], { industryLoss: 5000 }));
    expect(a.urgent).toBe(false);
    expect(a.urgencyReasons).toEqual([]);
  });

  it.each([
    ['disaster', 'disasterDate', 'recent_disaster'],
    ['accident', 'accidentDate', 'recent_accident'],
  ] as const)('%s dated 10 days ago is urgent', (hardship, field, reason) => {
    const a = assess(declaration([hardship], { [field]: daysAgo(10) }));
    expect(a.urgent).toBe(true);
    expect(a.urgencyReasons).toEqual([reason]);
  });

  it.each([
    ['disaster', 'disasterDate'],
    ['accident', 'accidentDate'],
  ] as const)('%s dated 45 days ago is not urgent', (hardship, field) => {
    const a = assess(declaration([hardship], { [field]: daysAgo(45) }));
    expect(a.urgent).toBe(false);
    expect(a.urgencyReasons).toEqual([]);
  });

  it.each([
    ['disaster', 'disasterWhen', 'recent_disaster'],
    ['accident', 'accidentWhen', 'recent_accident'],
  ] as const)('%s with when=1 (within a month) is urgent, when=2 and 3 are not', (hardship, field, reason) => {
    expect(assess(declaration([hardship], { [field]: 1 })).urgencyReasons).toEqual([reason]);
    expect(assess(declaration([hardship], { [field]: 2 })).urgent).toBe(false);
    expect(assess(declaration([hardship], { [field]: 3 })).urgent).toBe(false);
  });

  it('a recent disaster date counts only when disaster is among the hardships', () => {
    expect(assess(declaration(['illness'], { disasterWhen: 1 })).urgent).toBe(false);
  });

  it.each([
    ['housing', { housingDanger: 1 }, 'house_may_collapse'],
    ['water', { waterProblem: 1 }, 'no_drinking_water'],
    ['schooling', { dropout: 1 }, 'child_dropout'],
  ] as const)('%s %o is urgent with reason %s', (hardship, details, reason) => {
    const a = assess(declaration([hardship], details));
    expect(a.urgent).toBe(true);
    expect(a.urgencyReasons).toEqual([reason]);
  });

  it.each([
    ['housing', { housingDanger: 2 }],
    ['water', { waterProblem: 2 }],
    ['water', { waterProblem: 3 }],
    ['schooling', { dropout: 2 }],
  ] as const)('%s %o is not urgent', (hardship, details) => {
    expect(assess(declaration([hardship], details)).urgent).toBe(false);
  });

  it('lists every reason that applies', () => {
    const a = assess(declaration(['disaster', 'housing', 'water', 'schooling'], { disasterWhen: 1, housingDanger: 1, waterProblem: 1, dropout: 1 }));
    expect(a.urgencyReasons.sort()).toEqual(['child_dropout', 'house_may_collapse', 'no_drinking_water', 'recent_disaster']);
  });

  it('rejects a date well in the future with DomainError 400', () => {
    const future = new Date(NOW.getTime() + 8 * 3_600_000 + 5 * 86_400_000).toISOString().slice(0, 10);
    for (const [hardship, field] of [
      ['disaster', 'disasterDate'],
      ['accident', 'accidentDate'],
    ] as const) {
      let error: unknown;
      try {
        assess(declaration([hardship], { [field]: future }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(400);
      expect((error as DomainError).code).toBe('validation_failed');
      expect((error as DomainError).details).toEqual({ field: `details.${field}` });
    }
  });

  it('refuses impossible dates: the schema names the field, and the assessment refuses one that skipped it', () => {
    for (const date of ['2026-13-45', '2026-02-30', '2026-04-31']) {
      const parsed = declarationSchema.safeParse({ ...declaration(['disaster']), details: { disasterDate: date } });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0].message).toBe('遭灾日期不是有效日期');
      const unchecked = { ...declaration(['disaster']), details: { disasterDate: date } };
      expect(() => assess(unchecked)).toThrow(DomainError);
    }
  });

  it('refuses tomorrow (China date) as a future date', () => {
    // NOW is 2026-06-15 in China.
    expect(() => assess(declaration(['disaster'], { disasterDate: '2026-06-16' }))).toThrow(/不能晚于今天/);
    expect(assess(declaration(['disaster'], { disasterDate: '2026-06-15' })).urgent).toBe(true);
  });
});

describe('key-group flags', () => {
  it('high_medical_cost only above the threshold (equal is not above)', () => {
    expect(assess(declaration(['illness'], { medicalOutOfPocket: 10001 })).flags).toContain('high_medical_cost');
    expect(assess(declaration(['illness'], { medicalOutOfPocket: 10000 })).flags).not.toContain('high_medical_cost');
    expect(assess(declaration(['illness'], { medicalOutOfPocket: 500 })).flags).not.toContain('high_medical_cost');
  });

  it('below_income_line from annualIncome / householdSize against the county line', () => {
    const low = assess(declaration(['employment'], {}, { annualIncome: 20000, householdSize: 4 }));
    expect(low.perCapitaIncome).toBe(5000);
    expect(low.incomeLine).toBe(7000);
    expect(low.flags).toContain('below_income_line');

    const high = assess(declaration(['employment'], {}, { annualIncome: 40000, householdSize: 4 }));
    expect(high.perCapitaIncome).toBe(10000);
    expect(high.flags).not.toContain('below_income_line');

    const atLine = assess(declaration(['employment'], {}, { annualIncome: 14000, householdSize: 2 }));
    expect(atLine.flags).not.toContain('below_income_line');

    // The same income is below the line for a larger household.
    expect(assess(declaration(['employment'], {}, { annualIncome: 40000, householdSize: 6 })).flags).toContain('below_income_line');
  });

  it.each([
    ['illness', 'medicalOutOfPocket'],
    ['disaster', 'disasterLoss'],
    ['accident', 'accidentCost'],
    ['industry', 'industryLoss'],
  ] as const)('large_rigid_spending from %s (%s) above the threshold only', (hardship, field) => {
    expect(assess(declaration([hardship], { [field]: 20001 })).flags).toContain('large_rigid_spending');
    expect(assess(declaration([hardship], { [field]: 20000 })).flags).not.toContain('large_rigid_spending');
  });

  it('no_labor when laborCount is 0, which also adds the labor risk type', () => {
    const a = assess(declaration(['illness'], { laborCount: 0 }));
    expect(a.flags).toContain('no_labor');
    expect(a.riskTypes).toEqual(expect.arrayContaining(['illness', 'labor']));
    expect(a.riskTypes).toHaveLength(2);

    const b = assess(declaration(['illness'], { laborCount: 1 }));
    expect(b.flags).not.toContain('no_labor');
    expect(b.riskTypes).toEqual(['illness']);

    const none = assess(declaration(['illness']));
    expect(none.flags).not.toContain('no_labor');
    expect(none.riskTypes).toEqual(['illness']);
  });

  it('child_dropout flag when a child dropped out', () => {
    expect(assess(declaration(['schooling'], { dropout: 1 })).flags).toContain('child_dropout');
    expect(assess(declaration(['schooling'], { dropout: 2 })).flags).not.toContain('child_dropout');
  });

  it('no flags for a comfortable household without costs', () => {
    expect(assess(declaration(['other'], { otherText: '邻里纠纷' }, { annualIncome: 60000, householdSize: 2 })).flags).toEqual([]);
  });
});
