import type { Declaration } from './declaration';
import { chinaDate, isRealDate } from './calendar';
import { DomainError } from './errors';
import type { RiskType } from './riskTypes';

/** A county's figures for one year. The income line is a setting, never a constant in code. */
export interface CountyThresholds {
  year: number;
  incomeLine: number;
  medicalThreshold: number;
  /** 大额刚性支出: a loss or cost above this marks the household a key group. */
  rigidSpendingThreshold: number;
}

export const KEY_GROUP_FLAGS = {
  high_medical_cost: '自付医疗费用高',
  below_income_line: '人均收入低于监测范围',
  large_rigid_spending: '大额刚性支出',
  no_labor: '无劳动力',
  child_dropout: '义务教育阶段辍学',
} as const;
export type KeyGroupFlag = keyof typeof KEY_GROUP_FLAGS;

export const URGENCY_REASONS = {
  recent_disaster: '一个月内遭灾',
  recent_accident: '一个月内出意外',
  house_may_collapse: '房子可能倒塌',
  no_drinking_water: '现在没水吃',
  child_dropout: '孩子辍学',
} as const;
export type UrgencyReason = keyof typeof URGENCY_REASONS;

export interface Assessment {
  riskTypes: RiskType[];
  flags: KeyGroupFlag[];
  urgent: boolean;
  urgencyReasons: UrgencyReason[];
  perCapitaIncome: number;
  incomeLine: number;
}

const DAY_MS = 86_400_000;
export const URGENT_WINDOW_DAYS = 30;

/** Whether an event (by date, or by the "when" bracket 1 = within a month) is recent. */
function isRecent(when: number | undefined, date: string | undefined, now: Date, field: string): boolean {
  if (date !== undefined) {
    if (!isRealDate(date)) throw new DomainError('validation_failed', `${field}不是有效日期`, 400, { field: `details.${field}` });
    // Dates are China calendar dates: compare with today's date in China, not with UTC.
    if (date > chinaDate(now)) throw new DomainError('validation_failed', `${field}不能晚于今天`, 400, { field: `details.${field}` });
    const at = Date.parse(`${date}T00:00:00+08:00`);
    return now.getTime() - at <= URGENT_WINDOW_DAYS * DAY_MS;
  }
  return when === 1;
}

/**
 * Derives what the server never trusts a client for: risk types, key-group flags (重点人群),
 * urgency and the per-capita income beside the county's line. A hint for the cadre, never a decision.
 */
export function assessDeclaration(declaration: Declaration, thresholds: CountyThresholds, now: Date): Assessment {
  const d = declaration.details;
  const riskTypes = new Set<RiskType>(declaration.hardships);
  if (d.laborCount === 0) riskTypes.add('labor');

  const urgencyReasons: UrgencyReason[] = [];
  if (riskTypes.has('disaster') && isRecent(d.disasterWhen, d.disasterDate, now, 'disasterDate')) urgencyReasons.push('recent_disaster');
  if (riskTypes.has('accident') && isRecent(d.accidentWhen, d.accidentDate, now, 'accidentDate')) urgencyReasons.push('recent_accident');
  if (d.housingDanger === 1) urgencyReasons.push('house_may_collapse');
  if (d.waterProblem === 1) urgencyReasons.push('no_drinking_water');
  if (d.dropout === 1) urgencyReasons.push('child_dropout');

  const perCapitaIncome = Math.round(declaration.annualIncome / declaration.householdSize);
  const flags: KeyGroupFlag[] = [];
  if ((d.medicalOutOfPocket ?? 0) > thresholds.medicalThreshold) flags.push('high_medical_cost');
  if (perCapitaIncome < thresholds.incomeLine) flags.push('below_income_line');
  const largestSpending = Math.max(d.medicalOutOfPocket ?? 0, d.disasterLoss ?? 0, d.accidentCost ?? 0, d.industryLoss ?? 0);
  if (largestSpending > thresholds.rigidSpendingThreshold) flags.push('large_rigid_spending');
  if (d.laborCount === 0) flags.push('no_labor');
  if (d.dropout === 1) flags.push('child_dropout');

  return {
    riskTypes: [...riskTypes],
    flags,
    urgent: urgencyReasons.length > 0,
    urgencyReasons,
    perCapitaIncome,
    incomeLine: thresholds.incomeLine,
  };
}
