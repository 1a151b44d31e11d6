import { randomInt } from 'node:crypto';
import type { DeclarationInput } from '../../src/domain/declaration';
import { RISK_TYPES, type RiskType } from '../../src/domain/riskTypes';
import { randomPhone, type IdNumberGenerator } from './ids';

/** A village of the seeded county with the cadre the demo seed made for it. */
export interface BenchVillage {
  code: string;
  name: string;
  townCode: string;
  countyCode: string;
  cadreId: number;
  cadreUsername: string;
  /** Relative share of the county's declarations: a few big villages, many small ones. */
  weight: number;
}

/** Draws villages with their weights (cumulative table + binary search). */
export class VillagePicker {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(readonly villages: readonly BenchVillage[]) {
    if (villages.length === 0) throw new Error('no villages to pick from');
    let sum = 0;
    for (const v of villages) this.cumulative.push((sum += v.weight));
    this.total = sum;
  }

  pick(): BenchVillage {
    const x = Math.random() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.villages[lo];
  }
}

/** Log-normal-ish weights: the largest village gets ~10× the declarations of the smallest. */
export function villageWeight(): number {
  const u = Math.random() + Math.random() + Math.random() - 1.5;
  return Math.exp(u * 1.5);
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '包', '白', '宝', '韩', '孟', '乌'];
const GIVEN = ['桂兰', '秀英', '建国', '玉梅', '巴特尔', '其其格', '志强', '海龙', '淑珍', '金花', '国庆', '那日苏', '德力格尔', '春生', '丽娜', '永胜'];
const RELATIONS = ['儿子', '女儿', '邻居', '孙子', '侄子'];

const pickOne = <T>(list: readonly T[]): T => list[randomInt(0, list.length)];
export const randomName = (): string => pickOne(SURNAMES) + pickOne(GIVEN);

/** One to three hardships; 'other' is rare, as in the pilot data. */
export function randomHardships(): RiskType[] {
  const count = randomInt(1, 4);
  const chosen = new Set<RiskType>();
  while (chosen.size < count) {
    const r = pickOne(RISK_TYPES);
    if (r === 'other' && Math.random() < 0.7) continue;
    chosen.add(r);
  }
  return [...chosen];
}

/** The answers the questionnaire asks for each hardship, within the schema's ranges. */
export function detailsFor(hardships: readonly RiskType[]): NonNullable<DeclarationInput['details']> {
  const d: NonNullable<DeclarationInput['details']> = { incomeBracket: randomInt(1, 6) };
  for (const h of hardships) {
    switch (h) {
      case 'illness':
        d.medicalOutOfPocket = randomInt(500, 60_000);
        break;
      case 'schooling':
        d.students = randomInt(1, 4);
        d.dropout = Math.random() < 0.05 ? 1 : 2;
        break;
      case 'housing':
        d.housingDanger = Math.random() < 0.1 ? 1 : 2;
        break;
      case 'water':
        d.waterProblem = Math.random() < 0.1 ? 1 : randomInt(2, 4);
        break;
      case 'disability':
        d.disabilityCertificate = randomInt(1, 3);
        break;
      case 'disaster':
        d.disasterWhen = randomInt(1, 4);
        d.disasterLoss = randomInt(1_000, 80_000);
        break;
      case 'accident':
        d.accidentWhen = randomInt(1, 4);
        d.accidentCost = randomInt(1_000, 50_000);
        break;
      case 'industry':
        d.industryLoss = randomInt(2_000, 100_000);
        break;
      case 'employment':
        d.jobless = randomInt(1, 4);
        d.joblessSince = randomInt(1, 4);
        break;
      case 'labor':
        d.laborCount = randomInt(0, 2);
        break;
      case 'other':
        d.otherText = '家里牲畜冬天冻死了不少';
        break;
    }
  }
  return d;
}

/** A canonical declaration payload (src/domain/declaration.ts) for a fresh household. */
export function randomDeclaration(ids: IdNumberGenerator, villages: VillagePicker): DeclarationInput {
  const village = villages.pick();
  const hardships = randomHardships();
  const householdSize = randomInt(1, 8);
  return {
    applicant: { name: randomName(), phone: randomPhone(), idNumber: ids.take(), villageCode: village.code },
    householdSize,
    hardships,
    details: detailsFor(hardships),
    annualIncome: randomInt(2_000, 15_000) * householdSize,
    consent: true,
    proxy: Math.random() < 0.15 ? { name: randomName(), relation: pickOne(RELATIONS), phone: randomPhone() } : null,
  };
}
