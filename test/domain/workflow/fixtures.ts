import { OFFICIAL_CALENDAR } from '../../../src/domain/calendar';
import { DomainError } from '../../../src/domain/errors';
import {
  DEFAULT_CLOCK,
  ruleOf,
  type CaseAction,
  type CaseState,
  type Confirmation,
  type DecideEnv,
  type Publicity,
  type VillageReview,
  type VisitRecord,
  type WorkflowActor,
  type WorkflowCase,
} from '../../../src/domain/workflow';

/**
 * One household's case at each step of the procedure, the people around it, and a fixed "now",
 * for the rule-table tests. Dates are hand-picked on the 2026 calendar so expected due times can
 * be worked out by hand:
 *   Mon 11-16 declared · Tue 11-17 visit · Wed 11-18 village review · Thu 11-19 publicity starts
 *   (5 working days: 19, 20, 23, 24, 25 → ends Wed 11-25) · NOW Fri 11-27 10:00 China time.
 */
export const NOW = new Date('2026-11-27T10:00:00+08:00');
export const TODAY = '2026-11-27';

export const PLACE = {
  village: '152221101201',
  otherVillage: '152221101202',
  town: '152221101',
  otherTown: '152221100',
  county: '152221',
  otherCounty: '152222',
} as const;

export const RESIDENT_ID = 501;
export const ASSIGNEE_ID = 11;

export const ACTORS = {
  assignee: { kind: 'staff', id: ASSIGNEE_ID, name: '张明', role: 'cadre', regionCode: null, villageCodes: [PLACE.village] },
  sameVillageCadre: { kind: 'staff', id: 12, name: '李芳', role: 'cadre', regionCode: null, villageCodes: [PLACE.village] },
  outOfScopeCadre: { kind: 'staff', id: 13, name: '赵刚', role: 'cadre', regionCode: null, villageCodes: [PLACE.otherVillage] },
  township: { kind: 'staff', id: 21, name: '乡镇王', role: 'township', regionCode: PLACE.town, villageCodes: [] },
  otherTownship: { kind: 'staff', id: 22, name: '乡镇钱', role: 'township', regionCode: PLACE.otherTown, villageCodes: [] },
  county: { kind: 'staff', id: 31, name: '县局孙', role: 'county', regionCode: PLACE.county, villageCodes: [] },
  otherCounty: { kind: 'staff', id: 32, name: '县局周', role: 'county', regionCode: PLACE.otherCounty, villageCodes: [] },
  admin: { kind: 'staff', id: 41, name: '管理员', role: 'admin', regionCode: null, villageCodes: [] },
  owner: { kind: 'resident', id: RESIDENT_ID },
  otherResident: { kind: 'resident', id: 502 },
  system: { kind: 'system', name: '系统' },
} as const satisfies Record<string, WorkflowActor>;
export type ActorName = keyof typeof ACTORS;

export const env = (overrides: Partial<DecideEnv> = {}): DecideEnv => ({
  now: NOW,
  calendar: OFFICIAL_CALENDAR,
  clock: DEFAULT_CLOCK,
  incomeLine: 7000,
  assignee: { id: ASSIGNEE_ID, name: '张明', active: true, responsible: true },
  ...overrides,
});

/** A visit record of an ill household of four going on to the review. */
export function visitRecord(overrides: Partial<VisitRecord> = {}): VisitRecord {
  return {
    visitedOn: '2026-11-17',
    visitors: ['张明', '王强'],
    method: 'home',
    respondent: 'household',
    householdSize: 4,
    verifiedRiskTypes: ['illness'],
    income: { wage: 24000, business: 8000, property: 0, transfer: 3600, businessExpense: 5000, insuranceClaims: 2000, compliantOutOfPocket: 6000 },
    assets: { company: false, urbanProperty: false, consumerCar: false },
    exclusions: [],
    figures: { netIncome: 30600, perCapitaNetIncome: 7650, referenceIncome: 26600, perCapitaReference: 6650, incomeLine: 7000, belowLine: true },
    conclusion: { conclusion: 'proceed' },
    recordedBy: '张明',
    recordedAt: '2026-11-17T09:00:00.000Z',
    ...overrides,
  };
}

export const pendingConfirmation: Confirmation = { state: 'pending', requestedAt: '2026-11-17T09:00:00.000Z', askedInWeChat: true };
const confirmed: Confirmation = { ...pendingConfirmation, state: 'confirmed', by: 'household', byName: '巴特尔', at: '2026-11-17T12:00:00.000Z' };

export const passedReview: VillageReview = {
  meetingOn: '2026-11-18',
  attendance: 23,
  result: 'pass',
  proposedType: 'sudden',
  measures: ['medical_assistance'],
  recordedBy: '张明',
  recordedAt: '2026-11-18T10:00:00.000Z',
};

/** Publicity from Thu 11-19, 5 working days: ends at the end of Wed 11-25 (before NOW). */
export function publicity(overrides: Partial<Publicity> = {}): Publicity {
  return { startsOn: '2026-11-19', days: 5, unit: 'working', endsAt: '2026-11-25T15:59:59.999Z', provisional: false, objections: [], ...overrides };
}

export const objection = (no: number, answer?: 'founded' | 'unfounded') => ({
  no,
  raisedBy: '匿名',
  content: `第${no}条：邻居说他家买了车`,
  receivedOn: '2026-11-20',
  recordedBy: '张明',
  recordedAt: '2026-11-20T02:00:00.000Z',
  ...(answer ? { answer: { finding: answer, text: '经核实', by: '张明', at: '2026-11-21T02:00:00.000Z' } } : {}),
});

/** The case as it stands in `state`, with everything the earlier steps recorded. */
export function caseIn(state: CaseState, overrides: Partial<WorkflowCase> = {}): WorkflowCase {
  const after = (s: CaseState[]) => s.includes(state);
  return {
    id: 7,
    state,
    version: 3,
    assigneeId: state === 'submitted' ? null : ASSIGNEE_ID,
    villageCode: PLACE.village,
    townCode: PLACE.town,
    countyCode: PLACE.county,
    residentId: RESIDENT_ID,
    applicantName: '巴特尔',
    proxyName: null,
    urgent: true,
    riskTypes: ['illness'],
    householdSize: 4,
    intakeMethod: 'self_declared',
    visit: after(['confirming', 'village_review', 'publicity', 'township_review', 'county_review', 'monitored', 'rejected']) ? visitRecord() : null,
    confirmation: state === 'confirming' ? pendingConfirmation : after(['village_review', 'publicity', 'township_review', 'county_review', 'monitored', 'rejected']) ? confirmed : null,
    review: after(['village_review', 'publicity', 'township_review', 'county_review', 'monitored', 'rejected']) ? passedReview : null,
    publicity: after(['publicity', 'township_review', 'county_review', 'monitored', 'rejected']) ? publicity() : null,
    helpFirst: null,
    closeReason: state === 'closed' ? 'no_risk' : null,
    monitoringType: state === 'monitored' ? 'sudden' : null,
    measures: state === 'monitored' ? ['medical_assistance'] : null,
    createdAt: new Date('2026-11-16T09:00:00+08:00'),
    ...overrides,
  };
}

/** A valid form for each action on the fixtures above, parsed as the service parses it. */
const RAW_INPUT: Record<CaseAction, Record<string, unknown>> = {
  assign: { assigneeId: ASSIGNEE_ID },
  accept: {},
  transfer: { reason: '不归我村管' },
  close: { reason: 'duplicate' },
  record_visit: {
    visitedOn: '2026-11-26',
    visitors: ['张明', '王强'],
    householdSize: 4,
    verifiedRiskTypes: ['illness'],
    income: { wage: 24000, business: 8000, property: 0, transfer: 3600, businessExpense: 5000, insuranceClaims: 2000, compliantOutOfPocket: 6000 },
    assets: { company: false, urbanProperty: false, consumerCar: false },
  },
  confirm_visit: {},
  object_visit: { words: '收入记多了' },
  record_signature: { signedOn: '2026-11-26' },
  record_review: { meetingOn: '2026-11-26', attendance: 20, result: 'pass', proposedType: 'sudden', measures: ['medical_assistance'] },
  start_publicity: { startsOn: '2026-11-30' },
  record_objection: { raisedBy: '匿名', content: '他家有车', receivedOn: '2026-11-26' },
  answer_objection: { no: 1, finding: 'unfounded', answer: '车是借的' },
  finish_publicity: {},
  township_approve: {},
  township_return: { reason: '评议人数不够' },
  county_confirm: {},
  county_reject: { reason: '收入高于监测范围' },
  send_back: { reason: '材料不全' },
  reopen: { reason: '群众有新情况' },
  help_first: { what: '送米面油', givenOn: '2026-11-26' },
};
export const validInput = (action: CaseAction, overrides: Record<string, unknown> = {}): unknown =>
  ruleOf(action).input.parse({ ...RAW_INPUT[action], ...overrides });

/** Runs `fn` and returns the DomainError it throws; fails the test when it throws nothing else. */
export function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

/** Every message of a failed parse, for asserting the Chinese wording. */
export function issuesOf(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the input to be refused, it was accepted');
  return result.error!.issues.map((i) => i.message);
}
