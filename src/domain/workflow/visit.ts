import { z } from 'zod';
import { RISK_TYPES, RISK_TYPE_LABELS, type RiskType } from '../riskTypes';
import { CLOSE_REASONS, EXCLUSIONS, VISIT_METHODS, type Exclusion } from './catalogues';
import { choice, codes, count, date, line, note, personName, text, yuan } from './fields';

/**
 * 防止返贫监测对象核查认定表 (Xing'an plan 附件4): what the household visit records, the income
 * arithmetic, and the conclusion the record proposes.
 */
const EXCLUSION_CODES = Object.keys(EXCLUSIONS) as Exclusion[];

export const incomeSchema = z
  .object({
    wage: yuan('工资性收入'),
    business: yuan('生产经营性收入'),
    property: yuan('财产性收入'),
    transfer: yuan('转移性收入'),
    businessExpense: yuan('生产经营性支出'),
    insuranceClaims: yuan('理赔收入'),
    compliantOutOfPocket: yuan('合规自付支出'),
  })
  .strict()
  .meta({ title: '近12个月收支（元）' });
export type VisitIncome = z.output<typeof incomeSchema>;

export const INCOME_LABELS: Record<keyof VisitIncome, string> = {
  wage: '工资性收入',
  business: '生产经营性收入',
  property: '财产性收入',
  transfer: '转移性收入',
  businessExpense: '生产经营性支出',
  insuranceClaims: '理赔收入',
  compliantOutOfPocket: '合规自付支出',
};

export const assetsSchema = z
  .object({
    company: z.boolean({ error: '请选择是否有企业' }).meta({ title: '有企业' }),
    urbanProperty: z.boolean({ error: '请选择是否有商品房' }).meta({ title: '有商品房' }),
    consumerCar: z.boolean({ error: '请选择是否有消费车辆' }).meta({ title: '有消费车辆' }),
    other: line('其他资产', 1, 100).optional(),
  })
  .strict()
  .meta({ title: '资产情况' });
export type VisitAssets = z.output<typeof assetsSchema>;

/** The asset checks that are themselves 不得纳入 categories. */
const ASSET_EXCLUSIONS: [keyof VisitAssets, Exclusion][] = [
  ['company', 'operating_company'],
  ['urbanProperty', 'urban_property'],
  ['consumerCar', 'consumer_car'],
];

export const visitSchema = z
  .object({
    visitedOn: date('入户日期'),
    visitors: z
      .array(personName('核查人姓名'), { error: '请填写核查人' })
      .min(2, { error: '入户核查需两人一组，请填写两名核查人' })
      .max(4, { error: '核查人最多4名' })
      .refine((names) => new Set(names).size === names.length, { error: '两名核查人不能是同一个人' })
      .meta({ title: '核查人（两人一组）' }),
    method: choice('核查方式', VISIT_METHODS, '核查方式只能是入户或电话微信').default('home'),
    awayReason: text('不能入户的原因', 2, 100).optional(),
    respondent: choice('回答人', { household: '户主本人', proxy: '亲属或干部代答' }, '请选择由谁回答').default('household'),
    respondentName: personName('代答人姓名').optional(),
    respondentRelation: line('代答人与户主的关系', 1, 10).optional(),
    householdSize: count('家庭人口数', 1, 30),
    verifiedRiskTypes: codes('核实的风险类型', [...RISK_TYPES, 'none'] as const, 1, { ...RISK_TYPE_LABELS, none: '无风险' }),
    otherRisk: text('其他风险说明', 2, 100).optional(),
    income: incomeSchema,
    assets: assetsSchema,
    exclusions: codes('不得纳入情形', EXCLUSION_CODES, 0, EXCLUSIONS).default([]),
    conclusion: choice('核查结论', { proceed: '履行认定程序', end: '核查结束' }, '核查结论只能是履行认定程序或核查结束').optional(),
    endReason: choice('核查结束的原因', { no_risk: '无风险', not_eligible: '不符合条件' }, '核查结束的原因只能是无风险或不符合条件').optional(),
    overrideReason: text('说明', 2, 200).optional(),
    note,
  })
  .strict()
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.method === 'remote' && !v.awayReason) issue('awayReason', '电话或微信核查的，请写明不能入户的原因（例如外出务工）');
    if (v.respondent === 'proxy' && (!v.respondentName || !v.respondentRelation)) issue('respondentName', '代答的，请写明代答人姓名和与户主的关系');
    if (v.verifiedRiskTypes.includes('none') && v.verifiedRiskTypes.length > 1) issue('verifiedRiskTypes', '选了“无风险”就不能再选其他风险类型');
    if (v.verifiedRiskTypes.includes('other') && !v.otherRisk) issue('otherRisk', '选了“其他”风险，请写明是什么');
  });
export type VisitInput = z.output<typeof visitSchema>;

/**
 * The income arithmetic of the 核查认定表, in one place (12 months before the visit):
 *   家庭纯收入   = 工资性 + 生产经营性 + 财产性 + 转移性 − 生产经营性支出
 *   家庭人均纯收入 = 家庭纯收入 ÷ 家庭人口数
 *   收入参考     = 家庭纯收入 + 理赔收入 − 合规自付支出 (and per head: the figure compared with the
 *                 county's monitoring line, so a household whose income went on 合规自付 medical
 *                 costs shows as what it has left; 理赔 is recorded apart from 转移性收入 on the form).
 * Whole yuan, rounded half up; net income may be negative (a failed farming year).
 */
export interface IncomeFigures {
  netIncome: number;
  perCapitaNetIncome: number;
  referenceIncome: number;
  perCapitaReference: number;
  incomeLine: number;
  belowLine: boolean;
}

export function incomeFigures(income: VisitIncome, householdSize: number, incomeLine: number): IncomeFigures {
  const netIncome = income.wage + income.business + income.property + income.transfer - income.businessExpense;
  const referenceIncome = netIncome + income.insuranceClaims - income.compliantOutOfPocket;
  const perHead = (total: number) => Math.round(total / householdSize);
  const perCapitaReference = perHead(referenceIncome);
  return {
    netIncome,
    perCapitaNetIncome: perHead(netIncome),
    referenceIncome,
    perCapitaReference,
    incomeLine,
    // Compared before rounding: 6999.5 a head is below a 7000 line, whatever it displays as.
    belowLine: referenceIncome < incomeLine * householdSize,
  };
}

export type VisitConclusion = { conclusion: 'proceed' } | { conclusion: 'end'; endReason: 'no_risk' | 'not_eligible'; exclusions: Exclusion[] };

/** Every 不得纳入 category the record shows: the ticked ones and the asset checks that are one. */
export function exclusionsFound(v: Pick<VisitInput, 'exclusions' | 'assets'>): Exclusion[] {
  const fromAssets = ASSET_EXCLUSIONS.filter(([asset]) => v.assets[asset] === true).map(([, exclusion]) => exclusion);
  return EXCLUSION_CODES.filter((e) => v.exclusions.includes(e) || fromAssets.includes(e));
}

/** What the record proposes: any 不得纳入 category → 核查结束/不符合条件; no verified risk → 核查结束/无风险. */
export function proposeConclusion(v: Pick<VisitInput, 'exclusions' | 'assets' | 'verifiedRiskTypes'>): VisitConclusion {
  const found = exclusionsFound(v);
  if (found.length > 0) return { conclusion: 'end', endReason: 'not_eligible', exclusions: found };
  if (v.verifiedRiskTypes.includes('none')) return { conclusion: 'end', endReason: 'no_risk', exclusions: [] };
  return { conclusion: 'proceed' };
}

/**
 * The conclusion recorded: the proposal unless the cadre chose otherwise with a reason. Returns a
 * Chinese problem when the choice contradicts the record.
 */
export function settleConclusion(v: VisitInput): VisitConclusion | string {
  const proposed = proposeConclusion(v);
  const chosen = v.conclusion ?? proposed.conclusion;
  if (chosen === proposed.conclusion) {
    if (proposed.conclusion === 'end' && v.endReason && v.endReason !== proposed.endReason && proposed.endReason === 'not_eligible') {
      return `勾选了不得纳入情形（${proposed.exclusions.map((e) => EXCLUSIONS[e]).join('；')}），结束原因应为不符合纳入条件`;
    }
    return proposed.conclusion === 'end' ? { ...proposed, endReason: v.endReason ?? proposed.endReason } : proposed;
  }
  if (chosen === 'end') return { conclusion: 'end', endReason: v.endReason ?? 'no_risk', exclusions: [] };
  // 履行认定程序 against the proposal.
  if (v.verifiedRiskTypes.includes('none')) return '核实没有风险的，核查结论应为核查结束';
  if (!v.overrideReason) {
    return `勾选了不得纳入情形（${proposed.conclusion === 'end' ? proposed.exclusions.map((e) => EXCLUSIONS[e]).join('；') : ''}），仍要履行认定程序的，请写明说明`;
  }
  return { conclusion: 'proceed' };
}

/** The visit as stored on the case: what was entered, the computed figures, the settled conclusion. */
export interface VisitRecord extends Omit<VisitInput, 'conclusion' | 'endReason'> {
  figures: IncomeFigures;
  conclusion: VisitConclusion;
  recordedBy: string;
  recordedAt: string;
}

const yuanText = (n: number) => `${n < 0 ? '负' : ''}${Math.abs(n).toLocaleString('en-US')}元`;
const dayText = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

export function riskWords(types: readonly (RiskType | 'none')[]): string {
  return types.includes('none') ? '没有发现返贫致贫风险' : types.map((t) => RISK_TYPE_LABELS[t as RiskType]).join('、');
}

export function conclusionWords(c: VisitConclusion): string {
  if (c.conclusion === 'proceed') return '继续办理，下一步村里评议';
  const why = c.exclusions.length ? `：${c.exclusions.map((e) => EXCLUSIONS[e]).join('；')}` : '';
  return `核查结束（${CLOSE_REASONS[c.endReason]}${why}）`;
}

/**
 * The plain-words summary the household confirms (双签字), one short line each, the same in the
 * bot, the mini-program and on paper. No ID number; money as the cadre recorded it.
 */
export function visitSummaryLines(v: VisitRecord): string[] {
  const how = v.method === 'home' ? `${v.visitors.join('、')}到您家了解情况` : `${v.visitors.join('、')}通过${VISIT_METHODS.remote}了解情况`;
  const lines = [
    `${dayText(v.visitedOn)}，${how}`,
    `核实的困难：${riskWords(v.verifiedRiskTypes)}`,
    `近12个月家庭纯收入${yuanText(v.figures.netIncome)}，${v.householdSize}口人，每人${yuanText(v.figures.perCapitaNetIncome)}`,
  ];
  if (v.income.compliantOutOfPocket > 0 || v.income.insuranceClaims > 0) {
    lines.push(`看病等合规自付${yuanText(v.income.compliantOutOfPocket)}，理赔${yuanText(v.income.insuranceClaims)}`);
  }
  const assets = [v.assets.company && '企业', v.assets.urbanProperty && '城镇商品房', v.assets.consumerCar && '小汽车', v.assets.other].filter(Boolean);
  if (assets.length) lines.push(`家里有：${assets.join('、')}`);
  // The household reads this line: what happens next in its words, not 村级评议.
  lines.push(`结论：${v.conclusion.conclusion === 'proceed' ? '继续办理，下一步村里开会商量' : conclusionWords(v.conclusion)}`);
  return lines;
}
