import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { KEY_GROUP_FLAGS, URGENCY_REASONS } from '../domain/assessment';
import { CASE_ACTION_NAMES, CASE_ACTIONS, CLOSE_REASONS, MONITORING_TYPES, RESIDENT_STEP_LABELS, STATE_INFO, planTransition } from '../domain/caseLifecycle';
import { RISK_TYPE_LABELS } from '../domain/riskTypes';
import { Case, CaseEvent, Region, StaffUser } from '../store/entities';
import type { FieldCrypto } from '../security/fieldCrypto';
import type { StaffActor } from './actors';
import { actorRoleLabel } from './audit';

/** Region names for a page of cases, in one query. */
async function regionNames(manager: EntityManager, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await manager.find(Region, { select: { code: true, name: true }, where: { code: In(unique) } });
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** What lists show: masked ID and phone, never the sealed values. */
export async function staffListItems(manager: EntityManager, cases: Case[]) {
  const names = await regionNames(manager, cases.flatMap((c) => [c.villageCode, c.townCode]));
  return cases.map((c) => ({
    id: c.id,
    trackingCode: c.trackingCode,
    state: c.state,
    stateLabel: STATE_INFO[c.state].label,
    urgent: c.urgent,
    urgencyReasons: c.urgencyReasons.map((r) => URGENCY_REASONS[r]),
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
    dueAt: c.stepDueAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  }));
}

/** One case for staff in scope: the phone in full (they call the household), the ID still masked. */
export async function staffCaseDetail(manager: EntityManager, crypto: FieldCrypto, staff: StaffActor, c: Case) {
  const [item] = await staffListItems(manager, [c]);
  const events = await manager.find(CaseEvent, { where: { caseId: c.id }, order: { id: 'ASC' } });
  const assignee = c.assigneeId ? await manager.findOne(StaffUser, { where: { id: c.assigneeId } }) : null;
  const actions = CASE_ACTION_NAMES.filter((action) => {
    try {
      planTransition(c.state, action, staff.role);
      return staff.role !== 'cadre' || c.assigneeId === staff.id;
    } catch {
      return false;
    }
  });
  return {
    ...item,
    phone: crypto.decrypt(c.phoneEnc),
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
    next: STATE_INFO[c.state].next,
    closeReason: c.closeReason ? CLOSE_REASONS[c.closeReason as keyof typeof CLOSE_REASONS] ?? c.closeReason : null,
    monitoringType: c.monitoringType ? MONITORING_TYPES[c.monitoringType as keyof typeof MONITORING_TYPES] ?? c.monitoringType : null,
    visit: c.visit,
    actions: actions.map((action) => ({ action, label: CASE_ACTIONS[action].label })),
    events: events.map((e) => ({
      action: e.action,
      label: eventLabel(e.action),
      actor: `${actorRoleLabel(e.actorRole)} ${e.actorName}`,
      fromState: e.fromState,
      toState: e.toState,
      note: e.note,
      at: e.createdAt.toISOString(),
    })),
  };
}

export function eventLabel(action: string): string {
  if (action === 'declare') return '提交申报';
  return action in CASE_ACTIONS ? CASE_ACTIONS[action as keyof typeof CASE_ACTIONS].label : action;
}

/** What a resident reads in 我的申报: plain state words, what comes next, the steps so far. */
export async function residentCaseViews(manager: EntityManager, cases: Case[]) {
  const ids = cases.map((c) => c.id);
  const events = ids.length ? await manager.find(CaseEvent, { where: { caseId: In(ids) }, order: { id: 'ASC' } }) : [];
  return cases.map((c) => ({
    id: c.id,
    trackingCode: c.trackingCode,
    state: c.state,
    stateLabel: STATE_INFO[c.state].residentLabel,
    next: STATE_INFO[c.state].next,
    createdAt: c.createdAt.toISOString(),
    riskTypes: c.riskTypes,
    riskTypeLabels: c.riskTypes.map((r) => RISK_TYPE_LABELS[r]),
    events: events
      .filter((e) => e.caseId === c.id)
      .map((e) => ({ action: e.action, label: RESIDENT_STEP_LABELS[e.action as keyof typeof RESIDENT_STEP_LABELS] ?? eventLabel(e.action), at: e.createdAt.toISOString() })),
  }));
}
