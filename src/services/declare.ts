import { assessDeclaration } from '../domain/assessment';
import { declarationSchema, type Declaration } from '../domain/declaration';
import { DomainError } from '../domain/errors';
import { maskIdNumber, maskPhone } from '../domain/idNumber';
import type { RiskType } from '../domain/riskTypes';
import { IsNull, Not } from 'typeorm';
import { Case } from '../store/entities';
import { isUniqueViolation } from '../store/transaction';
import type { IntakeMethod } from '../domain/workflow';
import type { Actor, StaffActor } from './actors';
import { auditActor } from './audit';
import { fileCase } from './fileCase';
import type { AppContext } from './context';
import { countyFigures } from './countySettings';
import { findVillage } from './regions';
import { parseInput } from './zodInput';

export interface DeclarationResult {
  id: number;
  trackingCode: string;
  state: Case['state'];
  riskTypes: RiskType[];
  urgency: 'urgent' | 'normal';
  assignee: { name: string } | null;
}

export { newTrackingCode } from './trackingCode';

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

/** A household that declared before through WeChat is reachable there: the latest such case's resident. */
async function reachableResident(app: AppContext, idHash: string): Promise<number | null> {
  const earlier = await app.db.getRepository(Case).findOne({
    select: { id: true, residentId: true },
    where: { idNumberHash: idHash, residentId: Not(IsNull()) },
    order: { id: 'DESC' },
  });
  return earlier?.residentId ?? null;
}

/**
 * 基层干部排查: a cadre who found a household in trouble while screening files the case for it. It
 * enters the same procedure, marked as screened; a cadre's own filing starts at their visit,
 * township or county staff's is routed like a declaration. The household is told when it is
 * reachable in WeChat (it declared through WeChat before).
 */
export async function fileScreenedCase(app: AppContext, staff: StaffActor, declaration: Declaration, channel: Case['channel']): Promise<DeclarationResult> {
  if (staff.role === 'cadre' && !staff.villageCodes.includes(declaration.applicant.villageCode)) {
    throw new DomainError('forbidden_action', '只能为您负责的村登记', 403, { field: 'applicant.villageCode' });
  }
  return submitDeclaration(app, staff, declaration, channel, 'cadre_screening');
}

/** The same, for a payload already parsed with declarationSchema (the HTTP route parses it). */
export async function submitDeclaration(
  app: AppContext,
  actor: Actor | null,
  declaration: Declaration,
  channel: Case['channel'],
  intakeMethod: IntakeMethod = 'self_declared',
): Promise<DeclarationResult> {
  const now = app.clock();
  const village = await findVillage(app.db.manager, declaration.applicant.villageCode);
  const figures = await countyFigures(app.db.manager, village.countyCode, now);
  const assessment = assessDeclaration(declaration, figures, now);
  const { applicant, proxy } = declaration;
  const idHash = app.crypto.lookupHash(applicant.idNumber);
  const screenedBy = actor?.kind === 'staff' ? actor : null;
  const residentId = actor?.kind === 'resident' ? actor.id : screenedBy ? await reachableResident(app, idHash) : null;

  try {
    const { row, assignee } = await fileCase(
      app,
      { village, figures, now },
      {
        channel,
        intakeMethod,
        residentId,
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
        callbackRequested: false,
      },
      {
        actor: auditActor(actor, proxy ? `${proxy.name}（${proxy.relation}代报）` : applicant.name),
        cadre: screenedBy?.role === 'cadre' ? { id: screenedBy.id, name: screenedBy.name } : undefined,
        resident: actor?.kind === 'resident' ? actor : undefined,
      },
    );
    return {
      id: row.id,
      trackingCode: row.trackingCode,
      state: row.state,
      riskTypes: assessment.riskTypes,
      urgency: assessment.urgent ? 'urgent' : 'normal',
      assignee: assignee ? { name: assignee.name } : null,
    };
  } catch (error) {
    // The household already has an open case: the unique index on openIdHash decides, even under races.
    if (isUniqueViolation(error, 'uq_cases_open_id', 'cases.openIdHash')) {
      const winner = await openCaseFor(app, idHash);
      if (winner) throw duplicateError(winner);
    }
    throw error;
  }
}
