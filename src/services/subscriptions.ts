import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { SubscribeAllowance } from '../store/entities';
import { inTransaction, insertRows } from '../store/transaction';
import { configuredTemplateIds } from '../wechat/subscribeTemplate';
import type { ResidentActor } from './actors';
import type { AppContext } from './context';
import { parseInput } from './zodInput';

/**
 * The subscribe-message ledger. WeChat lets a mini-program send one message per permission a
 * resident grants (wx.requestSubscribeMessage → "accept"); each grant is one 'available' row
 * here. A send reserves one row before it goes out (→ 'used', tied to the outbox row), so two
 * senders never spend one permission and a retried outbox row reuses its own. 43101 from WeChat
 * (the resident turned notices off) marks it 'refused': spent either way.
 */

export const MAX_TEMPLATES_PER_REQUEST = 10;
/** Unspent permissions kept per template; more taps than this add nothing (WeChat caps them too). */
export const MAX_AVAILABLE_PER_TEMPLATE = 50;

const templateIdSchema = z.string({ error: '订阅模板编号不正确' }).min(1, { error: '订阅模板编号不正确' }).max(64, { error: '订阅模板编号不正确' });
const templateIdList = (what: string) =>
  z
    .array(templateIdSchema, { error: `缺少${what}` })
    .max(MAX_TEMPLATES_PER_REQUEST, { error: `一次最多订阅${MAX_TEMPLATES_PER_REQUEST}种通知` });

/** What the mini-program reports after wx.requestSubscribeMessage: the ids it asked for and those accepted. */
export const subscriptionsSchema = z
  .object({ templateIds: templateIdList('询问的订阅模板'), accepted: templateIdList('同意的订阅模板') })
  .refine((v) => v.accepted.every((id) => v.templateIds.includes(id)), { error: '同意的订阅模板不在询问的模板里', path: ['accepted'] });

/**
 * Records the permissions a resident granted: one 'available' row per accepted template the
 * server is configured to send with (other ids are ignored). Returns how many were recorded.
 */
export async function recordSubscriptions(app: AppContext, actor: ResidentActor, input: unknown): Promise<number> {
  const { accepted } = parseInput(subscriptionsSchema, input);
  if (actor.channel !== 'miniprogram') throw new DomainError('forbidden', '只有在小程序里才能订阅进度通知', 403);
  const configured = configuredTemplateIds(app.config.subscribeTemplates);
  const ids = [...new Set(accepted)].filter((id) => configured.has(id));
  if (ids.length === 0) return 0;
  return inTransaction(app.db, async (manager) => {
    const now = app.clock();
    let recorded = 0;
    for (const templateId of ids) {
      const unspent = await manager.count(SubscribeAllowance, { where: { residentId: actor.id, templateId, state: 'available' } });
      if (unspent >= MAX_AVAILABLE_PER_TEMPLATE) continue;
      await insertRows(manager, SubscribeAllowance, [
        Object.assign(new SubscribeAllowance(), { residentId: actor.id, templateId, state: 'available', outboxId: null, createdAt: now, usedAt: null }),
      ]);
      recorded += 1;
    }
    return recorded;
  });
}

/**
 * The permission an outbox row may send with: the one already tied to it (a retry after a
 * timeout or a crash), else the oldest available one, taken with a conditional update so that
 * exactly one sender gets it. Null when the resident has none left.
 */
export async function reserveAllowance(app: AppContext, residentId: number, templateId: string, outboxId: number): Promise<SubscribeAllowance | null> {
  const repo = app.db.getRepository(SubscribeAllowance);
  const held = await repo.findOne({ where: { residentId, templateId, outboxId } });
  if (held) return held;
  for (;;) {
    const candidate = await repo.findOne({ where: { residentId, templateId, state: 'available' }, order: { createdAt: 'ASC', id: 'ASC' } });
    if (!candidate) return null;
    const usedAt = app.clock();
    const result = await app.db
      .createQueryBuilder()
      .update(SubscribeAllowance)
      .set({ state: 'used', outboxId, usedAt })
      .where('id = :id AND state = :available', { id: candidate.id, available: 'available' })
      .execute();
    if (result.affected === 1) return Object.assign(candidate, { state: 'used', outboxId, usedAt });
    // Another sender took this one first; each lost race removes a candidate, so this ends.
  }
}

/** WeChat said 43101: the resident refused or has no subscription left. The permission is spent. */
export async function markAllowanceRefused(app: AppContext, allowance: SubscribeAllowance): Promise<void> {
  await app.db.getRepository(SubscribeAllowance).update(allowance.id, { state: 'refused' });
}

/**
 * WeChat answered that it did not send (a bad template id, page or field value): the permission
 * was not spent, so it goes back for a later notice.
 */
export async function releaseAllowance(app: AppContext, allowance: SubscribeAllowance): Promise<void> {
  await app.db
    .createQueryBuilder()
    .update(SubscribeAllowance)
    .set({ state: 'available', outboxId: null, usedAt: null })
    .where('id = :id AND state = :used AND outboxId = :outboxId', { id: allowance.id, used: 'used', outboxId: allowance.outboxId })
    .execute();
}
