import { RISK_TYPE_LABELS, RISK_TYPES, type RiskType } from '../riskTypes';

/**
 * A department's reason in its own words → the risk types (风险类型) the case starts with. The
 * words are those the plans list as department warnings (Xing'an plan §2: 医保自费支出1万元以上人员
 * 和大病户、新增残疾人、教育资助对象、危房户或当前饮水不安全户、务工就业受影响家庭、产业发展失败户,
 * 因灾因意外事故…), plus the official labels themselves. A reason may name several; one that
 * names none (新增低保, 临时救助, 收入大幅缩减…) is 其他, carrying the department's words.
 * A hint for the visit like any declaration's: the cadre verifies the real risk types.
 */
const WORDS: readonly [RiskType, RegExp][] = [
  ['illness', /医保|医疗|大病|重病|慢性病|慢病|住院|自费|自付|因病|患病|疾病/],
  ['schooling', /教育|助学|就学|上学|辍学|学生|因学|学费/],
  ['housing', /危房|住房|房屋|危改|农房/],
  ['water', /饮水|吃水|缺水|水源|供水/],
  ['disability', /残疾|残联|因残|伤残|残疾证/],
  ['disaster', /灾|旱|洪|冰雹|雪灾|地震|泥石流|病虫害/],
  ['accident', /意外|事故|车祸/],
  ['industry', /产业|种植|养殖|经营失败/],
  ['employment', /务工|就业|失业|打工|欠薪|工资拖欠/],
  ['labor', /劳动力|失能|无劳力/],
];

export function riskTypesOfReason(reason: string): RiskType[] {
  const found = new Set<RiskType>();
  for (const [code, label] of Object.entries(RISK_TYPE_LABELS) as [RiskType, string][]) if (code !== 'other' && reason.includes(label)) found.add(code);
  for (const [code, words] of WORDS) if (words.test(reason)) found.add(code);
  // In the official order, so the same reason always reads the same.
  const list = RISK_TYPES.filter((code) => found.has(code));
  return list.length ? list : ['other'];
}

/**
 * Words compared as the same: full-width folded, spaces and punctuation dropped. The same
 * department's list sent again (or retyped) with "医保自费支出 1万元以上。" reads as before.
 */
export function normalizeWords(text: string): string {
  return text.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '');
}
