import type { EntityManager } from 'typeorm';
import type { CountyThresholds } from '../domain/assessment';
import { chinaDate } from '../domain/calendar';
import { CountySetting } from '../store/entities';

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

/** The county's figures for the year of `now`, else its latest earlier year, else the examples. */
export async function countyFigures(manager: EntityManager, countyCode: string, now: Date): Promise<CountyFigures> {
  const year = Number(chinaDate(now).slice(0, 4));
  const row = await manager
    .createQueryBuilder(CountySetting, 's')
    .where('s.countyCode = :countyCode AND s.year <= :year', { countyCode, year })
    .orderBy('s.year', 'DESC')
    .getOne();
  if (!row) return { ...EXAMPLE_FIGURES, year };
  const { incomeLine, medicalThreshold, rigidSpendingThreshold, slaAcceptDays, slaVisitDays, slaReviewDays, isExample } = row;
  return { year, incomeLine, medicalThreshold, rigidSpendingThreshold, slaAcceptDays, slaVisitDays, slaReviewDays, isExample };
}

export type CountySettingInput = Partial<Omit<CountyFigures, 'year'>> & { countyCode: string; year: number };

/** Creates or updates one county-year; unspecified figures keep their current (or example) value. */
export async function saveCountySettings(manager: EntityManager, input: CountySettingInput, now: Date): Promise<CountySetting> {
  const existing = await manager.findOne(CountySetting, { where: { countyCode: input.countyCode, year: input.year } });
  const row = existing ?? manager.create(CountySetting, { ...EXAMPLE_FIGURES, countyCode: input.countyCode, year: input.year });
  const { countyCode: _c, year: _y, ...figures } = input;
  Object.assign(row, Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined)), { updatedAt: now });
  // Figures someone enters are the county's own unless they say otherwise.
  row.isExample = input.isExample ?? false;
  return manager.save(row);
}
