import { addWorkingDays, explainWindow, explainWorkingDays, windowEnd, type Deadline, type DeadlineExplanation, type WorkCalendar } from '../calendar';
import type { CaseState } from './states';

/**
 * The statutory clock: how long each step may take, per county, in working days. Defaults
 * from the provinces' rules (Gansu: accept ≤ 1, visit ≤ 2 after acceptance, each review ≤ 5,
 * the whole procedure ≤ 15); publicity lasts 5 working days (Gengma, Xing'an), or calendar days
 * where a province counts them.
 */
export interface ProcedureClock {
  acceptDays: number;
  visitDays: number;
  confirmDays: number;
  villageReviewDays: number;
  townshipDays: number;
  countyDays: number;
  procedureDays: number;
  publicityDays: number;
  publicityUnit: 'working' | 'calendar';
}

export const DEFAULT_CLOCK: ProcedureClock = {
  acceptDays: 1,
  visitDays: 2,
  confirmDays: 2,
  villageReviewDays: 5,
  townshipDays: 5,
  countyDays: 5,
  procedureDays: 15,
  publicityDays: 5,
  publicityUnit: 'working',
};

export const CLOCK_LABELS: Record<keyof ProcedureClock, string> = {
  acceptDays: '受理时限（工作日）',
  visitDays: '受理后入户核查时限（工作日）',
  confirmDays: '户主确认时限（工作日）',
  villageReviewDays: '村级评议时限（工作日）',
  townshipDays: '乡镇审核时限（工作日）',
  countyDays: '县级确定时限（工作日）',
  procedureDays: '全流程时限（工作日）',
  publicityDays: '公示天数',
  publicityUnit: '公示按工作日还是自然日',
};

/** Which limit a state's step runs on; publicity runs on its window instead. */
const STEP_LIMIT: Record<CaseState, keyof ProcedureClock | 'publicity' | null> = {
  submitted: 'acceptDays',
  assigned: 'acceptDays',
  investigating: 'visitDays',
  confirming: 'confirmDays',
  village_review: 'villageReviewDays',
  publicity: 'publicity',
  township_review: 'townshipDays',
  county_review: 'countyDays',
  monitored: null,
  rejected: null,
  closed: null,
};

/**
 * When the step a case is in must be done, counted from when it began. A publicity step is due
 * one working day after its window has passed (the cadre then ends it).
 */
export function stepDeadline(
  state: CaseState,
  startedAt: Date,
  clock: ProcedureClock,
  calendar: WorkCalendar,
  publicity?: { endsAt: string } | null,
): Deadline | null {
  const limit = STEP_LIMIT[state];
  if (limit === null) return null;
  if (limit === 'publicity') {
    if (!publicity) throw new Error('publicity step without its window');
    return addWorkingDays(new Date(publicity.endsAt), 1, calendar);
  }
  return addWorkingDays(startedAt, clock[limit] as number, calendar);
}

/** The whole procedure's due time, from when the case came in. */
export function procedureDeadline(filedAt: Date, clock: ProcedureClock, calendar: WorkCalendar): Deadline {
  return addWorkingDays(filedAt, clock.procedureDays, calendar);
}

/** The publicity window of a county's setting, from its first day. */
export function publicityWindow(startsOn: string, clock: ProcedureClock, calendar: WorkCalendar): Deadline {
  return windowEnd(startsOn, clock.publicityDays, clock.publicityUnit, calendar);
}

export interface StepExplanation {
  /** The setting the step runs on, as staff read it. */
  limit: string;
  explanation: DeadlineExplanation;
}

/**
 * Why a step is due when it is: the limit it runs on and every day counted or skipped (weekend,
 * holiday, make-up working day). A publicity step shows its window, then the day to end it.
 */
export function explainStepDeadline(
  state: CaseState,
  startedAt: Date,
  clock: ProcedureClock,
  calendar: WorkCalendar,
  publicity?: { startsOn: string; days: number; unit: 'working' | 'calendar' } | null,
): StepExplanation[] {
  const limit = STEP_LIMIT[state];
  if (limit === null) return [];
  if (limit === 'publicity') {
    if (!publicity) return [];
    const window = explainWindow(publicity.startsOn, publicity.days, publicity.unit, calendar);
    const unit = publicity.unit === 'working' ? '个工作日' : '天';
    return [
      { limit: `公示${publicity.days}${unit}`, explanation: window },
      { limit: '公示期满后1个工作日内结束公示', explanation: explainWorkingDays(window.dueAt, 1, calendar) },
    ];
  }
  return [{ limit: `${CLOCK_LABELS[limit]}：${clock[limit]}`, explanation: explainWorkingDays(startedAt, clock[limit] as number, calendar) }];
}

export function explainProcedureDeadline(startedAt: Date, clock: ProcedureClock, calendar: WorkCalendar): StepExplanation {
  return { limit: `${CLOCK_LABELS.procedureDays}：${clock.procedureDays}`, explanation: explainWorkingDays(startedAt, clock.procedureDays, calendar) };
}
