/** The API's shapes as the console reads them (see /api/openapi.json). */
export interface Place {
  code: string;
  name: string;
}

export interface StaffUser {
  id: number;
  name: string;
  role: 'cadre' | 'township' | 'county' | 'admin';
  roleLabel: string;
  county: Place | null;
  town: Place | null;
  villages: Place[];
}

export interface Due {
  dueAt: string | null;
  overdue: boolean;
  dueSoon: boolean;
  provisional: boolean;
  provisionalNote: string | null;
}

export interface CaseItem extends Due {
  id: number;
  version: number;
  trackingCode: string;
  state: string;
  stateLabel: string;
  stepOwner: string;
  intakeMethodLabel: string;
  urgent: boolean;
  urgencyReasons: string[];
  helpedFirst: boolean;
  riskTypeLabels: string[];
  flags: string[];
  applicantName: string;
  phone: string;
  idNumber: string;
  villageCode: string;
  villageName: string;
  townName: string;
  needsRouting: boolean;
  procedureDue: Due;
  createdAt: string;
}

/** A cadre a case can be given to (GET /api/villages/:code/cadres, and the case detail). */
export interface Assignee {
  id: number;
  name: string;
  primary: boolean;
  openCases: number;
}

/** An action for several cases at once (GET /api/catalogues). */
export interface BulkActionOffer extends ActionOffer {
  roles: string[];
}

export interface BulkResult {
  id: number;
  ok: boolean;
  stateLabel?: string;
  message?: string;
}

export interface CasePage {
  items: CaseItem[];
  nextCursor: string | null;
}

/** A field of an action's form: the JSON Schema the service draws from the rule's input. */
export interface FieldSchema {
  type?: string;
  title?: string;
  format?: string;
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  'x-labels'?: Record<string, string>;
  'x-unit'?: string;
  'x-widget'?: string;
}

export interface ActionOffer {
  action: string;
  label: string;
  form: FieldSchema;
}

export interface TimelineEvent {
  id: number;
  action: string;
  label: string;
  actor: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  /** What the action was given (its form's fields), e.g. a paper signature's date. */
  data: Record<string, unknown> | null;
  at: string;
}

/** A tick box of a paper form: every option, ticked as recorded. */
export interface Check {
  code: string;
  label: string;
  ticked: boolean;
}

/** The 核查认定表 as the visit recorded it, with the domain's income figures. */
export interface VisitRecord {
  visitedOn: string;
  visitors: string[];
  method: 'home' | 'remote';
  awayReason?: string;
  respondent: 'household' | 'proxy';
  respondentName?: string;
  respondentRelation?: string;
  householdSize: number;
  otherRisk?: string;
  income: Record<'wage' | 'business' | 'property' | 'transfer' | 'businessExpense' | 'insuranceClaims' | 'compliantOutOfPocket', number>;
  assets: { company: boolean; urbanProperty: boolean; consumerCar: boolean; other?: string };
  overrideReason?: string;
  figures: { netIncome: number; perCapitaNetIncome: number; referenceIncome: number; perCapitaReference: number; incomeLine: number; belowLine: boolean };
  conclusion: { conclusion: 'proceed' } | { conclusion: 'end'; endReason: string };
  recordedBy: string;
  summary: string[];
  verifiedRiskTypeLabels: string[];
  exclusionLabels: string[];
}

/** One further declaration kept on a case: who reported (phone masked), what they said. */
export interface LinkedReport {
  id: number;
  label: string;
  reporter: { name: string; relation: string; phone: string };
  applicantName: string;
  channel: string;
  hardshipLabels: string[];
  otherText: string | null;
  words: string | null;
  householdSize: number | null;
  annualIncome: number | null;
  at: string;
}

export interface CaseDetail extends CaseItem {
  householdSize: number;
  annualIncome: number;
  perCapitaIncome: number;
  incomeLine: number;
  belowIncomeLine: boolean;
  proxy: { name: string; relation: string | null; phone: string | null } | null;
  callbackRequested: boolean;
  assignee: { id: number; name: string } | null;
  next: string;
  closeReason: string | null;
  monitoringType: string | null;
  measures: string[];
  /** The phone masked, for print-outs; `phone` is the full number for calling the household. */
  phoneMasked: string;
  visit: null | VisitRecord;
  confirmation: null | { state: string; by?: string; byName?: string; at?: string; words?: string };
  review: null | { meetingOn: string; attendance: number; result: string; reason?: string; proposedTypeLabel: string | null; measureLabels: string[] };
  publicity: null | { startsOn: string; place?: string; days: number; unit: 'working' | 'calendar'; endsAt: string; objections: { no: number; raisedBy: string; content: string; receivedOn: string; answer?: { finding: string; text: string } }[] };
  helpFirst: { what: string; givenOn: string; amount?: number; by: string }[];
  /** 同户再次申报: further declarations kept on this case (newest first, at most 20 of `total`). */
  reports: { total: number; items: LinkedReport[] };
  checklists: Record<'intakeMethods' | 'verifiedRiskTypes' | 'assets' | 'exclusions' | 'proposedTypes', Check[]>;
  actions: ActionOffer[];
  assignees: Assignee[];
  events: TimelineEvent[];
}

/** GET /api/publicity-notice: one village's 拟纳入名单公示. */
export interface PublicityNotice {
  village: Place & { committee: string };
  town: Place;
  items: {
    caseId: number;
    headOfHousehold: string;
    householdSize: number;
    proposedTypeLabel: string | null;
    startsOn: string;
    endsOn: string;
    days: number;
    unit: 'working' | 'calendar';
    provisional: boolean;
    place: string | null;
  }[];
  period: { startsOn: string; endsOn: string } | null;
  objections: { cadres: { name: string }[]; township: string; hotline: { name: string; phone: string } };
}
