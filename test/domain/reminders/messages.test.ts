import fc from 'fast-check';
import { DEFAULT_LADDER, listedItems, LISTED_PER_HEADING, reminderLadderSchema, reminderText, residentSendTime, SCREEN_CHARS, type CaseReminder, type ReminderItem } from '../../../src/domain/reminders';

const item = (over: Partial<CaseReminder> = {}): CaseReminder => ({
  type: 'case',
  rule: 'due_soon',
  on: 'before_due',
  days: 1,
  caseId: 1,
  trackingCode: '12345678',
  villageName: '联发嘎查',
  state: 'investigating',
  dueAt: '2026-12-03T15:59:59.999Z',
  dueDate: '2026-12-03',
  mine: true,
  ...over,
});
const chars = (s: string) => [...s].length;

describe('reminder words', () => {
  it('tell the cadre the case, the step, the day and what to type', () => {
    expect(reminderText([item()])).toBe('【即将超期】12345678 联发嘎查 入户核查，12月3日到期。回复“详情 12345678”办理');
    expect(reminderText([item({ on: 'after_due', days: 0 })])).toBe('【已超期】12345678 联发嘎查 入户核查，12月3日已到期，请尽快办理。回复“详情 12345678”');
  });

  it('tell the township it is someone else’s step to chase', () => {
    expect(reminderText([item({ on: 'after_due', days: 0, mine: false })])).toContain('到期未办，请督促办理');
    expect(reminderText([item({ on: 'after_due', days: 2, mine: false })])).toMatch(/^【超期2个工作日】/);
  });

  it('say publicity may end', () => {
    expect(reminderText([item({ state: 'publicity', days: 0 })])).toBe('【可以结束公示】12345678 联发嘎查 公示期已满。没有异议的，回复“公示结束 12345678”');
  });

  it('give each cadre their own number before a milestone', () => {
    const m: ReminderItem = { type: 'milestone', rule: 'milestone_soon', name: '信息采集', date: '2026-11-30', count: 3, measureWords: '未核查', whose: '您' };
    expect(reminderText([m])).toBe('【信息采集】您还有3户未核查，11月30日前完成。回复“待办”查看');
  });

  it('fold several into one digest that names counts and as many codes as fit', () => {
    const text = reminderText([item({ caseId: 1 }), item({ caseId: 2, trackingCode: '22222222' }), item({ caseId: 3, trackingCode: '33333333', on: 'after_due', days: 0 })]);
    expect(text).toMatch(/^【今日提醒】即将超期2户（12345678、22222222）；已超期1户/);
    expect(chars(text)).toBeLessThanOrEqual(SCREEN_CHARS);
  });

  it('never run past one screen, however many there are', () => {
    const arb = fc.array(
      fc.record({ caseId: fc.nat(), code: fc.integer({ min: 10_000_000, max: 99_999_999 }), on: fc.constantFrom('before_due' as const, 'after_due' as const), days: fc.integer({ min: 0, max: 3 }), mine: fc.boolean() }),
      { minLength: 2, maxLength: 60 },
    );
    fc.assert(fc.property(arb, (list) => chars(reminderText(list.map((l) => item({ caseId: l.caseId, trackingCode: String(l.code), on: l.on, days: l.days, mine: l.mine })))) <= SCREEN_CHARS));
  });

  it('summarise an area by village within a screen', () => {
    const villages = Array.from({ length: 12 }, (_, i) => ({ name: `第${i + 1}村民小组嘎查`, overdue: 12 - i, dueSoon: i }));
    const text = reminderText([{ type: 'area', rule: 'area_daily', areaWords: '本乡镇', overdue: 78, dueSoon: 66, villages }]);
    expect(text).toMatch(/^【今日汇总】本乡镇超期78户、即将到期66户：第1村民小组嘎查超期12/);
    expect(text).toContain('等');
    expect(chars(text)).toBeLessThanOrEqual(SCREEN_CHARS);
  });
});

describe('quiet hours', () => {
  it.each([
    ['2026-12-02T12:59:00Z', '2026-12-02T12:59:00.000Z'], // 20:59: goes now
    ['2026-12-02T13:00:00Z', '2026-12-03T00:00:00.000Z'], // 21:00: held to 08:00 tomorrow
    ['2026-12-02T19:30:00Z', '2026-12-03T00:00:00.000Z'], // 03:30: held to 08:00 today
    ['2026-12-03T00:00:00Z', '2026-12-03T00:00:00.000Z'], // 08:00: goes now
  ])('a message to a household at %s goes at %s', (at, expected) => {
    expect(residentSendTime(new Date(at)).toISOString()).toBe(expected);
  });
});

describe('the ladder a county may edit', () => {
  it('accepts the default', () => {
    expect(reminderLadderSchema.parse(DEFAULT_LADDER)).toHaveLength(DEFAULT_LADDER.length);
  });

  it.each([
    [[{ id: 'x', on: 'before_due', days: 1, to: ['owner'] }], '规则编号'],
    [[{ id: 'late', on: 'after_due', days: 40, to: ['owner'] }], '最多20个工作日'],
    [[{ id: 'ms', on: 'before_milestone', days: 3, to: ['resident'] }], '不能发给“群众”'],
    [[{ id: 'done', on: 'before_due', days: 1, to: ['owner'], states: ['closed'] }], '已办结的环节'],
    [[{ id: 'a_1', on: 'before_due', days: 1, to: ['owner'] }, { id: 'a_1', on: 'after_due', days: 0, to: ['owner'] }], '重复'],
  ])('refuses %j with a Chinese reason', (rules, words) => {
    const result = reminderLadderSchema.safeParse(rules);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join(' ')).toContain(words);
  });

  describe('a digest about many cases', () => {
    const many = (n: number, over: Partial<CaseReminder> = {}) => Array.from({ length: n }, (_, i) => item({ caseId: i + 1, trackingCode: String(10_000_000 + i), ...over }));

    it('keeps the first cases of each heading by name and counts the rest', () => {
      const { items, unlisted } = listedItems([...many(LISTED_PER_HEADING + 5), ...many(3, { on: 'after_due', days: 0 })]);
      expect(items).toHaveLength(LISTED_PER_HEADING + 3);
      expect(unlisted).toEqual({ 即将超期: 5 });
      // The count is the whole heading's; the codes say more were left out.
      const text = reminderText(items, unlisted);
      expect(text).toMatch(new RegExp(`即将超期${LISTED_PER_HEADING + 5}户（10000000、.*等）`));
      expect(text).toContain('已超期3户');
      expect(chars(text)).toBeLessThanOrEqual(SCREEN_CHARS);
    });

    it('reads the same from the stored items as from all of them', () => {
      const all = [...many(60), ...many(40, { on: 'after_due', days: 2, mine: false })];
      const { items, unlisted } = listedItems(all);
      expect(items.length).toBeLessThan(all.length);
      expect(reminderText(items, unlisted)).toBe(reminderText(all));
    });

    it('counts a heading whose listed cases all went stale', () => {
      expect(reminderText([], { 已超期: 7 })).toBe('【今日提醒】已超期7户。回复“待办”查看');
    });

    it('keeps a county summary to the villages a screen can name', () => {
      const villages = Array.from({ length: 300 }, (_, i) => ({ name: `第${i}村`, overdue: 300 - i, dueSoon: 0 }));
      const area: ReminderItem = { type: 'area', rule: 'area_daily', areaWords: '全县', overdue: 45_150, dueSoon: 0, villages };
      const { items } = listedItems([area]);
      expect((items[0] as typeof area).villages).toHaveLength(LISTED_PER_HEADING);
      expect(reminderText(items)).toBe(reminderText([area]));
    });
  });
});
