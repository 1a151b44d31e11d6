import type { EntityManager } from 'typeorm';
import { campaignSchema, campaignTemplate, CAMPAIGN_KINDS, type Campaign as CampaignData, type CampaignKind } from '../domain/campaigns';
import { DomainError } from '../domain/errors';
import { DEFAULT_LADDER, reminderLadderSchema, type ReminderRule } from '../domain/reminders';
import { Campaign, Region, ReminderLadder } from '../store/entities';
import { inTransaction } from '../store/transaction';
import type { AppContext } from './context';
import { parseInput } from './zodInput';

/**
 * A county's year of work and its reminder rules. Both are plain data validated by the domain's
 * schemas; saving one replaces it whole (the console edits a copy, the CLI a file).
 */
export interface CampaignView extends CampaignData {
  countyCode: string;
  updatedBy: string;
  updatedAt: string;
}

const view = (row: Campaign): CampaignView => ({ countyCode: row.countyCode, year: row.year, kind: row.kind, name: row.name, milestones: row.milestones, updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() });

async function requireCounty(manager: EntityManager, countyCode: string): Promise<void> {
  const county = await manager.findOne(Region, { where: { code: countyCode, level: 'county' } });
  if (!county) throw new DomainError('not_found', `没有这个县：${countyCode}（先用 npm run regions 导入区划）`, 404);
}

/** Milestone towns must be towns of this county: a typo would silently remind nobody. */
async function checkTowns(manager: EntityManager, countyCode: string, campaign: CampaignData): Promise<void> {
  const towns = new Set((await manager.find(Region, { select: { code: true }, where: { countyCode, level: 'town' } })).map((r) => r.code));
  for (const m of campaign.milestones) {
    const unknown = (m.towns ?? []).filter((t) => !towns.has(t));
    if (unknown.length) throw new DomainError('validation_failed', `“${m.name}”里的乡镇不在本县：${unknown.join('、')}`, 400, { field: 'milestones' });
  }
}

export async function saveCampaign(app: AppContext, countyCode: string, raw: unknown, by: string): Promise<CampaignView> {
  const campaign = parseInput(campaignSchema, raw);
  return inTransaction(app.db, async (manager) => {
    await requireCounty(manager, countyCode);
    await checkTowns(manager, countyCode, campaign);
    const repo = manager.getRepository(Campaign);
    const row = (await repo.findOne({ where: { countyCode, year: campaign.year, kind: campaign.kind } })) ?? Object.assign(new Campaign(), { countyCode, year: campaign.year, kind: campaign.kind });
    Object.assign(row, { name: campaign.name, milestones: campaign.milestones, updatedBy: by.slice(0, 50), updatedAt: app.clock() });
    return view(await repo.save(row));
  });
}

/** A ready campaign from the seed plans, saved for the county (then edited like any other). */
export function startCampaignFromTemplate(app: AppContext, countyCode: string, kind: CampaignKind, year: number, by: string): Promise<CampaignView> {
  if (!(kind in CAMPAIGN_KINDS)) throw new DomainError('validation_failed', '工作类型只能是 autumn（动态管理）或 spring（集中排查）', 400, { field: 'kind' });
  return saveCampaign(app, countyCode, campaignTemplate(kind, year), by);
}

export async function listCampaigns(manager: EntityManager, countyCode: string, year?: number): Promise<CampaignView[]> {
  const rows = await manager.find(Campaign, { where: year === undefined ? { countyCode } : { countyCode, year }, order: { year: 'DESC', kind: 'ASC' } });
  return rows.map(view);
}

export interface LadderView {
  countyCode: string;
  /** True when the county has not set its own rules. */
  isDefault: boolean;
  rules: ReminderRule[];
}

export async function ladderOf(manager: EntityManager, countyCode: string): Promise<LadderView> {
  const row = await manager.findOne(ReminderLadder, { where: { countyCode } });
  return { countyCode, isDefault: !row, rules: row?.rules ?? [...DEFAULT_LADDER] };
}

/** Replaces the county's rules; `null` goes back to the default ladder. */
export async function saveLadder(app: AppContext, countyCode: string, raw: unknown, by: string): Promise<LadderView> {
  const rules = raw === null ? null : parseInput(reminderLadderSchema, raw);
  return inTransaction(app.db, async (manager) => {
    await requireCounty(manager, countyCode);
    const repo = manager.getRepository(ReminderLadder);
    if (rules === null) await repo.delete({ countyCode });
    else await repo.save(Object.assign(new ReminderLadder(), { countyCode, rules, updatedBy: by.slice(0, 50), updatedAt: app.clock() }));
    return ladderOf(manager, countyCode);
  });
}
