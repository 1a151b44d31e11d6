import { assessDeclaration } from '../domain/assessment';
import { declarationSchema, type Declaration } from '../domain/declaration';
import { DomainError } from '../domain/errors';
import { reportFromDeclaration } from '../domain/householdReport';
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
import { linkReport, type ReportReceived } from './householdReports';
import { findVillage } from './regions';
import { reachableVillage } from './villageScope';
import { parseInput } from './zodInput';

/** A new case: its number, where it went. */
export interface FiledDeclaration {
  outcome: 'filed';
  id: number;
  trackingCode: string;
  state: Case['state'];
  riskTypes: RiskType[];
  urgency: 'urgent' | 'normal';
  assignee: { name: string } | null;
}

/** A declaration either opens a case, or — the household's case is open — is kept on it as a linked report. */
export type DeclarationResult = FiledDeclaration | ReportReceived;

export { newTrackingCode } from './trackingCode';

/** Staff filing for a household whose case is open: they are told so, and can find it in their lists if it is theirs. */
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
 * A household declares. Validates, derives what the server never trusts a client for, and — in
 * one transaction — stores the case, routes it to a cadre (or the township's queue), writes the
 * audit row and the outbox rows. When the household's case is already open, the declaration is
 * kept on that case as a linked report instead (householdReports.ts), and the answer says nothing
 * about the case.
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
export async function fileScreenedCase(app: AppContext, staff: StaffActor, declaration: Declaration, channel: Case['channel']): Promise<FiledDeclaration> {
  if (staff.role === 'cadre' && !staff.villageCodes.includes(declaration.applicant.villageCode)) {
    throw new DomainError('forbidden_action', '只能为您负责的村登记', 403, { field: 'applicant.villageCode' });
  }
  // Township and county staff file inside their own area too: a case filed elsewhere would land in
  // another town's queue under their name (the access matrix found a township doing just that).
  await reachableVillage(app.db.manager, staff, declaration.applicant.villageCode);
  return (await submitDeclaration(app, staff, declaration, channel, 'cadre_screening')) as FiledDeclaration;
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

  for (let attempt = 1; ; attempt++) {
    try {
      return await fileDeclaredCase();
    } catch (error) {
      // The household already has an open case: the unique index on openIdHash decides, even under races.
      if (!isUniqueViolation(error, 'uq_cases_open_id', 'cases.openIdHash')) throw error;
      if (screenedBy) {
        const winner = await openCaseFor(app, idHash);
        if (winner) throw duplicateError(winner);
        throw error;
      }
      const received = await linkReport(app, idHash, reportFromDeclaration(declaration), { actor, channel });
      if (received) return received;
      // Closed between the refusal and the look: the household may open a case again.
      if (attempt >= 2) throw error;
    }
  }

  async function fileDeclaredCase(): Promise<FiledDeclaration> {
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
      outcome: 'filed',
      id: row.id,
      trackingCode: row.trackingCode,
      state: row.state,
      riskTypes: assessment.riskTypes,
      urgency: assessment.urgent ? 'urgent' : 'normal',
      assignee: assignee ? { name: assignee.name } : null,
    };
  }
}
