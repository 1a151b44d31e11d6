/**
 * The fixed lists the procedure's forms use, with the official wording. Codes are stable
 * (stored, sent over the API); labels are what people read.
 */

/** 监测方式 (核查认定表 §二): how the case came in. */
export const INTAKE_METHODS = {
  self_declared: '农牧户自主申报',
  cadre_screening: '基层干部排查',
  department_warning: '部门筛查预警',
} as const;
export type IntakeMethod = keyof typeof INTAKE_METHODS;

/** Where a case came in from. */
export const CASE_CHANNELS = {
  miniprogram: '小程序',
  chat: '微信聊天',
  api: '工作人员录入',
} as const;
export type CaseChannel = keyof typeof CASE_CHANNELS;

/** Why a case ended before the county's decision (核查结束 and the like). */
export const CLOSE_REASONS = {
  no_risk: '核查无风险',
  not_eligible: '不符合纳入条件',
  duplicate: '重复申报',
  withdrawn: '群众撤回',
  review_failed: '村级评议未通过',
} as const;
export type CloseReason = keyof typeof CLOSE_REASONS;

/** The same reasons as the household reads them (issue 13: no 纳入, no 评议). */
export const RESIDENT_CLOSE_REASONS: Record<CloseReason, string> = {
  no_risk: '村里看过，家里暂时没有大的困难',
  not_eligible: '不符合帮扶的条件',
  duplicate: '已经申报过了',
  withdrawn: '您撤回了申报',
  review_failed: '村里开会商量没有通过',
};

/** 监测对象类型. */
export const MONITORING_TYPES = {
  unstable: '脱贫不稳定户',
  edge: '边缘易致贫户',
  sudden: '突发严重困难户',
} as const;
export type MonitoringType = keyof typeof MONITORING_TYPES;

/** 不得纳入"监测对象"的10类情形 (Gengma plan 附件1), in the official order. */
export const EXCLUSIONS = {
  civil_servant: '有家庭成员或户主的父母、配偶、子女为国家公职人员',
  paid_village_cadre: '有家庭成员任村“两委”干部并定期领取薪酬',
  consumer_car: '购买了消费型汽车',
  urban_property: '在城镇拥有自建房或购买商品房、门面房以及其他经营用房',
  operating_company: '在市场监管部门注册登记公司、企业并实际开展经营活动',
  large_scale_or_hiring: '种植、养殖大户或雇佣他人从事生产经营活动',
  split_household: '为享受帮扶故意分户、并户，不符合识别条件',
  nominal_registration: '空挂户或为套取帮扶将户口迁入村组的空挂人口',
  dead_imprisoned_missing: '死亡人员、服刑人员、失踪人员以及与户主不共享开支或收入的人员',
  credit_or_border: '纳入失信惩戒，或违反边境管理规定',
} as const;
export type Exclusion = keyof typeof EXCLUSIONS;

/** 帮扶措施 as 防止返贫监测对象风险消除验收表 (附件5) lists them, grouped. */
export const MEASURE_GROUPS = {
  产业帮扶: { planting: '种植业', forestry: '林果业', livestock: '养殖业', processing: '加工业', rural_tourism: '乡村旅游', consumption: '消费帮扶' },
  就业帮扶: { skills_training: '技能培训', labor_export: '劳务输出', migrant_subsidy: '外出务工补贴', work_relief: '以工代赈', business_jobs: '经营主体就业' },
  金融帮扶: { microcredit: '小额信贷' },
  公益岗位帮扶: { forest_ranger: '护林员', grassland_ranger: '护草员', cleaner: '保洁员' },
  住房安全保障: { house_renovation: '危房改造' },
  饮水安全保障: { water_security: '饮水安全保障' },
  健康帮扶: { insurance_subsidy: '参加城乡居民基本医疗保险个人缴费补贴', critical_illness_insurance: '大病保险', medical_assistance: '医疗救助' },
  义务教育保障: { persuade_return: '劝返', home_teaching: '送教上门', boarding_allowance: '寄宿生生活补助' },
  教育帮扶: { yulu_plan: '雨露计划', student_loan: '助学贷款', student_grant: '助学金' },
  综合保障: { dibao: '低保', tekun: '特困供养', temporary_relief: '临时救助', disability_allowance: '残疾人补贴', poverty_insurance: '防贫保险' },
  社会帮扶: { donation: '社会捐助' },
  搬迁: { relocation: '搬迁' },
  生产生活条件改善: { living_conditions: '生产生活条件改善' },
  基础设施建设: { infrastructure: '基础设施建设' },
} as const;

type Groups = typeof MEASURE_GROUPS;
export type Measure = { [G in keyof Groups]: keyof Groups[G] }[keyof Groups];

export const MEASURE_LABELS = Object.fromEntries(
  Object.values(MEASURE_GROUPS).flatMap((group) => Object.entries(group)),
) as Record<Measure, string>;
export const MEASURES = Object.keys(MEASURE_LABELS) as Measure[];

/** How the visit was done: in person, or by phone/WeChat when the household is away (Jiangjin plan). */
export const VISIT_METHODS = { home: '入户', remote: '电话或微信' } as const;
export type VisitMethod = keyof typeof VISIT_METHODS;

/** Who answered the visit: the household, or a relative or cadre answering for those who cannot (代答). */
export const RESPONDENTS = { household: '户主本人或家庭成员', proxy: '亲属或村干部代答' } as const;
export type Respondent = keyof typeof RESPONDENTS;

export const labelsOf = <K extends string>(labels: Record<K, string>, codes: readonly K[]): string[] => codes.map((c) => labels[c]);
