import { randomInt } from 'node:crypto';
import { assessDeclaration } from '../domain/assessment';
import { addWorkingDays } from '../domain/calendar';
import { declarationSchema, type Declaration } from '../domain/declaration';
import { DomainError } from '../domain/errors';
import { maskIdNumber, maskPhone } from '../domain/idNumber';
import { QUESTIONNAIRE } from '../domain/questionnaire';
import type { RiskType } from '../domain/riskTypes';
import { Case } from '../store/entities';
import { insertEntities, inTransaction, isUniqueViolation } from '../store/transaction';
import type { Actor } from './actors';
import { auditActor, recordEvent } from './audit';
import type { AppContext } from './context';
import { countyFigures } from './countySettings';
import { activeStaffNames, notifyResident, notifyStaff, townshipStaffIds } from './outbox';
import { findVillage } from './regions';
import { routeToCadre } from './routing';
import { parseInput } from './zodInput';

export interface DeclarationResult {
  id: number;
  trackingCode: string;
  state: Case['state'];
  riskTypes: RiskType[];
  urgency: 'urgent' | 'normal';
  assignee: { name: string } | null;
}

/** SB- and eight digits: easy to read out over the phone and to type with digits only. */
export const newTrackingCode = (): string => `SB-${String(randomInt(10_000_000, 100_000_000))}`;

function duplicateError(existing: Pick<Case, 'id' | 'trackingCode'>): DomainError {
  return new DomainError('duplicate_open_case', `这户已有一件正在办理的申报（编号 ${existing.trackingCode}），不用重复申报`, 409, {
    caseId: existing.id,
    trackingCode: existing.trackingCode,
  });
}

async function openCaseFor(app: AppContext, idHash: string): Promise<Pick<Case, 'id' | 'trackingCode'> | null> {
  return app.db.getRepository(Case).findOne({ select: { id: true, trackingCode: true }, where: { openIdHash: idHash } });
}

/**
 * A household declares. Validates, derives what the server never trusts a client for, refuses a
 * second open case for the same ID number, and — in one transaction — stores the case, routes it
 * to a cadre (or the township's queue), writes the audit row and the outbox rows.
 */
export function declare(app: AppContext, actor: Actor | null, input: unknown, channel: Case['channel']): Promise<DeclarationResult> {
  return submitDeclaration(app, actor, parseInput(declarationSchema, input), channel);
}

/** The same, for a payload already parsed with declarationSchema (the HTTP route parses it). */
export async function submitDeclaration(app: AppContext, actor: Actor | null, declaration: Declaration, channel: Case['channel']): Promise<DeclarationResult> {
  const now = app.clock();
  const village = await findVillage(app.db.manager, declaration.applicant.villageCode);
  const figures = await countyFigures(app.db.manager, village.countyCode, now);
  const assessment = assessDeclaration(declaration, figures, now);
  const { applicant, proxy } = declaration;
  const idHash = app.crypto.lookupHash(applicant.idNumber);

  const existing = await openCaseFor(app, idHash);
  if (existing) throw duplicateError(existing);

  const townCode = village.parentCode as string;
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(app.db, async (manager) => {
        const assigneeId = await routeToCadre(manager, village.code);
        const state = assigneeId ? 'assigned' : 'submitted';
        const row = Object.assign(new Case(), {
          trackingCode: newTrackingCode(),
          state,
          isOpen: true,
          channel,
          residentId: actor?.kind === 'resident' ? actor.id : null,
          applicantName: applicant.name,
          phoneEnc: app.crypto.encrypt(applicant.phone),
          phoneMasked: maskPhone(applicant.phone),
          idNumberEnc: app.crypto.encrypt(applicant.idNumber),
          idNumberMasked: maskIdNumber(applicant.idNumber),
          idNumberHash: idHash,
          openIdHash: idHash,
          proxyName: proxy?.name ?? null,
          proxyRelation: proxy?.relation ?? null,
          proxyPhoneEnc: proxy ? app.crypto.encrypt(proxy.phone) : null,
          villageCode: village.code,
          townCode,
          countyCode: village.countyCode,
          householdSize: declaration.householdSize,
          hardships: declaration.hardships,
          details: declaration.details,
          annualIncome: Math.round(declaration.annualIncome),
          perCapitaIncome: assessment.perCapitaIncome,
          incomeLine: assessment.incomeLine,
          riskTypes: assessment.riskTypes,
          flags: assessment.flags,
          urgent: assessment.urgent,
          urgencyReasons: assessment.urgencyReasons,
          priority: assessment.urgent ? 0 : 1,
          questionnaireVersion: QUESTIONNAIRE.version,
          assigneeId,
          needsRouting: assigneeId === null,
          callbackRequested: false,
          stepDueAt: addWorkingDays(now, figures.slaAcceptDays).dueAt,
          closeReason: null,
          monitoringType: null,
          visit: null,
          createdAt: now,
          updatedAt: now,
        });
        const inserted = await insertEntities(manager, Case, row);
        row.id = Number(inserted.identifiers[0]?.id ?? row.id);

        const who = auditActor(actor, proxy ? `${proxy.name}（${proxy.relation}代报）` : applicant.name);
        const eventId = await recordEvent(
          manager,
          who,
          { caseId: row.id, action: 'declare', fromState: null, toState: state, data: { channel, urgent: assessment.urgent, assigneeId } },
          now,
        );
        const notice = { manager, now, eventId, villageName: village.name };
        if (assigneeId) await notifyStaff(notice, row, 'case_assigned', [assigneeId]);
        else await notifyStaff(notice, row, 'case_needs_routing', await townshipStaffIds(manager, townCode));
        await notifyResident(notice, row, 'case_received');

        const names = await activeStaffNames(manager, assigneeId ? [assigneeId] : []);
        return {
          id: row.id,
          trackingCode: row.trackingCode,
          state,
          riskTypes: assessment.riskTypes,
          urgency: assessment.urgent ? 'urgent' : 'normal',
          assignee: assigneeId ? { name: names.get(assigneeId) ?? '' } : null,
        };
      });
    } catch (error) {
      // Two declarations for one household raced past the check above: the unique index decides.
      if (isUniqueViolation(error, 'uq_cases_open_id', 'cases.openIdHash')) {
        const winner = await openCaseFor(app, idHash);
        if (winner) throw duplicateError(winner);
      }
      if (isUniqueViolation(error, 'uq_cases_tracking', 'cases.trackingCode') && attempt < 3) continue;
      throw error;
    }
  }
}
