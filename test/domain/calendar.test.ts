import { isWorkday as officialIsWorkday } from 'chinese-days';
import {
  addWorkingDays,
  chinaDate,
  chinaHour,
  chinaHourOf,
  dueStatus,
  endOfChinaDay,
  explainWindow,
  explainWorkingDays,
  isRealDate,
  monthDayWords,
  OFFICIAL_CALENDAR,
  provisionalNote,
  shiftWorkingDays,
  windowEnd,
  WorkCalendar,
} from '../../src/domain/calendar';
import { enteredYear, holidayNoticeSchema } from '../../src/domain/holidayNotice';

/** 10:00 China time on a date. */
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);
/** The instant a China date ends, written out: 23:59:59.999 +08:00 is 15:59:59.999Z. */
const END = (date: string) => `${date}T15:59:59.999Z`;
const due = (from: string, days: number, calendar = OFFICIAL_CALENDAR) => addWorkingDays(at(from), days, calendar);

// The 2026 facts these tests stand on, checked against chinese-days itself (its 2026 data:
// 春节 off 2-15..2-23 with make-up Saturdays 2-14 and 2-28; 国庆 off 10-1..10-7, make-up 9-20 and 10-10).
it('chinese-days says what these tests assume about 2026', () => {
  for (const d of ['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10', '2026-02-13', '2026-02-24', '2026-10-08']) expect([d, officialIsWorkday(d)]).toEqual([d, true]);
  for (const d of ['2026-02-15', '2026-02-16', '2026-02-20', '2026-02-23', '2026-10-01', '2026-10-07', '2026-03-14']) expect([d, officialIsWorkday(d)]).toEqual([d, false]);
});

describe('China dates and instants', () => {
  it('a China date changes at 16:00 UTC', () => {
    expect(chinaDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(chinaDate(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(chinaDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });

  it('endOfChinaDay is 23:59:59.999 China time', () => {
    expect(endOfChinaDay('2026-03-01').toISOString()).toBe('2026-03-01T15:59:59.999Z');
    expect(chinaDate(endOfChinaDay('2026-12-31'))).toBe('2026-12-31');
    expect(chinaDate(new Date(endOfChinaDay('2026-12-31').getTime() + 1))).toBe('2027-01-01');
  });

  it('hours, words, real dates', () => {
    expect(chinaHour('2026-12-02', 9).toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(chinaHourOf(new Date('2026-12-01T23:30:00Z'))).toBe(7);
    expect(monthDayWords('2026-12-03')).toBe('12月3日');
    expect(isRealDate('2024-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-2-3', '20260203', '']) expect([bad, isRealDate(bad)]).toEqual([bad, false]);
  });
});

describe('addWorkingDays on the official 2026 calendar', () => {
  it('5 working days across an ordinary weekend: Wed 3-11 → Wed 3-18', () => {
    expect(due('2026-03-11', 5)).toEqual({ dueAt: new Date(END('2026-03-18')), provisional: false, uncoveredYears: [] });
    // Friday + 1 is Monday.
    expect(due('2026-03-13', 1).dueAt.toISOString()).toBe(END('2026-03-16'));
  });

  it('across the Spring Festival, counting the make-up Saturdays 2-14 and 2-28', () => {
    expect(due('2026-02-13', 1).dueAt.toISOString()).toBe(END('2026-02-14'));
    expect(due('2026-02-13', 2).dueAt.toISOString()).toBe(END('2026-02-24'));
    // 2-14, 2-24, 2-25, 2-26, 2-27.
    expect(due('2026-02-13', 5).dueAt.toISOString()).toBe(END('2026-02-27'));
    expect(due('2026-02-13', 6).dueAt.toISOString()).toBe(END('2026-02-28'));
  });

  it('explains the Spring Festival day by day', () => {
    const e = explainWorkingDays(at('2026-02-13'), 2);
    expect(e).toMatchObject({ from: '2026-02-13', days: 2, unit: 'working', provisional: false });
    expect(e.steps.map((s) => `${s.date.slice(5)} ${s.kind}${s.name ? ` ${s.name}` : ''} ${s.counted ? '计' : '-'}`)).toEqual([
      '02-14 makeup 春节 计',
      '02-15 holiday 春节 -',
      '02-16 holiday 春节 -',
      '02-17 holiday 春节 -',
      '02-18 holiday 春节 -',
      '02-19 holiday 春节 -',
      '02-20 holiday 春节 -',
      '02-21 holiday 春节 -',
      '02-22 holiday 春节 -',
      '02-23 holiday 春节 -',
      '02-24 workday 计',
    ]);
    expect(e.steps.every((s) => s.source === 'official')).toBe(true);
  });

  it('across 国庆: 9-30 + 1 is 10-08, + 3 reaches the make-up Saturday 10-10', () => {
    expect(due('2026-09-30', 1).dueAt.toISOString()).toBe(END('2026-10-08'));
    expect(due('2026-09-30', 3).dueAt.toISOString()).toBe(END('2026-10-10'));
    // The make-up Sunday before it counts too: Fri 9-18 + 1 is Sun 9-20.
    expect(due('2026-09-18', 1).dueAt.toISOString()).toBe(END('2026-09-20'));
  });

  it('0 days: the end of today, or of the next working day when today is not one', () => {
    expect(due('2026-03-13', 0).dueAt.toISOString()).toBe(END('2026-03-13'));
    expect(due('2026-10-03', 0).dueAt.toISOString()).toBe(END('2026-10-08'));
  });

  it('counts from the China date of the instant, not the UTC date', () => {
    // Fri 2026-03-13 17:00Z is Saturday 01:00 in China.
    expect(addWorkingDays(new Date('2026-03-13T17:00:00Z'), 1).dueAt.toISOString()).toBe(END('2026-03-16'));
    // Thu 2026-03-12 20:00Z is Friday 04:00 in China.
    expect(addWorkingDays(new Date('2026-03-12T20:00:00Z'), 0).dueAt.toISOString()).toBe(END('2026-03-13'));
  });

  it('shiftWorkingDays moves by dates both ways', () => {
    expect(shiftWorkingDays('2026-02-24', -1)).toBe('2026-02-14');
    expect(shiftWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(shiftWorkingDays('2026-10-08', -2)).toBe('2026-09-29');
    expect(shiftWorkingDays('2026-10-03', 0)).toBe('2026-10-03');
  });

  it('property: for every start in 2026 and 1–10 days, the due day is a working day per chinese-days and exactly n days were counted', () => {
    // Exhaustive over the year rather than sampled (fast-check is not installed here).
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2026, 11, 20); t += 86_400_000) {
      const start = new Date(t).toISOString().slice(0, 10);
      let previous = endOfChinaDay(start).getTime();
      for (let n = 1; n <= 10; n++) {
        const e = explainWorkingDays(at(start), n);
        const last = e.steps.at(-1)!;
        expect(officialIsWorkday(last.date)).toBe(true);
        expect(e.dueAt.toISOString()).toBe(END(last.date));
        expect(e.steps.filter((s) => s.counted).length).toBe(n);
        // Each skipped day is one chinese-days calls a day off.
        for (const s of e.steps) expect(s.counted).toBe(officialIsWorkday(s.date));
        expect(e.dueAt.getTime()).toBeGreaterThan(previous);
        previous = e.dueAt.getTime();
      }
    }
  });
});

describe('publicity windows (the start day counts)', () => {
  it('5 working days from Mon 11-23 end Fri 11-27', () => {
    expect(windowEnd('2026-11-23', 5, 'working').dueAt.toISOString()).toBe(END('2026-11-27'));
  });

  it('across 国庆: 5 working days from Mon 9-28 end 10-09; 5 calendar days end 10-02', () => {
    expect(windowEnd('2026-09-28', 5, 'working').dueAt.toISOString()).toBe(END('2026-10-09'));
    expect(windowEnd('2026-09-28', 5, 'calendar').dueAt.toISOString()).toBe(END('2026-10-02'));
    const working = explainWindow('2026-09-28', 5, 'working');
    expect(working.steps.map((s) => s.date.slice(5))).toEqual(['09-28', '09-29', '09-30', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07', '10-08', '10-09']);
    expect(working.steps.filter((s) => s.counted).map((s) => s.date.slice(5))).toEqual(['09-28', '09-29', '09-30', '10-08', '10-09']);
    const calendar = explainWindow('2026-09-28', 5, 'calendar');
    expect(calendar.steps.map((s) => [s.date.slice(5), s.counted])).toEqual([['09-28', true], ['09-29', true], ['09-30', true], ['10-01', true], ['10-02', true]]);
  });

  it('a working-day window starting on a holiday does not count that day', () => {
    expect(windowEnd('2026-10-07', 1, 'working').dueAt.toISOString()).toBe(END('2026-10-08'));
  });

  it('a calendar-day window needs no holiday data, so it is never provisional', () => {
    expect(windowEnd('2027-03-01', 5, 'calendar')).toEqual({ dueAt: new Date(END('2027-03-05')), provisional: false, uncoveredYears: [] });
    expect(windowEnd('2027-03-01', 5, 'working').provisional).toBe(true);
  });
});

describe('after 2026: no official data', () => {
  it('Thu 2026-12-31 + 1 lands on 2027-01-01 by weekends only, provisional', () => {
    const d = due('2026-12-31', 1);
    expect(d).toEqual({ dueAt: new Date(END('2027-01-01')), provisional: true, uncoveredYears: [2027] });
    expect(provisionalNote(d)).toBe('2027年放假安排未录入，按周末推算');
    expect(OFFICIAL_CALENDAR.dayInfo('2027-01-01')).toEqual({ date: '2027-01-01', working: true, kind: 'workday', name: null, source: 'weekdays' });
  });

  it('a due time inside 2026 is not provisional, and has no note', () => {
    const d = due('2026-12-30', 1);
    expect(d).toEqual({ dueAt: new Date(END('2026-12-31')), provisional: false, uncoveredYears: [] });
    expect(provisionalNote(d)).toBeNull();
  });

  it('with the 2027 notice entered (元旦 1-1..1-3), the same count lands on Mon 1-4 and is real', () => {
    const notice = holidayNoticeSchema.parse({ year: 2027, holidays: [{ name: '元旦', off: ['2027-01-01', '2027-01-03'] }] });
    const calendar = new WorkCalendar([enteredYear(notice)]);
    expect(calendar.covers(2027)).toBe(true);
    expect(due('2026-12-31', 1, calendar)).toEqual({ dueAt: new Date(END('2027-01-04')), provisional: false, uncoveredYears: [] });
    expect(calendar.dayInfo('2027-01-01')).toEqual({ date: '2027-01-01', working: false, kind: 'holiday', name: '元旦', source: 'entered' });
    // 2026 is still the official data.
    expect(calendar.dayInfo('2026-02-14')).toMatchObject({ working: true, kind: 'makeup', source: 'official' });
  });

  it('an entered make-up day on a weekend counts; the rest of the year follows weekends', () => {
    const notice = holidayNoticeSchema.parse({ year: 2027, holidays: [{ name: '春节', off: ['2027-02-06', '2027-02-13'], workdays: ['2027-02-14'] }] });
    const calendar = new WorkCalendar([enteredYear(notice)]);
    // Fri 2-5 + 1: 2-6..2-13 off, Sun 2-14 make-up.
    expect(due('2027-02-05', 1, calendar).dueAt.toISOString()).toBe(END('2027-02-14'));
    expect(calendar.dayInfo('2027-02-14')).toMatchObject({ working: true, kind: 'makeup', name: '春节', source: 'entered' });
    expect(calendar.dayInfo('2027-03-06')).toMatchObject({ working: false, kind: 'weekend', source: 'entered' });
  });

  it('names every uncovered year a long count crosses', () => {
    expect(due('2027-12-20', 20).uncoveredYears).toEqual([2027, 2028]);
    expect(provisionalNote({ provisional: true, uncoveredYears: [2027, 2028] })).toBe('2027、2028年放假安排未录入，按周末推算');
  });

  it('the covered years are 2004–2026', () => {
    expect([2003, 2004, 2026, 2027].map((y) => OFFICIAL_CALENDAR.covers(y))).toEqual([false, true, true, false]);
  });
});

describe('dueStatus', () => {
  const dueAt = new Date(END('2026-12-01')); // Tuesday
  it('on time with two working days left, due soon with one, overdue after', () => {
    expect(dueStatus(dueAt, at('2026-11-27'))).toBe('on_time'); // Fri: Mon and Tue left
    expect(dueStatus(dueAt, at('2026-11-30'))).toBe('due_soon'); // Mon: only Tue left
    expect(dueStatus(dueAt, at('2026-12-01'))).toBe('due_soon');
    expect(dueStatus(dueAt, dueAt)).toBe('due_soon');
    expect(dueStatus(dueAt, new Date(dueAt.getTime() + 1))).toBe('overdue');
  });

  it('a weekend does not count as time left: Friday with only Monday left is due soon', () => {
    expect(dueStatus(new Date(END('2026-11-30')), at('2026-11-27'))).toBe('due_soon');
  });

  it('nor does a holiday: 9-30 with 10-08 due is due soon', () => {
    expect(dueStatus(new Date(END('2026-10-08')), at('2026-09-30'))).toBe('due_soon');
    expect(dueStatus(new Date(END('2026-10-09')), at('2026-09-30'))).toBe('on_time');
  });

  it('no due time, no status', () => {
    expect(dueStatus(null, at('2026-11-27'))).toBeNull();
  });
});
