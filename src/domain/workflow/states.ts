/**
 * The case states of 识别方法步骤 (Gengma plan 附件2):
 * 群众自主申报 → 综合分析研判 → 实地调查 → 评议公示 → 乡镇审核 → 县级确定.
 * `confirming` is the 双签字 of the 核查认定表: the visit is recorded and waits for the household's
 * confirmation (in WeChat, or a paper signature the cadre keeps) before it can move on.
 * Whose queue a state sits in is not written here: it follows from the rule table (rules.ts).
 */
export const CASE_STATES = [
  'submitted',
  'assigned',
  'investigating',
  'confirming',
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

export interface StateInfo {
  /** What staff read. */
  label: string;
  /** What the resident reads in 我的申报. */
  residentLabel: string;
  /** The sentence a resident reads about what comes next. */
  residentNext: string;
  /** The sentence the staff member whose step it is reads: what to do now. */
  staffNext: string;
}

export const STATE_INFO: Record<CaseState, StateInfo> = {
  submitted: {
    label: '待分派',
    residentLabel: '已收到申报',
    residentNext: '乡镇正在安排负责您村的村干部，安排好后会联系您。',
    staffNext: '请分派给负责这个村的村干部。',
  },
  assigned: {
    label: '待受理',
    residentLabel: '已交给村干部',
    residentNext: '村干部一般第二天就会和您联系（赶上周末、放假就往后推几天）。',
    staffNext: '请尽快受理，并和这户联系。',
  },
  investigating: {
    label: '入户核查',
    residentLabel: '村干部已受理',
    residentNext: '村干部会两人一起到您家了解情况，请准备好户口本和身份证。',
    staffNext: '请两人一组入户核查，填核查认定表。',
  },
  confirming: {
    label: '待户主确认',
    residentLabel: '请您确认核查情况',
    residentNext: '村干部已经记下您家的情况，请看一下对不对：没问题就确认，有不同意见可以说。',
    staffNext: '等户主确认核查情况；户主已在纸质表上签字的，可以录入“已签字”。',
  },
  village_review: {
    label: '村级评议',
    residentLabel: '村里开会商量',
    residentNext: '村里开会商量您家的情况，商量好了会把名单贴在村里几天，让大家看看。',
    staffNext: '请组织村级评议，评议通过后开始公示。',
  },
  publicity: {
    label: '公示中',
    residentLabel: '名单贴在村里',
    residentNext: '名单贴在村里几天，让大家看看；有意见可以找村干部。',
    staffNext: '公示期满、异议都答复后，可以结束公示。',
  },
  township_review: {
    label: '乡镇审核',
    residentLabel: '乡镇在看',
    residentNext: '乡镇在看村里报上来的情况，看完交给县里。',
    staffNext: '请乡镇审核：通过报县里，或退回村里重新评议。',
  },
  county_review: {
    label: '县级确定',
    residentLabel: '县里在定',
    residentNext: '县里最后定下来，定了会告诉您结果。',
    staffNext: '请县里确定：纳入监测，或不予纳入。',
  },
  monitored: {
    label: '纳入监测',
    residentLabel: '县里定了帮扶您家',
    residentNext: '县里定了帮扶您家，帮扶干部会和您商量怎么帮。',
    staffNext: '已纳入监测。',
  },
  rejected: {
    label: '未纳入',
    residentLabel: '这次没有列入帮扶',
    residentNext: '县里这次没有把您家列入帮扶；以后有新困难可以再申报。',
    staffNext: '县里确定不予纳入。',
  },
  closed: {
    label: '已结案',
    residentLabel: '已办结',
    residentNext: '这件申报已经办结；以后有新困难可以再申报。',
    staffNext: '已结案。',
  },
};

export const TERMINAL_STATES: readonly CaseState[] = ['monitored', 'rejected', 'closed'];
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !TERMINAL_STATES.includes(s));
export const isOpenState = (state: CaseState): boolean => !TERMINAL_STATES.includes(state);
export const isCaseState = (value: string): value is CaseState => (CASE_STATES as readonly string[]).includes(value);
