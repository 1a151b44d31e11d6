import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { BULK_ACTIONS, ruleOf, STATE_INFO, type CaseAction } from '../domain/workflow';
import type { StaffActor } from './actors';
import { actOnCase } from './caseActions';
import type { AppContext } from './context';
import { assigneeChoices } from './routing';
import { reachableVillage } from './villageScope';
import { parseInput } from './zodInput';

export const BULK_LIMIT = 100;

export const bulkRequestSchema = z
  .object({
    action: z.enum(BULK_ACTIONS as [CaseAction, ...CaseAction[]], { error: '这个操作不能批量办理' }),
    cases: z
      .array(z.object({ id: z.number({ error: '案件编号不正确' }).int().positive({ error: '案件编号不正确' }), version: z.number({ error: '请带上案件的版本号 version' }).int().positive({ error: '版本号不正确' }) }), { error: '请选择案件' })
      .min(1, { error: '请至少选择一个案件' })
      .max(BULK_LIMIT, { error: `一次最多办理${BULK_LIMIT}个案件` })
      .refine((cases) => new Set(cases.map((c) => c.id)).size === cases.length, { error: '同一个案件选了两次' }),
  })
  .passthrough();

export interface BulkResult {
  id: number;
  ok: boolean;
  state?: string;
  stateLabel?: string;
  code?: string;
  message?: string;
}

/**
 * One action with one input on several cases (批量分派, 批量审核通过). The input is checked once,
 * before anything is written; then each case is its own transaction through the same applier as
 * a single action (rules, version check, audit row, notices), so one stale or refused case is
 * reported and the others still go through.
 */
export async function actOnCases(app: AppContext, actor: StaffActor, request: unknown) {
  const { action, cases, ...fields } = parseInput(bulkRequestSchema, request);
  parseInput(ruleOf(action).input, fields);
  const results: BulkResult[] = [];
  for (const { id, version } of cases) {
    try {
      const c = await actOnCase(app, actor, id, { action, version, ...fields });
      results.push({ id, ok: true, state: c.state, stateLabel: STATE_INFO[c.state].label });
    } catch (error) {
      // An outage is not one case's refusal: stop, and let the error handler answer 503.
      if (!(error instanceof DomainError)) throw error;
      results.push({ id, ok: false, code: error.code, message: error.message });
    }
  }
  return { action, done: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
}

/** The cadres who may be given a village's cases, for the assign dialogs; a village out of scope is not found. */
export async function villageCadres(app: AppContext, actor: StaffActor, villageCode: string) {
  await reachableVillage(app.db.manager, actor, villageCode);
  return { items: await assigneeChoices(app.db.manager, villageCode) };
}
