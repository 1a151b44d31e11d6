import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { DomainError, notFound } from '../domain/errors';
import { fitsJsonColumn } from '../domain/textLimits';
import { CASE_ACTIONS, decide, isOpenState, ruleOf, type CaseAction, type Decision, type DecideEnv, type WorkflowActor } from '../domain/workflow';
import { CadreVillage, Case, StaffUser } from '../store/entities';
import { CaseFinder } from '../store/caseFinder';
import type { JsonObject } from '../store/entities/columns';
import { inTransaction, isUniqueViolation } from '../store/transaction';
import type { ResidentActor, StaffActor } from './actors';
import { auditActor, recordEvent, type AuditActor } from './audit';
import { moveTallies, talliedOf } from './caseTally';
import type { AppContext } from './context';
import { countyFigures } from './countySettings';
import { sendNotices } from './outbox';
import { workCalendar } from './workCalendar';
import { parseInput } from './zodInput';

export const actionRequestSchema = z
  .object({
    action: z.enum(CASE_ACTIONS as [CaseAction, ...CaseAction[]], { error: '不认识的操作' }),
    version: z.number({ error: '请带上案件的版本号 version（刷新后再试）' }).int().positive({ error: '版本号不正确' }),
  })
  .passthrough();

export const staleVersion = () => new DomainError('stale_version', '案件已被他人更新，请刷新', 409);
/** The same refusal in the household's words: they did nothing wrong, the case just moved. */
const residentStale = () => new DomainError('stale_version', '这件申报刚刚有了新变化，请刷新后再看', 409);

/** The actor as the rule table knows it. */
export function workflowActor(actor: StaffActor | ResidentActor): WorkflowActor {
  if (actor.kind === 'resident') return { kind: 'resident', id: actor.id };
  return { kind: 'staff', id: actor.id, name: actor.name, role: actor.role, regionCode: actor.regionCode, villageCodes: actor.villageCodes };
}

/** The case in the actor's reach, locked for the transition; out of reach looks missing. */
async function reachableCase(manager: EntityManager, actor: StaffActor | ResidentActor, caseId: number): Promise<Case> {
  if (actor.kind === 'staff') return new CaseFinder(manager, actor).get(caseId, true);
  const qb = manager.createQueryBuilder(Case, 'c').where('c.id = :caseId AND c.residentId = :residentId', { caseId, residentId: actor.id });
  if (manager.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  const found = await qb.getOne();
  if (!found) throw notFound('申报');
  return found;
}

/** The one fact a rule cannot know by itself: whether a named cadre is responsible for the case's village. */
async function assigneeFact(manager: EntityManager, c: Case, input: Record<string, unknown>): Promise<DecideEnv['assignee']> {
  if (typeof input.assigneeId !== 'number') return undefined;
  const cadre = await manager.findOne(StaffUser, { where: { id: input.assigneeId, role: 'cadre' } });
  if (!cadre) return null;
  const responsible = await manager.exists(CadreVillage, { where: { staffId: cadre.id, villageCode: c.villageCode } });
  return { id: cadre.id, name: cadre.displayName, active: cadre.active, responsible };
}

/** The environment a decision is taken in: the time, the calendar, the county's figures. */
export async function decideEnv(manager: EntityManager, c: Pick<Case, 'countyCode'>, now: Date): Promise<Omit<DecideEnv, 'assignee'>> {
  const figures = await countyFigures(manager, c.countyCode, now);
  return { now, calendar: await workCalendar(manager), clock: figures.clock, incomeLine: figures.incomeLine };
}

/** The case's JSON (TEXT) columns an action may write. */
const JSON_FIELDS = ['visit', 'confirmation', 'review', 'publicity', 'helpFirst', 'measures'] as const satisfies readonly (keyof Case)[];

/**
 * The schemas bound every string and list, so this should never refuse (textLimits.test.ts fills
 * them to the brim); it is the last line against a bound forgotten in a new field: a 400 in the
 * user's words instead of MariaDB refusing the row (a 500) or SQLite keeping what MariaDB could not.
 */
function requireStorable(documents: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(documents)) {
    if (!fitsJsonColumn(value)) throw new DomainError('validation_failed', '填写的内容太多，超出了能保存的长度，请精简后再提交', 400, { field });
  }
}

/**
 * Writes what the domain decided, guarded by the version read: a concurrent action that got
 * there first makes this one stale (409) and its transaction rolls back.
 */
async function applyDecision(manager: EntityManager, c: Case, decision: Decision, now: Date): Promise<void> {
  requireStorable(Object.fromEntries(JSON_FIELDS.filter((f) => f in decision.changes).map((f) => [f, decision.changes[f as keyof typeof decision.changes]])));
  requireStorable({ data: decision.data });
  const open = isOpenState(decision.to);
  const set: Partial<Case> = {
    ...decision.changes,
    state: decision.to,
    isOpen: open,
    openIdHash: open ? c.idNumberHash : null,
    version: c.version + 1,
    updatedAt: now,
  };
  if (decision.step) {
    Object.assign(set, { stepStartedAt: open ? decision.step.startedAt : null, stepDueAt: decision.step.due?.dueAt ?? null, stepDueProvisional: decision.step.due?.provisional ?? false });
  }
  if (!open) Object.assign(set, { procedureDueAt: null, procedureDueProvisional: false });
  if (decision.procedureDue) Object.assign(set, { procedureStartedAt: now, procedureDueAt: decision.procedureDue.dueAt, procedureDueProvisional: decision.procedureDue.provisional });
  try {
    const result = await manager.createQueryBuilder().update(Case).set(set).where('id = :id AND version = :version', { id: c.id, version: c.version }).execute();
    if (result.affected !== 1) throw staleVersion();
  } catch (error) {
    if (isUniqueViolation(error, 'uq_cases_open_id', 'cases.openIdHash')) {
      throw new DomainError('duplicate_open_case', '这户已有一件正在办理的申报，不能重新办理这一件', 409);
    }
    throw error;
  }
  Object.assign(c, set);
}

/**
 * One transition inside the caller's transaction: decide, write the case, its audit row and its
 * notices. The case must have been read (and locked) in that transaction.
 */
export async function applyTransition(
  manager: EntityManager,
  c: Case,
  actor: WorkflowActor,
  audit: AuditActor,
  action: CaseAction,
  input: Record<string, unknown>,
  env: DecideEnv,
): Promise<Decision> {
  const decision = decide(c, actor, action, input, env);
  const counted = talliedOf(c);
  await applyDecision(manager, c, decision, env.now);
  const eventId = await recordEvent(
    manager,
    audit,
    { caseId: c.id, action, fromState: decision.from, toState: decision.to, note: decision.note, data: decision.data as JsonObject },
    env.now,
  );
  await sendNotices({ manager, now: env.now, eventId }, c, decision.notices, { residentText: decision.residentText, actorStaffId: actor.kind === 'staff' ? actor.id : null });
  await moveTallies(manager, counted, c);
  return decision;
}

/**
 * Someone acts on a case. The rule table decides everything (domain/workflow); this applies it:
 * lock the case, check the version, decide, write the case, its audit row and its notices — in
 * one transaction. Staff reach cases through their scope; a resident only their own.
 */
export async function actOnCase(app: AppContext, actor: StaffActor | ResidentActor, caseId: number, request: unknown): Promise<Case> {
  const { action, version, ...fields } = parseInput(actionRequestSchema, request);
  const input = parseInput(ruleOf(action).input, fields) as Record<string, unknown>;
  return inTransaction(app.db, async (manager) => {
    const now = app.clock();
    const c = await reachableCase(manager, actor, caseId);
    if (c.version !== version) throw actor.kind === 'resident' ? residentStale() : staleVersion();
    const env: DecideEnv = { ...(await decideEnv(manager, c, now)), assignee: await assigneeFact(manager, c, input) };
    await applyTransition(manager, c, workflowActor(actor), auditActor(actor, c.proxyName ?? c.applicantName), action, input, env);
    return c;
  });
}
