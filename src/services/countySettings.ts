import type { DataSource, EntityManager } from 'typeorm';
import type { CountyThresholds } from '../domain/assessment';
import { chinaDate } from '../domain/calendar';
import { CountySetting } from '../store/entities';
import { perDatabase } from './ttlCache';

export interface CountyFigures extends CountyThresholds {
  slaAcceptDays: number;
  slaVisitDays: number;
  slaReviewDays: number;
  isExample: boolean;
}

/**
 * Used only until a county enters its own figures; marked as examples everywhere they show.
 * 10,000 元 medical threshold is Xing'an's 2023 figure; the income line is illustrative.
 */
export const EXAMPLE_FIGURES: Omit<CountyFigures, 'year'> = {
  incomeLine: 7500,
  medicalThreshold: 10_000,
  rigidSpendingThreshold: 20_000,
  slaAcceptDays: 1,
  slaVisitDays: 5,
  slaReviewDays: 5,
  isExample: true,
};

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
  const { incomeLine, medicalThreshold, rigidSpendingThreshold, slaAcceptDays, slaVisitDays, slaReviewDays, isExample } = row;
  return { year, incomeLine, medicalThreshold, rigidSpendingThreshold, slaAcceptDays, slaVisitDays, slaReviewDays, isExample };
}

/** The county's figures for the year (China time) of `now`. */
export function countyFigures(manager: EntityManager, countyCode: string, now: Date): Promise<CountyFigures> {
  return countyFiguresForYear(manager, countyCode, Number(chinaDate(now).slice(0, 4)));
}

export type CountySettingInput = Partial<Omit<CountyFigures, 'year'>> & { countyCode: string; year: number };

/**
 * Creates or updates one county-year. A new year starts from the figures in force (the latest
 * earlier year, else the examples); it stays marked as examples while its money figures are.
 */
export async function saveCountySettings(manager: EntityManager, input: CountySettingInput, now: Date): Promise<CountySetting> {
  const existing = await manager.findOne(CountySetting, { where: { countyCode: input.countyCode, year: input.year } });
  const base = existing ?? manager.create(CountySetting, { ...(await countyFiguresForYear(manager, input.countyCode, input.year)), countyCode: input.countyCode, year: input.year });
  const { countyCode: _c, year: _y, isExample, ...figures } = input;
  const given = Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined));
  const setsMoney = ['incomeLine', 'medicalThreshold', 'rigidSpendingThreshold'].some((key) => key in given);
  Object.assign(base, given, { updatedAt: now, isExample: isExample ?? (base.isExample && !setsMoney) });
  const saved = await manager.save(base);
  figuresCache(manager.connection).clear();
  return saved;
}
