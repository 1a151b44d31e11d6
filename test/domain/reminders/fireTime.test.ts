import fc from 'fast-check';
import { chinaDate, endOfChinaDay, OFFICIAL_CALENDAR, WorkCalendar } from '../../../src/domain/calendar';
import { DEFAULT_LADDER, dueBound, fireAt, fireDate, mornings } from '../../../src/domain/reminders';

const rule = (id: string) => DEFAULT_LADDER.find((r) => r.id === id)!;
const NEW_YEAR_2027 = new WorkCalendar([{ year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, name: '元旦' })), workdays: [] }]);

describe('when a reminder goes out', () => {
  it('T−1 is the working day before the due day, at 09:00 China time', () => {
    // Due Monday 2026-11-30: the working day before is Friday 11-27.
    expect(fireDate(rule('due_soon'), '2026-11-30', OFFICIAL_CALENDAR)).toBe('2026-11-27');
    expect(fireAt(rule('due_soon'), '2026-11-30', OFFICIAL_CALENDAR).toISOString()).toBe('2026-11-27T01:00:00.000Z');
  });

  it('a breach is the first working morning after the due day, and breach + 2 two working days later', () => {
    // Due Friday 2026-11-27: overdue on Monday 11-30, escalated on Wednesday 12-02.
    expect(fireDate(rule('overdue'), '2026-11-27', OFFICIAL_CALENDAR)).toBe('2026-11-30');
    expect(fireDate(rule('escalated'), '2026-11-27', OFFICIAL_CALENDAR)).toBe('2026-12-02');
  });

  it('skips the National Day holiday and counts its make-up Saturday', () => {
    // 2026: 10-01..10-07 off, Saturday 10-10 is a make-up working day (chinese-days).
    expect(fireDate(rule('overdue'), '2026-09-30', OFFICIAL_CALENDAR)).toBe('2026-10-08');
    expect(fireDate(rule('escalated'), '2026-10-09', OFFICIAL_CALENDAR)).toBe('2026-10-13');
  });

  it('a milestone three working days ahead across 2026-12-31: by weekends until 2027 is entered, then by the notice', () => {
    const soon = rule('milestone_soon');
    // 2027-01-05 is a Tuesday. Weekends only: 01-04, 01-01, 12-31 → 12-31.
    expect(fireDate(soon, '2027-01-05', OFFICIAL_CALENDAR)).toBe('2026-12-31');
    // With 元旦 01-01..01-03 off: 01-04, 12-31, 12-30 → 12-30.
    expect(fireDate(soon, '2027-01-05', NEW_YEAR_2027)).toBe('2026-12-30');
  });

  it('the publicity reminder is the morning of the publicity step’s due day', () => {
    expect(fireDate(rule('publicity_passed'), '2026-12-01', OFFICIAL_CALENDAR)).toBe('2026-12-01');
  });
});

describe('dueBound inverts the fire time (what makes the tick an indexed range)', () => {
  const dueRules = DEFAULT_LADDER.filter((r) => r.on === 'before_due' || r.on === 'after_due');
  const day = fc.integer({ min: 0, max: 800 }).map((n) => new Date(Date.parse('2025-12-01T00:00:00+08:00') + n * 86_400_000));
  const instant = fc.integer({ min: 0, max: 800 * 24 * 60 }).map((m) => new Date(Date.parse('2025-12-01T00:00:00+08:00') + m * 60_000));

  it.each(dueRules.map((r) => [r.id, r] as const))('%s: a due time is within the bound exactly when its reminder is due', (_, r) => {
    fc.assert(
      fc.property(day, instant, fc.boolean(), (dueDay, at, entered) => {
        const calendar = entered ? NEW_YEAR_2027 : OFFICIAL_CALENDAR;
        const dueAt = endOfChinaDay(chinaDate(dueDay));
        const due = fireAt(r, chinaDate(dueAt), calendar) <= at;
        return due === dueAt <= dueBound(r, at, calendar);
      }),
      { numRuns: 300 },
    );
  });

  it('does not move between two ticks of the same morning: ticks after 09:00 find nothing new', () => {
    const a = dueBound(rule('due_soon'), new Date('2026-12-02T01:01:00Z'), OFFICIAL_CALENDAR);
    const b = dueBound(rule('due_soon'), new Date('2026-12-02T09:59:00Z'), OFFICIAL_CALENDAR);
    expect(a).toEqual(b);
    // Wednesday 09:00: T−1 covers cases due up to the end of Thursday.
    expect(a.toISOString()).toBe('2026-12-03T15:59:59.999Z');
  });
});

describe('mornings', () => {
  it('lists the dates whose 09:00 falls inside the window', () => {
    expect(mornings(new Date('2026-12-01T00:30:00Z'), new Date('2026-12-03T00:30:00Z'))).toEqual(['2026-12-01', '2026-12-02']);
    expect(mornings(new Date('2026-12-01T01:30:00Z'), new Date('2026-12-01T02:30:00Z'))).toEqual([]);
  });
});
