import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { KEY_GROUP_FLAGS, URGENCY_REASONS } from '../domain/assessment';
import { dueStatus, provisionalNote, type WorkCalendar } from '../domain/calendar';
import { RISK_TYPE_LABELS } from '../domain/riskTypes';
import {
  allowedActions,
  CASE_ACTIONS,
  CLOSE_REASONS,
  EXCLUSIONS,
  INTAKE_METHODS,
  MEASURE_LABELS,
  MONITORING_TYPES,
  residentTimeline,
  REPORTED_AGAIN,
  ruleOf,
  STATE_INFO,
  stepOwner,
  visitSummaryLines,
  type CaseAction,
  type VisitRecord,
} from '../domain/workflow';
import type { FieldCrypto } from '../security/fieldCrypto';
import { Case, CaseEvent, Region, StaffUser } from '../store/entities';
import type { ResidentActor, StaffActor } from './actors';
import { actionForm } from './actionForms';
import { actorRoleLabel } from './audit';
import { formChecklists } from './formChecklists';
import { caseReportViews } from './householdReports';
import { assigneeChoices } from './routing';
import { workflowActor } from './caseActions';
import { workCalendar } from './workCalendar';

/** Region names for a page of cases, in one query. */
export async function regionNames(manager: EntityManager, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await manager.find(Region, { select: { code: true, name: true }, where: { code: In(unique) } });
  return new Map(rows.map((r) => [r.code, r.name]));
}

const labelOf = <K extends string>(labels: Record<K, string>, code: string | null): string | null =>
  code === null ? null : ((labels as Record<string, string>)[code] ?? code);

/** A due time as staff read it: when, whether it is overdue or due within a working day, and whether it is provisional. */
function due(at: Date | null, provisional: boolean, now: Date, calendar: WorkCalendar) {
  const status = dueStatus(at, now, calendar);
  const note = provisional ? provisionalNote({ provisional, uncoveredYears: at ? [Number(at.toISOString().slice(0, 4))] : [] }) : null;
  return { dueAt: at?.toISOString() ?? null, overdue: status === 'overdue', dueSoon: status === 'due_soon', provisional, provisionalNote: note };
}

/** What lists show: masked ID and phone, never the sealed values. */
export async function staffListItems(manager: EntityManager, cases: Case[], now: Date) {
  const [names, calendar] = await Promise.all([regionNames(manager, cases.flatMap((c) => [c.villageCode, c.townCode])), workCalendar(manager)]);
  return cases.map((c) => {
    const step = due(c.stepDueAt, c.stepDueProvisional, now, calendar);
    return {
      id: c.id,
      version: c.version,
      trackingCode: c.trackingCode,
      state: c.state,
      stateLabel: STATE_INFO[c.state].label,
      stepOwner: stepOwner(c.state),
      intakeMethod: c.intakeMethod,
      intakeMethodLabel: INTAKE_METHODS[c.intakeMethod],
      urgent: c.urgent,
      urgencyReasons: c.urgencyReasons.map((r) => URGENCY_REASONS[r]),
      helpedFirst: (c.helpFirst ?? []).length > 0,
      riskTypes: c.riskTypes,
      riskTypeLabels: c.riskTypes.map((r) => RISK_TYPE_LABELS[r]),
      flags: c.flags.map((f) => KEY_GROUP_FLAGS[f]),
      applicantName: c.applicantName,
      phone: c.phoneMasked,
      idNumber: c.idNumberMasked,
      villageCode: c.villageCode,
      villageName: names.get(c.villageCode) ?? c.villageCode,
      townName: names.get(c.townCode) ?? c.townCode,
      assigneeId: c.assigneeId,
      needsRouting: c.needsRouting,
      ...step,
      procedureDue: due(c.procedureDueAt, c.procedureDueProvisional, now, calendar),
      createdAt: c.createdAt.toISOString(),
    };
  });
}

/** The visit record with its codes read out, for a screen or a print-out. */
function visitView(v: VisitRecord) {
  return {
    ...v,
    verifiedRiskTypeLabels: v.verifiedRiskTypes.map((t) => (t === 'none' ? '无风险' : RISK_TYPE_LABELS[t])),
    exclusionLabels: v.exclusions.map((e) => EXCLUSIONS[e]),
    summary: visitSummaryLines(v),
  };
}

export function eventLabel(action: string): string {
  if (action === 'declare') return '提交申报';
  if (action === 'file') return '干部排查登记';
  if (action === 'department_warning') return '部门筛查预警';
  if (action === 'warning_linked') return '部门预警（已有在办案件）';
  if (action === REPORTED_AGAIN) return '同户再次申报';
  if (action === 'recompute_due') return '重新计算期限';
  return (CASE_ACTIONS as string[]).includes(action) ? ruleOf(action as CaseAction).label : action;
}

/** The staff timeline: every audit event, with who, when, and the internal note and data. */
export async function staffTimeline(manager: EntityManager, caseId: number) {
  const events = await manager.find(CaseEvent, { where: { caseId }, order: { id: 'ASC' } });
  return events.map((e) => ({
    id: e.id,
    action: e.action,
    label: eventLabel(e.action),
    actor: `${actorRoleLabel(e.actorRole)} ${e.actorName}`,
    actorRole: e.actorRole,
    fromState: e.fromState,
    toState: e.toState,
    note: e.note,
    data: e.data,
    at: e.createdAt.toISOString(),
  }));
}

/** One case for staff in scope: the phone in full (they call the household), the ID still masked. */
export async function staffCaseDetail(manager: EntityManager, crypto: FieldCrypto, staff: StaffActor, c: Case, now: Date) {
  const [item] = await staffListItems(manager, [c], now);
  const assignee = c.assigneeId ? await manager.findOne(StaffUser, { where: { id: c.assigneeId } }) : null;
  const actions = allowedActions(c, workflowActor(staff), { now });
  return {
    ...item,
    phone: crypto.decrypt(c.phoneEnc),
    // For print-outs, which carry the number only masked (a paper form travels further than the screen).
    phoneMasked: c.phoneMasked,
    householdSize: c.householdSize,
    hardships: c.hardships,
    details: c.details,
    annualIncome: c.annualIncome,
    perCapitaIncome: c.perCapitaIncome,
    incomeLine: c.incomeLine,
    belowIncomeLine: c.perCapitaIncome < c.incomeLine,
    proxy: c.proxyName ? { name: c.proxyName, relation: c.proxyRelation, phone: c.proxyPhoneEnc ? crypto.decrypt(c.proxyPhoneEnc) : null } : null,
    callbackRequested: c.callbackRequested,
    assignee: assignee ? { id: assignee.id, name: assignee.displayName } : null,
    next: STATE_INFO[c.state].staffNext,
    closeReason: labelOf(CLOSE_REASONS, c.closeReason),
    monitoringType: labelOf(MONITORING_TYPES, c.monitoringType),
    measures: (c.measures ?? []).map((m) => MEASURE_LABELS[m]),
    visit: c.visit ? visitView(c.visit) : null,
    confirmation: c.confirmation,
    review: c.review ? { ...c.review, proposedTypeLabel: labelOf(MONITORING_TYPES, c.review.proposedType ?? null), measureLabels: c.review.measures.map((m) => MEASURE_LABELS[m]) } : null,
    publicity: c.publicity,
    helpFirst: c.helpFirst ?? [],
    // 同户再次申报: what others (or the household again) said while this case was open.
    reports: await caseReportViews(manager, c.id),
    checklists: formChecklists(c),
    actions: actions.map((action) => ({ action, label: ruleOf(action).label, form: actionForm(action) })),
    // Whom 分派 may choose: the village's active cadres, with what each already carries.
    assignees: actions.includes('assign') ? await assigneeChoices(manager, c.villageCode) : [],
    events: await staffTimeline(manager, c.id),
  };
}

/**
 * What a resident reads in 我的申报: plain state words, what comes next, the timeline the server
 * writes (the same text in the bot and the mini-program), help given first, and — while the
 * visit waits for them — the summary to confirm.
 */
export async function residentCaseViews(manager: EntityManager, cases: Case[], resident: ResidentActor | null, now: Date) {
  const ids = cases.map((c) => c.id);
  const events = ids.length ? await manager.find(CaseEvent, { where: { caseId: In(ids) }, order: { id: 'ASC' } }) : [];
  return cases.map((c) => {
    const mine = events.filter((e) => e.caseId === c.id).map((e) => ({ action: e.action, fromState: e.fromState, toState: e.toState, data: e.data, at: e.createdAt }));
    const canConfirm = resident !== null && allowedActions(c, workflowActor(resident), { now }).includes('confirm_visit');
    return {
      id: c.id,
      version: c.version,
      trackingCode: c.trackingCode,
      state: c.state,
      stateLabel: STATE_INFO[c.state].residentLabel,
      next: STATE_INFO[c.state].residentNext,
      createdAt: c.createdAt.toISOString(),
      riskTypes: c.riskTypes,
      riskTypeLabels: c.riskTypes.map((r) => RISK_TYPE_LABELS[r]),
      helpFirst: (c.helpFirst ?? []).map((h) => ({ what: h.what, givenOn: h.givenOn })),
      timeline: residentTimeline(c.state, c.createdAt, mine),
      confirmation: canConfirm && c.visit && c.confirmation ? { requestedAt: c.confirmation.requestedAt, summary: visitSummaryLines(c.visit) } : null,
    };
  });
}
