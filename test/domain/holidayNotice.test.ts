import { WorkCalendar } from '../../src/domain/calendar';
import { enteredYear, holidayNoticeSchema } from '../../src/domain/holidayNotice';

/**
 * The year's holiday notice as a county enters it (docs/workflow.md, "Working days after 2026").
 * 2027 weekdays used below: 1-1 Fri, 2-6 Sat, 2-10 Wed, 2-13 Sat, 2-14 Sun, 9-26 Sun.
 */
const GOOD = {
  year: 2027,
  holidays: [
    { name: '元旦', off: ['2027-01-01', '2027-01-03'] },
    { name: '春节', off: ['2027-02-06', '2027-02-13'], workdays: ['2027-02-14'] },
    { name: '清明', off: ['2027-04-05'] },
  ],
};
const withHolidays = (...holidays: unknown[]) => ({ year: 2027, holidays });
const messages = (value: unknown) => {
  const result = holidayNoticeSchema.safeParse(value);
  if (result.success) throw new Error('expected the notice to be refused');
  return result.error.issues.map((i) => i.message);
};

describe('a good notice', () => {
  it('is accepted and expands to every day off and make-up day, named', () => {
    const notice = holidayNoticeSchema.parse(GOOD);
    expect(notice.holidays[2].workdays).toEqual([]);
    const year = enteredYear(notice);
    expect(year.year).toBe(2027);
    expect(year.holidays.map((d) => `${d.date} ${d.name}`)).toEqual([
      '2027-01-01 元旦',
      '2027-01-02 元旦',
      '2027-01-03 元旦',
      ...['06', '07', '08', '09', '10', '11', '12', '13'].map((d) => `2027-02-${d} 春节`),
      '2027-04-05 清明',
    ]);
    expect(year.workdays).toEqual([{ date: '2027-02-14', name: '春节' }]);
  });

  it('a 元旦 may begin on the last days of the year before', () => {
    expect(holidayNoticeSchema.safeParse(withHolidays({ name: '元旦', off: ['2026-12-31', '2027-01-02'] })).success).toBe(true);
  });
});

describe('refused, with a Chinese message naming the problem', () => {
  it.each([
    ['a day outside the year', withHolidays({ name: '清明', off: ['2028-04-05'] }), '清明：2028-04-05 不在2027年'],
    ['a make-up day outside the year', withHolidays({ name: '国庆', off: ['2027-10-01', '2027-10-07'], workdays: ['2028-10-09'] }), '国庆：2028-10-09 不在2027年'],
    ['the year before, for any holiday but 元旦', withHolidays({ name: '春节', off: ['2026-12-31', '2027-01-02'] }), '春节：2026-12-31 不在2027年'],
    ['a make-up working day that is a weekday', withHolidays({ name: '春节', off: ['2027-02-06', '2027-02-13'], workdays: ['2027-02-10'] }), '春节：调休上班日 2027-02-10 本来就是工作日'],
    ['the last day before the first', withHolidays({ name: '国庆', off: ['2027-10-07', '2027-10-01'] }), '国庆：放假最后一天早于第一天'],
    [
      'a day in two holidays',
      withHolidays({ name: '春节', off: ['2027-02-06', '2027-02-13'] }, { name: '元宵', off: ['2027-02-10'] }),
      '2027-02-10 同时出现在春节和元宵里',
    ],
    [
      'a make-up day that another holiday has off',
      withHolidays({ name: '春节', off: ['2027-02-06', '2027-02-13'] }, { name: '情人节', off: ['2027-02-15'], workdays: ['2027-02-13'] }),
      '2027-02-13 同时出现在春节和情人节里',
    ],
    ['a make-up date with slashes', withHolidays({ name: '元旦', off: ['2027-01-01'], workdays: ['2027/01/09'] }), '日期应写成 2027-01-01 这样'],
    ['an impossible date', withHolidays({ name: '春节', off: ['2027-02-30'] }), '不是有效日期'],
    ['a date as a number', withHolidays({ name: '元旦', off: [20270101] }), '日期应为文字，例如 "2027-01-01"'],
    ['three days off listed', withHolidays({ name: '元旦', off: ['2027-01-01', '2027-01-02', '2027-01-03'] }), '放假日期写第一天和最后一天即可'],
    ['four make-up days', withHolidays({ name: '春节', off: ['2027-02-06', '2027-02-13'], workdays: ['2027-01-30', '2027-01-31', '2027-02-14', '2027-02-20'] }), '调休上班日最多3天'],
    ['a one-character name', withHolidays({ name: '节', off: ['2027-01-01'] }), '节日名称至少2个字'],
    ['no holidays', { year: 2027, holidays: [] }, '请至少列出一个节假日'],
    ['holidays missing', { year: 2027 }, '请列出节假日'],
    ['a year before the data begins', { ...GOOD, year: 2003 }, '年份不对'],
    ['a year as text', { ...GOOD, year: '2027' }, '请写年份，例如 2027'],
  ])('%s', (_, notice, message) => {
    expect(messages(notice)).toContain(message);
  });

  // Bad dates are refused by their field; the cross-field checks must not crash on them.
  it.each([
    ['an off date with slashes', withHolidays({ name: '元旦', off: ['2027/01/01'] }), '日期应写成 2027-01-01 这样'],
    ['an empty off list', withHolidays({ name: '元旦', off: [] }), '请写放假日期'],
    ['a holiday of a whole year', withHolidays({ name: '国庆', off: ['2027-01-01', '2027-12-31'] }), '国庆：放假最多15天，请检查日期'],
  ])('%s', (_, notice, message) => {
    expect(messages(notice)).toContain(message);
  });
});

describe('a notice for a year the official data covers', () => {
  it('corrects the days it names and keeps the official ones it does not', () => {
    const calendar = new WorkCalendar([enteredYear(holidayNoticeSchema.parse({ year: 2026, holidays: [{ name: '元旦', off: ['2026-01-01', '2026-01-03'] }] }))]);
    // National Day stays off, and its make-up Saturday (2026-10-10) stays a working day.
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.dayInfo('2026-01-02')).toMatchObject({ working: false, name: '元旦', source: 'entered' });
  });
});
