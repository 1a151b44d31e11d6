import { In } from 'typeorm';
import type {
  CadreActResult,
  CadreChatAction,
  CaseDetail,
  ConversationPorts,
  PendingConfirmation,
  Place,
  QueueItem,
  RegisteredCase,
  ReportedToOpenCase,
  ResidentCaseSummary,
  ResidentChatAction,
  SubmittedCase,
  VillageMatch,
} from '../conversation/ports';
import { declarationSchema } from '../domain/declaration';
import { STATE_INFO } from '../domain/workflow';
import { DomainError, notFound } from '../domain/errors';
import { CaseFinder } from '../store/caseFinder';
import { Case, Region } from '../store/entities';
import type { ResidentActor, StaffActor } from './actors';
import { loadStaffActor } from './auth';
import { BindAttemptLimiter, bindChatAccount } from './bindCodes';
import { requestCallback } from './callbacks';
import { actOnCase } from './caseActions';
import { residentCaseViews, staffListItems } from './caseViews';
import { chatCaseDetail, chatRiskLabels } from './chatCaseDetail';
import type { AppContext } from './context';
import { declare, fileScreenedCase } from './declare';
import { hasOpenCase, reportToOpenCase } from './householdReports';
import { listCounties, listRegionChildren, searchVillages } from './regions';
import { parseInput } from './zodInput';
import { parseTrackingCode } from '../shared/trackingCode';

/** How many queue items one 待办 reads (the engine shows the first ten and counts the rest). */
const QUEUE_LIMIT = 200;
const MAX_CASES = 10;

/**
 * The dialogue engine's ports on the real services: every call is one service call (one
 * transaction where it writes), scoped like the HTTP API — a cadre reaches cases through
 * CaseFinder, out-of-scope cases look missing (404), and acting needs the case to be theirs.
 */
export function createChatPorts(app: AppContext): ConversationPorts {
  const manager = () => app.db.manager;
  const limiter = new BindAttemptLimiter(app.clock);

  async function staffActor(staffId: number): Promise<StaffActor> {
    const actor = await loadStaffActor(app, staffId);
    if (!actor) throw new DomainError('staff_inactive', '您的账号已停用，请联系管理员', 403);
    return actor;
  }

  async function scopedCase(actor: StaffActor, trackingCode: string): Promise<Case> {
    return new CaseFinder(manager(), actor).getByTrackingCode(trackingCode);
  }

  const residentActor = (residentId: number): ResidentActor => ({ kind: 'resident', id: residentId, channel: 'chat' });

  /** The resident's cases as 我的申报 shows them (the server's timeline words, the summary to confirm). */
  async function residentViews(residentId: number, where: Partial<Pick<Case, 'state'>> = {}) {
    const cases = await app.db.getRepository(Case).find({ where: { residentId, ...where }, order: { createdAt: 'DESC', id: 'DESC' }, take: MAX_CASES });
    return residentCaseViews(manager(), cases, residentActor(residentId), app.clock());
  }

  return {
    async searchVillages(text: string, limit: number): Promise<VillageMatch[]> {
      const found = await searchVillages(manager(), text, limit);
      return found.map((v) => ({ code: v.code, name: v.name, townName: v.townName ?? '' }));
    },

    async listTowns(): Promise<Place[]> {
      const towns: Place[] = [];
      for (const county of await listCounties(manager())) {
        const children = await listRegionChildren(manager(), county.code);
        towns.push(...children.filter((t) => t.level === 'town').map(({ code, name }) => ({ code, name })));
      }
      return towns;
    },

    async listVillages(townCode: string): Promise<Place[]> {
      const children = await listRegionChildren(manager(), townCode);
      return children.filter((v) => v.level === 'village').map(({ code, name }) => ({ code, name }));
    },

    async submitDeclaration(residentId: number, payload: unknown): Promise<SubmittedCase | ReportedToOpenCase> {
      const result = await declare(app, residentActor(residentId), payload, 'chat');
      if (result.outcome === 'reported') return { outcome: 'reported' };
      return { outcome: 'filed', trackingCode: result.trackingCode, state: result.state, urgency: result.urgency, assignee: result.assignee };
    },

    householdHasOpenCase: (idNumber: string) => hasOpenCase(app, idNumber),

    async submitHouseholdReport(residentId: number, payload: unknown): Promise<ReportedToOpenCase | null> {
      const received = await reportToOpenCase(app, residentActor(residentId), payload, 'chat');
      return received ? { outcome: 'reported' } : null;
    },

    async listResidentCases(residentId: number): Promise<ResidentCaseSummary[]> {
      const views = await residentViews(residentId);
      return views.map((v) => ({
        trackingCode: v.trackingCode,
        stateLabel: v.stateLabel,
        next: v.next,
        createdAt: new Date(v.createdAt),
        events: v.timeline.events.map((e) => ({ text: e.text, at: new Date(e.at) })),
        confirmation: v.confirmation ? { summary: v.confirmation.summary } : null,
      }));
    },

    async residentConfirmations(residentId: number): Promise<PendingConfirmation[]> {
      const views = await residentViews(residentId, { state: 'confirming' });
      return views.flatMap((v) => (v.confirmation ? [{ trackingCode: v.trackingCode, version: v.version, summary: v.confirmation.summary }] : []));
    },

    async residentAct(residentId: number, trackingCode: string, action: ResidentChatAction, input: Record<string, unknown>, version: number) {
      const code = parseTrackingCode(trackingCode) ?? trackingCode;
      const c = await app.db.getRepository(Case).findOne({ select: { id: true }, where: { residentId, trackingCode: code } });
      if (!c) throw notFound('申报');
      const updated = await actOnCase(app, residentActor(residentId), c.id, { ...input, action, version });
      app.logger.info({ caseId: c.id, residentId, action }, 'case action by chat (resident)');
      return { stateLabel: STATE_INFO[updated.state].residentLabel, next: STATE_INFO[updated.state].residentNext };
    },

    requestCallback: (residentId, info) => requestCallback(app, residentId, info),

    async bindCadre(code: string, channelUserId: string): Promise<{ name: string }> {
      const bound = await bindChatAccount(app, code, channelUserId, limiter);
      return { name: bound.name };
    },

    async cadreQueue(staffId: number): Promise<QueueItem[]> {
      const actor = await staffActor(staffId);
      const cases = await new CaseFinder(manager(), actor).queue(QUEUE_LIMIT);
      const items = await staffListItems(manager(), cases, app.clock());
      return items.map((item, i) => ({
        trackingCode: item.trackingCode,
        villageName: item.villageName,
        riskTypeLabels: chatRiskLabels(cases[i]),
        urgent: item.urgent,
        stateLabel: item.stateLabel,
        dueAt: cases[i].stepDueAt,
      }));
    },

    async cadreCaseDetail(staffId: number, trackingCode: string): Promise<CaseDetail> {
      const actor = await staffActor(staffId);
      return chatCaseDetail(app, actor, await scopedCase(actor, trackingCode));
    },

    async cadreAct(staffId: number, trackingCode: string, action: CadreChatAction, input: Record<string, unknown>, version?: number): Promise<CadreActResult> {
      const actor = await staffActor(staffId);
      const c = await scopedCase(actor, trackingCode);
      const updated = await actOnCase(app, actor, c.id, { ...input, action, version: version ?? c.version });
      app.logger.info({ caseId: c.id, staffId, action }, 'case action by chat');
      return {
        trackingCode: updated.trackingCode,
        state: updated.state,
        stateLabel: STATE_INFO[updated.state].label,
        next: STATE_INFO[updated.state].staffNext,
        publicityEndsAt: action === 'start_publicity' && updated.publicity ? new Date(updated.publicity.endsAt) : null,
      };
    },

    async cadreVillages(staffId: number): Promise<Place[]> {
      const actor = await staffActor(staffId);
      if (actor.villageCodes.length === 0) return [];
      const villages = await manager().find(Region, { select: { code: true, name: true }, where: { code: In(actor.villageCodes) }, order: { code: 'ASC' } });
      return villages.map(({ code, name }) => ({ code, name }));
    },

    async cadreRegister(staffId: number, payload: unknown): Promise<RegisteredCase> {
      const actor = await staffActor(staffId);
      const result = await fileScreenedCase(app, actor, parseInput(declarationSchema, payload), 'chat');
      app.logger.info({ caseId: result.id, staffId }, 'household registered by chat');
      return { trackingCode: result.trackingCode, stateLabel: STATE_INFO[result.state].label };
    },
  };
}
