import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { chinaDate, dueSoonUntil, nextDate, startOfChinaDay } from '../domain/calendar';
import { upcomingMilestones } from '../domain/campaigns';
import { dueDim, type TallyDim } from '../domain/caseTally';
import { RISK_TYPE_CATALOGUE, riskTypeBit, type RiskType } from '../domain/riskTypes';
import { CASE_STATES, isOpenState, STATE_INFO, stepOwner, type CaseState } from '../domain/workflow';
import { CaseFinder } from '../store/caseFinder';
import { Case, CaseTally, Region } from '../store/entities';
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
  const byArea = staff.role === 'county' || staff.role === 'admin' ? (town ? 'villageCode' : 'townCode') : 'villageCode';
  const today = chinaDate(now);
  const monday = mondayOf(today);
  const days = Array.from({ length: 14 }, (_, i) => nextDate(monday, i - 7));

  // The tallies count a county's, a town's or a cadre's villages; cases are read only for what is
  // due from today on, and for what is assigned to a cadre outside their villages (CaseFinder's
  // second part), which no tally holds.
  const parts = finder.filteredParts(town ? { town } : {}).map((qb, i) => ({ qb, tallied: staff.role !== 'cadre' || (i === 0 && staff.villageCodes.length > 0) }));
  const dueFrom = startOfChinaDay(today);
  const [counted, timely, registered, overdue, dueSoon] = await Promise.all([
    Promise.all([
      parts.some((p) => p.tallied) ? countedFromTallies(manager, staff, town, today) : null,
      countedFromCases(parts.filter((p) => !p.tallied).map((p) => p.qb.clone()), byArea),
    ]).then(([fromTallies, fromCases]) => (fromTallies ? addCounted(fromTallies, fromCases) : fromCases)),
    Promise.all(
      parts.map(({ qb: part, tallied }) => {
        const qb = part.clone().andWhere('c.isOpen = :open AND c.stepDueAt <= :soon', { open: true });
        if (tallied) qb.andWhere('c.stepDueAt >= :dueFrom', { dueFrom });
        return qb
          .select(`c.${byArea}`, 'code')
          .addSelect('SUM(CASE WHEN c.stepDueAt < :now THEN 1 ELSE 0 END)', 'overdue')
          .addSelect('SUM(CASE WHEN c.stepDueAt >= :now THEN 1 ELSE 0 END)', 'dueSoon')
          .setParameters({ now, soon })
          .groupBy(`c.${byArea}`)
          .getRawMany<{ code: string; overdue: unknown; dueSoon: unknown }>();
      }),
    ).then((rows) => rows.flat()),
    Promise.all(
      parts.map(({ qb: part }) => {
        const qb = part.clone().andWhere('c.createdAt >= :first AND c.createdAt < :end', { first: startOfChinaDay(days[0]), end: startOfChinaDay(nextDate(days[13])) }).select('COUNT(*)', 'all');
        days.forEach((day, i) => qb.addSelect(`SUM(CASE WHEN c.createdAt >= :d${i} AND c.createdAt < :e${i} THEN 1 ELSE 0 END)`, `d${i}`).setParameters({ [`d${i}`]: startOfChinaDay(day), [`e${i}`]: startOfChinaDay(nextDate(day)) }));
        return qb.getRawOne<Record<string, unknown>>();
      }),
    ).then((rows) => days.map((_, i) => rows.reduce((sum, r) => sum + count(r?.[`d${i}`]), 0))),
    finder.list({ town, stepDueUntil: now }, ATTENTION, 'due'),
    finder.list({ town, stepDueFrom: now, stepDueUntil: new Date(soon.getTime() + 1) }, ATTENTION, 'due'),
  ]);

  const late = new Map([...counted.overdueBefore].map(([code, n]) => [code, { overdue: n, dueSoon: 0 }]));
  for (const t of timely) {
    const area = late.get(t.code) ?? { overdue: 0, dueSoon: 0 };
    late.set(t.code, { overdue: area.overdue + count(t.overdue), dueSoon: area.dueSoon + count(t.dueSoon) });
  }
  const openAreas = openByArea(counted);
  const codes = [...new Set([...openAreas.keys(), ...late.keys()])];
  const names = codes.length ? new Map((await manager.find(Region, { select: { code: true, name: true }, where: { code: In(codes) } })).map((r) => [r.code, r.name])) : new Map<string, string>();
  const areaRows = codes
    .map((code) => ({ code, name: names.get(code) ?? code, open: openAreas.get(code)?.open ?? 0, overdue: late.get(code)?.overdue ?? 0, dueSoon: late.get(code)?.dueSoon ?? 0 }))
    .filter((a) => a.open > 0)
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || (a.code < b.code ? -1 : 1));
  const byState = byStateOf(counted);
  const total = (key: 'open' | 'overdue' | 'dueSoon') => areaRows.reduce((sum, a) => sum + a[key], 0);

  return {
    asOf: now.toISOString(),
    open: { total: total('open'), overdue: total('overdue'), dueSoon: total('dueSoon'), urgent: counted.urgent },
    byState: CASE_STATES.map((state) => ({ state, label: STATE_INFO[state].label, owner: stepOwner(state), open: isOpenState(state), count: byState.get(state) ?? 0 })),
    byArea: { level: byArea === 'townCode' ? ('town' as const) : ('village' as const), rows: areaRows },
    byRiskType: RISK_TYPE_CATALOGUE.map((r) => ({ code: r.code, label: r.label, count: counted.risks.get(r.code) ?? 0 })),
    registered: {
      days: days.map((date, i) => ({ date, count: registered[i] })),
      lastWeek: registered.slice(0, 7).reduce((sum, n) => sum + n, 0),
      thisWeek: registered.slice(7).reduce((sum, n) => sum + n, 0),
    },
    milestones: await milestonesAhead(app, staff, counted, today, town),
    attention: {
      overdue: await staffListItems(manager, overdue, now),
      dueSoon: await staffListItems(manager, dueSoon, now),
    },
  };
}

/** Every case in scope by area and state, and the open ones by urgency and risk type. */
interface Counted {
  cells: { area: string; town: string; state: CaseState; n: number }[];
  urgent: number;
  risks: Map<RiskType, number>;
  /** Open cases by area whose step was due on a China day before today (tallies only). */
  overdueBefore: Map<string, number>;
}

function addCounted(a: Counted, b: Counted): Counted {
  const risks = new Map(a.risks);
  for (const [type, n] of b.risks) risks.set(type, (risks.get(type) ?? 0) + n);
  const overdueBefore = new Map(a.overdueBefore);
  for (const [area, n] of b.overdueBefore) overdueBefore.set(area, (overdueBefore.get(area) ?? 0) + n);
  return { cells: [...a.cells, ...b.cells], urgent: a.urgent + b.urgent, risks, overdueBefore };
}

const byStateOf = (counted: Counted) => counted.cells.reduce((m, c) => m.set(c.state, (m.get(c.state) ?? 0) + c.n), new Map<string, number>());

function openByArea(counted: Counted): Map<string, { open: number }> {
  const areas = new Map<string, { open: number }>();
  for (const c of counted.cells) if (isOpenState(c.state) && c.n > 0) areas.set(c.area, { open: (areas.get(c.area)?.open ?? 0) + c.n });
  return areas;
}

/**
 * The counts from the tallies (domain/caseTally.ts): a county reads its towns' rows, a township
 * (or a county looking at one town) its villages', a cadre their villages' — a few hundred rows
 * whatever the cases number.
 */
export async function countedFromTallies(manager: EntityManager, staff: StaffActor, town: string | undefined, today: string): Promise<Counted> {
  const empty: Counted = { cells: [], urgent: 0, risks: new Map(), overdueBefore: new Map() };
  const qb = manager.createQueryBuilder(CaseTally, 't').select('t.areaCode', 'area').addSelect('t.parentCode', 'parent').addSelect('t.state', 'state').addSelect('t.dim', 'dim').addSelect('SUM(t.n)', 'n');
  if (staff.role === 'cadre') {
    if (staff.villageCodes.length === 0) return empty;
    qb.where("t.level = 'v' AND t.areaCode IN (:...villages)", { villages: staff.villageCodes });
    if (town) qb.andWhere('t.parentCode = :town', { town });
  } else if (staff.role === 'township') {
    if (town && town !== staff.regionCode) return empty;
    qb.where("t.level = 'v' AND t.parentCode = :town", { town: staff.regionCode ?? '-' });
  } else if (town) {
    // A county looks into its own towns only, as finder.filtered would.
    const inScope = await manager.exists(Region, { where: staff.role === 'admin' ? { code: town } : { code: town, countyCode: staff.regionCode ?? '-' } });
    if (!inScope) return empty;
    qb.where("t.level = 'v' AND t.parentCode = :town", { town });
  } else if (staff.role === 'county') {
    qb.where("t.level = 't' AND t.parentCode = :county", { county: staff.regionCode ?? '-' });
  } else {
    qb.where("t.level = 't'");
  }
  const rows = await qb.groupBy('t.areaCode').addGroupBy('t.parentCode').addGroupBy('t.state').addGroupBy('t.dim').getRawMany<{ area: string; parent: string; state: string; dim: TallyDim; n: unknown }>();
  const counted: Counted = { ...empty, risks: new Map(), overdueBefore: new Map() };
  const villages = staff.role === 'township' || staff.role === 'cadre' || town !== undefined;
  const dueToday = dueDim(startOfChinaDay(today));
  for (const r of rows) {
    const n = count(r.n);
    if (r.dim === '') counted.cells.push({ area: r.area, town: villages ? r.parent : r.area, state: r.state as CaseState, n });
    else if (r.dim === 'urgent') counted.urgent += n;
    else if (r.dim.startsWith('risk:')) counted.risks.set(r.dim.slice('risk:'.length) as RiskType, (counted.risks.get(r.dim.slice('risk:'.length) as RiskType) ?? 0) + n);
    // 'due:YYYY-MM-DD' sorts as its date.
    else if (r.dim < dueToday) counted.overdueBefore.set(r.area, (counted.overdueBefore.get(r.area) ?? 0) + n);
  }
  return counted;
}

/**
 * The same counts from the cases themselves, for a cadre: their scope is their villages and what
 * is assigned to them (from anywhere), which no village tally can say, and it is small.
 * test/services/caseTally.test.ts holds the two together.
 */
export async function countedFromCases(parts: SelectQueryBuilder<Case>[], byArea: 'villageCode' | 'townCode'): Promise<Counted> {
  const counted: Counted = { cells: [], urgent: 0, risks: new Map(), overdueBefore: new Map() };
  await Promise.all(
    parts.map(async (part) => {
      const [cells, open] = await Promise.all([
        part.clone().select(`c.${byArea}`, 'area').addSelect('c.townCode', 'town').addSelect('c.state', 'state').addSelect('COUNT(*)', 'n').groupBy(`c.${byArea}`).addGroupBy('c.townCode').addGroupBy('c.state').getRawMany<{ area: string; town: string; state: CaseState; n: unknown }>(),
        (() => {
          const qb = part.clone().andWhere('c.isOpen = :open', { open: true }).select('SUM(CASE WHEN c.urgent = :yes THEN 1 ELSE 0 END)', 'urgent').setParameters({ yes: true });
          RISK_TYPE_CATALOGUE.forEach((r, i) => qb.addSelect(`SUM(CASE WHEN (c.riskMask & ${riskTypeBit(r.code)}) <> 0 THEN 1 ELSE 0 END)`, `r${i}`));
          return qb.getRawOne<Record<string, unknown>>();
        })(),
      ]);
      for (const c of cells) counted.cells.push({ area: c.area, town: c.town, state: c.state, n: count(c.n) });
      counted.urgent += count(open?.urgent);
      RISK_TYPE_CATALOGUE.forEach((r, i) => counted.risks.set(r.code, (counted.risks.get(r.code) ?? 0) + count(open?.[`r${i}`])));
    }),
  );
  return counted;
}

/** The county's campaigns of this year and last (an autumn round ends in January), with each measure counted in the user's area. */
async function milestonesAhead(app: AppContext, staff: StaffActor, counted: Counted, today: string, town?: string) {
  const county = staff.regionCode?.slice(0, 6) ?? staff.villageCodes[0]?.slice(0, 6) ?? town?.slice(0, 6);
  if (!county) return [];
  const year = Number(today.slice(0, 4));
  const campaigns = [...(await listCampaigns(app.db.manager, county, year)), ...(await listCampaigns(app.db.manager, county, year - 1))];
  const ownTown = town ?? (staff.role === 'township' ? staff.regionCode : staff.role === 'cadre' ? (staff.villageCodes[0]?.slice(0, 9) ?? null) : null);
  return upcomingMilestones(campaigns, today, ownTown ?? null).map((m) => {
    let remaining: number | null = null;
    if (m.measure) {
      const states: readonly string[] = m.measure.states;
      const towns = m.towns && !town ? m.towns : null;
      remaining = counted.cells.filter((c) => states.includes(c.state) && (!towns || towns.includes(c.town))).reduce((sum, c) => sum + c.n, 0);
    }
    return { campaign: m.campaign, key: m.key, name: m.name, from: m.from, date: m.date, daysLeft: m.daysLeft, measureWords: m.measure?.words ?? null, remaining };
  });
}
