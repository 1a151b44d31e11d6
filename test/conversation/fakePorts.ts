import { OFFICIAL_CALENDAR } from '../../src/domain/calendar';
import { declarationSchema } from '../../src/domain/declaration';
import { DomainError } from '../../src/domain/errors';
import { householdReportSchema } from '../../src/domain/householdReport';
import type { RiskType } from '../../src/domain/riskTypes';
import { RISK_TYPE_LABELS } from '../../src/domain/riskTypes';
import {
  allowedActions,
  decide,
  DEFAULT_CLOCK,
  ruleOf,
  STATE_INFO,
  visitSummaryLines,
  type Decision,
  type WorkflowActor,
  type WorkflowCase,
} from '../../src/domain/workflow';
import { handleMessage, type Sender } from '../../src/conversation';
import type {
  CadreActResult,
  CadreChatAction,
  CallbackFiled,
  CallbackInfo,
  CaseDetail,
  ConversationPorts,
  DeclaredFacts,
  PendingConfirmation,
  Place,
  QueueItem,
  RegisteredCase,
  ReportedToOpenCase,
  ResidentCaseSummary,
  ResidentChatAction,
  SubmittedCase,
  VillageMatch,
} from '../../src/conversation/ports';
import { procedureFacts } from '../../src/services/chatCaseDetail';
import { parseInput } from '../../src/services/zodInput';

/**
 * An in-memory stand-in for the server's ports (the real ones are DB services built elsewhere),
 * plus a chat driver that plays one person's side of a conversation and stores the state the
 * way the bot will: as JSON.
 */

/** A checksum-valid ID number from its first 17 digits (GB 11643). */
export function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

export const VALID_ID = idNumber('15220119650312001'); // 152201196503120012
export const VALID_ID_X = idNumber('11010519491231002'); // ends in X

export const MAIN_TOWN: Place = { code: '152201100', name: '乌兰镇' };
const MAIN_VILLAGES = ['联发嘎查', '联合村', '新发村', '红星村', '胜利村', '团结村', '前进村', '东风村', '光明村', '幸福村', '和平村', '永丰村'];
const OTHER_TOWNS = ['巴彦镇', '宝力根苏木', '好田镇', '白音镇', '乌兰浩特镇', '义勒力特镇', '察尔森镇', '索伦镇', '德伯斯镇', '大石寨镇', '桃合木苏木'];

/**
 * A case in the fake that runs the real rule table (decide) in memory: the chat is tested against
 * the procedure's own refusals (a publicity not yet over, a stale version) without a database.
 */
export interface FakeCase {
  c: WorkflowCase;
  trackingCode: string;
  villageName: string;
  phoneMasked: string;
  declared: DeclaredFacts;
  /** What each action decided, in order (notices, the resident's text). */
  decisions: Decision[];
}

export class FakePorts implements ConversationPorts {
  readonly towns: Place[];
  readonly villages = new Map<string, Place[]>();
  readonly submissions: { residentId: number; payload: unknown }[] = [];
  readonly callbacks: { residentId: number; info: CallbackInfo }[] = [];
  readonly acts: { staffId: number; trackingCode: string; action: CadreChatAction; input: Record<string, unknown>; version?: number }[] = [];
  readonly bindings: { code: string; channelUserId: string }[] = [];
  readonly residentCases = new Map<number, ResidentCaseSummary[]>();
  readonly queues = new Map<number, QueueItem[]>();
  readonly details = new Map<string, CaseDetail>();
  /** Bind codes that work, with the staff name they bind to; `expired` ones throw like the server. */
  readonly bindCodes = new Map<string, { name: string; expired?: boolean }>();
  submitError: Error | null = null;
  submitResult: Partial<SubmittedCase> = {};
  /** ID numbers whose household has an open case (the chat's short path), and the reports kept on them. */
  readonly openHouseholds = new Set<string>();
  readonly reports: { residentId: number; payload: unknown }[] = [];
  /** A full declaration that lands on an open case opened meanwhile. */
  reportOnSubmit = false;
  callbackResult: CallbackFiled | null = { trackingCode: '55550001', officePhone: null };
  searches: string[] = [];
  /** The time the workflow runs at; Chat.say sets it to the message's time. */
  now = new Date('2026-03-02T09:00:00+08:00');
  readonly cases = new Map<string, FakeCase>();
  readonly villagesOfCadre: Place[] = [{ code: '152201100001', name: '联发嘎查' }];
  readonly registrations: { staffId: number; payload: unknown }[] = [];

  constructor() {
    this.towns = [MAIN_TOWN, ...OTHER_TOWNS.map((name, i) => ({ code: `1522012${String(i).padStart(2, '0')}`, name }))];
    this.villages.set(
      MAIN_TOWN.code,
      MAIN_VILLAGES.map((name, i) => ({ code: `${MAIN_TOWN.code}${String(i + 1).padStart(3, '0')}`, name })),
    );
    for (const town of this.towns.slice(1)) {
      this.villages.set(town.code, [
        { code: `${town.code}001`, name: `${town.name.slice(0, 2)}一村` },
        { code: `${town.code}002`, name: `${town.name.slice(0, 2)}二村` },
      ]);
    }
  }

  villageCode(name: string): string {
    for (const list of this.villages.values()) {
      const found = list.find((v) => v.name === name);
      if (found) return found.code;
    }
    throw new Error(`no village ${name}`);
  }

  async searchVillages(text: string, limit: number): Promise<VillageMatch[]> {
    this.searches.push(text);
    const matches: VillageMatch[] = [];
    for (const town of this.towns) {
      for (const village of this.villages.get(town.code) ?? []) {
        if (village.name.includes(text)) matches.push({ code: village.code, name: village.name, townName: town.name });
      }
    }
    return matches.slice(0, limit);
  }

  async listTowns(): Promise<Place[]> {
    return this.towns;
  }

  async listVillages(townCode: string): Promise<Place[]> {
    return this.villages.get(townCode) ?? [];
  }

  async householdHasOpenCase(idNumber: string): Promise<boolean> {
    return this.openHouseholds.has(idNumber);
  }

  /** Refuses like the server: the report's fields are checked with the domain's own schema. */
  async submitHouseholdReport(residentId: number, payload: unknown): Promise<ReportedToOpenCase | null> {
    const parsed = householdReportSchema.safeParse(payload);
    if (!parsed.success) throw new DomainError('validation_failed', parsed.error.issues[0].message, 400);
    if (!this.openHouseholds.has(parsed.data.applicant.idNumber)) return null;
    this.reports.push({ residentId, payload });
    return { outcome: 'reported' };
  }

  async submitDeclaration(residentId: number, payload: unknown): Promise<SubmittedCase | ReportedToOpenCase> {
    if (this.submitError) throw this.submitError;
    this.submissions.push({ residentId, payload });
    if (this.reportOnSubmit) return { outcome: 'reported' };
    return {
      outcome: 'filed',
      trackingCode: String(10_000_000 + this.submissions.length),
      state: 'assigned',
      urgency: 'normal',
      assignee: { name: '王芳' },
      ...this.submitResult,
    };
  }

  async listResidentCases(residentId: number): Promise<ResidentCaseSummary[]> {
    return this.residentCases.get(residentId) ?? [];
  }

  /** A case in the fake workflow, assigned to cadre 3 and declared by resident 7 unless told otherwise. */
  addCase(overrides: Partial<WorkflowCase> = {}, trackingCode = '12345678'): FakeCase {
    const c: WorkflowCase = {
      id: this.cases.size + 1,
      state: 'assigned',
      version: 1,
      assigneeId: 3,
      villageCode: '152201100001',
      townCode: '152201100',
      countyCode: '152201',
      residentId: 7,
      applicantName: '巴特尔',
      proxyName: null,
      urgent: false,
      riskTypes: ['illness'],
      householdSize: 4,
      intakeMethod: 'self_declared',
      visit: null,
      confirmation: null,
      review: null,
      publicity: null,
      helpFirst: null,
      closeReason: null,
      monitoringType: null,
      measures: null,
      createdAt: new Date('2026-11-20T10:00:00+08:00'),
      ...overrides,
    };
    const fake: FakeCase = {
      c,
      trackingCode,
      villageName: '联发嘎查',
      phoneMasked: '139****5678',
      declared: {
        intakeLabel: '农牧户自主申报',
        hardships: c.riskTypes,
        details: { medicalOutOfPocket: 12000, incomeBracket: 2 },
        annualIncome: 15000,
        perCapitaIncome: 3750,
        incomeLine: 7500,
        proxy: null,
        urgencyReasons: [],
        callbackRequested: false,
      },
      decisions: [],
    };
    this.cases.set(trackingCode, fake);
    return fake;
  }

  private cadreActor(staffId: number, fake: FakeCase): WorkflowActor {
    return { kind: 'staff', id: staffId, name: '王芳', role: 'cadre', regionCode: null, villageCodes: [fake.c.villageCode] };
  }

  /** Runs one action through the real rule table, with the version check the service makes. */
  private run(fake: FakeCase, actor: WorkflowActor, action: CadreChatAction | ResidentChatAction, input: Record<string, unknown>, version: number): Decision {
    const parsed = parseInput(ruleOf(action).input, input) as Record<string, unknown>;
    if (version !== fake.c.version) throw new DomainError('stale_version', '案件已被他人更新，请刷新', 409);
    const decision = decide(fake.c, actor, action, parsed, { now: this.now, calendar: OFFICIAL_CALENDAR, clock: DEFAULT_CLOCK, incomeLine: 7500 });
    Object.assign(fake.c, decision.changes, { state: decision.to, version: fake.c.version + 1 });
    fake.decisions.push(decision);
    return decision;
  }

  async residentConfirmations(residentId: number): Promise<PendingConfirmation[]> {
    return [...this.cases.values()]
      .filter((f) => f.c.residentId === residentId && allowedActions(f.c, { kind: 'resident', id: residentId }, { now: this.now }).includes('confirm_visit') && f.c.visit)
      .map((f) => ({ trackingCode: f.trackingCode, version: f.c.version, summary: visitSummaryLines(f.c.visit!) }));
  }

  async residentAct(residentId: number, trackingCode: string, action: ResidentChatAction, input: Record<string, unknown>, version: number): Promise<{ stateLabel: string; next: string }> {
    const fake = this.cases.get(trackingCode);
    if (!fake || fake.c.residentId !== residentId) throw new DomainError('not_found', '申报不存在', 404);
    const decision = this.run(fake, { kind: 'resident', id: residentId }, action, input, version);
    return { stateLabel: STATE_INFO[decision.to].residentLabel, next: STATE_INFO[decision.to].residentNext };
  }

  async cadreVillages(): Promise<Place[]> {
    return this.villagesOfCadre;
  }

  async cadreRegister(staffId: number, payload: unknown): Promise<RegisteredCase> {
    parseInput(declarationSchema, payload);
    this.registrations.push({ staffId, payload });
    return { trackingCode: String(20_000_000 + this.registrations.length), stateLabel: '入户核查' };
  }

  async requestCallback(residentId: number, info: CallbackInfo): Promise<CallbackFiled | null> {
    this.callbacks.push({ residentId, info });
    return this.callbackResult;
  }

  async bindCadre(code: string, channelUserId: string): Promise<{ name: string }> {
    this.bindings.push({ code, channelUserId });
    const staff = this.bindCodes.get(code);
    if (!staff) throw new DomainError('bind_code_invalid', '绑定码不对，请找乡镇管理员重新生成', 400);
    if (staff.expired) throw new DomainError('bind_code_expired', '绑定码已过期，请找乡镇管理员重新生成', 400);
    return { name: staff.name };
  }

  async cadreQueue(staffId: number): Promise<QueueItem[]> {
    const workflow = [...this.cases.values()]
      .filter((f) => f.c.assigneeId === staffId && allowedActions(f.c, this.cadreActor(staffId, f), { now: this.now }).length > 0)
      .map((f) => ({ trackingCode: f.trackingCode, villageName: f.villageName, riskTypeLabels: f.c.riskTypes.map((r: RiskType) => RISK_TYPE_LABELS[r]), urgent: f.c.urgent, stateLabel: STATE_INFO[f.c.state].label, dueAt: null }));
    return [...(this.queues.get(staffId) ?? []), ...workflow];
  }

  async cadreCaseDetail(staffId: number, trackingCode: string): Promise<CaseDetail> {
    const fake = this.cases.get(trackingCode);
    if (fake) {
      const { c } = fake;
      return {
        ...procedureFacts(c, this.cadreActor(staffId, fake), this.now),
        trackingCode,
        villageName: fake.villageName,
        applicantName: c.applicantName,
        phoneMasked: fake.phoneMasked,
        householdSize: c.householdSize,
        riskTypeLabels: c.riskTypes.map((r) => RISK_TYPE_LABELS[r]),
        urgent: c.urgent,
        stateLabel: STATE_INFO[c.state].label,
        next: STATE_INFO[c.state].staffNext,
        createdAt: c.createdAt,
        dueAt: null,
        declared: fake.declared,
        reports: { total: 0, items: [] },
      };
    }
    const detail = this.details.get(trackingCode);
    if (!detail || !(this.queues.get(staffId) ?? []).some((q) => q.trackingCode === trackingCode)) {
      throw new DomainError('not_found', '案件不存在', 404);
    }
    return detail;
  }

  async cadreAct(staffId: number, trackingCode: string, action: CadreChatAction, input: Record<string, unknown>, version?: number): Promise<CadreActResult> {
    const fake = this.cases.get(trackingCode);
    if (fake) {
      const decision = this.run(fake, this.cadreActor(staffId, fake), action, input, version ?? fake.c.version);
      this.acts.push({ staffId, trackingCode, action, input, version });
      const endsAt = decision.changes.publicity?.endsAt;
      return { trackingCode, state: decision.to, stateLabel: STATE_INFO[decision.to].label, next: STATE_INFO[decision.to].staffNext, publicityEndsAt: action === 'start_publicity' && endsAt ? new Date(endsAt) : null };
    }
    if (!(this.queues.get(staffId) ?? []).some((q) => q.trackingCode === trackingCode)) throw new DomainError('not_found', '案件不存在', 404);
    if (action === 'accept' && this.acts.some((a) => a.trackingCode === trackingCode && a.action === 'accept')) {
      throw new DomainError('invalid_transition', '案件当前为"入户核查"，不能受理', 409);
    }
    this.acts.push({ staffId, trackingCode, action, input, version });
    const state = ({ accept: 'investigating', transfer: 'submitted', close: 'closed' } as const)[action as 'accept' | 'transfer' | 'close'] ?? 'investigating';
    return { trackingCode, state, stateLabel: STATE_INFO[state].label, next: STATE_INFO[state].staffNext, publicityEndsAt: null };
  }
}

/** The case a fake cadre queue holds: urgent, just assigned. */
export function sampleCaseDetail(overrides: Partial<CaseDetail> = {}): CaseDetail {
  return {
    trackingCode: '12345678',
    version: 1,
    state: 'assigned',
    villageName: '联发嘎查',
    applicantName: '巴特尔',
    phoneMasked: '139****5678',
    householdSize: 4,
    riskTypeLabels: ['因病'],
    urgent: true,
    stateLabel: '待受理',
    next: STATE_INFO.assigned.staffNext,
    createdAt: new Date('2026-03-01T10:00:00+08:00'),
    dueAt: null,
    actions: ['accept', 'transfer', 'close'],
    refusals: {},
    visit: null,
    confirmation: null,
    review: null,
    publicity: null,
    declared: {
      intakeLabel: '农牧户自主申报',
      hardships: ['illness'],
      details: { medicalOutOfPocket: 12000, incomeBracket: 2 },
      annualIncome: 15000,
      perCapitaIncome: 3750,
      incomeLine: 7500,
      proxy: null,
      urgencyReasons: ['近30天遭灾'],
      callbackRequested: false,
    },
    reports: { total: 0, items: [] },
    ...overrides,
  };
}

export const RESIDENT: Sender = { kind: 'resident', residentId: 7, channelUserId: 'wx-resident-7' };
export const CADRE: Sender = { kind: 'cadre', staffId: 3, name: '王芳', channelUserId: 'wx-cadre-3' };

/** One person's side of a chat. Each message is one minute after the previous unless told otherwise. */
export class Chat {
  state: unknown = null;
  now: Date;
  /** How many messages this person has sent. */
  sent = 0;
  transcript: { said: string; replies: string[] }[] = [];

  constructor(
    readonly ports: FakePorts,
    readonly sender: Sender = RESIDENT,
    start = new Date('2026-03-02T09:00:00+08:00'),
  ) {
    this.now = start;
  }

  async say(text: string, options: { inRoom?: boolean; mentioned?: boolean; afterMs?: number } = {}): Promise<string[]> {
    this.now = new Date(this.now.getTime() + (options.afterMs ?? 60_000));
    this.ports.now = this.now;
    const result = await handleMessage(
      { sender: this.sender, text, inRoom: options.inRoom ?? false, mentioned: options.mentioned ?? false, now: this.now },
      this.state,
      this.ports,
    );
    // Stored as the bot will store it: JSON in a row.
    this.state = result.state === null ? null : JSON.parse(JSON.stringify(result.state));
    this.sent += 1;
    this.transcript.push({ said: text, replies: result.replies });
    return result.replies;
  }

  /** Says each text in turn; returns the replies to the last one, joined. */
  async sayAll(...texts: string[]): Promise<string> {
    let replies: string[] = [];
    for (const text of texts) replies = await this.say(text);
    return replies.join('\n');
  }

  /** The last reply as one string. */
  get last(): string {
    return this.transcript[this.transcript.length - 1]?.replies.join('\n') ?? '';
  }
}
