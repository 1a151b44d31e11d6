import { URGENCY_REASONS } from '../domain/assessment';
import { RISK_TYPE_LABELS } from '../domain/riskTypes';
import {
  allowedActions,
  conclusionWords,
  INTAKE_METHODS,
  refusal,
  riskWords,
  STATE_INFO,
  type WorkflowActor,
  type WorkflowCase,
} from '../domain/workflow';
import { CADRE_CHAT_ACTIONS, type CaseDetail, type ProcedureFacts } from '../conversation/ports';
import { Region, type Case } from '../store/entities';
import type { StaffActor } from './actors';
import { workflowActor } from './caseActions';
import type { AppContext } from './context';
import { caseReportViews } from './householdReports';
import { CALLBACK_NOTE } from './noticeText';

/**
 * A case as the chat shows it to staff (详情, and what a guided dialogue reads when it begins).
 * The ID number is never part of it; the phone is masked except on a call-back request for its
 * own cadre. `procedureFacts` is pure (the rule table decides what may be done now).
 */
export function procedureFacts(c: WorkflowCase, actor: WorkflowActor, now: Date): ProcedureFacts {
  const actions = allowedActions(c, actor, { now });
  const refusals: ProcedureFacts['refusals'] = {};
  for (const action of CADRE_CHAT_ACTIONS) {
    if (actions.includes(action)) continue;
    const why = refusal(c, actor, action, { now });
    if (why) refusals[action] = why.message;
  }
  const { visit, confirmation, review, publicity } = c;
  return {
    version: c.version,
    state: c.state,
    actions,
    refusals,
    visit: visit
      ? {
          visitedOn: visit.visitedOn,
          householdSize: visit.householdSize,
          verifiedRiskTypes: visit.verifiedRiskTypes,
          lines: [riskWords(visit.verifiedRiskTypes), `人均纯收入${visit.figures.perCapitaNetIncome}元`, conclusionWords(visit.conclusion)],
        }
      : null,
    confirmation: confirmation ? { state: confirmation.state, askedInWeChat: confirmation.askedInWeChat, words: confirmation.words ?? null } : null,
    review: review ? { meetingOn: review.meetingOn, result: review.result } : null,
    publicity: publicity
      ? {
          startsOn: publicity.startsOn,
          endsAt: new Date(publicity.endsAt),
          place: publicity.place ?? null,
          objections: publicity.objections.map((o) => ({ no: o.no, raisedBy: o.raisedBy, content: o.content, finding: o.answer?.finding ?? null })),
        }
      : null,
  };
}

/** A call-back request has no risk types yet: the cadre reads why it is there instead. */
export const chatRiskLabels = (c: Pick<Case, 'callbackRequested' | 'riskTypes'>): string[] =>
  c.callbackRequested && c.riskTypes.length === 0 ? [CALLBACK_NOTE] : c.riskTypes.map((r) => RISK_TYPE_LABELS[r]);

export async function chatCaseDetail(app: AppContext, actor: StaffActor, c: Case): Promise<CaseDetail> {
  const village = await app.db.manager.findOne(Region, { select: { code: true, name: true }, where: { code: c.villageCode } });
  // A call-back request exists to be called back: its own cadre reads the number in private chat.
  const phone = c.callbackRequested && c.assigneeId === actor.id ? app.crypto.decrypt(c.phoneEnc) : c.phoneMasked;
  return {
    ...procedureFacts(c, workflowActor(actor), app.clock()),
    trackingCode: c.trackingCode,
    villageName: village?.name ?? c.villageCode,
    applicantName: c.applicantName,
    phoneMasked: phone,
    householdSize: c.householdSize,
    riskTypeLabels: chatRiskLabels(c),
    urgent: c.urgent,
    stateLabel: STATE_INFO[c.state].label,
    next: STATE_INFO[c.state].staffNext,
    createdAt: c.createdAt,
    dueAt: c.stepDueAt,
    declared: {
      intakeLabel: INTAKE_METHODS[c.intakeMethod],
      hardships: c.hardships,
      details: c.details as Record<string, unknown>,
      annualIncome: c.annualIncome,
      perCapitaIncome: c.perCapitaIncome,
      incomeLine: c.incomeLine,
      proxy: c.proxyName ? { name: c.proxyName, relation: c.proxyRelation } : null,
      urgencyReasons: c.urgencyReasons.map((r) => URGENCY_REASONS[r]),
      callbackRequested: c.callbackRequested,
    },
    reports: await chatReports(app, c.id),
  };
}

async function chatReports(app: AppContext, caseId: number): Promise<CaseDetail['reports']> {
  const { total, items } = await caseReportViews(app.db.manager, caseId);
  return {
    total,
    items: items.map((r) => ({
      reporter: `${r.reporter.name}（${r.reporter.relation}）`,
      phoneMasked: r.reporter.phone,
      at: new Date(r.at),
      hardships: r.hardships,
      otherText: r.otherText,
      words: r.words,
    })),
  };
}
