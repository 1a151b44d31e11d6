import type { EntityManager } from 'typeorm';
import { addWorkingDays } from '../domain/calendar';
import { QUESTIONNAIRE } from '../domain/questionnaire';
import { Case, type Region } from '../store/entities';
import { insertRow, inTransaction, isUniqueViolation } from '../store/transaction';
import { recordEvent, type AuditActor } from './audit';
import type { AppContext } from './context';
import type { CountyFigures } from './countySettings';
import { newTrackingCode } from './trackingCode';
import { notifyResident, notifyStaff, townshipStaffIds } from './outbox';
import { chooseCadre } from './routing';

/** What differs between the cases a channel files: who, what happened, and the personal data sealed. */
export type CaseContent = Pick<
  Case,
  | 'channel'
  | 'residentId'
  | 'applicantName'
  | 'phoneEnc'
  | 'phoneMasked'
  | 'idNumberEnc'
  | 'idNumberMasked'
  | 'idNumberHash'
  | 'openIdHash'
  | 'proxyName'
  | 'proxyRelation'
  | 'proxyPhoneEnc'
  | 'householdSize'
  | 'hardships'
  | 'details'
  | 'annualIncome'
  | 'perCapitaIncome'
  | 'incomeLine'
  | 'riskTypes'
  | 'flags'
  | 'urgent'
  | 'urgencyReasons'
  | 'callbackRequested'
>;

export interface FiledCase {
  row: Case;
  assignee: { id: number; name: string } | null;
}

/**
 * A resident who asked for a call-back (人工) and then declared in full needs one case, not two:
 * their open call-back requests in that village are closed as duplicates of the new declaration.
 */
async function closeCallbacksAnsweredBy(manager: EntityManager, declared: Case, now: Date): Promise<void> {
  const open = await manager.find(Case, {
    select: { id: true, state: true },
    where: { residentId: declared.residentId as number, villageCode: declared.villageCode, callbackRequested: true, isOpen: true },
  });
  for (const callback of open) {
    await manager.update(Case, callback.id, { state: 'closed', isOpen: false, closeReason: 'duplicate', stepDueAt: null, updatedAt: now });
    await recordEvent(
      manager,
      { type: 'system', id: null, name: '系统', role: 'system' },
      { caseId: callback.id, action: 'close', fromState: callback.state, toState: 'closed', note: `群众已正式申报 ${declared.trackingCode}` },
      now,
    );
  }
}

/**
 * Files a new case in one transaction: routes it to the village's cadre (or the township's
 * queue), stores it, writes the audit row and the notices (cadre or township; the resident's
 * receipt). A tracking-code collision is retried; a unique-index refusal on the household's open
 * case is thrown for the caller to explain.
 */
export async function fileCase(
  app: AppContext,
  place: { village: Region; figures: CountyFigures; now: Date },
  content: CaseContent,
  audit: { actor: AuditActor; note?: string },
): Promise<FiledCase> {
  const { village, figures, now } = place;
  const townCode = village.parentCode as string;
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(app.db, async (manager) => {
        const cadre = await chooseCadre(manager, village.code);
        const state = cadre ? 'assigned' : 'submitted';
        const row = Object.assign(new Case(), content, {
          trackingCode: newTrackingCode(),
          state,
          isOpen: true,
          villageCode: village.code,
          townCode,
          countyCode: village.countyCode,
          priority: content.urgent ? 0 : 1,
          questionnaireVersion: QUESTIONNAIRE.version,
          assigneeId: cadre?.id ?? null,
          needsRouting: cadre === null,
          stepDueAt: addWorkingDays(now, figures.slaAcceptDays).dueAt,
          closeReason: null,
          monitoringType: null,
          visit: null,
          createdAt: now,
          updatedAt: now,
        });
        row.id = await insertRow(manager, Case, row);
        const eventId = await recordEvent(
          manager,
          audit.actor,
          {
            caseId: row.id,
            action: 'declare',
            fromState: null,
            toState: state,
            note: audit.note ?? null,
            data: { channel: content.channel, urgent: content.urgent, callbackRequested: content.callbackRequested, assigneeId: cadre?.id ?? null },
          },
          now,
        );
        const notice = { manager, now, eventId, villageName: village.name };
        const note = audit.note ?? null;
        if (cadre) await notifyStaff(notice, row, 'case_assigned', [cadre.id], note);
        else await notifyStaff(notice, row, 'case_needs_routing', await townshipStaffIds(manager, townCode), note);
        await notifyResident(notice, row, 'case_received');
        if (content.residentId && !content.callbackRequested) await closeCallbacksAnsweredBy(manager, row, now);
        return { row, assignee: cadre };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_cases_tracking', 'cases.trackingCode') && attempt < 3) continue;
      throw error;
    }
  }
}
