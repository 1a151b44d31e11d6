import { In, Like, type EntityManager } from 'typeorm';
import { DomainError } from '../domain/errors';
import { queueStates, ruleOf, STAFF_ROLE_LABELS, type StaffRole } from '../domain/workflow';
import { CaseFinder } from '../store/caseFinder';
import { CadreVillage, Case, Region, StaffUser } from '../store/entities';
import type { StaffActor } from './actors';
import type { AppContext } from './context';
import { staffListItems } from './caseViews';

/**
 * The console's account administration, read side: which accounts a county user manages (the
 * cadres with a village in the county and the county's township accounts), and how they look.
 * County and admin accounts stay with `npm run admin`: a county user cannot take over a peer.
 */
export const MANAGED_ROLES: readonly StaffRole[] = ['cadre', 'township'];

type Place = { code: string; name: string };

export interface StaffAccount {
  id: number;
  username: string;
  name: string;
  role: StaffRole;
  roleLabel: string;
  active: boolean;
  /** A WeChat contact is bound (绑定 <code>): chat notices reach them. */
  chatBound: boolean;
  /** Cadre: open cases assigned to them. Township: open cases at the township's step in the town. */
  openCases: number;
  town: Place | null;
  villages: (Place & { townCode: string; townName: string; primary: boolean })[];
  createdAt: string;
}

export function requireAccountManager(actor: StaffActor, county?: string): void {
  if (actor.role !== 'county' && actor.role !== 'admin') throw new DomainError('forbidden', '只有县级可以管理账号', 403);
  if (county !== undefined && actor.role === 'county' && actor.regionCode !== county) throw new DomainError('forbidden', '只能管理本县的账号', 403);
}

/** GB/T 2260: a town's and a village's code begin with their county's six digits. */
const countyOfCode = (code: string) => code.slice(0, 6);

async function countiesOf(manager: EntityManager, user: StaffUser): Promise<string[]> {
  if (user.role === 'township') return user.regionCode ? [countyOfCode(user.regionCode)] : [];
  if (user.role !== 'cadre') return [];
  const rows = await manager.find(CadreVillage, { select: { villageCode: true }, where: { staffId: user.id }, order: { villageCode: 'ASC' } });
  return [...new Set(rows.map((r) => countyOfCode(r.villageCode)))];
}

export interface ReachableAccount {
  user: StaffUser;
  /** The county the change is made for: the county user's own, or (admin) the account's. */
  county: string;
}

/** An account this county user (or admin) manages; any other reads exactly like one that does not exist. */
export async function reachableAccount(manager: EntityManager, actor: StaffActor, username: string): Promise<ReachableAccount> {
  requireAccountManager(actor);
  const user = await manager.findOne(StaffUser, { where: { username } });
  const counties = user && MANAGED_ROLES.includes(user.role) ? await countiesOf(manager, user) : [];
  const county = actor.role === 'admin' ? counties[0] : counties.find((c) => c === actor.regionCode);
  if (!user || !county) throw new DomainError('unknown_user', `用户 ${username} 不存在`, 404);
  return { user, county };
}

/** Village codes that are villages of the county; anything else is refused, naming the codes. */
export async function requireVillagesInCounty(manager: EntityManager, county: string, codes: string[]): Promise<Region[]> {
  const found = codes.length ? await manager.find(Region, { where: { code: In(codes), level: 'village', countyCode: county } }) : [];
  const outside = codes.filter((code) => !found.some((r) => r.code === code));
  if (outside.length) throw new DomainError('validation_failed', `这些村代码不是本县的村：${outside.join('、')}`, 400, { field: 'villages' });
  return found;
}

const countsBy = async (manager: EntityManager, column: 'assigneeId' | 'townCode', keys: (number | string)[], states?: string[]) => {
  if (keys.length === 0) return new Map<string, number>();
  const qb = manager.createQueryBuilder(Case, 'c').select(`c.${column}`, 'k').addSelect('COUNT(*)', 'n').where(`c.${column} IN (:...keys)`, { keys }).andWhere('c.isOpen = :open', { open: true });
  if (states) qb.andWhere('c.state IN (:...states)', { states });
  const rows = await qb.groupBy(`c.${column}`).getRawMany<{ k: number | string; n: number | string }>();
  return new Map(rows.map((r) => [String(r.k), Number(r.n)]));
};

/** The accounts as the console shows them, in one query per kind of fact (not per account). */
export async function accountViews(manager: EntityManager, users: StaffUser[]): Promise<StaffAccount[]> {
  const cadreIds = users.filter((u) => u.role === 'cadre').map((u) => u.id);
  const towns = users.flatMap((u) => (u.role === 'township' && u.regionCode ? [u.regionCode] : []));
  const links = cadreIds.length ? await manager.find(CadreVillage, { where: { staffId: In(cadreIds) }, order: { villageCode: 'ASC' } }) : [];
  const codes = [...new Set([...towns, ...links.flatMap((l) => [l.villageCode, l.villageCode.slice(0, 9)])])];
  const names = new Map((codes.length ? await manager.find(Region, { select: { code: true, name: true }, where: { code: In(codes) } }) : []).map((r) => [r.code, r.name]));
  const [byAssignee, byTown] = await Promise.all([countsBy(manager, 'assigneeId', cadreIds), countsBy(manager, 'townCode', towns, queueStates('township'))]);
  const place = (code: string): Place => ({ code, name: names.get(code) ?? code });
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    name: u.displayName,
    role: u.role,
    roleLabel: STAFF_ROLE_LABELS[u.role],
    active: u.active,
    chatBound: u.wechatId !== null,
    openCases: (u.role === 'cadre' ? byAssignee.get(String(u.id)) : u.regionCode ? byTown.get(u.regionCode) : 0) ?? 0,
    town: u.role === 'township' && u.regionCode ? place(u.regionCode) : null,
    villages: links
      .filter((l) => l.staffId === u.id)
      .map((l) => ({ ...place(l.villageCode), townCode: l.villageCode.slice(0, 9), townName: names.get(l.villageCode.slice(0, 9)) ?? '', primary: l.isPrimary })),
    createdAt: u.createdAt.toISOString(),
  }));
}

export async function accountView(manager: EntityManager, user: StaffUser): Promise<StaffAccount> {
  const fresh = await manager.findOneByOrFail(StaffUser, { id: user.id });
  return (await accountViews(manager, [fresh]))[0];
}

/** The county's township accounts and the cadres with a village in it, by town: each town's account, then its cadres. */
export async function countyAccounts(app: AppContext, actor: StaffActor, county: string): Promise<{ items: StaffAccount[] }> {
  requireAccountManager(actor, county);
  const manager = app.db.manager;
  if (!(await manager.exists(Region, { where: { code: county, level: 'county' } }))) throw new DomainError('not_found', `没有这个县：${county}`, 404);
  const prefix = `${county}%`;
  const cadreIds = [...new Set((await manager.find(CadreVillage, { select: { staffId: true }, where: { villageCode: Like(prefix) } })).map((r) => r.staffId))];
  const users = [
    ...(await manager.find(StaffUser, { where: { role: 'township', regionCode: Like(prefix) } })),
    ...(cadreIds.length ? await manager.find(StaffUser, { where: { role: 'cadre', id: In(cadreIds) } }) : []),
  ];
  const views = await accountViews(manager, users);
  const firstVillage = (a: StaffAccount) => a.villages.find((v) => v.code.startsWith(county))?.code ?? '';
  const key = (a: StaffAccount) => (a.role === 'township' ? `${a.town?.code ?? ''}0` : `${firstVillage(a).slice(0, 9)}1${firstVillage(a)}`);
  return { items: views.sort((a, b) => key(a).localeCompare(key(b)) || a.username.localeCompare(b.username)) };
}

const OPEN_CASES_SHOWN = 100;

/**
 * The open cases a cadre carries, as the case list shows them, in the caller's scope. Only those
 * the rule table lets staff assign (not yet accepted) can be given to another cadre; accepted
 * ones stay with the assignee, who may 转交乡镇 them.
 */
export async function accountOpenCases(app: AppContext, actor: StaffActor, username: string) {
  const { user } = await reachableAccount(app.db.manager, actor, username);
  const qb = new CaseFinder(app.db.manager, actor).scoped().andWhere('c.assigneeId = :assignee AND c.isOpen = :open', { assignee: user.id, open: true });
  const [cases, total] = await qb.orderBy('c.createdAt', 'ASC').addOrderBy('c.id', 'ASC').take(OPEN_CASES_SHOWN).getManyAndCount();
  const reassignable = (state: Case['state']) => ruleOf('assign').by[state] !== undefined;
  const items = (await staffListItems(app.db.manager, cases, app.clock())).map((item) => ({ ...item, reassignable: reassignable(item.state) }));
  return { total, items };
}
