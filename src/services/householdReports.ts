import type { EntityManager } from 'typeorm';
import { householdReportSchema, MAX_REPORTS_SHOWN, REPORT_RECEIVED, reportFromShortPath, reporterLabel, type ReportContent } from '../domain/householdReport';
import { maskPhone } from '../domain/idNumber';
import { RISK_TYPE_LABELS } from '../domain/riskTypes';
import { REPORTED_AGAIN, reportedAgain } from '../domain/workflow';
import { Case, CaseReport } from '../store/entities';
import { insertRow, inTransaction } from '../store/transaction';
import type { Actor } from './actors';
import { auditActor, recordEvent } from './audit';
import type { AppContext } from './context';
import { sendNotices } from './outbox';
import { parseInput } from './zodInput';

/** What the reporter is answered: the same words and shape whoever they are (REPORT_RECEIVED). */
export interface ReportReceived {
  outcome: 'reported';
  message: string;
}

export const REPORT_RECEIVED_BODY: ReportReceived = { outcome: 'reported', message: REPORT_RECEIVED };

/** The household's open case, found by the ID number's keyed hash; null when none is open. */
export async function openCaseOf(manager: EntityManager, idHash: string): Promise<Case | null> {
  return manager.findOne(Case, { where: { openIdHash: idHash } });
}

/**
 * Keeps a further declaration on the household's open case, in one transaction: the report
 * (phone sealed), the case's audit row 同户再次申报 and the notice to whoever holds its step.
 * The case itself (state, version, clock) does not change. Null when the case was closed
 * meanwhile: the caller files a case of its own instead.
 */
export async function linkReport(app: AppContext, idHash: string, report: ReportContent, reporter: { actor: Actor | null; channel: Case['channel'] }): Promise<ReportReceived | null> {
  const now = app.clock();
  const kept = await inTransaction(app.db, async (manager) => {
    const c = await openCaseOf(manager, idHash);
    if (!c) return null;
    const row = Object.assign(new CaseReport(), {
      caseId: c.id,
      channel: reporter.channel,
      residentId: reporter.actor?.kind === 'resident' ? reporter.actor.id : null,
      reporterName: report.reporterName,
      relation: report.relation,
      phoneEnc: app.crypto.encrypt(report.phone),
      phoneMasked: maskPhone(report.phone),
      applicantName: report.applicantName,
      hardships: report.hardships,
      details: report.details,
      words: report.words,
      householdSize: report.householdSize,
      annualIncome: report.annualIncome,
      createdAt: now,
    });
    const reportId = await insertRow(manager, CaseReport, row);
    const who = reporterLabel(report);
    const eventId = await recordEvent(
      manager,
      auditActor(reporter.actor, report.reporterName),
      { caseId: c.id, action: REPORTED_AGAIN, fromState: c.state, toState: c.state, note: who, data: { reportId, channel: reporter.channel, hardships: report.hardships } },
      now,
    );
    await sendNotices({ manager, now, eventId }, c, reportedAgain(c, who).notices, { residentText: null, actorStaffId: null });
    return { caseId: c.id, reportId };
  });
  if (!kept) return null;
  // Ids only: who reported and what they said are personal data.
  app.logger.info({ ...kept, channel: reporter.channel }, 'declaration kept on the household\'s open case');
  return REPORT_RECEIVED_BODY;
}

/**
 * The chat's short path: the ID number showed an open case, so only who is speaking, a phone and
 * what happened were asked. Null when no case is open for that ID number (any more): the chat
 * then goes on with the full questionnaire.
 */
export async function reportToOpenCase(app: AppContext, actor: Actor | null, input: unknown, channel: Case['channel']): Promise<ReportReceived | null> {
  const report = parseInput(householdReportSchema, input);
  return linkReport(app, app.crypto.lookupHash(report.applicant.idNumber), reportFromShortPath(report), { actor, channel });
}

/** Whether the household of this ID number has an open case (the chat asks right after the number). */
export async function hasOpenCase(app: AppContext, idNumber: string): Promise<boolean> {
  return app.db.manager.exists(Case, { where: { openIdHash: app.crypto.lookupHash(idNumber) } });
}

/** The linked reports as staff read them on the case: who (name, relation, masked phone), when, what they said. */
export async function caseReportViews(manager: EntityManager, caseId: number) {
  const [rows, total] = await manager.findAndCount(CaseReport, { where: { caseId }, order: { createdAt: 'DESC', id: 'DESC' }, take: MAX_REPORTS_SHOWN });
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      label: '同户再次申报',
      reporter: { name: r.reporterName, relation: r.relation ?? '户主本人', phone: r.phoneMasked },
      applicantName: r.applicantName,
      channel: r.channel,
      hardships: r.hardships,
      hardshipLabels: r.hardships.map((h) => RISK_TYPE_LABELS[h]),
      otherText: r.details.otherText ?? null,
      details: r.details,
      words: r.words,
      householdSize: r.householdSize,
      annualIncome: r.annualIncome,
      at: r.createdAt.toISOString(),
    })),
  };
}
