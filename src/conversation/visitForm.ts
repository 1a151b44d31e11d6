import { RISK_TYPES, RISK_TYPE_LABELS, type RiskType } from '../domain/riskTypes';
import {
  EXCLUSIONS,
  INCOME_LABELS,
  incomeFigures,
  proposeConclusion,
  settleConclusion,
  visitSchema,
  visitSummaryLines,
  type Exclusion,
  type VisitAssets,
  type VisitIncome,
  type VisitInput,
  type VisitRecord,
} from '../domain/workflow';
import type { FormDef, FormStep, FormValues } from './form';
import { amountStep, choiceStep, countStep, dayStep, multiStep, notInFuture, parseNames, textStep, type Option } from './formSteps';
import { MSG } from './messages';
import { parseNameRelation } from './parseReply';
import { firstProblem } from './schemaProblem';

/**
 * 核查 <编号>: the 核查认定表 (visitSchema) by chat. The proposed conclusion comes from the domain
 * (proposeConclusion), the read-back is the household's own summary (visitSummaryLines) plus
 * the figures staff need; submitting records the visit and asks the household to confirm.
 */
export interface VisitContext {
  cadreName: string;
  applicantName: string;
  declaredSize: number;
  declaredRisks: string[];
  incomeLine: number;
  /** 看病自付 the household declared, as a reminder when the cadre asks for 合规自付. */
  declaredMedical: number | null;
}

const INCOME_KEYS = Object.keys(INCOME_LABELS) as (keyof VisitIncome)[];
const INCOME_HINTS: Record<keyof VisitIncome, string> = {
  wage: '打工、上班挣的',
  business: '种地、养殖、做生意的收入',
  property: '土地流转、房租、分红',
  transfer: '养老金、低保、各种补贴',
  businessExpense: '种子、化肥、饲料等成本',
  insuranceClaims: '保险理赔',
  compliantOutOfPocket: '看病等报销后自己出的合规费用',
};

const RISK_OPTIONS: Option<RiskType | 'none'>[] = [...RISK_TYPES.map((code) => ({ value: code, label: RISK_TYPE_LABELS[code] })), { value: 'none', label: '无风险' }];
const ASSET_OPTIONS: Option<keyof VisitAssets>[] = [
  { value: 'company', label: '注册了公司或企业并在经营' },
  { value: 'urbanProperty', label: '在城镇有商品房、门面房' },
  { value: 'consumerCar', label: '有消费型汽车（小轿车等）' },
  { value: 'other', label: '其他值钱的资产' },
];
const EXCLUSION_OPTIONS: Option<Exclusion>[] = (Object.keys(EXCLUSIONS) as Exclusion[]).map((code) => ({ value: code, label: EXCLUSIONS[code] }));

const picked = (values: FormValues, id: string): string[] => (Array.isArray(values[id]) ? (values[id] as string[]) : []);

/** The answers as the schema's input (before the conclusion is settled). */
function visitInput(values: FormValues): Record<string, unknown> {
  const assets = picked(values, 'assets');
  const income = Object.fromEntries(INCOME_KEYS.map((key) => [key, values[`income_${key}`]]));
  const proxy = values.respondentProxy as { name: string; relation: string } | undefined;
  const input: Record<string, unknown> = {
    visitedOn: values.visitedOn,
    visitors: values.visitors,
    method: values.method,
    respondent: values.respondent,
    householdSize: values.householdSize,
    verifiedRiskTypes: values.risks,
    income,
    assets: { company: assets.includes('company'), urbanProperty: assets.includes('urbanProperty'), consumerCar: assets.includes('consumerCar') },
    exclusions: values.exclusions ?? [],
  };
  if (values.awayReason) input.awayReason = values.awayReason;
  if (proxy) Object.assign(input, { respondentName: proxy.name, respondentRelation: proxy.relation });
  if (values.otherRisk) input.otherRisk = values.otherRisk;
  if (values.assetOther) (input.assets as Record<string, unknown>).other = values.assetOther;
  return input;
}

type Proposal = ReturnType<typeof proposeConclusion>;

function proposalOf(values: FormValues): Proposal {
  const assets = picked(values, 'assets');
  return proposeConclusion({
    verifiedRiskTypes: picked(values, 'risks') as VisitInput['verifiedRiskTypes'],
    exclusions: picked(values, 'exclusions') as Exclusion[],
    assets: { company: assets.includes('company'), urbanProperty: assets.includes('urbanProperty'), consumerCar: assets.includes('consumerCar') },
  });
}

const proposalWords = (p: Proposal) =>
  p.conclusion === 'proceed' ? '继续办理（下一步村级评议）' : p.endReason === 'no_risk' ? '核查结束（核查无风险）' : `核查结束（不符合纳入条件：${p.exclusions.map((e) => EXCLUSIONS[e]).join('；')}）`;

/** The conclusion the cadre settled on, in the schema's fields. */
function conclusionInput(values: FormValues): Record<string, unknown> {
  const proposal = proposalOf(values);
  if (values.conclusion !== 'change') return proposal.conclusion === 'proceed' ? { conclusion: 'proceed' } : { conclusion: 'end', endReason: proposal.endReason };
  if (proposal.conclusion === 'proceed') return { conclusion: 'end', endReason: values.endReason };
  return { conclusion: 'proceed', overrideReason: values.overrideReason };
}

const incomeSteps = INCOME_KEYS.map((key) =>
  amountStep<VisitContext>(`income_${key}`, INCOME_LABELS[key], `近12个月${INCOME_LABELS[key]}多少元？（${INCOME_HINTS[key]}；没有回复0）`, {
    ask: key === 'compliantOutOfPocket' ? (_v, ctx) => (ctx.declaredMedical ? `申报时说看病自付约${ctx.declaredMedical}元。` : '') : undefined,
  }),
);

const visitorsStep: FormStep<VisitContext> = {
  id: 'visitors',
  label: '核查人',
  prompt: (_v, ctx) => `和您（${ctx.cadreName}）一起入户的是谁？请写名字，几位就用空格隔开。`,
  read: (_text, raw, _v, ctx) => {
    const names = parseNames(raw);
    if (!names) return { ok: false, problem: MSG.visitNames };
    const visitors = [ctx.cadreName, ...names.filter((n) => n !== ctx.cadreName)];
    if (visitors.length < 2) return { ok: false, problem: MSG.visitTwoPeople };
    if (visitors.length > 4) return { ok: false, problem: MSG.visitTooMany };
    return { ok: true, value: visitors };
  },
  show: (value) => (value as string[]).join('、'),
};

const respondentProxyStep: FormStep<VisitContext> = {
  id: 'respondentProxy',
  label: '代答人',
  when: (v) => v.respondent === 'proxy',
  prompt: () => '代答人的名字和与户主的关系？例如：李明 儿子',
  read: (text) => {
    const parsed = parseNameRelation(text);
    return parsed ? { ok: true, value: parsed } : { ok: false, problem: MSG.visitProxyFormat };
  },
  show: (value) => {
    const p = value as { name: string; relation: string };
    return `${p.name}（${p.relation}）`;
  },
};

const conclusionStep: FormStep<VisitContext> = {
  id: 'conclusion',
  label: '核查结论',
  prompt: (values) => {
    const proposal = proposalOf(values);
    const head = `按填写的情况，结论是：${proposalWords(proposal)}。\n1 同意`;
    // No verified risk can only end the visit: no second choice is offered that would be refused.
    if (proposal.conclusion === 'end' && proposal.endReason === 'no_risk') return `${head}\n${MSG.visitNoRiskHint}`;
    return `${head}\n2 ${proposal.conclusion === 'proceed' ? '改为核查结束' : '改为继续办理（要写明说明）'}`;
  },
  read: (text, _raw, values) => {
    const pick = text === '同意' ? 1 : Number(text);
    if (pick === 1) return { ok: true, value: 'agree' };
    if (pick !== 2) return { ok: false, problem: MSG.formPickOne(2) };
    const proposal = proposalOf(values);
    if (proposal.conclusion === 'end' && proposal.endReason === 'no_risk') return { ok: false, problem: MSG.visitNoRiskEnds };
    return { ok: true, value: 'change' };
  },
  show: (value, values) => (value === 'agree' ? proposalWords(proposalOf(values)) : proposalOf(values).conclusion === 'proceed' ? '改为核查结束' : '改为继续办理'),
};

const STEPS: FormStep<VisitContext>[] = [
  dayStep('visitedOn', '入户日期', '哪天入户的？', { check: notInFuture }),
  visitorsStep,
  choiceStep('method', '核查方式', '怎么核查的？', [
    { value: 'home', label: '入户' },
    { value: 'remote', label: '电话或微信（户主外出等）' },
  ]),
  textStep('awayReason', '不能入户的原因', '为什么不能入户？例如：外出务工', 2, 100, { when: (v) => v.method === 'remote' }),
  choiceStep('respondent', '回答人', '谁回答的？', [
    { value: 'household', label: '户主本人或家庭成员' },
    { value: 'proxy', label: '亲属或村干部代答' },
  ]),
  respondentProxyStep,
  countStep('householdSize', '家庭人口', '家里几口人？', 1, 30, { unit: '口人', ask: (_v, ctx) => (ctx.declaredSize ? `申报时是${ctx.declaredSize}口人。` : '') }),
  multiStep('risks', '核实的风险', '核实的风险类型？可以选几个，用空格隔开，例如：1 6', RISK_OPTIONS, {
    ask: (_v, ctx) => (ctx.declaredRisks.length ? `申报时：${ctx.declaredRisks.join('、')}。` : ''),
    check: (codes) => (codes.includes('none') && codes.length > 1 ? MSG.visitNoneAlone : null),
  }),
  textStep('otherRisk', '其他风险', '“其他”风险是什么？请写一句话', 2, 100, { when: (v) => picked(v, 'risks').includes('other') }),
  ...incomeSteps,
  multiStep('assets', '资产', '家里有下面这些吗？有的回复序号，可以选几个', ASSET_OPTIONS, { noneWord: '都没有' }),
  textStep('assetOther', '其他资产', '其他资产是什么？', 1, 100, { when: (v) => picked(v, 'assets').includes('other') }),
  multiStep('exclusions', '不得纳入情形', '有没有下面不得纳入的情形？有的回复序号', EXCLUSION_OPTIONS, { noneWord: '都没有' }),
  conclusionStep,
  choiceStep('endReason', '结束原因', '核查结束的原因？', [
    { value: 'no_risk', label: '核查无风险' },
    { value: 'not_eligible', label: '不符合纳入条件' },
  ], { when: (v) => v.conclusion === 'change' && proposalOf(v).conclusion === 'proceed' }),
  textStep('overrideReason', '说明', '有不得纳入情形仍要继续办理，请写明说明：', 2, 200, {
    when: (v) => v.conclusion === 'change' && proposalOf(v).conclusion === 'end',
  }),
];

/** Which step answers a field the schema refused. */
const FIELD_STEPS: Record<string, string> = {
  respondentName: 'respondentProxy',
  respondentRelation: 'respondentProxy',
  verifiedRiskTypes: 'risks',
  endReason: 'conclusion',
  overrideReason: 'conclusion',
};

function fieldStep(path: readonly PropertyKey[]): string {
  const [top, inner] = path.map(String);
  if (top === 'income') return `income_${inner}`;
  if (top === 'assets') return inner === 'other' ? 'assetOther' : 'assets';
  return FIELD_STEPS[top] ?? (STEPS.some((s) => s.id === top) ? top : 'visitedOn');
}

export const VISIT_FORM: FormDef<VisitContext> = {
  kind: 'visit',
  numbered: true,
  title: (ctx, code) => `${code} ${ctx.applicantName}家的核查认定表`,
  steps: STEPS,
  input: (values) => ({ ...visitInput(values), ...conclusionInput(values) }),
  review: (values, ctx, env) => {
    const parsed = visitSchema.safeParse({ ...visitInput(values), ...conclusionInput(values) });
    if (!parsed.success) return { ok: false, ...firstProblem(parsed.error, fieldStep) };
    const settled = settleConclusion(parsed.data);
    if (typeof settled === 'string') return { ok: false, step: 'conclusion', problem: settled };
    const { conclusion: _c, endReason: _e, ...entered } = parsed.data;
    const figures = incomeFigures(parsed.data.income, parsed.data.householdSize, ctx.incomeLine);
    const record: VisitRecord = { ...entered, figures, conclusion: settled, recordedBy: ctx.cadreName, recordedAt: env.now.toISOString() };
    const staffLines = [
      `人均参考收入${figures.perCapitaReference}元，监测线${figures.incomeLine}元（${figures.belowLine ? '低于' : '不低于'}）`,
      record.respondent === 'proxy' ? `由${record.respondentName}（${record.respondentRelation}）代答` : '',
      record.method === 'remote' ? `未入户：${record.awayReason}` : '',
      record.conclusion.conclusion === 'proceed' && record.overrideReason ? `有不得纳入情形仍继续办理，说明：${record.overrideReason}` : '',
    ].filter(Boolean);
    return { ok: true, lines: [MSG.visitReadBack, ...visitSummaryLines(record), ...staffLines] };
  },
};
