import type { CadreChatAction, CaseDetail, ConversationPorts, Place, QueueItem, ResidentCaseSummary, SubmittedCase, VillageMatch } from '../conversation/ports';
import { STATE_INFO } from '../domain/caseLifecycle';
import { DomainError } from '../domain/errors';
import { RISK_TYPE_LABELS } from '../domain/riskTypes';
import { CaseFinder } from '../store/caseFinder';
import { Case, Region } from '../store/entities';
import type { StaffActor } from './actors';
import { loadStaffActor } from './auth';
import { BindAttemptLimiter, bindChatAccount } from './bindCodes';
import { requestCallback } from './callbacks';
import { staffListItems } from './caseViews';
import type { AppContext } from './context';
import { declare } from './declare';
import { CALLBACK_NOTE } from './noticeText';
import { actOnCase } from './caseActions';
import { listCounties, listRegionChildren, searchVillages } from './regions';

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

  /** A call-back request has no risk types yet: the cadre reads why it is there instead. */
  const labelsOf = (c: Case, labels: string[]) => (c.callbackRequested && labels.length === 0 ? [CALLBACK_NOTE] : labels);

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

    async submitDeclaration(residentId: number, payload: unknown): Promise<SubmittedCase> {
      const result = await declare(app, { kind: 'resident', id: residentId, channel: 'chat' }, payload, 'chat');
      return { trackingCode: result.trackingCode, state: result.state, urgency: result.urgency, assignee: result.assignee };
    },

    async listResidentCases(residentId: number): Promise<ResidentCaseSummary[]> {
      const cases = await app.db.getRepository(Case).find({
        select: { id: true, trackingCode: true, state: true, createdAt: true },
        where: { residentId },
        order: { createdAt: 'DESC', id: 'DESC' },
        take: MAX_CASES,
      });
      return cases.map((c) => ({ trackingCode: c.trackingCode, stateLabel: STATE_INFO[c.state].residentLabel, next: STATE_INFO[c.state].next, createdAt: c.createdAt }));
    },

    requestCallback: (residentId, info) => requestCallback(app, residentId, info),

    async bindCadre(code: string, channelUserId: string): Promise<{ name: string }> {
      const bound = await bindChatAccount(app, code, channelUserId, limiter);
      return { name: bound.name };
    },

    async cadreQueue(staffId: number): Promise<QueueItem[]> {
      const actor = await staffActor(staffId);
      const cases = await new CaseFinder(manager(), actor).queue(QUEUE_LIMIT);
      const items = await staffListItems(manager(), cases);
      return items.map((item, i) => ({
        trackingCode: item.trackingCode,
        villageName: item.villageName,
        riskTypeLabels: labelsOf(cases[i], item.riskTypeLabels),
        urgent: item.urgent,
        stateLabel: item.stateLabel,
        dueAt: cases[i].stepDueAt,
      }));
    },

    async cadreCaseDetail(staffId: number, trackingCode: string): Promise<CaseDetail> {
      const actor = await staffActor(staffId);
      const c = await scopedCase(actor, trackingCode);
      const village = await manager().findOne(Region, { select: { code: true, name: true }, where: { code: c.villageCode } });
      // A call-back request exists to be called back: its own cadre reads the number in private chat.
      const phone = c.callbackRequested && c.assigneeId === staffId ? app.crypto.decrypt(c.phoneEnc) : c.phoneMasked;
      return {
        trackingCode: c.trackingCode,
        villageName: village?.name ?? c.villageCode,
        applicantName: c.applicantName,
        phoneMasked: phone,
        householdSize: c.householdSize,
        riskTypeLabels: labelsOf(c, c.riskTypes.map((r) => RISK_TYPE_LABELS[r])),
        urgent: c.urgent,
        stateLabel: STATE_INFO[c.state].label,
        next: STATE_INFO[c.state].next,
        createdAt: c.createdAt,
      };
    },

    async cadreAct(staffId: number, trackingCode: string, action: CadreChatAction, input: Record<string, unknown>): Promise<{ stateLabel: string }> {
      const actor = await staffActor(staffId);
      const c = await scopedCase(actor, trackingCode);
      const updated = await actOnCase(app, actor, c.id, { ...input, action });
      app.logger.info({ caseId: c.id, staffId, action }, 'case action by chat');
      return { stateLabel: STATE_INFO[updated.state].label };
    },
  };
}
