import type { DataSource, EntityManager } from 'typeorm';
import type { CountyThresholds } from '../domain/assessment';
import { chinaDate } from '../domain/calendar';
import { DEFAULT_CLOCK, type ProcedureClock } from '../domain/workflow';
import { CountySetting } from '../store/entities';
import { perDatabase } from './ttlCache';

export interface CountyFigures extends CountyThresholds {
  clock: ProcedureClock;
  isExample: boolean;
}

/**
 * Used only until a county enters its own figures; marked as examples everywhere they show.
 * 10,000 元 medical threshold is Xing'an's 2023 figure; the income line is illustrative; the
 * clock is the provinces' rule (domain/workflow/clock.ts).
 */
export const EXAMPLE_FIGURES: Omit<CountyFigures, 'year'> = {
  incomeLine: 7500,
  medicalThreshold: 10_000,
  rigidSpendingThreshold: 20_000,
  clock: DEFAULT_CLOCK,
  isExample: true,
};

/** The clock's fields as county_settings stores them. */
function clockOf(row: CountySetting): ProcedureClock {
  return {
    acceptDays: row.slaAcceptDays,
    visitDays: row.slaVisitDays,
    confirmDays: row.slaConfirmDays,
    villageReviewDays: row.slaVillageReviewDays,
    townshipDays: row.slaTownshipDays,
    countyDays: row.slaCountyDays,
    procedureDays: row.slaProcedureDays,
    publicityDays: row.publicityDays,
    publicityUnit: row.publicityCalendarDays ? 'calendar' : 'working',
  };
}

function clockColumns(clock: Partial<ProcedureClock>): Partial<CountySetting> {
  const columns: Partial<CountySetting> = {
    slaAcceptDays: clock.acceptDays,
    slaVisitDays: clock.visitDays,
    slaConfirmDays: clock.confirmDays,
    slaVillageReviewDays: clock.villageReviewDays,
    slaTownshipDays: clock.townshipDays,
    slaCountyDays: clock.countyDays,
    slaProcedureDays: clock.procedureDays,
    publicityDays: clock.publicityDays,
    publicityCalendarDays: clock.publicityUnit === undefined ? undefined : clock.publicityUnit === 'calendar',
  };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
}

const figuresCache = perDatabase<DataSource, string, CountyFigures>(60_000);

/** The county's figures for a year: that year's row, else its latest earlier year, else the examples. */
export function countyFiguresForYear(manager: EntityManager, countyCode: string, year: number): Promise<CountyFigures> {
  return figuresCache(manager.connection).get(`${countyCode}:${year}`, () => loadCountyFigures(manager, countyCode, year));
}

async function loadCountyFigures(manager: EntityManager, countyCode: string, year: number): Promise<CountyFigures> {
  const row = await manager
    .createQueryBuilder(CountySetting, 's')
    .where('s.countyCode = :countyCode AND s.year <= :year', { countyCode, year })
    .orderBy('s.year', 'DESC')
    .getOne();
  if (!row) return { ...EXAMPLE_FIGURES, year };
  const { incomeLine, medicalThreshold, rigidSpendingThreshold, isExample } = row;
  return { year, incomeLine, medicalThreshold, rigidSpendingThreshold, clock: clockOf(row), isExample };
}

/** The county's figures for the year (China time) of `now`. */
export function countyFigures(manager: EntityManager, countyCode: string, now: Date): Promise<CountyFigures> {
  return countyFiguresForYear(manager, countyCode, Number(chinaDate(now).slice(0, 4)));
}

export type CountySettingInput = Partial<Pick<CountyFigures, 'incomeLine' | 'medicalThreshold' | 'rigidSpendingThreshold' | 'isExample'>> & {
  clock?: Partial<ProcedureClock>;
  countyCode: string;
  year: number;
};

/**
 * Creates or updates one county-year. A new year starts from the figures in force (the latest
 * earlier year, else the examples); it stays marked as examples while its money figures are.
 */
export async function saveCountySettings(manager: EntityManager, input: CountySettingInput, now: Date): Promise<CountySetting> {
  const existing = await manager.findOne(CountySetting, { where: { countyCode: input.countyCode, year: input.year } });
  let base = existing;
  if (!base) {
    const inForce = await countyFiguresForYear(manager, input.countyCode, input.year);
    const { clock, ...money } = inForce;
    base = manager.create(CountySetting, { ...money, ...clockColumns(clock), countyCode: input.countyCode, year: input.year });
  }
  const { countyCode: _c, year: _y, isExample, clock, ...money } = input;
  const given = Object.fromEntries(Object.entries(money).filter(([, v]) => v !== undefined));
  const setsMoney = Object.keys(given).length > 0;
  Object.assign(base, given, clockColumns(clock ?? {}), { updatedAt: now, isExample: isExample ?? (base.isExample && !setsMoney) });
  const saved = await manager.save(base);
  figuresCache(manager.connection).clear();
  return saved;
}
