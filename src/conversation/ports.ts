/**
 * What the dialogue engine needs from the rest of the system. The server implements these
 * with its services (one transaction each); tests use an in-memory fake. Methods that break a
 * rule throw a DomainError whose Chinese message the engine shows as it is.
 */
export interface VillageMatch {
  /** 12-digit GB/T 2260 village code. */
  code: string;
  name: string;
  townName: string;
}

export interface Place {
  code: string;
  name: string;
}

export interface SubmittedCase {
  outcome: 'filed';
  trackingCode: string;
  /** A CaseState such as 'assigned' or 'submitted'. */
  state: string;
  urgency: 'urgent' | 'normal';
  assignee: { name: string } | null;
}

/**
 * The household's case was open: what was said is kept on it for its cadre (同户再次申报). The
 * answer carries nothing about that case, whoever asked.
 */
export interface ReportedToOpenCase {
  outcome: 'reported';
}

export interface ResidentCaseSummary {
  trackingCode: string;
  /** What a resident reads (STATE_INFO[state].residentLabel). */
  stateLabel: string;
  /** The sentence about what comes next (STATE_INFO[state].residentNext). */
  next: string;
  createdAt: Date;
  /** What happened, in the server's words for the household (residentTimeline), oldest first. */
  events: { text: string; at: Date }[];
  /** The visit summary waiting for the household's confirmation (双签字), when one is. */
  confirmation: { summary: string[] } | null;
}

/** A visit record waiting for this resident's confirmation, with the version it was read at. */
export interface PendingConfirmation {
  trackingCode: string;
  version: number;
  summary: string[];
}

export type ResidentChatAction = 'confirm_visit' | 'object_visit';

/** A filed call-back: its code, and the village's office phone when the county entered one. */
export interface CallbackFiled {
  trackingCode: string;
  officePhone: string | null;
}

export interface CallbackInfo {
  villageCode?: string;
  phone?: string;
  name?: string;
}

export interface QueueItem {
  trackingCode: string;
  villageName: string;
  riskTypeLabels: string[];
  urgent: boolean;
  /** What staff read (STATE_INFO[state].label). */
  stateLabel: string;
  dueAt: Date | null;
}

/** What the household declared, as the cadre needs it for the visit (never the ID number). */
export interface DeclaredFacts {
  /** 监测方式 as staff read it (农牧户自主申报, 基层干部排查…). */
  intakeLabel: string;
  /** Hardship codes (RISK_TYPES) and the follow-up answers (declaration `details`). */
  hardships: string[];
  details: Record<string, unknown>;
  annualIncome: number;
  perCapitaIncome: number;
  incomeLine: number;
  proxy: { name: string; relation: string | null } | null;
  /** Why the case is urgent, in words. */
  urgencyReasons: string[];
  /** A call-back request (人工) rather than a full declaration. */
  callbackRequested: boolean;
}

export interface ObjectionFacts {
  no: number;
  raisedBy: string;
  content: string;
  finding: 'unfounded' | 'founded' | null;
}

/** Where the case stands in the procedure, for the cadre's detail and to begin a dialogue. */
export interface ProcedureFacts {
  /** The version every action must carry (read when a dialogue begins). */
  version: number;
  /** The CaseState code. */
  state: string;
  /** The actions this staff member may take now (CaseAction codes). */
  actions: string[];
  /** Why each chat action not in `actions` is refused now, in the domain's words. */
  refusals: Partial<Record<CadreChatAction, string>>;
  visit: { visitedOn: string; householdSize: number; verifiedRiskTypes: string[]; lines: string[] } | null;
  confirmation: { state: 'pending' | 'confirmed' | 'objected'; askedInWeChat: boolean; words: string | null } | null;
  review: { meetingOn: string; result: 'pass' | 'fail' } | null;
  publicity: { startsOn: string; endsAt: Date; place: string | null; objections: ObjectionFacts[] } | null;
}

/** 同户再次申报: one further report kept on the case, as the cadre reads it (never the reporter's full phone). */
export interface LinkedReport {
  /** "李四（儿子）". */
  reporter: string;
  phoneMasked: string;
  at: Date;
  /** Hardship codes (RISK_TYPES) and the free text they gave. */
  hardships: string[];
  otherText: string | null;
  words: string | null;
}

export interface CaseDetail extends ProcedureFacts {
  trackingCode: string;
  villageName: string;
  applicantName: string;
  phoneMasked: string;
  householdSize: number;
  riskTypeLabels: string[];
  urgent: boolean;
  stateLabel: string;
  /** What the staff member whose step it is does now (STATE_INFO[state].staffNext). */
  next: string;
  createdAt: Date;
  dueAt: Date | null;
  declared: DeclaredFacts;
  /** The newest further reports on this case and how many there are in all. */
  reports: { total: number; items: LinkedReport[] };
}

/** The case actions a cadre can take by chat. */
export const CADRE_CHAT_ACTIONS = [
  'accept',
  'transfer',
  'close',
  'record_visit',
  'record_signature',
  'record_review',
  'start_publicity',
  'record_objection',
  'answer_objection',
  'finish_publicity',
  'send_back',
] as const;
export type CadreChatAction = (typeof CADRE_CHAT_ACTIONS)[number];

export interface CadreActResult {
  trackingCode: string;
  /** The CaseState code after the action. */
  state: string;
  /** What staff read (STATE_INFO[state].label). */
  stateLabel: string;
  /** STATE_INFO[state].staffNext. */
  next: string;
  /** When a publicity window the action started ends. */
  publicityEndsAt: Date | null;
}

export interface RegisteredCase {
  trackingCode: string;
  stateLabel: string;
}

export interface ConversationPorts {
  /** Villages of the served counties whose name contains `text`, best first, at most `limit`. */
  searchVillages(text: string, limit: number): Promise<VillageMatch[]>;
  /** Towns of the served county, in a stable order. */
  listTowns(): Promise<Place[]>;
  /** Villages of one town, in a stable order. */
  listVillages(townCode: string): Promise<Place[]>;
  /** Files the canonical declaration payload for this resident; kept on the household's open case when there is one. Throws DomainError. */
  submitDeclaration(residentId: number, payload: unknown): Promise<SubmittedCase | ReportedToOpenCase>;
  /** Whether the household of this ID number has an open case: asked right after the number, so what else is asked stays short. */
  householdHasOpenCase(idNumber: string): Promise<boolean>;
  /** Keeps the short path's report (who, phone, what happened) on the household's open case. Null when none is open any more. Throws DomainError. */
  submitHouseholdReport(residentId: number, payload: unknown): Promise<ReportedToOpenCase | null>;
  /** The resident's own cases, newest first. */
  listResidentCases(residentId: number): Promise<ResidentCaseSummary[]>;
  /** The resident's visit records waiting for their confirmation (state confirming), newest first. */
  residentConfirmations(residentId: number): Promise<PendingConfirmation[]>;
  /** The resident confirms or objects to the visit record of their own case, at the version read. Throws DomainError (409 stale). */
  residentAct(residentId: number, trackingCode: string, action: ResidentChatAction, input: Record<string, unknown>, version: number): Promise<{ stateLabel: string; next: string }>;
  /**
   * Asks a cadre to call the resident back; filed in the village when known. A phone or village
   * left out is the one the household gave on its latest case. Null when no case was filed.
   */
  requestCallback(residentId: number, info: CallbackInfo): Promise<CallbackFiled | null>;
  /** Binds this chat account to the staff account that issued `code`. Throws DomainError for a wrong or expired code. */
  bindCadre(code: string, channelUserId: string): Promise<{ name: string }>;
  /** The cadre's open cases, urgent and oldest first. */
  cadreQueue(staffId: number): Promise<QueueItem[]>;
  /** One case in the cadre's scope. Throws DomainError 404 when out of scope. */
  cadreCaseDetail(staffId: number, trackingCode: string): Promise<CaseDetail>;
  /**
   * Takes a case action (the rule's input shape) at `version` — the one read when the dialogue
   * began; without one, the case's current version (a one-message command). Throws DomainError
   * (409 stale_version when someone else acted in between).
   */
  cadreAct(staffId: number, trackingCode: string, action: CadreChatAction, input: Record<string, unknown>, version?: number): Promise<CadreActResult>;
  /** The villages this cadre is responsible for (where they may register a household). */
  cadreVillages(staffId: number): Promise<Place[]>;
  /** 基层干部排查: files the canonical declaration payload for a household the cadre found. Throws DomainError. */
  cadreRegister(staffId: number, payload: unknown): Promise<RegisteredCase>;
}
