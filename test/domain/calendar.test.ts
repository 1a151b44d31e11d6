import { isWorkday as officialIsWorkday } from 'chinese-days';
import { addWorkingDays, chinaDate, isCalendarCovered, isWorkingDay } from '../../src/domain/calendar';

/** An instant at 10:00 China time on the given date. */
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);
const DAY_MS = 86_400_000;

function datesOf(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('chinaDate', () => {
  it('turns 16:00 UTC into the next China date', () => {
    expect(chinaDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(chinaDate(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(chinaDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });
});

describe('addWorkingDays in an officially covered year (2026)', () => {
  it('the National Day holiday is off per chinese-days', () => {
    expect(officialIsWorkday('2026-09-30')).toBe(true);
    for (let d = 1; d <= 7; d++) expect(officialIsWorkday(`2026-10-0${d}`)).toBe(false);
    expect(officialIsWorkday('2026-10-08')).toBe(true);
  });

  it('skips the National Day holiday: 2026-09-30 + 1 working day is 2026-10-08', () => {
    const deadline = addWorkingDays(at('2026-09-30'), 1);
    expect(deadline.dueAt.toISOString()).toBe('2026-10-08T15:59:59.999Z');
    expect(deadline.covered).toBe(true);
  });

  it('starting inside the holiday with 0 days lands on the first working day after it', () => {
    expect(addWorkingDays(at('2026-10-03'), 0).dueAt.toISOString()).toBe('2026-10-08T15:59:59.999Z');
  });

  it('skips an ordinary weekend', () => {
    // Friday 2026-03-13 → Monday 2026-03-16, with no holiday or 调休 between.
    expect(weekday('2026-03-13')).toBe(5);
    for (const d of ['2026-03-13', '2026-03-16']) expect(officialIsWorkday(d)).toBe(true);
    for (const d of ['2026-03-14', '2026-03-15']) expect(officialIsWorkday(d)).toBe(false);
    expect(addWorkingDays(at('2026-03-13'), 1).dueAt.toISOString()).toBe('2026-03-16T15:59:59.999Z');
    expect(addWorkingDays(at('2026-03-13'), 3).dueAt.toISOString()).toBe('2026-03-18T15:59:59.999Z');
  });

  it('0 days on a working day is the end of that same day', () => {
    expect(addWorkingDays(at('2026-03-13'), 0).dueAt.toISOString()).toBe('2026-03-13T15:59:59.999Z');
  });

  it('counts a 调休 make-up working day on a weekend', () => {
    const makeUpDays = datesOf(2026).filter((d) => [0, 6].includes(weekday(d)) && officialIsWorkday(d));
    expect(makeUpDays.length).toBeGreaterThan(0);
    for (const makeUp of makeUpDays) {
      expect(isWorkingDay(makeUp)).toBe(true);
      // The working day before the make-up day; one working day later is the make-up day itself.
      let previous = new Date(Date.parse(`${makeUp}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
      while (!officialIsWorkday(previous)) previous = new Date(Date.parse(`${previous}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
      expect(addWorkingDays(at(previous), 1).dueAt.toISOString()).toBe(`${makeUp}T15:59:59.999Z`);
    }
  });

  it('uses the China date of the start instant, not the UTC date', () => {
    // 2026-03-13T17:00Z is Saturday 01:00 in China: the next working day is Monday.
    expect(addWorkingDays(new Date('2026-03-13T17:00:00Z'), 1).dueAt.toISOString()).toBe('2026-03-16T15:59:59.999Z');
    // 2026-03-12T20:00Z is Friday 04:00 in China.
    expect(addWorkingDays(new Date('2026-03-12T20:00:00Z'), 0).dueAt.toISOString()).toBe('2026-03-13T15:59:59.999Z');
  });
});

describe('years without an official calendar (2027)', () => {
  it('is not covered and counts weekends only', () => {
    expect(isCalendarCovered('2027-03-05')).toBe(false);
    expect(isCalendarCovered('2026-03-05')).toBe(true);
    // Friday 2027-03-05 → Monday 2027-03-08.
    expect(weekday('2027-03-05')).toBe(5);
    const deadline = addWorkingDays(at('2027-03-05'), 1);
    expect(deadline.dueAt.toISOString()).toBe('2027-03-08T15:59:59.999Z');
    expect(deadline.covered).toBe(false);
  });

  it('counts 2027-01-01 (a weekday) as working and marks a deadline reaching into 2027 uncovered', () => {
    expect(isWorkingDay('2027-01-01')).toBe(true);
    const deadline = addWorkingDays(at('2026-12-31'), 1);
    expect(deadline.dueAt.toISOString()).toBe('2027-01-01T15:59:59.999Z');
    expect(deadline.covered).toBe(false);
  });

  it('overrides.holidays make a 2027 day not a working day and mark 2027 covered', () => {
    const overrides = { holidays: ['2027-03-08'] };
    expect(isWorkingDay('2027-03-08', overrides)).toBe(false);
    expect(isCalendarCovered('2027-03-05', overrides)).toBe(true);
    const deadline = addWorkingDays(at('2027-03-05'), 1, overrides);
    expect(deadline.dueAt.toISOString()).toBe('2027-03-09T15:59:59.999Z');
    expect(deadline.covered).toBe(true);
  });

  it('overrides.workdays make a 2027 Saturday a working day', () => {
    const overrides = { workdays: ['2027-03-06'] };
    expect(isWorkingDay('2027-03-06')).toBe(false);
    expect(isWorkingDay('2027-03-06', overrides)).toBe(true);
    const deadline = addWorkingDays(at('2027-03-05'), 1, overrides);
    expect(deadline.dueAt.toISOString()).toBe('2027-03-06T15:59:59.999Z');
    expect(deadline.covered).toBe(true);
  });

  it('overrides for another year do not cover 2027', () => {
    expect(isCalendarCovered('2027-03-05', { holidays: ['2028-01-01'] })).toBe(false);
  });
});
