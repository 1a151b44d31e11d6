import type { DataSource, EntityManager } from 'typeorm';
import { OFFICIAL_CALENDAR_YEARS, WorkCalendar, chinaDate } from '../domain/calendar';
import { enteredYear, holidayNoticeSchema, type HolidayNotice } from '../domain/holidayNotice';
import { isOpenState, recomputeDue } from '../domain/workflow';
import { CalendarYear, Case } from '../store/entities';
import { inTransaction } from '../store/transaction';
import { recordEvent, type AuditActor } from './audit';
import type { AppContext } from './context';
import { countyFigures } from './countySettings';
import { perDatabase } from './ttlCache';
import { parseInput } from './zodInput';
import { moveTallies, talliedOf } from './caseTally';

/**
 * The working-day calendar every due time is counted on: chinese-days' official data plus the
 * holiday notices entered per year. Cached per process; entering a notice here clears it.
 */
const calendarCache = perDatabase<DataSource, 'calendar', WorkCalendar>(60_000);

export function workCalendar(manager: EntityManager): Promise<WorkCalendar> {
  return calendarCache(manager.connection).get('calendar', async () => {
    const rows = await manager.find(CalendarYear, { order: { year: 'ASC' } });
    return new WorkCalendar(rows.map((r) => enteredYear(r.notice)));
  });
}

export interface CalendarYearStatus {
  year: number;
  source: 'official' | 'entered' | 'missing';
  enteredBy: string | null;
  enteredAt: string | null;
  notice: HolidayNotice | null;
}

/** What is known of a year: chinese-days' data, an entered notice, or nothing (deadlines provisional). */
export async function calendarYearStatus(manager: EntityManager, year: number): Promise<CalendarYearStatus> {
  const row = await manager.findOne(CalendarYear, { where: { year } });
  if (row) return { year, source: 'entered', enteredBy: row.enteredBy, enteredAt: row.enteredAt.toISOString(), notice: row.notice };
  const official = year >= OFFICIAL_CALENDAR_YEARS.first && year <= OFFICIAL_CALENDAR_YEARS.last;
  return { year, source: official ? 'official' : 'missing', enteredBy: null, enteredAt: null, notice: null };
}

export interface EnteredNotice {
  year: number;
  holidays: number;
  workdays: number;
  /** Open cases whose due times were counted again. */
  recomputed: number;
}

const RECOMPUTE_BATCH = 200;

/**
 * Enters (or replaces) a year's holiday notice, then counts the due times of every open case
 * that the year touches again — each change with its audit row — so a provisional due time
 * becomes a real one. The notice is stored first: a crash midway leaves it entered, and entering
 * it again finishes the recompute.
 */
export async function enterHolidayNotice(app: AppContext, actor: AuditActor, raw: unknown): Promise<EnteredNotice> {
  const notice = parseInput(holidayNoticeSchema, raw);
  const now = app.clock();
  await inTransaction(app.db, async (manager) => {
    await manager.delete(CalendarYear, { year: notice.year });
    await manager.insert(CalendarYear, { year: notice.year, notice, enteredBy: actor.name, enteredAt: now });
  });
  calendarCache(app.db).clear();
  const days = enteredYear(notice);
  const recomputed = await recomputeOpenCases(app, actor, notice.year);
  app.logger.info({ year: notice.year, recomputed }, 'holiday notice entered');
  return { year: notice.year, holidays: days.holidays.length, workdays: days.workdays.length, recomputed };
}

/** Open cases whose clocks may count days of `year`: provisional ones, and any due in or near it. */
async function casesTouching(manager: EntityManager, year: number, afterId: number): Promise<Case[]> {
  const from = new Date(Date.parse(`${year - 1}-11-01T00:00:00+08:00`));
  const to = new Date(Date.parse(`${year + 1}-03-01T00:00:00+08:00`));
  return manager
    .createQueryBuilder(Case, 'c')
    .where('c.isOpen = :open AND c.id > :afterId', { open: true, afterId })
    .andWhere('(c.stepDueProvisional = :yes OR c.procedureDueProvisional = :yes OR c.stepDueAt BETWEEN :from AND :to OR c.procedureDueAt BETWEEN :from AND :to)', {
      yes: true,
      from,
      to,
    })
    .orderBy('c.id', 'ASC')
    .take(RECOMPUTE_BATCH)
    .getMany();
}

const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

async function recomputeOpenCases(app: AppContext, actor: AuditActor, year: number): Promise<number> {
  let changed = 0;
  for (let afterId = 0; ; ) {
    const batch = await casesTouching(app.db.manager, year, afterId);
    if (batch.length === 0) return changed;
    afterId = batch[batch.length - 1].id;
    changed += await inTransaction(app.db, async (manager) => {
      const calendar = await workCalendar(manager);
      const now = app.clock();
      let n = 0;
      for (const c of batch) {
        if (!isOpenState(c.state)) continue;
        const { clock } = await countyFigures(manager, c.countyCode, c.procedureStartedAt ?? c.createdAt);
        const due = recomputeDue({ ...c, procedureStartedAt: c.procedureStartedAt ?? c.createdAt }, { clock, calendar });
        const stepDueAt = due.stepDue?.dueAt ?? null;
        const procedureDueAt = due.procedureDue?.dueAt ?? null;
        const publicityMoved = c.publicity?.endsAt !== due.publicity?.endsAt;
        const changes = {
          stepDueAt,
          stepDueProvisional: due.stepDue?.provisional ?? false,
          procedureDueAt,
          procedureDueProvisional: due.procedureDue?.provisional ?? false,
          publicity: due.publicity,
          // A moved due time is a change to the case: the reminder tick looks for it by this.
          updatedAt: now,
        };
        if (
          same(stepDueAt, c.stepDueAt) &&
          same(procedureDueAt, c.procedureDueAt) &&
          changes.stepDueProvisional === c.stepDueProvisional &&
          changes.procedureDueProvisional === c.procedureDueProvisional &&
          !publicityMoved
        ) {
          continue;
        }
        // Unlocked read: a case an action changed meanwhile got its due times from that action
        // (on this calendar already), and keeps them.
        const written = await manager.createQueryBuilder().update(Case).set(changes).where('id = :id AND version = :version', { id: c.id, version: c.version }).execute();
        if (written.affected !== 1) continue;
        await moveTallies(manager, talliedOf(c), { ...talliedOf(c), stepDueAt });
        await recordEvent(
          manager,
          actor,
          {
            caseId: c.id,
            action: 'recompute_due',
            fromState: c.state,
            toState: c.state,
            note: `${year}年放假安排已录入，期限重新计算`,
            data: {
              year,
              stepDueAt: { before: c.stepDueAt?.toISOString() ?? null, after: stepDueAt?.toISOString() ?? null },
              procedureDueAt: { before: c.procedureDueAt?.toISOString() ?? null, after: procedureDueAt?.toISOString() ?? null },
              ...(publicityMoved ? { publicityEndsAt: { before: c.publicity?.endsAt ?? null, after: due.publicity?.endsAt ?? null } } : {}),
            },
          },
          now,
        );
        n += 1;
      }
      return n;
    });
  }
}

/** The China year of an instant: which notice a date needs. */
export const yearOfInstant = (at: Date) => Number(chinaDate(at).slice(0, 4));
