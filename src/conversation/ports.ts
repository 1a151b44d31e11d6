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
  trackingCode: string;
  /** A CaseState such as 'assigned' or 'submitted'. */
  state: string;
  urgency: 'urgent' | 'normal';
  assignee: { name: string } | null;
}

export interface ResidentCaseSummary {
  trackingCode: string;
  /** What a resident reads (STATE_INFO[state].residentLabel). */
  stateLabel: string;
  /** The sentence about what comes next (STATE_INFO[state].next). */
  next: string;
  createdAt: Date;
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

export interface CaseDetail {
  trackingCode: string;
  villageName: string;
  applicantName: string;
  phoneMasked: string;
  householdSize: number;
  riskTypeLabels: string[];
  urgent: boolean;
  stateLabel: string;
  next: string;
  createdAt: Date;
}

export type CadreChatAction = 'accept' | 'transfer' | 'close';

export interface ConversationPorts {
  /** Villages of the served counties whose name contains `text`, best first, at most `limit`. */
  searchVillages(text: string, limit: number): Promise<VillageMatch[]>;
  /** Towns of the served county, in a stable order. */
  listTowns(): Promise<Place[]>;
  /** Villages of one town, in a stable order. */
  listVillages(townCode: string): Promise<Place[]>;
  /** Files the canonical declaration payload for this resident. Throws DomainError (e.g. 409 duplicate open case). */
  submitDeclaration(residentId: number, payload: unknown): Promise<SubmittedCase>;
  /** The resident's own cases, newest first. */
  listResidentCases(residentId: number): Promise<ResidentCaseSummary[]>;
  /** Asks a cadre to call the resident back; filed in the village when known. Null when no case was filed. */
  requestCallback(residentId: number, info: CallbackInfo): Promise<{ trackingCode: string } | null>;
  /** Binds this chat account to the staff account that issued `code`. Throws DomainError for a wrong or expired code. */
  bindCadre(code: string, channelUserId: string): Promise<{ name: string }>;
  /** The cadre's open cases, urgent and oldest first. */
  cadreQueue(staffId: number): Promise<QueueItem[]>;
  /** One case in the cadre's scope. Throws DomainError 404 when out of scope. */
  cadreCaseDetail(staffId: number, trackingCode: string): Promise<CaseDetail>;
  /** Takes a case action (CASE_ACTIONS input shape). Throws DomainError. */
  cadreAct(staffId: number, trackingCode: string, action: CadreChatAction, input: Record<string, unknown>): Promise<{ stateLabel: string }>;
}
