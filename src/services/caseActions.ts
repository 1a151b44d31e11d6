import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { addWorkingDays } from '../domain/calendar';
import { CASE_ACTION_NAMES, CASE_ACTIONS, isOpenState, planTransition, type CaseAction, type CaseState } from '../domain/caseLifecycle';
import { DomainError } from '../domain/errors';
import { CadreVillage, Case, StaffUser } from '../store/entities';
import { CaseFinder } from '../store/caseFinder';
import type { JsonObject } from '../store/entities/columns';
import { inTransaction } from '../store/transaction';
import type { StaffActor } from './actors';
import { auditActor, recordEvent } from './audit';
import type { AppContext } from './context';
import { countyFigures, type CountyFigures } from './countySettings';
import { notifyResident, notifyStaff, townshipStaffIds, type NoticeKind } from './outbox';
import { parseInput } from './zodInput';

export const actionRequestSchema = z
  .object({ action: z.enum(CASE_ACTION_NAMES as [CaseAction, ...CaseAction[]], { error: '不认识的操作' }) })
  .passthrough();

/** Working days the new step may take; null when the case has left everyone's queue. */
function stepDays(state: CaseState, figures: CountyFigures): number | null {
  switch (state) {
    case 'submitted':
    case 'assigned':
      return figures.slaAcceptDays;
    case 'investigating':
      return figures.slaVisitDays;
    case 'publicity':
      return 5; // 公示 lasts five working days in every plan.
    case 'village_review':
    case 'township_review':
    case 'county_review':
      return figures.slaReviewDays;
    default:
      return null;
  }
}

async function checkAssignee(manager: EntityManager, c: Case, assigneeId: number): Promise<StaffUser> {
  const cadre = await manager.findOne(StaffUser, { where: { id: assigneeId, role: 'cadre', active: true } });
  const responsible = cadre && (await manager.exists(CadreVillage, { where: { staffId: assigneeId, villageCode: c.villageCode } }));
  if (!cadre || !responsible) throw new DomainError('validation_failed', '只能分派给负责这个村的村干部', 400, { field: 'assigneeId' });
  return cadre;
}

/**
 * Staff act on a case: the lifecycle decides whether the step is allowed; this applies it —
 * case row, audit row and notices in one transaction, under a row lock on MariaDB.
 */
export async function actOnCase(app: AppContext, staff: StaffActor, caseId: number, request: unknown): Promise<Case> {
  const { action, ...fields } = parseInput(actionRequestSchema, request);
  const input = parseInput(CASE_ACTIONS[action].input, fields) as Record<string, unknown>;
  return inTransaction(app.db, async (manager) => {
    const now = app.clock();
    const c = await new CaseFinder(manager, staff).get(caseId, true);
    if (staff.role === 'cadre' && c.assigneeId !== staff.id) {
      throw new DomainError('forbidden_action', '这件申报不在您的待办里', 403);
    }
    const transition = planTransition(c.state, action, staff.role);
    const note = typeof input.reason === 'string' ? input.reason : typeof input.note === 'string' ? input.note : null;

    let noticeTo: { kind: NoticeKind; staff: number[] } | null = null;
    let residentNotice: NoticeKind | null = null;
    switch (action) {
      case 'assign': {
        const cadre = await checkAssignee(manager, c, input.assigneeId as number);
        c.assigneeId = cadre.id;
        c.needsRouting = false;
        noticeTo = { kind: 'case_assigned', staff: [cadre.id] };
        break;
      }
      case 'accept':
        residentNotice = 'case_accepted';
        break;
      case 'transfer':
        c.assigneeId = null;
        c.needsRouting = true;
        noticeTo = { kind: 'case_transferred', staff: await townshipStaffIds(manager, c.townCode) };
        break;
      case 'close':
        c.closeReason = input.reason as string;
        residentNotice = 'case_closed';
        break;
      case 'record_visit':
        c.visit = input as JsonObject;
        break;
      case 'start_publicity':
        residentNotice = 'case_published';
        break;
      case 'county_confirm':
        c.monitoringType = input.monitoringType as string;
        residentNotice = 'case_decided';
        break;
      case 'reject':
        residentNotice = 'case_decided';
        break;
      case 'send_back':
        if (c.assigneeId && ['assigned', 'investigating', 'village_review'].includes(transition.to)) {
          noticeTo = { kind: 'case_sent_back', staff: [c.assigneeId] };
        }
        break;
    }

    c.state = transition.to;
    c.isOpen = isOpenState(transition.to);
    c.openIdHash = c.isOpen ? c.idNumberHash : null;
    const days = stepDays(transition.to, await countyFigures(manager, c.countyCode, now));
    c.stepDueAt = days === null ? null : addWorkingDays(now, days).dueAt;
    c.updatedAt = now;
    await manager.save(c);

    const eventId = await recordEvent(
      manager,
      auditActor(staff, staff.name),
      { caseId: c.id, action, fromState: transition.from, toState: transition.to, note, data: input as JsonObject },
      now,
    );
    const notice = { manager, now, eventId };
    if (noticeTo) await notifyStaff(notice, c, noticeTo.kind, noticeTo.staff, note);
    if (residentNotice) await notifyResident(notice, c, residentNotice, note);
    return c;
  });
}
