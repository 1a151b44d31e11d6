import { In } from 'typeorm';
import { chinaDate, dueSoonUntil, nextDate, startOfChinaDay } from '../domain/calendar';
import { upcomingMilestones } from '../domain/campaigns';
import { RISK_TYPE_CATALOGUE, riskTypeBit } from '../domain/riskTypes';
import { CASE_STATES, isOpenState, STATE_INFO, stepOwner } from '../domain/workflow';
import { CaseFinder } from '../store/caseFinder';
import { Region } from '../store/entities';
import type { StaffActor } from './actors';
import { listCampaigns } from './campaigns';
import { staffListItems } from './caseViews';
import type { AppContext } from './context';
import { workCalendar } from './workCalendar';

const ATTENTION = 8;
const count = (value: unknown) => Number(value ?? 0);

/** Monday of the China week a date is in. */
function mondayOf(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return nextDate(date, -weekday);
}

/**
 * The 首页 of the console: what is open in the user's area and how late, where (by town for the
 * county, by village below), which risks, this week's declarations against last week's, the
 * campaign's milestones ahead and the cases to look at first. Every number comes from the same
 * scoped queries as the list, so clicking through shows exactly the cases counted.
 */
export async function caseOverview(app: AppContext, staff: StaffActor, town?: string) {
  const manager = app.db.manager;
  const finder = new CaseFinder(manager, staff);
  const now = app.clock();
  const calendar = await workCalendar(manager);
  const soon = dueSoonUntil(now, calendar);
  const scoped = () => (town ? finder.filtered({ town }) : finder.scoped());
  const byArea = staff.role === 'county' || staff.role === 'admin' ? (town ? 'villageCode' : 'townCode') : 'villageCode';
  const today = chinaDate(now);
  const monday = mondayOf(today);
  const days = Array.from({ length: 14 }, (_, i) => nextDate(monday, i - 7));

  const [states, areas, registered, overdue, dueSoon] = await Promise.all([
    scoped().select('c.state', 'state').addSelect('COUNT(*)', 'n').groupBy('c.state').getRawMany<{ state: string; n: unknown }>(),
    // Open cases by area, with their urgency and risk types (riskMask's bits), read from the
    // covering due-time index alone: one pass, no row read.
    (() => {
      const qb = scoped()
        .andWhere('c.isOpen = :open', { open: true })
        .select(`c.${byArea}`, 'code')
        .addSelect('COUNT(*)', 'open')
        .addSelect('SUM(CASE WHEN c.stepDueAt < :now THEN 1 ELSE 0 END)', 'overdue')
        .addSelect('SUM(CASE WHEN c.stepDueAt >= :now AND c.stepDueAt <= :soon THEN 1 ELSE 0 END)', 'dueSoon')
        .addSelect('SUM(CASE WHEN c.urgent = :yes THEN 1 ELSE 0 END)', 'urgent')
        .setParameters({ now, soon, yes: true });
      RISK_TYPE_CATALOGUE.forEach((r, i) => qb.addSelect(`SUM(CASE WHEN (c.riskMask & ${riskTypeBit(r.code)}) <> 0 THEN 1 ELSE 0 END)`, `r${i}`));
      return qb.groupBy(`c.${byArea}`).getRawMany<{ code: string; open: unknown; overdue: unknown; dueSoon: unknown } & Record<string, unknown>>();
    })(),
    (() => {
      const qb = scoped().andWhere('c.createdAt >= :first AND c.createdAt < :end', { first: startOfChinaDay(days[0]), end: startOfChinaDay(nextDate(days[13])) }).select('COUNT(*)', 'all');
      days.forEach((day, i) => qb.addSelect(`SUM(CASE WHEN c.createdAt >= :d${i} AND c.createdAt < :e${i} THEN 1 ELSE 0 END)`, `d${i}`).setParameters({ [`d${i}`]: startOfChinaDay(day), [`e${i}`]: startOfChinaDay(nextDate(day)) }));
      return qb.getRawOne<Record<string, unknown>>();
    })(),
    finder.list({ town, stepDueUntil: now }, ATTENTION, 'due'),
    finder.list({ town, stepDueFrom: now, stepDueUntil: new Date(soon.getTime() + 1) }, ATTENTION, 'due'),
  ]);

  const names = areas.length ? new Map((await manager.find(Region, { select: { code: true, name: true }, where: { code: In(areas.map((a) => a.code)) } })).map((r) => [r.code, r.name])) : new Map<string, string>();
  const areaRows = areas
    .map((a) => ({ code: a.code, name: names.get(a.code) ?? a.code, open: count(a.open), overdue: count(a.overdue), dueSoon: count(a.dueSoon) }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || (a.code < b.code ? -1 : 1));
  const byState = new Map(states.map((s) => [s.state, count(s.n)]));
  const total = (key: 'open' | 'overdue' | 'dueSoon') => areaRows.reduce((sum, a) => sum + a[key], 0);
  const summed = (column: string) => areas.reduce((sum, a) => sum + count(a[column]), 0);

  return {
    asOf: now.toISOString(),
    open: { total: total('open'), overdue: total('overdue'), dueSoon: total('dueSoon'), urgent: summed('urgent') },
    byState: CASE_STATES.map((state) => ({ state, label: STATE_INFO[state].label, owner: stepOwner(state), open: isOpenState(state), count: byState.get(state) ?? 0 })),
    byArea: { level: byArea === 'townCode' ? ('town' as const) : ('village' as const), rows: areaRows },
    byRiskType: RISK_TYPE_CATALOGUE.map((r, i) => ({ code: r.code, label: r.label, count: summed(`r${i}`) })),
    registered: {
      days: days.map((date, i) => ({ date, count: count(registered?.[`d${i}`]) })),
      lastWeek: days.slice(0, 7).reduce((sum, _, i) => sum + count(registered?.[`d${i}`]), 0),
      thisWeek: days.slice(7).reduce((sum, _, i) => sum + count(registered?.[`d${i + 7}`]), 0),
    },
    milestones: await milestonesAhead(app, staff, finder, today, town),
    attention: {
      overdue: await staffListItems(manager, overdue, now),
      dueSoon: await staffListItems(manager, dueSoon, now),
    },
  };
}

/** The county's campaigns of this year and last (an autumn round ends in January), with each measure counted in the user's area. */
async function milestonesAhead(app: AppContext, staff: StaffActor, finder: CaseFinder, today: string, town?: string) {
  const county = staff.regionCode?.slice(0, 6) ?? staff.villageCodes[0]?.slice(0, 6) ?? town?.slice(0, 6);
  if (!county) return [];
  const year = Number(today.slice(0, 4));
  const campaigns = [...(await listCampaigns(app.db.manager, county, year)), ...(await listCampaigns(app.db.manager, county, year - 1))];
  const ownTown = town ?? (staff.role === 'township' ? staff.regionCode : staff.role === 'cadre' ? (staff.villageCodes[0]?.slice(0, 9) ?? null) : null);
  return Promise.all(
    upcomingMilestones(campaigns, today, ownTown ?? null).map(async (m) => {
      let remaining: number | null = null;
      if (m.measure) {
        const qb = (town ? finder.filtered({ town }) : finder.scoped()).andWhere('c.state IN (:...states)', { states: m.measure.states });
        if (m.towns && !town) qb.andWhere('c.townCode IN (:...milestoneTowns)', { milestoneTowns: m.towns });
        remaining = await qb.getCount();
      }
      return { campaign: m.campaign, key: m.key, name: m.name, from: m.from, date: m.date, daysLeft: m.daysLeft, measureWords: m.measure?.words ?? null, remaining };
    }),
  );
}
