import type { z } from 'zod';
import type { Deadline, WorkCalendar } from '../calendar';
import type { Measure } from './catalogues';
import type { ProcedureClock } from './clock';
import type { Confirmation, HelpFirst, Publicity, VillageReview, WorkflowCase } from './records';
import type { CaseState, StaffRole } from './states';
import type { VisitRecord } from './visit';

/** Who acts. Admins act with the county's rights everywhere. */
export type WorkflowActor =
  | { kind: 'staff'; id: number; name: string; role: StaffRole; regionCode: string | null; villageCodes: readonly string[] }
  | { kind: 'resident'; id: number }
  | { kind: 'system'; name: string };

/** The role a rule names: staff roles as acting (admin → county), the household itself, or the system. */
export type ActingRole = Exclude<StaffRole, 'admin'> | 'resident' | 'system';

export type NoticeKind =
  | 'case_assigned'
  | 'case_needs_routing'
  | 'case_transferred'
  | 'case_sent_back'
  | 'case_received'
  | 'case_accepted'
  | 'case_visit_confirm'
  | 'case_visit_objected'
  | 'case_published'
  | 'case_closed'
  | 'case_decided'
  | 'case_reopened'
  | 'case_helped_first'
  | 'case_reported_again';

/** Who a notice goes to; the service turns these into outbox rows. */
export type NoticeTarget = 'assignee' | 'township' | 'resident';

export interface Notice {
  to: NoticeTarget;
  kind: NoticeKind;
  /** A short staff note carried to staff (a reason, the household's words). */
  note?: string | null;
}

/** The case fields a transition may write; the applier writes exactly these. */
export interface CaseChanges {
  assigneeId?: number | null;
  needsRouting?: boolean;
  closeReason?: string | null;
  monitoringType?: string | null;
  measures?: Measure[] | null;
  visit?: VisitRecord | null;
  confirmation?: Confirmation | null;
  review?: VillageReview | null;
  publicity?: Publicity | null;
  helpFirst?: HelpFirst[] | null;
}

/** What the environment tells the rules: time, calendar, the county's figures, looked-up facts. */
export interface DecideEnv {
  now: Date;
  calendar: WorkCalendar;
  clock: ProcedureClock;
  incomeLine: number;
  /** Filled by the service when the input names a staff member (assign). */
  assignee?: { id: number; name: string; active: boolean; responsible: boolean } | null;
}

/** What one rule decides when it runs. `to` defaults to the state the case is in. */
export interface Outcome {
  to?: CaseState;
  changes?: CaseChanges;
  notices?: Notice[];
  /** What the resident reads in the notice of this step, when there is one. */
  residentText?: string;
  /** Kept for the audit row (the staff note, the reason). */
  note?: string | null;
  /** The step starts afresh although the state stays (a visit record amended: confirmation asked again). */
  restartClock?: boolean;
  /** The whole procedure starts afresh (a closed case reopened). */
  restartProcedure?: boolean;
}

export interface RuleContext<I> {
  c: WorkflowCase;
  input: I;
  env: DecideEnv;
  actor: WorkflowActor;
  actorName: string;
}

/**
 * One row of the rule table: an action, who may take it from which state, what it asks for,
 * what the resident reads of it afterwards, and what it does.
 */
export interface Rule<S extends z.ZodType = z.ZodType> {
  label: string;
  /** state → who may take the action there. */
  by: Partial<Record<CaseState, readonly ActingRole[]>>;
  /** state → the role whose next step this action is there: the case sits in that role's 待办. */
  step?: Partial<Record<CaseState, ActingRole>>;
  input: S;
  /**
   * May be taken on several cases at once with one input (the console's 批量办理): only an
   * action whose input is the same for every case, like a cadre to assign to or an approval.
   */
  bulk?: true;
  /** What the case itself must be ready for (not the input): the refusal in Chinese, or null. */
  ready?(c: WorkflowCase, env: Pick<DecideEnv, 'now'>): string | null;
  /** The words of this step in the resident's timeline; null keeps it out (internal steps). */
  resident: string | ((data: Record<string, unknown>) => string) | null;
  run(ctx: RuleContext<z.output<S>>): Outcome;
}

/** Everything a transition does, as the applier writes it in one transaction. */
export interface Decision {
  action: string;
  from: CaseState;
  to: CaseState;
  changes: CaseChanges;
  /** The new step's clock; undefined when the step did not change (the clock keeps running). */
  step?: { startedAt: Date; due: Deadline | null };
  /** The whole procedure's due time, when it restarts (reopen). */
  procedureDue?: Deadline;
  notices: Notice[];
  residentText: string | null;
  note: string | null;
  /** The validated input, for the audit row. */
  data: Record<string, unknown>;
}
