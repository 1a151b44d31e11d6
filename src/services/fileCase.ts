import { riskTypeMask } from '../domain/riskTypes';
import type { EntityManager } from 'typeorm';
import { QUESTIONNAIRE } from '../domain/questionnaire';
import { firstStep } from '../domain/workflow';
import { Case, Resident, type Region } from '../store/entities';
import type { JsonObject } from '../store/entities/columns';
import { insertRow, inTransaction, isUniqueViolation } from '../store/transaction';
import { recordEvent, type AuditActor } from './audit';
import { moveTallies } from './caseTally';
import { applyTransition, decideEnv } from './caseActions';
import type { ResidentActor } from './actors';
import type { AppContext } from './context';
import type { CountyFigures } from './countySettings';
import { newTrackingCode } from './trackingCode';
import { sendNotices } from './outbox';
import { chooseCadre } from './routing';
import { workCalendar } from './workCalendar';

/** What differs between the cases a channel files: who, what happened, and the personal data sealed. */
export type CaseContent = Pick<
  Case,
  | 'channel'
  | 'intakeMethod'
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

/** Who files: the audit actor, and the cadre whose own case it becomes (基层干部排查). */
export interface Filer {
  actor: AuditActor;
  note?: string;
  cadre?: { id: number; name: string };
  /** The audit row's action and extra data when it is neither a declaration nor a cadre's filing (部门筛查预警). */
  event?: { action: string; data: JsonObject };
  /** The declaring resident's account as the request read it (their notice's channel; whether they ever asked for a call-back). */
  resident?: ResidentActor;
  /** What must be stored with the case in its transaction (an imported warning's record); may refuse it by throwing. */
  alongside?: (manager: EntityManager, row: Case) => Promise<void>;
}

/**
 * A resident who asked for a call-back (人工) and then declared in full needs one case, not two:
 * their open call-back requests in that village are closed as duplicates of the new declaration.
 */
async function closeCallbacksAnsweredBy(manager: EntityManager, declared: Case, now: Date): Promise<void> {
  const open = await manager.find(Case, {
    where: { residentId: declared.residentId as number, villageCode: declared.villageCode, callbackRequested: true, isOpen: true },
  });
  for (const callback of open) {
    const env = await decideEnv(manager, callback, now);
    await applyTransition(manager, callback, SYSTEM, SYSTEM_AUDIT, 'close', { reason: 'duplicate', note: `群众已正式申报 ${declared.trackingCode}` }, env);
  }
}

const SYSTEM = { kind: 'system', name: '系统' } as const;
const SYSTEM_AUDIT: AuditActor = { type: 'system', id: null, name: '系统', role: 'system' };

/**
 * Files a new case in one transaction: the domain decides where it starts (the village's cadre,
 * the township's routing queue, or — screened by a cadre — that cadre's visit) and its due
 * times; this stores it, writes the audit row and the notices. A tracking-code collision is
 * retried; a unique-index refusal on the household's open case is thrown for the caller to explain.
 */
export async function fileCase(app: AppContext, place: { village: Region; figures: CountyFigures; now: Date }, content: CaseContent, filer: Filer): Promise<FiledCase> {
  const { village, figures, now } = place;
  const townCode = village.parentCode as string;
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(app.db, async (manager) => {
        const cadre = filer.cadre ?? (await chooseCadre(manager, village.code));
        const start = firstStep(content.intakeMethod, { cadreId: cadre?.id ?? null, filedByCadreId: filer.cadre?.id ?? null }, { now, clock: figures.clock, calendar: await workCalendar(manager) });
        const row = Object.assign(new Case(), content, {
          trackingCode: newTrackingCode(),
          state: start.state,
          isOpen: true,
          version: 1,
          villageCode: village.code,
          townCode,
          countyCode: village.countyCode,
          priority: content.urgent ? 0 : 1,
          riskMask: riskTypeMask(content.riskTypes),
          questionnaireVersion: QUESTIONNAIRE.version,
          assigneeId: start.assigneeId,
          needsRouting: start.needsRouting,
          stepStartedAt: now,
          stepDueAt: start.stepDue.dueAt,
          stepDueProvisional: start.stepDue.provisional,
          procedureStartedAt: now,
          procedureDueAt: start.procedureDue.dueAt,
          procedureDueProvisional: start.procedureDue.provisional,
          closeReason: null,
          monitoringType: null,
          measures: null,
          visit: null,
          confirmation: null,
          review: null,
          publicity: null,
          helpFirst: null,
          createdAt: now,
          updatedAt: now,
        });
        row.id = await insertRow(manager, Case, row);
        const eventId = await recordEvent(
          manager,
          filer.actor,
          {
            caseId: row.id,
            action: filer.event?.action ?? (filer.cadre ? 'file' : 'declare'),
            fromState: null,
            toState: start.state,
            note: filer.note ?? null,
            data: { ...filer.event?.data, channel: content.channel, intakeMethod: content.intakeMethod, urgent: content.urgent, callbackRequested: content.callbackRequested, assigneeId: start.assigneeId },
          },
          now,
        );
        await filer.alongside?.(manager, row);
        const notices = start.notices.map((n) => (n.to === 'resident' ? n : { ...n, note: filer.note ?? null }));
        const resident = filer.resident?.id === row.residentId ? filer.resident : undefined;
        await sendNotices({ manager, now, eventId, villageName: village.name, resident }, row, notices, { residentText: start.residentText, actorStaffId: filer.cadre?.id ?? null });
        if (content.residentId && content.callbackRequested) await manager.update(Resident, content.residentId, { callbackFiledAt: now });
        // Only a resident who ever asked for a call-back can have one open (unknown: look).
        else if (content.residentId && resident?.mayHaveCallbacks !== false) await closeCallbacksAnsweredBy(manager, row, now);
        await moveTallies(manager, null, row);
        return { row, assignee: cadre };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_cases_tracking', 'cases.trackingCode') && attempt < 3) continue;
      throw error;
    }
  }
}
