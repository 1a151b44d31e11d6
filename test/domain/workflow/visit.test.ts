import {
  EXCLUSIONS,
  exclusionsFound,
  incomeFigures,
  incomeSchema,
  proposeConclusion,
  settleConclusion,
  visitSchema,
  visitSummaryLines,
  type Exclusion,
  type VisitIncome,
} from '../../../src/domain/workflow';
import { issuesOf, visitRecord } from './fixtures';

const ZERO: VisitIncome = { wage: 0, business: 0, property: 0, transfer: 0, businessExpense: 0, insuranceClaims: 0, compliantOutOfPocket: 0 };
const NO_ASSETS = { company: false, urbanProperty: false, consumerCar: false };

describe('the 核查认定表 income arithmetic, worked by hand', () => {
  it('工资24000 + 经营8000 + 财产0 + 转移3600 − 经营支出5000 = 纯收入30600; +理赔2000 − 合规自付6000 = 参考26600; 4人', () => {
    const income = { wage: 24000, business: 8000, property: 0, transfer: 3600, businessExpense: 5000, insuranceClaims: 2000, compliantOutOfPocket: 6000 };
    expect(incomeFigures(income, 4, 7000)).toEqual({
      netIncome: 30600,
      perCapitaNetIncome: 7650,
      referenceIncome: 26600,
      perCapitaReference: 6650,
      incomeLine: 7000,
      // The line is compared with what is left after 合规自付: 6650 < 7000 although 7650 is above it.
      belowLine: true,
    });
  });

  it('rounds a per-head figure to whole yuan, half up', () => {
    // 10000 ÷ 3 = 3333.33… → 3333; 10001 ÷ 3 = 3333.67 → 3334; 5001 ÷ 2 = 2500.5 → 2501.
    expect(incomeFigures({ ...ZERO, wage: 10000 }, 3, 7000).perCapitaNetIncome).toBe(3333);
    expect(incomeFigures({ ...ZERO, wage: 10001 }, 3, 7000).perCapitaNetIncome).toBe(3334);
    expect(incomeFigures({ ...ZERO, wage: 5001 }, 2, 7000).perCapitaNetIncome).toBe(2501);
    // Reference: 9000 + 0 − 2000 = 7000 ÷ 3 = 2333.33 → 2333.
    expect(incomeFigures({ ...ZERO, wage: 9000, compliantOutOfPocket: 2000 }, 3, 7000).perCapitaReference).toBe(2333);
  });

  it('a failed farming year gives a negative net income', () => {
    // 经营2000 − 支出9000 = −7000, 2人 → −3500; +理赔500 = −6500 → −3250.
    expect(incomeFigures({ ...ZERO, business: 2000, businessExpense: 9000, insuranceClaims: 500 }, 2, 7000)).toMatchObject({
      netIncome: -7000,
      perCapitaNetIncome: -3500,
      referenceIncome: -6500,
      perCapitaReference: -3250,
      belowLine: true,
    });
  });

  it('exactly on the line is not below it', () => {
    expect(incomeFigures({ ...ZERO, wage: 14000 }, 2, 7000).belowLine).toBe(false);
    expect(incomeFigures({ ...ZERO, wage: 13998 }, 2, 7000).belowLine).toBe(true);
    // Compared before rounding: 13999 ÷ 2 = 6999.5 shows as 7000 but is below a 7000 line.
    expect(incomeFigures({ ...ZERO, wage: 13999 }, 2, 7000)).toMatchObject({ perCapitaReference: 7000, belowLine: true });
    expect(incomeFigures({ ...ZERO, wage: 14000 }, 2, 7000)).toMatchObject({ perCapitaReference: 7000, belowLine: false });
  });

  it('a household of zero people never reaches the arithmetic: the form refuses it', () => {
    expect(issuesOf(visitSchema.shape.householdSize, 0)).toEqual(['家庭人口数至少为1']);
  });

  it('amounts are whole yuan, not negative, not absurd', () => {
    expect(incomeSchema.parse({ ...ZERO, wage: 1000.5, transfer: 99.4 })).toMatchObject({ wage: 1001, transfer: 99 });
    expect(issuesOf(incomeSchema, { ...ZERO, wage: -1 })).toEqual(['工资性收入不能是负数']);
    expect(issuesOf(incomeSchema, { ...ZERO, compliantOutOfPocket: 10_000_001 })).toEqual(['合规自付支出太大了，请核对']);
    expect(issuesOf(incomeSchema, { ...ZERO, business: '8000' })).toEqual(['生产经营性收入应为数字（元）']);
  });

  it('property: each item moves the figures by exactly its own amount, in its own direction', () => {
    // A small deterministic generator (fast-check is not installed): 500 random households.
    let seed = 20261127;
    const rand = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % (max + 1);
    };
    const plus: Record<keyof VisitIncome, [net: number, reference: number]> = {
      wage: [1, 1],
      business: [1, 1],
      property: [1, 1],
      transfer: [1, 1],
      businessExpense: [-1, -1],
      insuranceClaims: [0, 1],
      compliantOutOfPocket: [0, -1],
    };
    for (let i = 0; i < 500; i++) {
      const income = Object.fromEntries(Object.keys(ZERO).map((k) => [k, rand(50_000)])) as VisitIncome;
      const size = 1 + rand(9);
      const base = incomeFigures(income, size, 7000);
      for (const [key, [dNet, dRef]] of Object.entries(plus) as [keyof VisitIncome, [number, number]][]) {
        const k = 1 + rand(5000);
        const moved = incomeFigures({ ...income, [key]: income[key] + k }, size, 7000);
        expect([moved.netIncome - base.netIncome, moved.referenceIncome - base.referenceIncome]).toEqual([dNet * k, dRef * k]);
      }
      // The per-head figure is the total shared out, within half a yuan.
      expect(Math.abs(base.perCapitaNetIncome * size - base.netIncome)).toBeLessThanOrEqual(size / 2);
    }
  });
});

/** Gengma plan 附件1, the ten 不得纳入 categories in the official order and wording. */
const TEN: [Exclusion, string][] = [
  ['civil_servant', '有家庭成员或户主的父母、配偶、子女为国家公职人员'],
  ['paid_village_cadre', '有家庭成员任村“两委”干部并定期领取薪酬'],
  ['consumer_car', '购买了消费型汽车'],
  ['urban_property', '在城镇拥有自建房或购买商品房、门面房以及其他经营用房'],
  ['operating_company', '在市场监管部门注册登记公司、企业并实际开展经营活动'],
  ['large_scale_or_hiring', '种植、养殖大户或雇佣他人从事生产经营活动'],
  ['split_household', '为享受帮扶故意分户、并户，不符合识别条件'],
  ['nominal_registration', '空挂户或为套取帮扶将户口迁入村组的空挂人口'],
  ['dead_imprisoned_missing', '死亡人员、服刑人员、失踪人员以及与户主不共享开支或收入的人员'],
  ['credit_or_border', '纳入失信惩戒，或违反边境管理规定'],
];

describe('不得纳入 (exclusions)', () => {
  it('the catalogue is the ten official categories, in order', () => {
    expect(Object.entries(EXCLUSIONS)).toEqual(TEN);
  });

  it.each(TEN)('%s ticked proposes 核查结束 / 不符合纳入条件 with that category', (code) => {
    expect(proposeConclusion({ exclusions: [code], assets: NO_ASSETS, verifiedRiskTypes: ['illness'] })).toEqual({ conclusion: 'end', endReason: 'not_eligible', exclusions: [code] });
  });

  it.each([
    ['company', 'operating_company'],
    ['urbanProperty', 'urban_property'],
    ['consumerCar', 'consumer_car'],
  ] as const)('the asset check %s is itself the exclusion %s', (asset, code) => {
    expect(proposeConclusion({ exclusions: [], assets: { ...NO_ASSETS, [asset]: true }, verifiedRiskTypes: ['illness'] })).toEqual({ conclusion: 'end', endReason: 'not_eligible', exclusions: [code] });
  });

  it('"other assets" written down is not an exclusion by itself', () => {
    expect(proposeConclusion({ exclusions: [], assets: { ...NO_ASSETS, other: '一台拖拉机' }, verifiedRiskTypes: ['illness'] })).toEqual({ conclusion: 'proceed' });
  });

  it('several found are listed once each, in the official order', () => {
    const found = exclusionsFound({ exclusions: ['credit_or_border', 'consumer_car', 'civil_servant'], assets: { ...NO_ASSETS, consumerCar: true, company: true } });
    expect(found).toEqual(['civil_servant', 'consumer_car', 'operating_company', 'credit_or_border']);
  });

  it('the form folds duplicates and puts ticked codes in the official order', () => {
    const parsed = visitSchema.shape.exclusions.parse(['credit_or_border', 'civil_servant', 'credit_or_border']);
    expect(parsed).toEqual(['civil_servant', 'credit_or_border']);
  });
});

describe('proposeConclusion and settleConclusion', () => {
  const form = (overrides: Record<string, unknown> = {}) =>
    visitSchema.parse({ visitedOn: '2026-11-24', visitors: ['张明', '王强'], householdSize: 2, verifiedRiskTypes: ['illness'], income: ZERO, assets: NO_ASSETS, ...overrides });

  it('a verified risk and nothing excluding: 履行认定程序', () => {
    expect(proposeConclusion(form())).toEqual({ conclusion: 'proceed' });
    expect(settleConclusion(form())).toEqual({ conclusion: 'proceed' });
  });

  it('no verified risk: 核查结束 / 核查无风险', () => {
    expect(proposeConclusion(form({ verifiedRiskTypes: ['none'] }))).toEqual({ conclusion: 'end', endReason: 'no_risk', exclusions: [] });
  });

  it('an exclusion outweighs "no risk": the reason recorded is 不符合纳入条件', () => {
    expect(proposeConclusion(form({ verifiedRiskTypes: ['none'], exclusions: ['split_household'] }))).toEqual({ conclusion: 'end', endReason: 'not_eligible', exclusions: ['split_household'] });
  });

  it('the cadre may end a case the record would let go on, no risk by default', () => {
    expect(settleConclusion(form({ conclusion: 'end' }))).toEqual({ conclusion: 'end', endReason: 'no_risk', exclusions: [] });
    expect(settleConclusion(form({ conclusion: 'end', endReason: 'not_eligible' }))).toEqual({ conclusion: 'end', endReason: 'not_eligible', exclusions: [] });
  });

  it('no risk verified cannot go on', () => {
    expect(settleConclusion(form({ verifiedRiskTypes: ['none'], conclusion: 'proceed', overrideReason: '想继续' }))).toBe('核实没有风险的，核查结论应为核查结束');
    // No risk stays no risk even with an exclusion ticked and a written reason.
    expect(settleConclusion(form({ verifiedRiskTypes: ['none'], exclusions: ['civil_servant'], conclusion: 'proceed', overrideReason: '想继续' }))).toBe('核实没有风险的，核查结论应为核查结束');
  });

  it('going on against an exclusion needs a written reason, then it is allowed', () => {
    expect(settleConclusion(form({ assets: { ...NO_ASSETS, urbanProperty: true }, conclusion: 'proceed' }))).toBe(
      '勾选了不得纳入情形（在城镇拥有自建房或购买商品房、门面房以及其他经营用房），仍要履行认定程序的，请写明说明',
    );
    expect(settleConclusion(form({ assets: { ...NO_ASSETS, urbanProperty: true }, conclusion: 'proceed', overrideReason: '房子已在去年卖掉' }))).toEqual({ conclusion: 'proceed' });
  });

  it('ending with an exclusion found must give 不符合纳入条件 as the reason', () => {
    expect(settleConclusion(form({ exclusions: ['civil_servant'], conclusion: 'end', endReason: 'no_risk' }))).toBe(
      '勾选了不得纳入情形（有家庭成员或户主的父母、配偶、子女为国家公职人员），结束原因应为不符合纳入条件',
    );
    expect(settleConclusion(form({ exclusions: ['civil_servant'], conclusion: 'end' }))).toEqual({ conclusion: 'end', endReason: 'not_eligible', exclusions: ['civil_servant'] });
  });
});

describe('visitSummaryLines: what the household confirms', () => {
  it('reads the visit back in plain words, money as recorded', () => {
    const record = visitRecord({ visitedOn: '2026-11-24', verifiedRiskTypes: ['illness', 'schooling'] });
    expect(visitSummaryLines(record)).toEqual([
      '2026年11月24日，张明、王强到您家了解情况',
      '核实的困难：因病、因学',
      '近12个月家庭纯收入30,600元，4口人，每人7,650元',
      '看病等合规自付6,000元，理赔2,000元',
      '结论：继续办理，下一步村里开会商量',
    ]);
  });

  it('a remote visit, assets, no risk and a negative income', () => {
    const record = visitRecord({
      method: 'remote',
      awayReason: '外出务工',
      householdSize: 2,
      verifiedRiskTypes: ['none'],
      income: { ...ZERO, business: 2000, businessExpense: 9000 },
      figures: { netIncome: -7000, perCapitaNetIncome: -3500, referenceIncome: -7000, perCapitaReference: -3500, incomeLine: 7000, belowLine: true },
      assets: { company: true, urbanProperty: true, consumerCar: true, other: '一台拖拉机' },
      conclusion: { conclusion: 'end', endReason: 'no_risk', exclusions: [] },
    });
    expect(visitSummaryLines(record)).toEqual([
      '2026年11月17日，张明、王强通过电话或微信了解情况',
      '核实的困难：没有发现返贫致贫风险',
      '近12个月家庭纯收入负7,000元，2口人，每人负3,500元',
      '家里有：企业、城镇商品房、小汽车、一台拖拉机',
      '结论：核查结束（核查无风险）',
    ]);
  });

  it('names the exclusion in the conclusion line', () => {
    const record = visitRecord({ conclusion: { conclusion: 'end', endReason: 'not_eligible', exclusions: ['consumer_car', 'credit_or_border'] } });
    expect(visitSummaryLines(record).at(-1)).toBe('结论：核查结束（不符合纳入条件：购买了消费型汽车；纳入失信惩戒，或违反边境管理规定）');
  });

  it('never shows an ID number, nor the cadre’s internal note or the override reason', () => {
    const record = visitRecord({ note: '户主身份证152221194901010012，已核对', overrideReason: '见身份证152221194901010012', respondent: 'proxy', respondentName: '巴特尔之子', respondentRelation: '儿子' });
    const text = visitSummaryLines(record).join('\n');
    expect(text).not.toMatch(/\d{15,}|\d{17}[\dXx]/);
    expect(text).not.toContain('已核对');
  });
});
