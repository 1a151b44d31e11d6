/** The fixed list of 风险类型 from 防止返贫动态监测. Hardship codes a resident picks are these codes. */
export const RISK_TYPES = [
  'illness',
  'schooling',
  'housing',
  'water',
  'disability',
  'disaster',
  'accident',
  'industry',
  'employment',
  'labor',
  'other',
] as const;

export type RiskType = (typeof RISK_TYPES)[number];

export const RISK_TYPE_LABELS: Record<RiskType, string> = {
  illness: '因病',
  schooling: '因学',
  housing: '因安全住房',
  water: '因安全饮水',
  disability: '因残',
  disaster: '因自然灾害',
  accident: '因意外事故',
  industry: '因产业项目失败',
  employment: '因务工就业不稳',
  labor: '缺劳动力',
  other: '其他',
};

/** The catalogue as GET /api/questionnaire serves it: code → official label, in the official order. */
export const RISK_TYPE_CATALOGUE: readonly { code: RiskType; label: string }[] = RISK_TYPES.map((code) => ({ code, label: RISK_TYPE_LABELS[code] }));

export function isRiskType(value: string): value is RiskType {
  return (RISK_TYPES as readonly string[]).includes(value);
}

/**
 * The risk types as one integer, bit i for RISK_TYPES[i] (cases.riskMask): an index can hold it
 * where it cannot hold the JSON list, so counting open cases by risk type reads the index alone.
 * RISK_TYPES is append-only for this reason; a new type comes with a migration that sets its bit.
 */
export function riskTypeMask(types: readonly RiskType[]): number {
  return types.reduce((mask, type) => mask | riskTypeBit(type), 0);
}

export function riskTypeBit(type: RiskType): number {
  return 1 << RISK_TYPES.indexOf(type);
}
