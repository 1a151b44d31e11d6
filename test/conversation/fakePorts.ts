import { DomainError } from '../../src/domain/errors';
import { handleMessage, type Sender } from '../../src/conversation';
import type {
  CadreChatAction,
  CallbackInfo,
  CaseDetail,
  ConversationPorts,
  Place,
  QueueItem,
  ResidentCaseSummary,
  SubmittedCase,
  VillageMatch,
} from '../../src/conversation/ports';

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

export class FakePorts implements ConversationPorts {
  readonly towns: Place[];
  readonly villages = new Map<string, Place[]>();
  readonly submissions: { residentId: number; payload: unknown }[] = [];
  readonly callbacks: { residentId: number; info: CallbackInfo }[] = [];
  readonly acts: { staffId: number; trackingCode: string; action: CadreChatAction; input: Record<string, unknown> }[] = [];
  readonly bindings: { code: string; channelUserId: string }[] = [];
  readonly residentCases = new Map<number, ResidentCaseSummary[]>();
  readonly queues = new Map<number, QueueItem[]>();
  readonly details = new Map<string, CaseDetail>();
  /** Bind codes that work, with the staff name they bind to; `expired` ones throw like the server. */
  readonly bindCodes = new Map<string, { name: string; expired?: boolean }>();
  submitError: Error | null = null;
  submitResult: Partial<SubmittedCase> = {};
  callbackResult: { trackingCode: string } | null = { trackingCode: 'SB-55550001' };
  searches: string[] = [];

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

  async submitDeclaration(residentId: number, payload: unknown): Promise<SubmittedCase> {
    if (this.submitError) throw this.submitError;
    this.submissions.push({ residentId, payload });
    return {
      trackingCode: `SB-${String(10_000_000 + this.submissions.length)}`,
      state: 'assigned',
      urgency: 'normal',
      assignee: { name: '王芳' },
      ...this.submitResult,
    };
  }

  async listResidentCases(residentId: number): Promise<ResidentCaseSummary[]> {
    return this.residentCases.get(residentId) ?? [];
  }

  async requestCallback(residentId: number, info: CallbackInfo): Promise<{ trackingCode: string } | null> {
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
    return this.queues.get(staffId) ?? [];
  }

  async cadreCaseDetail(staffId: number, trackingCode: string): Promise<CaseDetail> {
    const detail = this.details.get(trackingCode);
    if (!detail || !(this.queues.get(staffId) ?? []).some((q) => q.trackingCode === trackingCode)) {
      throw new DomainError('not_found', '案件不存在', 404);
    }
    return detail;
  }

  async cadreAct(staffId: number, trackingCode: string, action: CadreChatAction, input: Record<string, unknown>): Promise<{ stateLabel: string }> {
    if (!(this.queues.get(staffId) ?? []).some((q) => q.trackingCode === trackingCode)) throw new DomainError('not_found', '案件不存在', 404);
    if (action === 'accept' && this.acts.some((a) => a.trackingCode === trackingCode && a.action === 'accept')) {
      throw new DomainError('invalid_transition', '案件当前为"入户核查"，不能受理', 409);
    }
    this.acts.push({ staffId, trackingCode, action, input });
    return { stateLabel: { accept: '入户核查', transfer: '待分派', close: '已结案' }[action] };
  }
}

/** The case a fake cadre queue holds: urgent, just assigned. */
export function sampleCaseDetail(overrides: Partial<CaseDetail> = {}): CaseDetail {
  return {
    trackingCode: 'SB-12345678',
    villageName: '联发嘎查',
    applicantName: '巴特尔',
    phoneMasked: '139****5678',
    householdSize: 4,
    riskTypeLabels: ['因病'],
    urgent: true,
    stateLabel: '待受理',
    next: '村干部一般1个工作日内受理，并和您联系。',
    createdAt: new Date('2026-03-01T10:00:00+08:00'),
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
