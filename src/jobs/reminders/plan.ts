import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { MILESTONE_MEASURES, type Milestone } from '../../domain/campaigns';
import { addWorkingDays, chinaDate, isRealDate, type WorkCalendar } from '../../domain/calendar';
import { caseReminder, DEFAULT_LADDER, dueBound, fireAt, mornings, watchedStates, type ReminderItem, type ReminderRecipient, type ReminderRule } from '../../domain/reminders';
import { stepOwner, type CaseState } from '../../domain/workflow';
import { Campaign, Case, Region, ReminderLadder } from '../../store/entities';
import { DUE_TIME_INDEX } from '../../store/entities/Case';
import { RecipientBook } from './recipients';

/**
 * What a tick covering (from, to] would send: every rule of every county's ladder, each found by
 * an indexed range on the step due time (or, for milestones, from the few campaign rows), with
 * its recipients resolved. Pure reading: the tick writes, the dry run prints.
 */
export interface PlannedReminder {
  key: string;
  rule: string;
  caseId: number | null;
  recipientType: 'staff' | 'resident';
  recipientId: number;
  /** The county the reminder is about: every recipient of it works (or lives) there. */
  countyCode: string;
  channel: 'chat' | 'subscribe';
  dueAt: Date;
  firesAt: Date;
  /** Planned for well before this tick (the service was down): the message says it is late. */
  late: boolean;
  item: ReminderItem;
}

/** A reminder planned more than this long before the tick that finds it is marked late. */
export const LATE_AFTER_MS = 2 * 3_600_000;

interface Scope {
  rules: readonly ReminderRule[];
  /** One county with its own ladder, or every county but those. */
  county: { only: string } | { except: string[] };
  /** This part of a tick looks only at these counties (see planInParts). */
  within?: readonly string[];
}

async function scopes(manager: EntityManager): Promise<Scope[]> {
  const own = await manager.find(ReminderLadder);
  return [{ rules: DEFAULT_LADDER, county: { except: own.map((l) => l.countyCode) } }, ...own.map((l) => ({ rules: l.rules, county: { only: l.countyCode } }))];
}

function inCounty<T extends object>(qb: SelectQueryBuilder<T>, scope: Scope): SelectQueryBuilder<T> {
  if (scope.within) qb.andWhere('c.countyCode IN (:...within)', { within: scope.within });
  if ('only' in scope.county) return qb.andWhere('c.countyCode = :county', { county: scope.county.only });
  if (scope.county.except.length) return qb.andWhere('c.countyCode NOT IN (:...except)', { except: scope.county.except });
  return qb;
}

type DueRow = Pick<Case, 'id' | 'trackingCode' | 'state' | 'villageCode' | 'townCode' | 'countyCode' | 'assigneeId' | 'residentId'> & { stepDueAt: Date };

const DUE_COLUMNS = ['id', 'trackingCode', 'state', 'villageCode', 'townCode', 'countyCode', 'assigneeId', 'residentId', 'stepDueAt'] as const;

/**
 * The due-case columns as plain rows: tens of thousands of them per tick, and TypeORM's entity
 * hydration costs more CPU and memory than the query. Values are converted as TypeORM would.
 */
function dueRows(manager: EntityManager): { qb: SelectQueryBuilder<Case>; read: (qb: SelectQueryBuilder<Case>) => Promise<DueRow[]> } {
  const metadata = manager.connection.getMetadata(Case);
  const driver = manager.connection.driver;
  const due = metadata.findColumnWithPropertyName('stepDueAt')!;
  const qb = manager.getRepository(Case).createQueryBuilder('c').select('c.id', 'id');
  for (const column of DUE_COLUMNS.slice(1)) qb.addSelect(`c.${column}`, column);
  const read = async (query: SelectQueryBuilder<Case>) => {
    const rows = await query.getRawMany<DueRow & { assigneeId: number | string | null; residentId: number | string | null; id: number | string }>();
    // Thousands of rows share each code and state: one string each, not one per row (they outlive the rows in the reminders).
    const strings = new Map<string, string>();
    const one = (s: string) => strings.get(s) ?? (strings.set(s, s), s);
    for (const r of rows) {
      r.countyCode = one(r.countyCode);
      r.state = one(r.state) as CaseState;
      r.id = Number(r.id);
      r.assigneeId = r.assigneeId === null ? null : Number(r.assigneeId);
      r.residentId = r.residentId === null ? null : Number(r.residentId);
      r.stepDueAt = driver.prepareHydratedValue(r.stepDueAt, due) as Date;
    }
    return rows as DueRow[];
  };
  return { qb, read };
}

async function dueCases(manager: EntityManager, scope: Scope, rule: ReminderRule, lo: Date, hi: Date): Promise<DueRow[]> {
  const { qb, read } = dueRows(manager);
  qb.useIndex(DUE_TIME_INDEX)
    .where('c.isOpen = :open', { open: true })
    .andWhere('c.stepDueAt > :lo AND c.stepDueAt <= :hi', { lo, hi })
    .andWhere('c.state IN (:...states)', { states: watchedStates(rule) });
  return read(inCounty(qb, scope));
}

/**
 * Cases that entered their step, or had its due time moved, since the last tick, and whose
 * "before due" morning had already passed by then: a case declared at 10:00 and due tomorrow
 * still gets its T−1 reminder now. Found by the change time (idx_cases_changed), so it costs
 * what changed, not what is open.
 */
async function changedCases(manager: EntityManager, scope: Scope, rule: ReminderRule, from: Date, to: Date, missedUntil: Date): Promise<DueRow[]> {
  if (missedUntil <= to) return [];
  const { qb, read } = dueRows(manager);
  qb.where('c.isOpen = :open', { open: true })
    .andWhere('c.updatedAt > :from AND c.updatedAt <= :to', { from, to })
    .andWhere('c.stepDueAt > :to AND c.stepDueAt <= :missedUntil', { missedUntil })
    .andWhere('c.state IN (:...states)', { states: watchedStates(rule) });
  return read(inCounty(qb, scope));
}

/** The staff or household each recipient word means for one case; `mine` when it is their step. */
function caseRecipients(c: DueRow, to: readonly ReminderRecipient[], book: RecipientBook): { type: 'staff' | 'resident'; id: number; mine: boolean }[] {
  const owner = stepOwner(c.state);
  const ownerIds = owner === 'cadre' ? (c.assigneeId ? [c.assigneeId] : book.staffOf(c.townCode)) : owner === 'township' ? book.staffOf(c.townCode) : owner === 'county' ? book.staffOf(c.countyCode) : [];
  const out = new Map<string, { type: 'staff' | 'resident'; id: number; mine: boolean }>();
  const add = (type: 'staff' | 'resident', id: number, mine: boolean) => {
    const key = `${type}:${id}`;
    const known = out.get(key);
    out.set(key, { type, id, mine: mine || (known?.mine ?? false) });
  };
  for (const word of to) {
    if (word === 'owner') ownerIds.forEach((id) => add('staff', id, true));
    if (word === 'township') book.staffOf(c.townCode).forEach((id) => add('staff', id, ownerIds.includes(id)));
    if (word === 'county') book.staffOf(c.countyCode).forEach((id) => add('staff', id, ownerIds.includes(id)));
    if (word === 'resident' && c.residentId) add('resident', c.residentId, true);
  }
  return [...out.values()];
}

async function planDueRules(manager: EntityManager, scope: Scope, from: Date, to: Date, calendar: WorkCalendar, book: RecipientBook, out: PlannedReminder[]): Promise<void> {
  for (const rule of scope.rules) {
    if (!rule.enabled || (rule.on !== 'before_due' && rule.on !== 'after_due')) continue;
    const lo = dueBound(rule, from, calendar);
    const hi = dueBound(rule, to, calendar);
    const inWindow = hi > lo ? await dueCases(manager, scope, rule, lo, hi) : [];
    const seen = new Set(inWindow.map((r) => r.id));
    // Only a reminder before the due time can have been missed by a case that just got there.
    const latecomers = rule.on === 'before_due' ? (await changedCases(manager, scope, rule, from, to, lo)).filter((r) => !seen.has(r.id)) : [];
    const rows = [...inWindow, ...latecomers];
    const latecomer = new Set(latecomers.map((r) => r.id));
    if (rows.length === 0) continue;
    // Households' channels matter only to a rule that writes to households.
    const residents = rule.to.includes('resident') ? rows.flatMap((r) => (r.residentId ? [r.residentId] : [])) : [];
    await book.load({ towns: rows.map((r) => r.townCode), counties: rows.map((r) => r.countyCode), places: rows.map((r) => r.villageCode), residents });
    // Due times are ends of days: thousands of cases share each one, and with it its date, fire time and words.
    const byDueTime = new Map<number, { dueDate: string; firesAt: Date; dueIso: string; late: boolean }>();
    for (const c of rows) {
      const dueAt = c.stepDueAt;
      let due = byDueTime.get(dueAt.getTime());
      if (!due) {
        const dueDate = chinaDate(dueAt);
        const firesAt = fireAt(rule, dueDate, calendar);
        due = { dueDate, firesAt, dueIso: dueAt.toISOString(), late: to.getTime() - firesAt.getTime() > LATE_AFTER_MS };
        byDueTime.set(dueAt.getTime(), due);
      }
      const { dueDate, firesAt, dueIso } = due;
      for (const r of caseRecipients(c, rule.to, book)) {
        const channel = r.type === 'staff' ? 'chat' : book.residentChannel(r.id);
        if (!channel) continue;
        out.push({
          // The same words as `${rule.id}:case:${c.id}:…`, but one flat string: a template literal
          // leaves a tree of string pieces, ~200 bytes more per reminder (25 MB at 130,000).
          key: [rule.id, 'case', c.id, dueAt.getTime(), r.type, r.id].join(':'),
          rule: rule.id,
          caseId: c.id,
          recipientType: r.type,
          recipientId: r.id,
          countyCode: c.countyCode,
          channel,
          dueAt,
          firesAt,
          // A case that only now reached its step is not late: nobody missed it.
          late: !latecomer.has(c.id) && due.late,
          item: caseReminder(rule, { caseId: c.id, trackingCode: c.trackingCode, villageName: book.nameOf(c.villageCode), state: c.state, dueAt: dueIso, dueDate, mine: r.mine }),
        });
      }
    }
  }
}

async function milestoneCounts(manager: EntityManager, countyCode: string, m: Milestone): Promise<{ assigneeId: number | null; townCode: string; n: number }[]> {
  const measure = MILESTONE_MEASURES[m.measure!];
  const qb = manager
    .getRepository(Case)
    .createQueryBuilder('c')
    .select('c.assigneeId', 'assigneeId')
    .addSelect('c.townCode', 'townCode')
    .addSelect('COUNT(*)', 'n')
    .where('c.countyCode = :county', { county: countyCode })
    .andWhere('c.state IN (:...states)', { states: measure.states as readonly CaseState[] });
  if (m.towns) qb.andWhere('c.townCode IN (:...towns)', { towns: m.towns });
  const rows = await qb.groupBy('c.assigneeId').addGroupBy('c.townCode').getRawMany<{ assigneeId: number | null; townCode: string; n: string | number }>();
  return rows.map((r) => ({ assigneeId: r.assigneeId === null ? null : Number(r.assigneeId), townCode: r.townCode, n: Number(r.n) }));
}

async function planMilestones(manager: EntityManager, scope: Scope, from: Date, to: Date, calendar: WorkCalendar, book: RecipientBook, out: PlannedReminder[]): Promise<void> {
  const rules = scope.rules.filter((r) => r.enabled && r.on === 'before_milestone');
  if (rules.length === 0) return;
  const qb = manager.getRepository(Campaign).createQueryBuilder('c');
  if ('only' in scope.county) qb.where('c.countyCode = :county', { county: scope.county.only });
  else if (scope.county.except.length) qb.where('c.countyCode NOT IN (:...except)', { except: scope.county.except });
  for (const campaign of await qb.getMany()) {
    for (const m of campaign.milestones) {
      if (!isRealDate(m.date)) continue;
      for (const rule of rules) {
        const firesAt = fireAt(rule, m.date, calendar);
        if (firesAt <= from || firesAt > to) continue;
        const late = to.getTime() - firesAt.getTime() > LATE_AFTER_MS;
        const base = { rule: rule.id, caseId: null, recipientType: 'staff' as const, countyCode: campaign.countyCode, channel: 'chat' as const, dueAt: new Date(`${m.date}T00:00:00+08:00`), firesAt, late };
        const key = (id: number) => `${rule.id}:ms:${campaign.id}:${m.key}:${m.date}:staff:${id}`;
        if (!m.measure) {
          // A milestone with nothing to count is the township's own task (方案, 总结).
          if (!rule.to.includes('township')) continue;
          const towns = m.towns ?? (await townsOf(manager, campaign.countyCode));
          await book.load({ towns, counties: [], places: [], residents: [] });
          for (const id of new Set(towns.flatMap((t) => book.staffOf(t)))) out.push({ ...base, key: key(id), recipientId: id, item: { type: 'milestone', rule: rule.id, name: m.name, date: m.date, count: null, measureWords: '', whose: '' } });
          continue;
        }
        const counts = await milestoneCounts(manager, campaign.countyCode, m);
        await book.load({ towns: counts.map((c) => c.townCode), counties: [], places: [], residents: [] });
        const words = MILESTONE_MEASURES[m.measure].words;
        const perStaff = new Map<number, { n: number; whose: string }>();
        for (const c of counts) {
          if (rule.to.includes('cadre') && c.assigneeId !== null) perStaff.set(c.assigneeId, { n: (perStaff.get(c.assigneeId)?.n ?? 0) + c.n, whose: '您' });
          if (rule.to.includes('township')) for (const id of book.staffOf(c.townCode)) perStaff.set(id, { n: (perStaff.get(id)?.n ?? 0) + c.n, whose: '本乡镇' });
        }
        for (const [id, { n, whose }] of perStaff) {
          if (n === 0) continue;
          out.push({ ...base, key: key(id), recipientId: id, item: { type: 'milestone', rule: rule.id, name: m.name, date: m.date, count: n, measureWords: words, whose } });
        }
      }
    }
  }
}

async function townsOf(manager: EntityManager, countyCode: string): Promise<string[]> {
  const rows = await manager.find(Region, { select: { code: true }, where: { countyCode, level: 'town' } });
  return rows.map((r) => r.code);
}

/** The morning summary: open cases overdue or due within a working day, by village and town. */
async function planAreaDigests(manager: EntityManager, scope: Scope, from: Date, to: Date, calendar: WorkCalendar, book: RecipientBook, out: PlannedReminder[]): Promise<void> {
  const rules = scope.rules.filter((r) => r.enabled && r.on === 'daily_digest');
  // Only this morning's summary matters; yesterday's, missed while down, is out of date.
  const today = mornings(from, to).filter((d) => calendar.isWorkingDay(d)).pop();
  if (rules.length === 0 || !today) return;
  const soon = addWorkingDays(to, 1, calendar).dueAt;
  const qb = manager
    .getRepository(Case)
    .createQueryBuilder('c')
    .select('c.countyCode', 'countyCode')
    .addSelect('c.townCode', 'townCode')
    .addSelect('c.villageCode', 'villageCode')
    .addSelect(`SUM(CASE WHEN c.stepDueAt < :now THEN 1 ELSE 0 END)`, 'overdue')
    .addSelect('COUNT(*)', 'n')
    .where('c.isOpen = :open', { open: true })
    .andWhere('c.stepDueAt <= :soon', { soon, now: to });
  const rows = await inCounty(qb, scope).groupBy('c.countyCode').addGroupBy('c.townCode').addGroupBy('c.villageCode').getRawMany<{ countyCode: string; townCode: string; villageCode: string; overdue: string | number; n: string | number }>();
  await book.load({ towns: rows.map((r) => r.townCode), counties: rows.map((r) => r.countyCode), places: rows.flatMap((r) => [r.villageCode, r.townCode]), residents: [] });
  type Area = { words: string; countyCode: string; parts: Map<string, { overdue: number; dueSoon: number }> };
  const areas = new Map<number, Area>();
  const add = (staffId: number, words: string, countyCode: string, part: string, overdue: number, dueSoon: number) => {
    const area = areas.get(staffId) ?? { words, countyCode, parts: new Map() };
    const known = area.parts.get(part) ?? { overdue: 0, dueSoon: 0 };
    area.parts.set(part, { overdue: known.overdue + overdue, dueSoon: known.dueSoon + dueSoon });
    areas.set(staffId, area);
  };
  for (const r of rows) {
    const overdue = Number(r.overdue);
    const dueSoon = Number(r.n) - overdue;
    for (const rule of rules) {
      if (rule.to.includes('township')) for (const id of book.staffOf(r.townCode)) add(id, '本乡镇', r.countyCode, book.nameOf(r.villageCode), overdue, dueSoon);
      if (rule.to.includes('county')) for (const id of book.staffOf(r.countyCode)) add(id, '全县', r.countyCode, book.nameOf(r.townCode), overdue, dueSoon);
    }
  }
  const rule = rules[0];
  const firesAt = fireAt(rule, today, calendar);
  for (const [staffId, area] of areas) {
    const villages = [...area.parts].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon);
    const overdue = villages.reduce((s, v) => s + v.overdue, 0);
    const dueSoon = villages.reduce((s, v) => s + v.dueSoon, 0);
    out.push({
      key: `${rule.id}:area:${today}:staff:${staffId}`,
      rule: rule.id,
      caseId: null,
      recipientType: 'staff',
      recipientId: staffId,
      countyCode: area.countyCode,
      channel: 'chat',
      dueAt: new Date(`${today}T00:00:00+08:00`),
      firesAt,
      late: to.getTime() - firesAt.getTime() > LATE_AFTER_MS,
      item: { type: 'area', rule: rule.id, areaWords: area.words, overdue, dueSoon, villages },
    });
  }
}

export async function planReminders(manager: EntityManager, from: Date, to: Date, calendar: WorkCalendar): Promise<PlannedReminder[]> {
  const out: PlannedReminder[] = [];
  // One part here (every county); pushed one by one: a spread of 130,000 overflows the stack.
  for await (const part of planInParts(manager, from, to, calendar, Number.POSITIVE_INFINITY)) for (const p of part) out.push(p);
  return out;
}

/** Due cases one part of a tick holds at most (unless one county alone has more). */
export const PART_CASES = 20_000;

/**
 * The tick's reminders in parts of whole counties, each with at most about `maxCases` due cases:
 * every recipient of a reminder works or lives in its case's county, so a person's digest is
 * whole within one part, and a tick's memory follows the biggest part, not the province. The
 * area summaries and milestones are counted once for all counties (small, aggregated rows) and
 * go out with their county's part.
 */
export async function* planInParts(manager: EntityManager, from: Date, to: Date, calendar: WorkCalendar, maxCases = PART_CASES): AsyncGenerator<PlannedReminder[]> {
  const all = await scopes(manager);
  const book = new RecipientBook(manager);
  const summaries: PlannedReminder[] = [];
  for (const scope of all) {
    await planMilestones(manager, scope, from, to, calendar, book, summaries);
    await planAreaDigests(manager, scope, from, to, calendar, book, summaries);
  }
  const byCounty = new Map<string, PlannedReminder[]>();
  for (const p of summaries) {
    const list = byCounty.get(p.countyCode);
    if (list) list.push(p);
    else byCounty.set(p.countyCode, [p]);
  }
  const loads = await countyLoads(manager, all, from, to, calendar);
  for (const within of countyParts(loads, maxCases)) {
    const out: PlannedReminder[] = [];
    // The book's names and staff are kept for the whole tick; its households only for one part.
    book.forgetResidents();
    for (const scope of all) await planDueRules(manager, { ...scope, within }, from, to, calendar, book, out);
    for (const county of within) {
      out.push(...(byCounty.get(county) ?? []));
      byCounty.delete(county);
    }
    if (out.length) yield out;
  }
  const rest = [...byCounty.values()].flat();
  if (rest.length) yield rest;
}

/**
 * About how many cases each county has in the tick's due-time windows: one aggregated range over
 * all the rules' windows (an overestimate is fine: it only cuts the tick into parts), and the
 * counties whose cases changed (the latecomers).
 */
async function countyLoads(manager: EntityManager, all: Scope[], from: Date, to: Date, calendar: WorkCalendar): Promise<Map<string, number>> {
  let lo: Date | null = null;
  let hi: Date | null = null;
  let latecomers = false;
  for (const rule of all.flatMap((s) => s.rules)) {
    if (!rule.enabled || (rule.on !== 'before_due' && rule.on !== 'after_due')) continue;
    const a = dueBound(rule, from, calendar);
    const b = dueBound(rule, to, calendar);
    if (rule.on === 'before_due') latecomers = true;
    if (b <= a) continue;
    if (!lo || a < lo) lo = a;
    if (!hi || b > hi) hi = b;
  }
  const loads = new Map<string, number>();
  const count = async (where: string, parameters: Record<string, unknown>) => {
    const rows = await manager
      .getRepository(Case)
      .createQueryBuilder('c')
      .select('c.countyCode', 'countyCode')
      .addSelect('COUNT(*)', 'n')
      .where('c.isOpen = :open', { open: true })
      .andWhere(where, parameters)
      .groupBy('c.countyCode')
      .getRawMany<{ countyCode: string; n: string | number }>();
    for (const r of rows) loads.set(r.countyCode, (loads.get(r.countyCode) ?? 0) + Number(r.n));
  };
  if (lo && hi) await count('c.stepDueAt > :lo AND c.stepDueAt <= :hi', { lo, hi });
  if (latecomers) await count('c.updatedAt > :from AND c.updatedAt <= :to', { from, to });
  return loads;
}

/** Counties cut into parts of at most `maxCases` (a bigger county is a part of its own), in code order. */
export function countyParts(loads: ReadonlyMap<string, number>, maxCases: number): string[][] {
  const parts: string[][] = [];
  let part: string[] = [];
  let n = 0;
  for (const [county, load] of [...loads].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (part.length > 0 && n + load > maxCases) {
      parts.push(part);
      part = [];
      n = 0;
    }
    part.push(county);
    n += load;
  }
  if (part.length) parts.push(part);
  return parts;
}

/** Keys looked up per statement: well under SQLite's 32,766 parameters and MariaDB's packet size (~150 KB of keys). */
const KNOWN_KEYS_CHUNK = 2000;

/** Keys among `keys` already recorded: a repeated tick plans them again and sends none. */
export async function knownKeys(manager: EntityManager, keys: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let i = 0; i < keys.length; i += KNOWN_KEYS_CHUNK) {
    const chunk = keys.slice(i, i + KNOWN_KEYS_CHUNK);
    const rows = await manager.query(`SELECT uniqueKey FROM reminders WHERE uniqueKey IN (${chunk.map(() => '?').join(', ')})`, chunk);
    for (const r of rows as { uniqueKey: string }[]) known.add(r.uniqueKey);
  }
  return known;
}
