import { z } from 'zod';
import { RISK_TYPES } from './riskTypes';
import { DomainError } from './errors';

/**
 * The case lifecycle of 识别方法步骤 (Gengma plan 附件2):
 * 群众自主申报 → 综合分析研判 → 实地调查 → 评议公示 → 乡镇审核 → 县级确定.
 * One model for every channel; endpoints expose it step by step.
 */
export const CASE_STATES = [
  'submitted',
  'assigned',
  'investigating',
  'village_review',
  'publicity',
  'township_review',
  'county_review',
  'monitored',
  'rejected',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const STAFF_ROLES = ['cadre', 'township', 'county', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  cadre: '村干部',
  township: '乡镇',
  county: '县级',
  admin: '管理员',
};

interface StateInfo {
  /** What staff read. */
  label: string;
  /** What the resident reads in 我的申报. */
  residentLabel: string;
  /** The sentence a resident reads about what comes next. */
  next: string;
  /** Whose queue the case sits in; null once the case is finished. */
  owner: 'cadre' | 'township' | 'county' | null;
}

export const STATE_INFO: Record<CaseState, StateInfo> = {
  submitted: {
    label: '待分派',
    residentLabel: '已收到申报',
    next: '乡镇正在安排负责您村的村干部，安排好后会联系您。',
    owner: 'township',
  },
  assigned: {
    label: '待受理',
    residentLabel: '已交给村干部',
    next: '村干部一般1个工作日内受理，并和您联系。',
    owner: 'cadre',
  },
  investigating: {
    label: '入户核查',
    residentLabel: '村干部已受理',
    next: '村干部会两人一起到您家了解情况，请准备好户口本和身份证。',
    owner: 'cadre',
  },
  village_review: {
    label: '村级评议',
    residentLabel: '村里评议中',
    next: '村里正在开会评议您家的情况，评议后会公示。',
    owner: 'cadre',
  },
  publicity: {
    label: '公示中',
    residentLabel: '正在公示',
    next: '结果在村里公示5个工作日，有意见可以找村干部。',
    owner: 'cadre',
  },
  township_review: {
    label: '乡镇审核',
    residentLabel: '乡镇审核中',
    next: '乡镇正在审核，审核后报县里确定。',
    owner: 'township',
  },
  county_review: {
    label: '县级确定',
    residentLabel: '县里确定中',
    next: '县里正在确定，确定后会告诉您结果。',
    owner: 'county',
  },
  monitored: {
    label: '纳入监测',
    residentLabel: '已纳入监测',
    next: '您家已纳入监测，帮扶干部会和您商量帮扶办法。',
    owner: null,
  },
  rejected: {
    label: '未纳入',
    residentLabel: '未纳入监测',
    next: '这次没有纳入监测，原因村干部会告诉您；以后有新困难可以再申报。',
    owner: null,
  },
  closed: {
    label: '已结案',
    residentLabel: '已办结',
    next: '这件申报已经办结；以后有新困难可以再申报。',
    owner: null,
  },
};

export const TERMINAL_STATES: readonly CaseState[] = ['monitored', 'rejected', 'closed'];
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !TERMINAL_STATES.includes(s));
export const isOpenState = (state: CaseState): boolean => !TERMINAL_STATES.includes(state);

export const CLOSE_REASONS = {
  no_risk: '核查无风险',
  not_eligible: '不符合纳入条件',
  duplicate: '重复申报',
  withdrawn: '群众撤回',
} as const;

export const MONITORING_TYPES = {
  unstable: '脱贫不稳定户',
  edge: '边缘易致贫户',
  sudden: '突发严重困难户',
} as const;

const reason = z.string({ error: '请写明原因' }).trim().min(2, { error: '原因至少2个字' }).max(500, { error: '原因最多500字' });
const note = z.string().trim().max(500, { error: '备注最多500字' }).optional();
const yuan = z.number({ error: '金额应为数字' }).min(-10_000_000).max(10_000_000);

/** 防止返贫监测对象核查认定表 (附件4): what the household visit records. */
export const visitSchema = z.object({
  visitedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '入户日期应为日期，例如2026-11-20' }),
  visitors: z.array(z.string().trim().min(2)).min(2, { error: '入户核查需两人一组，请填写两名核查人' }).max(4),
  verifiedRiskTypes: z.array(z.enum([...RISK_TYPES, 'none'])).min(1, { error: '请选择核实的风险类型' }),
  income: z.object({
    wage: yuan,
    business: yuan,
    property: yuan,
    transfer: yuan,
    businessExpense: yuan,
    insuranceClaims: yuan,
    compliantOutOfPocket: yuan,
  }),
  assets: z.object({ company: z.boolean(), urbanProperty: z.boolean(), consumerCar: z.boolean(), other: z.string().max(200).optional() }),
  note,
});

export const CASE_ACTIONS = {
  assign: {
    label: '分派',
    roles: ['township', 'county'],
    from: ['submitted', 'assigned'],
    to: 'assigned',
    input: z.object({ assigneeId: z.number({ error: '请选择村干部' }).int().positive(), note }),
  },
  accept: { label: '受理', roles: ['cadre'], from: ['assigned'], to: 'investigating', input: z.object({ note }) },
  transfer: {
    label: '转交乡镇',
    roles: ['cadre'],
    from: ['assigned', 'investigating'],
    to: 'submitted',
    input: z.object({ reason }),
  },
  close: {
    label: '结案',
    roles: ['cadre', 'township', 'county'],
    from: ['submitted', 'assigned', 'investigating'],
    to: 'closed',
    input: z.object({
      reason: z.enum(Object.keys(CLOSE_REASONS) as [keyof typeof CLOSE_REASONS], { error: '结案原因只能是：核查无风险、不符合纳入条件、重复申报、群众撤回' }),
      note,
    }),
  },
  record_visit: { label: '录入核查', roles: ['cadre'], from: ['investigating'], to: 'village_review', input: visitSchema },
  start_publicity: {
    label: '开始公示',
    roles: ['cadre'],
    from: ['village_review'],
    to: 'publicity',
    input: z.object({ reviewResult: reason, note }),
  },
  finish_publicity: {
    label: '公示结束',
    roles: ['cadre'],
    from: ['publicity'],
    to: 'township_review',
    input: z.object({ objections: z.string().trim().max(500).default('公示无异议'), note }),
  },
  township_approve: { label: '乡镇审核通过', roles: ['township'], from: ['township_review'], to: 'county_review', input: z.object({ note }) },
  county_confirm: {
    label: '县级确定纳入',
    roles: ['county'],
    from: ['county_review'],
    to: 'monitored',
    input: z.object({
      monitoringType: z.enum(Object.keys(MONITORING_TYPES) as [keyof typeof MONITORING_TYPES], { error: '请选择监测对象类型' }),
      note,
    }),
  },
  reject: {
    label: '不予纳入',
    roles: ['township', 'county'],
    from: ['township_review', 'county_review'],
    to: 'rejected',
    input: z.object({ reason }),
  },
  send_back: {
    label: '退回上一步',
    roles: ['cadre', 'township', 'county'],
    from: ['investigating', 'village_review', 'publicity', 'township_review', 'county_review'],
    to: null,
    input: z.object({ reason }),
  },
} as const satisfies Record<
  string,
  { label: string; roles: readonly StaffRole[]; from: readonly CaseState[]; to: CaseState | null; input: z.ZodType }
>;

export type CaseAction = keyof typeof CASE_ACTIONS;
export const CASE_ACTION_NAMES = Object.keys(CASE_ACTIONS) as CaseAction[];
export type CaseActionInput<A extends CaseAction> = z.output<(typeof CASE_ACTIONS)[A]['input']>;

/** How each step reads in a resident's timeline (我的申报): plain words, no office terms. */
export const RESIDENT_STEP_LABELS: Record<CaseAction | 'declare', string> = {
  declare: '提交申报',
  assign: '交给村干部',
  accept: '村干部受理',
  transfer: '转给乡镇重新安排',
  close: '办结',
  record_visit: '村干部入户了解情况',
  start_publicity: '村里评议，开始公示',
  finish_publicity: '公示结束',
  township_approve: '乡镇审核通过',
  county_confirm: '县里确定纳入监测',
  reject: '这次未纳入监测',
  send_back: '退回重新办理',
};

/** Where 退回 goes from each state: one step back (township sends a case back for a new village review). */
export const PREVIOUS_STATE: Partial<Record<CaseState, CaseState>> = {
  investigating: 'assigned',
  village_review: 'investigating',
  publicity: 'village_review',
  township_review: 'village_review',
  county_review: 'township_review',
};

export interface Transition {
  action: CaseAction;
  from: CaseState;
  to: CaseState;
}

/**
 * Decides whether `role` may take `action` on a case in `state`, and where it lands.
 * Guards only; the service applies the effects (assignment, audit row, outbox) in one transaction.
 */
export function planTransition(state: CaseState, action: CaseAction, role: StaffRole): Transition {
  const rule = CASE_ACTIONS[action];
  if (!(rule.from as readonly CaseState[]).includes(state)) {
    throw new DomainError('invalid_transition', `案件当前为"${STATE_INFO[state].label}"，不能${rule.label}`, 409);
  }
  // Admins act with the county's rights; 退回 is taken by whoever owns the current step.
  const actingAs = role === 'admin' ? 'county' : role;
  const allowed = (rule.roles as readonly StaffRole[]).includes(actingAs) && (action !== 'send_back' || STATE_INFO[state].owner === actingAs);
  if (!allowed) throw new DomainError('forbidden_action', `${STAFF_ROLE_LABELS[role]}不能${rule.label}`, 403);
  const to = rule.to ?? PREVIOUS_STATE[state];
  if (!to) throw new DomainError('invalid_transition', `案件当前为"${STATE_INFO[state].label}"，不能退回`, 409);
  return { action, from: state, to };
}
