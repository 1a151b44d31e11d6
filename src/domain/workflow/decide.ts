import type { Deadline } from '../calendar';
import { DomainError, notFound } from '../errors';
import type { IntakeMethod } from './catalogues';
import { procedureDeadline, publicityWindow, stepDeadline } from './clock';
import type { Publicity, WorkflowCase } from './records';
import { CASE_ACTIONS, ruleOf, type CaseAction } from './rules';
import { CASE_STATES, isOpenState, STAFF_ROLE_LABELS, STATE_INFO, type CaseState, type StaffRole } from './states';
import type { ActingRole, Decision, DecideEnv, Notice, WorkflowActor } from './types';

/**
 * Runs the rule table (rules.ts): whether an actor may take an action on a case now, and
 * everything the action then does. Pure: time, calendar and the county's figures come in.
 */

/** The role the table knows an actor by; admins act as the county. */
export function actingRole(actor: WorkflowActor): ActingRole {
  if (actor.kind === 'resident') return 'resident';
  if (actor.kind === 'system') return 'system';
  return actor.role === 'admin' ? 'county' : actor.role;
}

/** The case is within the actor's region (a resident: their own case). Out of scope looks missing. */
export function inScope(c: Pick<WorkflowCase, 'assigneeId' | 'villageCode' | 'townCode' | 'countyCode' | 'residentId'>, actor: WorkflowActor): boolean {
  if (actor.kind === 'resident') return c.residentId === actor.id;
  if (actor.kind === 'system') return true;
  switch (actor.role) {
    case 'cadre':
      return c.assigneeId === actor.id || actor.villageCodes.includes(c.villageCode);
    case 'township':
      return c.townCode === actor.regionCode;
    case 'county':
      return c.countyCode === actor.regionCode;
    case 'admin':
      return true;
  }
}

const actorWords = (actor: WorkflowActor): string =>
  actor.kind === 'resident' ? '群众' : actor.kind === 'system' ? '系统' : STAFF_ROLE_LABELS[actor.role];

/** Why the actor may not take the action on the case now, or null when they may. */
export function refusal(c: WorkflowCase, actor: WorkflowActor, action: CaseAction, env: Pick<DecideEnv, 'now'>): DomainError | null {
  if (!inScope(c, actor)) return notFound();
  const rule = ruleOf(action);
  const roles = rule.by[c.state];
  if (!roles) return new DomainError('invalid_transition', `案件当前为“${STATE_INFO[c.state].label}”，不能${rule.label}`, 409);
  const role = actingRole(actor);
  if (!roles.includes(role)) return new DomainError('forbidden_action', `${actorWords(actor)}不能${rule.label}`, 403);
  if (role === 'cadre' && actor.kind === 'staff' && c.assigneeId !== actor.id) return new DomainError('forbidden_action', '这件申报不在您的待办里', 403);
  const notReady = rule.ready?.(c, env);
  if (notReady) return new DomainError('invalid_transition', notReady, 409);
  return null;
}

/** The actions this actor may take on this case now: what a screen offers and a chat lists. */
export function allowedActions(c: WorkflowCase, actor: WorkflowActor, env: Pick<DecideEnv, 'now'>): CaseAction[] {
  return CASE_ACTIONS.filter((action) => refusal(c, actor, action, env) === null);
}

/** The role whose next step a state is: the case sits in that role's 待办 (null when finished). */
export function stepOwner(state: CaseState): ActingRole | null {
  for (const action of CASE_ACTIONS) {
    const owner = ruleOf(action).step?.[state];
    if (owner) return owner;
  }
  return null;
}

/** The states in a role's 待办 (admins see the county's). */
export function queueStates(role: StaffRole): CaseState[] {
  const acting = role === 'admin' ? 'county' : role;
  return CASE_STATES.filter((s) => stepOwner(s) === acting);
}

/**
 * Decides one transition. `input` has been parsed with the rule's schema. Throws the refusal
 * (DomainError) when the action is not allowed now or the input contradicts the case.
 */
export function decide(c: WorkflowCase, actor: WorkflowActor, action: CaseAction, input: unknown, env: DecideEnv): Decision {
  const refused = refusal(c, actor, action, env);
  if (refused) throw refused;
  const actorName = actor.kind === 'staff' || actor.kind === 'system' ? actor.name : c.proxyName ?? c.applicantName;
  const outcome = ruleOf(action).run({ c, input, env, actor, actorName });
  const to = outcome.to ?? c.state;
  const changes = outcome.changes ?? {};
  const newStep = to !== c.state || outcome.restartClock === true;
  const publicity = 'publicity' in changes ? (changes.publicity ?? null) : c.publicity;
  return {
    action,
    from: c.state,
    to,
    changes,
    step: newStep ? { startedAt: env.now, due: stepDeadline(to, env.now, env.clock, env.calendar, publicity) } : undefined,
    procedureDue: outcome.restartProcedure ? procedureDeadline(env.now, env.clock, env.calendar) : undefined,
    notices: (outcome.notices ?? []).filter((n) => n.to !== 'resident' || c.residentId !== null),
    residentText: outcome.residentText ?? null,
    note: outcome.note ?? null,
    data: input as Record<string, unknown>,
  };
}

export interface FirstStep {
  state: CaseState;
  assigneeId: number | null;
  needsRouting: boolean;
  stepDue: Deadline;
  procedureDue: Deadline;
  notices: Notice[];
  residentText: string;
}

/**
 * Where a new case starts. A household's own declaration (or a department's warning) goes to the
 * village's responsible cadre, else to the township to route; a case a cadre files after finding
 * the household while screening (基层干部排查) is already theirs and starts at the visit.
 */
export function firstStep(
  intake: IntakeMethod,
  route: { cadreId: number | null; filedByCadreId?: number | null },
  env: Pick<DecideEnv, 'now' | 'clock' | 'calendar'>,
): FirstStep {
  const procedureDue = procedureDeadline(env.now, env.clock, env.calendar);
  const step = (state: CaseState) => stepDeadline(state, env.now, env.clock, env.calendar) as Deadline;
  if (intake === 'cadre_screening' && route.filedByCadreId) {
    return {
      state: 'investigating',
      assigneeId: route.filedByCadreId,
      needsRouting: false,
      stepDue: step('investigating'),
      procedureDue,
      notices: [{ to: 'resident', kind: 'case_received' }],
      residentText: '村干部为您家登记了困难情况，会两人一起到您家了解情况。',
    };
  }
  if (route.cadreId !== null) {
    return {
      state: 'assigned',
      assigneeId: route.cadreId,
      needsRouting: false,
      stepDue: step('assigned'),
      procedureDue,
      notices: [{ to: 'assignee', kind: 'case_assigned' }, { to: 'resident', kind: 'case_received' }],
      residentText: STATE_INFO.assigned.residentNext,
    };
  }
  return {
    state: 'submitted',
    assigneeId: null,
    needsRouting: true,
    stepDue: step('submitted'),
    procedureDue,
    notices: [{ to: 'township', kind: 'case_needs_routing' }, { to: 'resident', kind: 'case_received' }],
    residentText: STATE_INFO.submitted.residentNext,
  };
}

/** The audit action of a further declaration kept on the household's open case (同户再次申报). */
export const REPORTED_AGAIN = 'reported_again';

/**
 * A further declaration for a household whose case is open (another family member, a neighbour,
 * the real household after someone else used its ID number) does not open a second case: it is
 * kept on the open one, the state and clock stay, and whoever holds the step is told — the case's
 * cadre, or the township while it waits to be routed. The household whose case it is reads
 * nothing of it (its timeline skips the event): the report may come from anyone.
 */
export function reportedAgain(c: Pick<WorkflowCase, 'assigneeId'>, reporter: string): { notices: Notice[] } {
  return { notices: [{ to: c.assigneeId !== null ? 'assignee' : 'township', kind: 'case_reported_again', note: reporter }] };
}

export interface DueTimes {
  stepDue: Deadline | null;
  procedureDue: Deadline | null;
  publicity: Publicity | null;
}

/**
 * The due times of an open case counted again on the current calendar — after a year's holidays
 * were entered, a provisional due time becomes a real one. The publicity window moves with them.
 */
export function recomputeDue(
  c: Pick<WorkflowCase, 'state' | 'publicity'> & { stepStartedAt: Date | null; procedureStartedAt: Date },
  env: Pick<DecideEnv, 'clock' | 'calendar'>,
): DueTimes {
  if (!isOpenState(c.state)) return { stepDue: null, procedureDue: null, publicity: c.publicity };
  let publicity = c.publicity;
  if (publicity) {
    // The window keeps the length it was published with, whatever the county's setting is now.
    const clock = { ...env.clock, publicityDays: publicity.days, publicityUnit: publicity.unit };
    const window = publicityWindow(publicity.startsOn, clock, env.calendar);
    publicity = { ...publicity, endsAt: window.dueAt.toISOString(), provisional: window.provisional };
  }
  const stepDue = c.stepStartedAt ? stepDeadline(c.state, c.stepStartedAt, env.clock, env.calendar, publicity) : null;
  return { stepDue, procedureDue: procedureDeadline(c.procedureStartedAt, env.clock, env.calendar), publicity };
}
